"""Merging reports of one happening into one event: the rule ``store.merge.v1``.

A new mention joins an existing merged event when all of these hold (see docs/STORE.md):

1. both are asserted (negated, hypothetical and alleged reports are kept, each as its own event);
2. the same PLOVER type;
3. compatible actors, position by position: the same ``actor_id``, or one side unresolved/absent;
4. the same or nested place: the same ``place_id``; or one is an area (geo_precision 2 or 3) whose
   p-code equals or contains (is a prefix of) the other's most specific p-code;
5. dates within ``WINDOW_DAYS`` (the gap between the two date intervals), or one side undated; a date
   that only comes from the publication date (precision ``published``) counts as the two days before it;
6. the event has no mention from the same document yet (the extractor already merged within a document).

Among several compatible events the best scoring one wins (same place id 2, nested place 1, each
same actor 1, same day 1), then the smaller date gap, then the oldest event. The merged record is
recomputed from all its mentions: the best-geocoded place, the most precise date, resolved actors,
the highest reported toll, and the associated actors of all its mentions (:func:`union_assoc`).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from marsad.store.facts import DATE_PRECISIONS, AssocActor, EventFacts

RULE_ID = "store.merge.v1"
WINDOW_DAYS = 2
PUBLISHED_LEAD_DAYS = 2


@dataclass(frozen=True, slots=True)
class Candidate:
    """A merged event that might take the new mention."""

    event_id: int
    facts: EventFacts
    has_same_document: bool = False


@dataclass(frozen=True, slots=True)
class MergeDecision:
    compatible: bool
    reason: str
    score: int = 0
    gap_days: int = 0


@dataclass(frozen=True, slots=True)
class MergeChoice:
    """The event a mention joins (None: a new event) and the explanation recorded with the mention."""

    event_id: int | None
    reason: str


def _actor_relation(label: str, a: str | None, b: str | None) -> tuple[bool, str, int]:
    if a is None or b is None:
        return True, f"{label} unresolved on one side", 0
    if a == b:
        return True, f"{label} same ({a})", 1
    return False, f"{label} differs ({a} vs {b})", 0


def place_relation(a: EventFacts, b: EventFacts) -> tuple[bool, str, int]:
    """Whether two places are the same or nested, why, and the score."""
    if a.place_id is None or b.place_id is None:
        return False, "place missing", 0
    if a.place_id == b.place_id:
        return True, f"same place ({a.place_id})", 2
    pa, pb = a.pcode, b.pcode
    if pa is None or pb is None:
        return False, f"different places without p-codes ({a.place_id} vs {b.place_id})", 0
    a_area = (a.geo_precision or 1) > 1
    b_area = (b.geo_precision or 1) > 1
    if a_area and pb.startswith(pa):
        return True, f"place nested ({pa} contains {pb})", 1
    if b_area and pa.startswith(pb):
        return True, f"place nested ({pb} contains {pa})", 1
    return False, f"places differ ({a.place_id} {pa} vs {b.place_id} {pb})", 0


def _interval(f: EventFacts) -> tuple[date, date] | None:
    if f.date_start is None:
        return None
    end = f.date_end or f.date_start
    if f.date_precision == "published":
        return f.date_start - timedelta(days=PUBLISHED_LEAD_DAYS), end
    return f.date_start, end


def date_gap(a: EventFacts, b: EventFacts) -> int | None:
    """Days between the two date intervals (0 when they overlap); None when either is undated."""
    ia, ib = _interval(a), _interval(b)
    if ia is None or ib is None:
        return None
    return max(0, (ib[0] - ia[1]).days, (ia[0] - ib[1]).days)


def compare(new: EventFacts, old: EventFacts, *, window_days: int = WINDOW_DAYS) -> MergeDecision:
    """Rule ``store.merge.v1`` for one pair (points 1-5 of the module docstring)."""
    if new.status != "asserted" or old.status != "asserted":
        return MergeDecision(False, f"not both asserted ({new.status}, {old.status})")
    if new.plover_type != old.plover_type:
        return MergeDecision(False, f"PLOVER types differ ({new.plover_type} vs {old.plover_type})")
    reasons = [f"same PLOVER {new.plover_type}"]
    score = 0
    for label, a, b in (("actor1", new.actor1_id, old.actor1_id), ("actor2", new.actor2_id, old.actor2_id)):
        ok, why, points = _actor_relation(label, a, b)
        if not ok:
            return MergeDecision(False, why)
        reasons.append(why)
        score += points
    ok, why, points = place_relation(new, old)
    if not ok:
        return MergeDecision(False, why)
    reasons.append(why)
    score += points
    gap = date_gap(new, old)
    if gap is None:
        reasons.append("undated on one side")
        gap = 0
    elif gap > window_days:
        return MergeDecision(False, f"dates {gap} days apart (window {window_days})")
    else:
        reasons.append(f"dates {gap} day(s) apart")
        if new.date_start == old.date_start and new.date_precision == old.date_precision == "day":
            score += 1
    return MergeDecision(True, "; ".join(reasons), score, gap)


def choose(new: EventFacts, candidates: Sequence[Candidate], *, window_days: int = WINDOW_DAYS) -> MergeChoice:
    """The merged event ``new`` joins, or None for a new event, with the recorded explanation."""
    if new.status != "asserted":
        return MergeChoice(None, f"{RULE_ID}: {new.status} reports are never merged")
    best: tuple[int, int, int] | None = None
    chosen: tuple[int, str] | None = None
    for candidate in candidates:
        if candidate.has_same_document:
            continue
        decision = compare(new, candidate.facts, window_days=window_days)
        if not decision.compatible:
            continue
        key = (-decision.score, decision.gap_days, candidate.event_id)
        if best is None or key < best:
            best, chosen = key, (candidate.event_id, decision.reason)
    if chosen is None:
        return MergeChoice(None, f"{RULE_ID}: new event (no compatible event)")
    return MergeChoice(chosen[0], f"{RULE_ID}: joined event {chosen[0]}: {chosen[1]}")


def _date_rank(f: EventFacts) -> tuple[int, int]:
    if f.date_start is None or f.date_precision is None:
        return (len(DATE_PRECISIONS), 0)
    rank = DATE_PRECISIONS.index(f.date_precision) if f.date_precision in DATE_PRECISIONS else len(DATE_PRECISIONS)
    return (rank, ((f.date_end or f.date_start) - f.date_start).days)


def _first(values: Sequence[str | None]) -> str | None:
    return next((v for v in values if v is not None), None)


def union_assoc(groups: Iterable[Sequence[AssocActor]], exclude: Iterable[str | None]) -> tuple[AssocActor, ...]:
    """The associated actors of a merged event: those of its mentions (oldest first, each actor once, by
    :attr:`AssocActor.key`), without spans, less the event's actor1/actor2 (their ids in ``exclude``)."""
    excluded = {x for x in exclude if x is not None}
    seen: set[str] = set()
    out: list[AssocActor] = []
    for group in groups:
        for actor in group:
            if actor.key in seen or (actor.actor_id is not None and actor.actor_id in excluded):
                continue
            seen.add(actor.key)
            out.append(actor.without_span())
    return tuple(out)


