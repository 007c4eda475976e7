"""Fatalities stated for an event: «مقتل ثلاثة عناصر», «15 قتيلاً», «مقتل عنصرين», «العشرات» → none.

Only a number attached to a fatality word counts; vague quantities give None, as ACLED codes
only what is stated.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from marsad.events.cues import CueSets
from marsad.model import Span, Token

METHOD_ID = "events.fatalities.v1"

# Singular nouns whose dual (…ين/…ان) is unambiguous because their plural is broken (عناصر، أشخاص).
_DUAL_NOUNS = frozenset({"عنصر", "شخص", "طفل", "شاب", "جندي", "ضابط", "رجل", "مدني", "قيادي", "مقاتل", "عسكري"})
_SINGULAR_VICTIMS = frozenset(
    {
        "عنصر",
        "شخص",
        "طفل",
        "شاب",
        "جندي",
        "ضابط",
        "رجل",
        "مدني",
        "قيادي",
        "مقاتل",
        "امراه",
        "سيده",
        "مواطن",
        "عسكري",
        "قائد",
        "مسلح",
        "طفله",
        "فتاه",
        "ناشط",
    }
)
_WINDOW = 5


@dataclass(frozen=True, slots=True)
class FatalityCount:
    value: int
    span: Span


def _number(tok: Token, cues: CueSets) -> int | str | None:
    """An int, None for a vague quantity, or '' when the token is not a number at all."""
    norm = tok.norm
    if norm.isdigit():
        return int(norm)
    bare = norm[1:] if len(norm) > 3 and norm[0] in "وب" else norm
    for key in (norm, bare):
        if key in cues.number_words:
            return cues.number_words[key]
    return ""


def _dual(norm: str) -> bool:
    return any(norm.endswith(suffix) and norm[: -len(suffix)] in _DUAL_NOUNS for suffix in ("ين", "ان"))


def _is_fatality(tok: Token, cues: CueSets) -> bool:
    norm = tok.norm
    bare = norm[1:] if len(norm) > 3 and norm[0] in "وب" else norm
    if norm.endswith("ا") and len(norm) > 3:  # accusative: قتيلاً
        norm = norm[:-1]
    return norm in cues.fatality_nouns or bare in cues.fatality_nouns or tok.stem in cues.fatality_nouns


def count_after(tokens: Sequence[Token], i: int, cues: CueSets) -> FatalityCount | None:
    """A number in the few words after a fatality word at ``tokens[i]`` (مقتل ثلاثة عناصر)."""
    for j in range(i + 1, min(len(tokens), i + 1 + _WINDOW)):
        tok = tokens[j]
        if tok.is_punct and tok.norm not in ('"', "'"):
            break
        value = _number(tok, cues)
        if value == "":
            if _dual(tok.norm):
                nxt = tokens[j + 1] if j + 1 < len(tokens) else None
                span_end = nxt.span.end if nxt is not None and _number(nxt, cues) == 2 else tok.span.end
                return FatalityCount(2, Span(tok.span.start, span_end))
            if j == i + 1 and (tok.norm in _SINGULAR_VICTIMS or tok.stem in _SINGULAR_VICTIMS):
                after = tokens[j + 1] if j + 1 < len(tokens) else None
                if after is None or _number(after, cues) == "":
                    return FatalityCount(1, tok.span)
            continue
        if value is None:
            return None
        assert isinstance(value, int)
        return FatalityCount(value, Span(tokens[i].span.start, tok.span.end))
    return None


def count_before(tokens: Sequence[Token], i: int, cues: CueSets) -> FatalityCount | None:
    """A number directly before a fatality noun (15 قتيلاً، ثلاثة قتلى)."""
    if i == 0:
        return None
    value = _number(tokens[i - 1], cues)
    if isinstance(value, int):
        return FatalityCount(value, Span(tokens[i - 1].span.start, tokens[i].span.end))
    return None


def find_fatalities(tokens: Sequence[Token], cues: CueSets) -> list[tuple[int, FatalityCount]]:
    """(token index of the fatality word, count) for every stated death toll in a sentence."""
    found: list[tuple[int, FatalityCount]] = []
    for i, tok in enumerate(tokens):
        if tok.is_punct or not _is_fatality(tok, cues):
            continue
        count = count_before(tokens, i, cues) or count_after(tokens, i, cues)
        if count is not None:
            found.append((i, count))
    return found
