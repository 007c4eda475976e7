"""Word tokenisation that keeps the surface untouched and records proclitics for matching.

A token is a maximal run of word characters (letters, digits, Arabic diacritics and tatweel, so a
diacritised word stays whole) or a single punctuation mark. Each token carries its normalised form
and a proclitic-stripped stem; the segmentation is only a reading aid for matching.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass

import regex

from marsad.model import Span, Token
from marsad.text.normalize import normalize_key

METHOD_ID = "text.tokenize.v1"

# Letters and digits of any script, combining marks (harakat), tatweel, and the joiners that
# sometimes sit inside Arabic words. Hyphen/apostrophe stay separate tokens.
_WORD = regex.compile(r"[\p{L}\p{N}\p{M}\u0640\u200C\u200D]+|[^\s\p{L}\p{N}\p{M}\u0640]", regex.V1)

# Proclitic sequences, longest first. "لل" is ل + the article with its alef dropped.
_PROCLITIC_SEQUENCES: tuple[str, ...] = (
    "وبال",
    "وكال",
    "فبال",
    "فكال",
    "وال",
    "فال",
    "بال",
    "كال",
    "ولل",
    "فلل",
    "لل",
    "ال",
    "وب",
    "ول",
    "وك",
    "فب",
    "فل",
    "فك",
    "و",
    "ف",
    "ب",
    "ل",
    "ك",
)
_MIN_STEM = 2


@dataclass(frozen=True, slots=True)
class Segmentation:
    """One reading of a normalised word: proclitic prefix, article flag and stem."""

    proclitics: str
    has_article: bool
    stem: str


@functools.lru_cache(maxsize=262_144)
def segmentations(norm_word: str) -> tuple[Segmentation, ...]:
    """All readings of a normalised word as (proclitics + optional article) + stem.

    The unsegmented reading always comes first. A stem shorter than two letters is never
    proposed, so short words are not torn apart.
    """
    readings: list[Segmentation] = [Segmentation("", False, norm_word)]
    seen = {norm_word}
    for seq in _PROCLITIC_SEQUENCES:
        if not norm_word.startswith(seq):
            continue
        stem = norm_word[len(seq) :]
        if len(stem) < _MIN_STEM or stem in seen:
            continue
        has_article = seq.endswith(("ال", "لل"))
        if seq.endswith("لل"):  # ل + article whose alef is dropped: للبوكمال = ل + البوكمال
            clitics = seq[:-1]
        elif seq.endswith("ال"):
            clitics = seq[:-2]
        else:
            clitics = seq
        seen.add(stem)
        readings.append(Segmentation(clitics, has_article, stem))
    return tuple(readings)


def strip_proclitics(norm_word: str) -> str:
    """The most segmented reading's stem (for features and display, not for matching)."""
    readings = segmentations(norm_word)
    return min(readings, key=lambda r: len(r.stem)).stem if len(readings) > 1 else norm_word


@functools.lru_cache(maxsize=262_144)
def _analyse(surface: str) -> tuple[str, str, str, bool]:
    """(norm, stem, proclitics, is_punct) of a surface word; words repeat, so this is cached."""
    norm = normalize_key(surface)
    is_punct = not any(ch.isalnum() for ch in surface)
    if is_punct:
        return norm, norm, "", True
    # Prefer the article reading (البوكمال → بوكمال), else keep the word whole: a bare leading
    # ب/ل/و is too often part of the word (بغداد، لبنان) to strip by default.
    for reading in segmentations(norm):
        if reading.has_article:
            return norm, reading.stem, reading.proclitics + "ال", False
    return norm, norm, "", False


def iter_tokens(text: str, *, start: int = 0, end: int | None = None) -> Iterator[Token]:
    """Tokens of ``text[start:end]`` with spans into ``text``."""
    stop = len(text) if end is None else end
    for m in _WORD.finditer(text, start, stop):
        surface = m.group()
        norm, stem, proclitics, is_punct = _analyse(surface)
        yield Token(Span(m.start(), m.end()), surface, norm, stem, proclitics, is_punct)


def tokenize(text: str, *, start: int = 0, end: int | None = None) -> tuple[Token, ...]:
    return tuple(iter_tokens(text, start=start, end=end))