def summarize(mentions: Sequence[EventFacts]) -> EventFacts:
    """The merged record of an event from its mentions, oldest first (never empty).

    Place: the best geocoded (lowest geo_precision; the oldest on a tie). Date: the most precise,
    then the narrowest. Actors: the first resolved one at each position. Mode: the most frequent.
    Fatalities: the highest reported figure (tolls rise as reports come in). Confidence: the highest.
    Associated actors: the union over the mentions, less the merged actor1/actor2.
    """
    if not mentions:
        raise ValueError("an event needs at least one mention")
    base = mentions[0]
    place = min(mentions, key=lambda f: (f.place_id is None, f.geo_precision or 9))
    dated = min(mentions, key=_date_rank)
    modes = Counter(f.plover_mode for f in mentions if f.plover_mode is not None)
    mode = modes.most_common(1)[0][0] if modes else None
    actor1 = next((f for f in mentions if f.actor1_id is not None), next((f for f in mentions if f.actor1_text), base))
    actor2 = next((f for f in mentions if f.actor2_id is not None), next((f for f in mentions if f.actor2_text), base))
    tolls = [f.fatalities for f in mentions if f.fatalities is not None]
    return dataclasses.replace(
        base,
        plover_mode=mode,
        cameo=_first([f.cameo for f in mentions]),
        actor1_id=actor1.actor1_id,
        actor1_name_en=actor1.actor1_name_en,
        actor1_text=actor1.actor1_text,
        actor1_inter=actor1.actor1_inter,
        actor1_affiliation=actor1.actor1_affiliation,
        actor2_id=actor2.actor2_id,
        actor2_name_en=actor2.actor2_name_en,
        actor2_text=actor2.actor2_text,
        actor2_inter=actor2.actor2_inter,
        actor2_affiliation=actor2.actor2_affiliation,
        place_id=place.place_id,
        place_name_en=place.place_name_en,
        place_text=place.place_text,
        lat=place.lat,
        lon=place.lon,
        admin1_pcode=place.admin1_pcode,
        admin2_pcode=place.admin2_pcode,
        admin3_pcode=place.admin3_pcode,
        geo_precision=place.geo_precision,
        date_text=dated.date_text,
        date_start=dated.date_start,
        date_end=dated.date_end,
        date_precision=dated.date_precision,
        fatalities=max(tolls) if tolls else None,
        confidence=max(f.confidence for f in mentions),
        assoc_actors=union_assoc((f.assoc_actors for f in mentions), (actor1.actor1_id, actor2.actor2_id)),
    )


