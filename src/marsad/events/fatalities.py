"""Fatalities stated for an event: «مقتل ثلاثة عناصر», «15 قتيلاً», «مقتل عنصرين», «العشرات» → none.

Only a number attached to a fatality word counts; vague quantities give None, as ACLED codes
only what is stated.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from marsad.events.cues import CueSets
from marsad.model import Span, Token
from marsad.text.normalize import key_set

METHOD_ID = "events.fatalities.v1"

# Singular nouns whose dual (…ين/…ان) is unambiguous because their plural is broken (عناصر، أشخاص).
_DUAL_NOUNS = key_set({"عنصر", "شخص", "طفل", "شاب", "جندي", "ضابط", "رجل", "مدني", "قيادي", "مقاتل", "عسكري"})
_DUAL_FEMININE = key_set({"امراه", "طفله", "سيده", "فتاه", "مواطنه", "شابه"})
_SINGULAR_VICTIMS = key_set(
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
_SUBJECT_REACH = 12
_INJURY_STEMS = key_set({"اصيب", "اصيبت", "اصيبوا", "جرح", "جرحي", "جريح", "اصابه", "اصابات", "مصاب", "مصابين"})
_PLURAL_VERBS = key_set({"قتلوا", "قضوا", "استشهدوا", "لقوا"})
_ONE_DEAD = key_set({"قتيل", "قتيلا", "شهيد", "شهيدا"})
_NOT_PEOPLE = key_set({"راس", "رؤوس", "روس", "غنم", "اغنام", "ماشيه", "مواشي", "ابقار", "بقره", "جمال", "اغنامهم"})
_ONE_DEATH = key_set({"مصرعه", "حتفه", "مصرعها", "حتفها", "حياته", "حياتها"})


@dataclass(frozen=True, slots=True)
class FatalityCount:
    value: int
    span: Span


def _number(tok: Token, cues: CueSets) -> int | str | None:
    """An int, None for a vague quantity, or '' when the token is not a number at all."""
    norm = tok.norm
    if norm.isdigit():
        return int(norm)
    if len(norm) > 1 and norm[0] == "و" and norm[1:].isdigit():
        return int(norm[1:])  # "و16": a number joined to the one before
    bare = norm[1:] if len(norm) > 3 and norm[0] in "وب" else norm
    definite = norm[2:] if norm.startswith("ال") and len(norm) > 4 else norm  # الخمسة الآخرون
    for key in (norm, bare, definite):
        if key in cues.number_words:
            return cues.number_words[key]
    return ""


def _dual(norm: str) -> bool:
    if any(norm.endswith(suffix) and norm[: -len(suffix)] in _DUAL_NOUNS for suffix in ("ين", "ان")):
        return True
    # feminine: امرأتين، طفلتان (the ة of the singular becomes ت before the dual ending)
    return any(norm.endswith(suffix) and norm[: -len(suffix)] + "ه" in _DUAL_FEMININE for suffix in ("تين", "تان"))


def _is_fatality(tok: Token, cues: CueSets) -> bool:
    return not cues.fatality_nouns.isdisjoint(_word_forms(tok.norm, tok.stem))


@functools.lru_cache(maxsize=65_536)
def _word_forms(norm: str, stem: str) -> frozenset[str]:
    """A word with and without one or two proclitics and the accusative alef (لمقتل، قتيلاً)."""
    forms = {norm, stem}
    if len(norm) > 3 and norm[0] in "وبلف":  # لمقتل، بمقتل، لاستشهاد، وقتل
        forms.add(norm[1:])
    if len(norm) > 4 and norm[:2] in ("وب", "ول", "فب", "فل"):
        forms.add(norm[2:])
    forms |= {f[:-1] for f in forms if f.endswith("ا") and len(f) > 3}  # accusative: قتيلاً
    return frozenset(forms)


def count_after(tokens: Sequence[Token], i: int, cues: CueSets) -> FatalityCount | None:
    """A number in the few words after a fatality word at ``tokens[i]`` (مقتل ثلاثة عناصر)."""
    for j in range(i + 1, min(len(tokens), i + 1 + _WINDOW)):
        tok = tokens[j]
        if tok.is_punct and tok.norm not in ('"', "'"):
            break
        if _INJURY_STEMS & _word_forms(tok.norm, tok.stem):
            break  # "قُتل وأصيب ثلاثة": the number is of the wounded
        value = _number(tok, cues)
        if value == "":
            if _dual(tok.norm):
                nxt = tokens[j + 1] if j + 1 < len(tokens) else None
                last = j + 1 if nxt is not None and _number(nxt, cues) == 2 else j  # مدنيين اثنين
                total, end = _joined_counts(tokens, last, cues)
                return FatalityCount(2 + total, Span(tok.span.start, end.span.end))
            if j == i + 1 and (tok.norm in _SINGULAR_VICTIMS or tok.stem in _SINGULAR_VICTIMS):
                after = tokens[j + 1] if j + 1 < len(tokens) else None
                if after is None or _number(after, cues) == "":
                    return FatalityCount(1, tok.span)
            continue
        if value is None:
            return None
        assert isinstance(value, int)
        counted = tokens[j + 1] if j + 1 < len(tokens) else None
        if counted is not None and _bare_counted(counted.norm) in _NOT_PEOPLE:
            return None  # "قتل خمسين رأس غنم": livestock, not a death toll
        total, end = _joined_counts(tokens, j, cues)
        return FatalityCount(value + total, Span(tokens[i].span.start, end.span.end))
    return None


_JOINED_REACH = 4


def _joined_counts(tokens: Sequence[Token], j: int, cues: CueSets) -> tuple[int, Token]:
    """The numbers joined by و to the toll's number at ``tokens[j]``, summed: «مقتل ثلاثة مدنيين و16 من
    المسلحين وثلاثة عناصر» is 22 dead."""
    total, last, k = 0, tokens[j], j + 1
    while k < min(len(tokens), j + 1 + _JOINED_REACH):
        tok = tokens[k]
        if (tok.is_punct and tok.norm not in ('"', "'")) or _INJURY_STEMS & _word_forms(tok.norm, tok.stem):
            break
        value = _number(tok, cues) if tok.norm.startswith("و") else ""
        if value == "" and tok.norm.startswith("و") and _dual(tok.norm[1:]):
            value = 2  # "وعنصرين"
        if isinstance(value, int):
            total, last, j = total + value, tok, k
        elif value is None:
            break  # "وعشرات": no exact number
        k += 1
    return total, last


def _bare_counted(norm: str) -> str:
    return norm[:-1] if norm.endswith("ا") and len(norm) > 3 else norm


def count_before(tokens: Sequence[Token], i: int, cues: CueSets) -> FatalityCount | None:
    """A number directly before a fatality noun (15 قتيلاً، ثلاثة قتلى)."""
    if i == 0:
        return None
    value = _number(tokens[i - 1], cues)
    if isinstance(value, int):
        return FatalityCount(value, Span(tokens[i - 1].span.start, tokens[i].span.end))
    return None


def count_subject(tokens: Sequence[Token], i: int, cues: CueSets) -> FatalityCount | None:
    """A plural verb whose subject number comes first: «18 مدنياً قتلوا», «7 عناصر من اللواء قتلوا»."""
    for j in range(i - 1, max(-1, i - 1 - _SUBJECT_REACH), -1):
        value = _number(tokens[j], cues)
        if isinstance(value, int):
            return FatalityCount(value, Span(tokens[j].span.start, tokens[i].span.end))
        if tokens[j].is_punct and tokens[j].norm not in ('"', "'"):
            return None
    return None


def find_fatalities(tokens: Sequence[Token], cues: CueSets) -> list[tuple[int, FatalityCount]]:
    """(token index of the fatality word, count) for every stated death toll in a sentence."""
    found: list[tuple[int, FatalityCount]] = []
    for i, tok in enumerate(tokens):
        if tok.is_punct:
            continue
        if tok.norm in _ONE_DEATH:  # لقي مصرعه، فارق حياته: one person
            found.append((i, FatalityCount(1, tok.span)))
            continue
        if not _is_fatality(tok, cues):
            continue
        count = count_before(tokens, i, cues) or count_after(tokens, i, cues)
        if count is None and tok.norm in _ONE_DEAD:
            count = FatalityCount(1, tok.span)  # "سقط فيها قتيل مدني": one dead, told by the singular
        if count is None and tok.text.startswith("قُ") and tok.norm == "قتل":
            count = FatalityCount(1, tok.span)  # قُتل: a singular passive, one person killed
        if count is None and tok.norm in _PLURAL_VERBS:
            count = count_subject(tokens, i, cues)
        if count is not None:
            found.append((i, count))
    return found
