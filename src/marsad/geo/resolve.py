"""Ranking gazetteer candidates for a place mention, in its context, and ACLED geo-precision.

Stages as in mordecai: the dictionary matcher proposes candidates; :func:`rank_candidates`
scores each against the words around the mention (محافظة، مدينة، ريف، مطار ...) and the
governorates the article is about; a best score below :data:`MIN_SCORE` means "none of these".
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from marsad.text.normalize import normalize_key

METHOD_ID = "geo.rank.v1"
MIN_SCORE = 1.0

GeoPrecision = Literal[1, 2, 3]


class PlaceLike(Protocol):
    """What ranking needs from a gazetteer entry (the gazetteer backend can change)."""

    @property
    def id(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def name_en(self) -> str: ...
    @property
    def admin1_pcode(self) -> str | None: ...
    @property
    def admin2_pcode(self) -> str | None: ...
    @property
    def admin3_pcode(self) -> str | None: ...
    @property
    def population(self) -> int | None: ...


# Kinds grouped by what a cue word before the name asks for.
_ADM1 = frozenset({"adm1", "governorate"})
_ADM2 = frozenset({"adm2", "district"})
_ADM3 = frozenset({"adm3", "subdistrict", "sub-district"})
_SETTLEMENT = frozenset({"town", "city", "village", "populated_place"})
_FACILITY = frozenset({"military_base", "airport", "prison", "checkpoint", "dam", "bridge"})
_FIELDS = frozenset({"oil_field", "gas_field"})
REGION_KINDS = frozenset({"region", "mountain", "river"})
"""Places that span governorates: their point and p-codes are a rough centre (ACLED precision 3)."""
_COUNTRY = frozenset({"country"})

_CUES: dict[str, frozenset[str]] = {
    "محافظه": _ADM1,
    "محافظات": _ADM1,
    "منطقه": _ADM2 | REGION_KINDS | _SETTLEMENT,
    "ناحيه": _ADM3,
    "مدينه": _SETTLEMENT | _ADM2 | _ADM3,
    "بلده": _SETTLEMENT | _ADM3,
    "بلدات": _SETTLEMENT | _ADM3,
    "قريه": _SETTLEMENT,
    "قري": _SETTLEMENT,
    "مدن": _SETTLEMENT | _ADM2 | _ADM3,
    "احياء": frozenset({"neighbourhood"}),
    "مخيم": _SETTLEMENT | {"camp"},
    "حي": frozenset({"neighbourhood"}),
    "مطار": frozenset({"airport", "military_base"}),
    "قاعده": frozenset({"military_base", "airport"}),
    "حقل": _FIELDS,
    "معبر": frozenset({"border_crossing"}),
    "سد": frozenset({"dam"}),
    "سجن": frozenset({"prison"}),
    "جبل": frozenset({"mountain"}) | REGION_KINDS,
    "نهر": frozenset({"river"}),
    "ريف": _ADM1 | _SETTLEMENT | _ADM2,
    "باديه": _SETTLEMENT | _ADM2 | _ADM1 | REGION_KINDS,
}
# Words after which a place is "near" or "part of" the named one (ACLED precision 2).
# Compass words: "شرق حلب", "جنوبي الحسكة" (shared with the place stage's locative words)
COMPASS = frozenset({"شرق", "غرب", "شمال", "جنوب", "شرقي", "غربي", "شمالي", "جنوبي"})
_NEAR = COMPASS | frozenset({"ريف", "باديه", "محيط", "قرب", "اطراف", "اطرافها", "مدخل", "ضواحي"})
_SMALL_KINDS = frozenset({"village", "neighbourhood"})


@dataclass(frozen=True, slots=True)
class RankedPlace:
    entry_id: str
    score: float


def context_cue(words_before: Sequence[str]) -> str | None:
    """The nearest cue word among the (normalised, article-stripped) words before a mention."""
    for word in reversed(words_before[-2:]):
        stem = word[2:] if word.startswith("ال") and len(word) > 3 else word
        for prefix in ("", "ب", "و", "ل", "في"):
            if prefix and stem.startswith(prefix):
                candidate = stem[len(prefix) :]
                candidate = candidate[2:] if candidate.startswith("ال") else candidate
            else:
                candidate = stem
            if candidate in _CUES or candidate in _NEAR:
                return candidate
    return None


def _kind_base(kind: str) -> float:
    if kind in _SETTLEMENT:
        return 3.0 if kind in ("town", "city") else 2.2
    if kind in _ADM1:
        return 2.6
    if kind in _ADM2:
        return 2.4
    if kind in _ADM3:
        return 1.6
    if kind in _FACILITY or kind in _FIELDS:
        return 2.0
    if kind in _COUNTRY:
        return 2.0
    return 1.5


def rank_candidates(
    candidates: Iterable[PlaceLike],
    *,
    cue: str | None,
    article_admin1: frozenset[str] = frozenset(),
    multiword: bool = False,
) -> list[RankedPlace]:
    """Candidates scored best first. Small places with common-word names need a cue or context."""
    ranked: list[RankedPlace] = []
    wanted = _CUES.get(cue) if cue else None
    for entry in candidates:
        score = _kind_base(entry.kind)
        if entry.population:
            score += 0.25 * math.log10(max(entry.population, 1))
        if wanted is not None:
            score += 3.0 if entry.kind in wanted else -1.0
        if article_admin1 and entry.admin1_pcode in article_admin1:
            score += 1.5
        elif article_admin1 and entry.admin1_pcode and entry.kind not in _ADM1:
            score -= 1.0
        if entry.kind in _SMALL_KINDS and cue is None and not multiword and entry.admin1_pcode not in article_admin1:
            score -= 2.0  # a lone small-place name outside the article's area is usually a common word
        ranked.append(RankedPlace(entry.id, score))
    ranked.sort(key=lambda r: (-r.score, r.entry_id))
    return ranked


def geo_precision(entry: PlaceLike, *, cue: str | None) -> GeoPrecision:
    """ACLED: 1 the place itself, 2 near a town or part of a region, 3 a larger region."""
    if entry.kind in _ADM1 or entry.kind in _COUNTRY or entry.kind in REGION_KINDS:
        return 3
    if cue in _NEAR:
        return 3 if entry.kind in _ADM2 else 2
    if entry.kind in _ADM2:
        return 2
    return 1


def normalize_cue_words(words: Iterable[str]) -> list[str]:
    return [normalize_key(w) for w in words]
