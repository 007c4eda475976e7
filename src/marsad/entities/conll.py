"""Read and write CoNLL-style token/tag files (one token per line, blank line between sentences).

The reader is tolerant: trailing whitespace is ignored, columns may be separated by tabs or spaces,
the first column is the token and the last column (when there are two or more) is the tag. Anything
else that does not make sense raises :class:`ValueError` naming the file and the line.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

_TAG_RE = re.compile(r"^(?:O|[BI]-[A-Za-z][A-Za-z_]*)$")
STDIN_NAME = "-"


@dataclass(frozen=True, slots=True)
class ConllSentence:
    """One sentence: its tokens and, when the file had them, one tag per token (else ``()``)."""

    tokens: tuple[str, ...]
    tags: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.tags and len(self.tags) != len(self.tokens):
            raise ValueError(f"{len(self.tokens)} tokens but {len(self.tags)} tags")


def parse_conll(lines: Iterable[str], *, source: str = "<input>") -> Iterator[ConllSentence]:
    """Parse CoNLL lines; ``source`` names the input in error messages."""
    tokens: list[str] = []
    tags: list[str] = []
    first_line = 0
    for lineno, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n").rstrip()
        if not line.strip():
            if tokens:
                yield _make(tokens, tags, source=source, line=first_line)
                tokens, tags = [], []
            continue
        if line[0] in " \t":
            raise ValueError(f"{source}:{lineno}: line starts with whitespace (empty token?): {line!r}")
        cols = line.split()
        if not tokens:
            first_line = lineno
        if len(cols) == 1:
            if tags:
                raise ValueError(f"{source}:{lineno}: token without a tag in a tagged sentence: {line!r}")
            tokens.append(cols[0])
            continue
        tag = cols[-1]
        if not _TAG_RE.match(tag):
            raise ValueError(f"{source}:{lineno}: malformed tag {tag!r} (expected O, B-TYPE or I-TYPE)")
        if tokens and not tags:
            raise ValueError(f"{source}:{lineno}: tagged token in an untagged sentence: {line!r}")
        tokens.append(cols[0])
        tags.append(tag)
    if tokens:
        yield _make(tokens, tags, source=source, line=first_line)


def _make(tokens: list[str], tags: list[str], *, source: str, line: int) -> ConllSentence:
    try:
        return ConllSentence(tuple(tokens), tuple(tags))
    except ValueError as exc:  # pragma: no cover - parse_conll keeps tokens and tags aligned
        raise ValueError(f"{source}:{line}: {exc}") from exc


def read_conll(path: Path | str, *, require_tags: bool = False) -> list[ConllSentence]:
    """Read a CoNLL file (``-`` reads standard input).

    Raises :class:`FileNotFoundError` when the file is missing and :class:`ValueError` (with file and
    line) on malformed input, or when ``require_tags`` and a sentence has no tags.
    """
    if str(path) == STDIN_NAME:
        return _checked(list(parse_conll(sys.stdin, source="<stdin>")), "<stdin>", require_tags)
    p = Path(path)
    with p.open(encoding="utf-8") as fh:
        try:
            sentences = list(parse_conll(fh, source=str(p)))
        except UnicodeDecodeError as exc:
            raise ValueError(f"{p}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    return _checked(sentences, str(p), require_tags)


def _checked(sentences: list[ConllSentence], source: str, require_tags: bool) -> list[ConllSentence]:
    if require_tags:
        for i, sent in enumerate(sentences, start=1):
            if not sent.tags:
                raise ValueError(f"{source}: sentence {i} ({' '.join(sent.tokens[:5])} ...) has no tags")
    return sentences


def format_conll(sentences: Iterable[ConllSentence], *, sep: str = "\t") -> str:
    """CoNLL text: ``token<sep>tag`` (or the bare token when untagged), a blank line after each sentence."""
    out: list[str] = []
    for sent in sentences:
        for i, tok in enumerate(sent.tokens):
            if any(ch.isspace() for ch in tok) or not tok:
                raise ValueError(f"token {tok!r} is empty or contains whitespace")
            out.append(f"{tok}{sep}{sent.tags[i]}" if sent.tags else tok)
        out.append("")
    return "\n".join(out) + ("\n" if out else "")


def write_conll(sentences: Sequence[ConllSentence], dest: Path | str | TextIO, *, sep: str = "\t") -> None:
    """Write sentences to a path or an open text stream."""
    text = format_conll(sentences, sep=sep)
    if isinstance(dest, (str, Path)):
        Path(dest).write_text(text, encoding="utf-8")
    else:
        dest.write(text)
