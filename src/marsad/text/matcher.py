"""A fast dictionary matcher over normalised tokens, returning exact original-text spans.

Entries are names (one or more words) mapped to ids. Matching is word-bounded and tolerant of
the ways Arabic writes a name in running text:

- proclitics on the first word (و ف ب ل ك, the article ال, لل): والبوكمال, بالبوكمال, للبوكمال
  all match the entry البوكمال; unless ``article_optional`` is off, an entry written without ال
  also matches the word with it (اشتباكات → الاشتباكات), which names should not (سورية ≠ السورية);
- joined and spaced forms: دير الزور and ديرالزور match each other;
- optionally (``allow_suffixes``) attached pronouns on the last word: تسليمها matches تسليم;
- quotation marks inside a multi-word name are skipped: ميليشيا “القاطرجي”.

The index is a trie over normalised words (an Aho–Corasick-style single pass over token
positions with dictionary look-ups), so matching costs a few hash look-ups per token.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from marsad.model import Span, Token
from marsad.text.normalize import normalize
from marsad.text.tokenize import segmentations, tokenize

METHOD_ID = "text.matcher.v1"

_QUOTES = frozenset({'"', "'", "`"})
# Attached pronouns, longest first; teh marbuta becomes ت before them (قيادتها ← قيادة). Not ي ("my"):
# in news it is almost always the nisba of an adjective (الاجتماعي "social" is no اجتماع "meeting").
_ENCLITICS: tuple[str, ...] = ("هما", "كما", "هم", "هن", "ها", "كم", "نا", "ه")


@dataclass(slots=True)
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    values: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Match:
    """One dictionary match. ``span`` excludes proclitics (و ب ل ...) but keeps the article ال."""

    span: Span
    text: str
    ids: tuple[str, ...]
    token_start: int
    token_end: int
    cost: int


def _word_keys(name: str) -> list[str]:
    return [t.norm for t in tokenize(name) if not t.is_punct or t.norm not in _QUOTES]


def _entry_variants(words: list[str]) -> set[tuple[str, ...]]:
    """The written forms an entry is indexed under: as given, joined and split at ال."""
    variants = {tuple(words)}
    if len(words) > 1:
        joined: list[str] = [words[0]]
        for w in words[1:]:
            if w.startswith("ال") and len(w) > 3:
                joined[-1] += w
            else:
                joined.append(w)
        variants.add(tuple(joined))
    split: list[str] = []
    for w in words:
        cut = w.find("ال", 2)
        if cut >= 2 and len(w) - cut >= 4:
            split.extend([w[:cut], w[cut:]])
        else:
            split.append(w)
    variants.add(tuple(split))
    return variants


class DictionaryMatcher:
    """Matches many names at once; build once per resource and reuse."""

    def __init__(
        self, names: Iterable[tuple[str, str]], *, allow_suffixes: bool = False, article_optional: bool = True
    ) -> None:
        self._root = _Node()
        self._allow_suffixes = allow_suffixes
        self._article_optional = article_optional
        self._readings: dict[str, list[tuple[str, int, int]]] = {}
        self.size = 0
        for name, value in names:
            words = _word_keys(name)
            if not words:
                continue
            for variant in _entry_variants(words):
                node = self._root
                for w in variant:
                    node = node.children.setdefault(w, _Node())
                if value not in node.values:
                    node.values.append(value)
                    self.size += 1

    # -- candidate readings of one word -------------------------------------------------------
    def _first_word_readings(self, norm: str) -> list[tuple[str, int, int]]:
        """(key, cost, number of proclitic characters before the name) for the first word."""
        cached = self._readings.get(norm)
        if cached is not None:
            return cached
        out: list[tuple[str, int, int]] = [(norm, 0, 0)]
        for reading in segmentations(norm)[1:]:
            n_clitics = len(reading.proclitics)
            if reading.has_article:
                out.append(("ال" + reading.stem, n_clitics, n_clitics))
                if self._article_optional:  # an entry written without ال (اشتباكات) matches الاشتباكات
                    out.append((reading.stem, n_clitics + 2, n_clitics))
            else:
                out.append((reading.stem, n_clitics, n_clitics))
        # only readings that start an entry matter; the cache is bounded by the vocabulary
        out = [r for r in out if r[0] in self._root.children]
        if len(self._readings) < 500_000:
            self._readings[norm] = out
        return out

    @staticmethod
    @functools.lru_cache(maxsize=262_144)
    def _suffix_readings(norm: str) -> list[tuple[str, int]]:
        out: list[tuple[str, int]] = []
        for suffix in _ENCLITICS:
            if norm.endswith(suffix) and len(norm) - len(suffix) >= 3:
                stem = norm[: -len(suffix)]
                out.append((stem, len(suffix)))
                if stem.endswith("ت"):
                    out.append((stem[:-1] + "ه", len(suffix)))
        return out

    # -- matching --------------------------------------------------------------------------------
    def find_all(self, tokens: Sequence[Token], *, starts: Iterable[int] | None = None) -> list[Match]:
        """Every match at every position (or at ``starts`` only), overlapping, for callers that rank."""
        found: list[Match] = []
        for i in range(len(tokens)) if starts is None else sorted(starts):
            first = tokens[i]
            if first.is_punct:
                continue
            for key, cost, n_clitics in self._first_word_readings(first.norm):
                node = self._root.children.get(key)
                if node is None:
                    continue
                start = self._clitic_end(first, n_clitics)
                self._walk(tokens, i, i + 1, node, cost, start, found)
            if self._allow_suffixes:
                for key, cost in self._suffix_readings(first.norm):
                    for fkey, fcost, n_clitics in self._first_word_readings(key):
                        node = self._root.children.get(fkey)
                        if node is not None and node.values:
                            start = self._clitic_end(first, n_clitics)
                            found.append(self._make(tokens, i, i + 1, node, cost + fcost, start))
        return found

    def _walk(
        self, tokens: Sequence[Token], i: int, j: int, node: _Node, cost: int, start: int, found: list[Match]
    ) -> None:
        if node.values:
            found.append(self._make(tokens, i, j, node, cost, start))
        k = j
        while k < len(tokens) and tokens[k].is_punct and tokens[k].norm in _QUOTES:
            k += 1
        if k >= len(tokens) or not node.children:
            return
        word = tokens[k].norm
        nxt = node.children.get(word)
        if nxt is not None:
            self._walk(tokens, i, k + 1, nxt, cost, start, found)
        if self._allow_suffixes:
            for key, extra in self._suffix_readings(word):
                nxt = node.children.get(key)
                if nxt is not None and nxt.values:
                    found.append(self._make(tokens, i, k + 1, nxt, cost + extra, start))

    @staticmethod
    def _clitic_end(token: Token, n_clitics: int) -> int:
        if n_clitics == 0:
            return token.span.start
        if len(token.text) == len(token.norm):  # no diacritics or tatweel: offsets are one to one
            return token.span.start + n_clitics
        mapped = normalize(token.text)
        return token.span.start + mapped.offsets[n_clitics]

    @staticmethod
    def _make(tokens: Sequence[Token], i: int, j: int, node: _Node, cost: int, start: int) -> Match:
        end = tokens[j - 1].span.end
        return Match(Span(start, end), "", tuple(node.values), i, j, cost)

    def find(self, tokens: Sequence[Token], text: str, *, starts: Iterable[int] | None = None) -> list[Match]:
        """Non-overlapping best matches: longest first, then cheapest reading, then leftmost."""
        candidates = self.find_all(tokens, starts=starts)
        candidates.sort(key=lambda m: (-(m.span.end - m.span.start), m.cost, m.span.start))
        chosen: list[Match] = []
        taken: list[Span] = []
        for m in candidates:
            if any(m.span.overlaps(s) for s in taken):
                continue
            taken.append(m.span)
            chosen.append(Match(m.span, text[m.span.start : m.span.end], m.ids, m.token_start, m.token_end, m.cost))
        chosen.sort(key=lambda m: m.span.start)
        return chosen

    def find_in_text(self, text: str) -> list[Match]:
        return self.find(tokenize(text), text)