def mode_contested(merged: EventFacts, new: EventFacts) -> bool:
    """Whether adding ``new`` to an event can change its PLOVER mode in a way only the mention history decides."""
    return merged.plover_mode is not None and new.plover_mode is not None and merged.plover_mode != new.plover_mode


def majority_mode(modes: Sequence[str | None]) -> str | None:
    """The most frequent mode, the first seen on a tie (as :func:`summarize`)."""
    counts = Counter(m for m in modes if m is not None)
    return counts.most_common(1)[0][0] if counts else None


def extend(merged: EventFacts, new: EventFacts, *, mode_history: Sequence[str | None] = ()) -> EventFacts:
    """``summarize(mentions + [new])`` from ``merged == summarize(mentions)``, without reading the mentions.

    Each rule of :func:`summarize` keeps the first best mention, so the merged record alone says whether
    the new one replaces it. Only the PLOVER mode needs more: when :func:`mode_contested`, pass the modes
    of all mentions, oldest first and ``new`` last, as ``mode_history``.
    """
    changes: dict[str, Any] = {}
    if (new.place_id is None, new.geo_precision or 9) < (merged.place_id is None, merged.geo_precision or 9):
        changes.update({name: getattr(new, name) for name in _PLACE_FIELDS})
    if _date_rank(new) < _date_rank(merged):
        changes.update({name: getattr(new, name) for name in _DATE_FIELDS})
    if mode_contested(merged, new):
        if not mode_history:
            raise ValueError("the PLOVER mode is contested: pass the mentions' modes as mode_history")
        changes["plover_mode"] = majority_mode(mode_history)
    elif merged.plover_mode is None:
        changes["plover_mode"] = new.plover_mode
    if merged.cameo is None:
        changes["cameo"] = new.cameo
    for position in ("actor1", "actor2"):
        merged_id, merged_text = getattr(merged, f"{position}_id"), getattr(merged, f"{position}_text")
        new_id, new_text = getattr(new, f"{position}_id"), getattr(new, f"{position}_text")
        # summarize: the first mention with an id, else the first with a text, else the oldest mention
        if merged_id is None and (new_id is not None or (not merged_text and new_text)):
            changes.update({f"{position}_{name}": getattr(new, f"{position}_{name}") for name in _ACTOR_FIELDS})
    if new.fatalities is not None and (merged.fatalities is None or new.fatalities > merged.fatalities):
        changes["fatalities"] = new.fatalities
    if new.confidence > merged.confidence:
        changes["confidence"] = new.confidence
    # an actor once resolved stays (summarize takes the first), so the union less the final actor ids is
    # the union of the merged record's and the new mention's associated actors
    actor_ids = (changes.get("actor1_id", merged.actor1_id), changes.get("actor2_id", merged.actor2_id))
    assoc = union_assoc((merged.assoc_actors, new.assoc_actors), actor_ids)
    if assoc != merged.assoc_actors:
        changes["assoc_actors"] = assoc
    return dataclasses.replace(merged, **changes)


_PLACE_FIELDS = (
    "place_id",
    "place_name_en",
    "place_text",
    "lat",
    "lon",
    "admin1_pcode",
    "admin2_pcode",
    "admin3_pcode",
    "geo_precision",
)
_DATE_FIELDS = ("date_text", "date_start", "date_end", "date_precision")
_ACTOR_FIELDS = ("id", "name_en", "text", "inter", "affiliation")
