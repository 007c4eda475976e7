"""Sentence splitting for Arabic news text.

A sentence ends at . ! ? ؟ … (with any closing quotes or brackets that follow) or at a line
break, and at a full stop typed with no space between two Arabic words (الغارة.وذكر). It does
not end inside an open quotation (“ ” « » "), after a known abbreviation (د. م. هـ. ...) or a
single letter, or between digits (3.5).
"""

from __future__ import annotations

from collections.abc import Iterator

from marsad.model import Span

METHOD_ID = "text.segment.v1"

_TERMINALS = frozenset(".!?؟…")
_CLOSERS = frozenset("”»\"')]›’")
_OPEN_QUOTES = {"“": "”", "«": "»", "‹": "›"}
_ABBREVIATIONS = frozenset(
    {"د", "م", "هـ", "ه", "ص", "ج", "ق", "ت", "أ", "ا", "س", "ط", "mr", "dr", "st", "no", "vs", "etc", "u.s", "u.n"}
)
# An open quotation longer than this is treated as unbalanced and no longer blocks splitting.
_MAX_QUOTE = 600


def _word_before(text: str, pos: int) -> str:
    start = pos
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in '(«“"':
        start -= 1
    return text[start:pos].lower()


def _is_abbreviation(text: str, dot: int) -> bool:
    word = _word_before(text, dot)
    if not word:
        return False
    if word in _ABBREVIATIONS or word.rstrip(".") in _ABBREVIATIONS:
        return True
    return len(word) == 1 and word.isalpha()


def iter_sentence_spans(text: str, *, start: int = 0, end: int | None = None) -> Iterator[Span]:
    """Half-open spans of the sentences in ``text[start:end]``, trimmed of surrounding space."""
    stop = len(text) if end is None else end
    sent_start = start
    expected_close: list[str] = []
    ascii_quote_open = False
    quote_opened_at = 0
    i = start
    while i < stop:
        ch = text[i]
        boundary: int | None = None
        if ch == "\n":
            expected_close.clear()
            ascii_quote_open = False
            boundary = i
        elif ch in _OPEN_QUOTES:
            if not expected_close and not ascii_quote_open:
                quote_opened_at = i
            expected_close.append(_OPEN_QUOTES[ch])
        elif expected_close and ch == expected_close[-1]:
            expected_close.pop()
        elif ch == '"':
            ascii_quote_open = not ascii_quote_open
            if ascii_quote_open and not expected_close:
                quote_opened_at = i
        if boundary is None and ch in _TERMINALS:
            in_quote = (bool(expected_close) or ascii_quote_open) and i - quote_opened_at < _MAX_QUOTE
            j = i + 1
            while j < stop and text[j] in _TERMINALS:
                j += 1
            while j < stop and text[j] in _CLOSERS:
                if text[j] == '"':
                    ascii_quote_open = False
                elif expected_close and text[j] == expected_close[-1]:
                    expected_close.pop()
                j += 1
            closed_quote = not expected_close and not ascii_quote_open
            at_gap = j >= stop or text[j].isspace()
            is_number = ch == "." and i > 0 and j < stop and text[i - 1].isdigit() and text[j].isdigit()
            is_abbreviation = ch == "." and j == i + 1 and _is_abbreviation(text, i)
            # "قتل خمسة في الغارة.وذكرت المصادر": a full stop typed without its space, between two Arabic words
            glued = (
                ch == "."
                and j == i + 1
                and j < stop
                and _is_arabic(text[j])
                and i > 0
                and _before_closers(text, i) > 0
                and len(_word_before(text, _before_closers(text, i))) >= 3
                and _is_arabic(text[_before_closers(text, i) - 1])
            )
            if glued:
                ascii_quote_open = False  # a stray quote before the glued stop must not hold the next sentence
                expected_close.clear()
            if (at_gap or glued) and not is_number and not is_abbreviation and (closed_quote or not in_quote or glued):
                boundary = j
            i = j - 1
        if boundary is not None:
            span = _trim(text, sent_start, boundary)
            if span is not None:
                yield span
            sent_start = boundary
        i += 1
    span = _trim(text, sent_start, stop)
    if span is not None:
        yield span


def _before_closers(text: str, pos: int) -> int:
    while pos > 0 and text[pos - 1] in _CLOSERS:
        pos -= 1
    return pos


def _is_arabic(ch: str) -> bool:
    return "\u0621" <= ch <= "\u064a"


def _trim(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if end > start else None


def split_sentences(text: str) -> list[Span]:
    return list(iter_sentence_spans(text))
