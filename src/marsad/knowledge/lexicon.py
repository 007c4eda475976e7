"""The compiled event-trigger lexicon and cue lists (``resources/lexicon.json``), loaded once, lazily.

``get_lexicon()`` returns the shared :class:`Lexicon`: trigger entries (PLOVER type and mode, ACLED
event and sub-event type, CAMEO code, surface forms) and the cue lists used to judge an event's
status (negation, modality, allegation), attribution, casualties and numbers. The source data and
its rules are in ``data/lexicon/`` (see its README); ``marsad.knowledge.build_lexicon`` compiles it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, cast

from marsad.text.normalize import normalize_key

RESOURCE = "lexicon.json"

# One leading proclitic (optionally conjunction + preposition) and the article, as the matcher strips them.
_CONJUNCTIONS: tuple[str, ...] = ("و", "ف")
_PREPOSITIONS: tuple[str, ...] = ("ب", "ل")
# Attached pronouns, longest first; teh marbuta is written ت before them (قيادتها ← قيادة).
_ENCLITICS: tuple[str, ...] = ("هما", "كما", "هم", "هن", "ها", "كم", "نا", "ه")
_MIN_STEM = 2


@dataclass(frozen=True, slots=True)
class TriggerEntry:
    """One trigger: a verb, noun or phrase with its classification and all its surface forms."""

    id: str
    lemma: str
    pos: str
    forms: tuple[str, ...]
    plover: str
    mode: str | None
    acled_event_type: str
    acled_sub_event_type: str
    cameo: str | None
    note: str | None
    requires_any: tuple[str, ...]
    ambiguous: bool


@dataclass(frozen=True, slots=True)
class NumberWord:
    """A cardinal number word (سبعة → 7) or a vague quantifier (العشرات → None)."""

    text: str
    value: int | None


@dataclass(frozen=True, slots=True)
class NegationCue:
    """A negation word and what it negates: a following ``verb``, ``noun`` (masdar) or ``both``."""

    text: str
    scope: str


@dataclass(frozen=True, slots=True)
class Cues:
    """Word lists read around a trigger. ``negation`` is the text of each of ``negation_cues``."""

    negation: tuple[str, ...]
    modality: tuple[str, ...]
    future_prefix: tuple[str, ...]
    allegation: tuple[str, ...]
    attribution_verbs: tuple[str, ...]
    attribution_sources: tuple[str, ...]
    fatality_nouns: tuple[str, ...]
    injury_nouns: tuple[str, ...]
    number_words: tuple[NumberWord, ...]
    time_of_day: tuple[str, ...]
    negation_cues: tuple[NegationCue, ...]
    # (mode, words): weapons that type a generic attack word (cues.yaml ``weapon_modes``)
    weapon_modes: tuple[tuple[str, tuple[str, ...]], ...] = ()


def _opt_str(value: object) -> str | None:
    return None if value is None else str(value)


def _strs(value: object) -> tuple[str, ...]:
    return tuple(str(v) for v in cast("list[object]", value))


def _trigger(raw: Mapping[str, Any]) -> TriggerEntry:
    return TriggerEntry(
        id=str(raw["id"]),
        lemma=str(raw["lemma"]),
        pos=str(raw["pos"]),
        forms=_strs(raw["forms"]),
        plover=str(raw["plover"]),
        mode=_opt_str(raw.get("mode")),
        acled_event_type=str(raw["acled_event_type"]),
        acled_sub_event_type=str(raw["acled_sub_event_type"]),
        cameo=_opt_str(raw.get("cameo")),
        note=_opt_str(raw.get("note")),
        requires_any=_strs(raw.get("requires_any") or []),
        ambiguous=bool(raw.get("ambiguous", False)),
    )


def _cues(raw: Mapping[str, Any]) -> Cues:
    negation_cues = tuple(NegationCue(str(n["text"]), str(n["scope"])) for n in raw["negation"])
    numbers = tuple(
        NumberWord(str(n["text"]), None if n["value"] is None else int(n["value"])) for n in raw["number_words"]
    )
    return Cues(
        negation=tuple(n.text for n in negation_cues),
        modality=_strs(raw["modality"]),
        future_prefix=_strs(raw["future_prefix"]),
        allegation=_strs(raw["allegation"]),
        attribution_verbs=_strs(raw["attribution_verbs"]),
        attribution_sources=_strs(raw["attribution_sources"]),
        fatality_nouns=_strs(raw["fatality_nouns"]),
        injury_nouns=_strs(raw["injury_nouns"]),
        number_words=numbers,
        time_of_day=_strs(raw["time_of_day"]),
        negation_cues=negation_cues,
        weapon_modes=tuple((str(mode), _strs(words)) for mode, words in sorted(raw.get("weapon_modes", {}).items())),
    )


def _stem_readings(key: str) -> list[str]:
    """``key`` and the readings with one attached pronoun removed (ت restored to ة, normalised ه)."""
    out = [key]
    for suffix in _ENCLITICS:
        if key.endswith(suffix) and len(key) - len(suffix) >= _MIN_STEM + 1:
            stem = key[: -len(suffix)]
            out.append(stem)
            if stem.endswith("ت"):
                out.append(stem[:-1] + "ه")
    return out


def _prefix_readings(word: str) -> list[str]:
    """``word`` and the readings without و/ف, ب/ل and the article (ال, or لل after ل)."""
    out = [word]
    bases = [word]
    if word[:1] in _CONJUNCTIONS and len(word) > _MIN_STEM + 1:
        bases.append(word[1:])
    for base in list(bases):
        if base[:1] in _PREPOSITIONS and len(base) > _MIN_STEM + 1:
            bases.append(base[1:])
            if base.startswith("لل") and len(base) > _MIN_STEM + 2:
                bases.append("ال" + base[2:])
    for base in bases:
        out.append(base)
        if base.startswith("ال") and len(base) > _MIN_STEM + 2:
            out.append(base[2:])
    return list(dict.fromkeys(out))


class Lexicon:
    """Trigger entries indexed by id and by normalised form, plus the cue lists."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self._triggers = tuple(_trigger(t) for t in data["triggers"])
        self._by_id = {t.id: t for t in self._triggers}
        index: dict[str, list[TriggerEntry]] = {}
        for trig in self._triggers:
            for form in trig.forms:
                holders = index.setdefault(normalize_key(form), [])
                if trig not in holders:
                    holders.append(trig)
        self._index = index
        self._cues = _cues(data["cues"])

    @property
    def triggers(self) -> tuple[TriggerEntry, ...]:
        return self._triggers

    @property
    def cues(self) -> Cues:
        return self._cues

    def by_id(self, trigger_id: str) -> TriggerEntry:
        """The entry with this id; ``KeyError`` when there is none."""
        return self._by_id[trigger_id]

    def lookup(self, form: str) -> list[TriggerEntry]:
        """Entries for a written word or phrase, tolerating one leading proclitic and an attached pronoun.

        The exact (normalised) form wins; otherwise the first reading that is indexed, trying clitic-free
        readings of the first word and pronoun-free readings of the last word.
        """
        key = normalize_key(form)
        if not key:
            return []
        exact = self._index.get(key)
        if exact:
            return list(exact)
        words = key.split(" ")
        for first in _prefix_readings(words[0]):
            if len(words) == 1:
                candidates = _stem_readings(first)
            else:
                candidates = [" ".join([first, *words[1:-1], last]) for last in _stem_readings(words[-1])]
            for cand in candidates:
                found = self._index.get(cand)
                if found:
                    return list(found)
        return []

    def names(self) -> Iterator[tuple[str, str]]:
        """(surface form, trigger id) for every form of every entry; the trigger matcher indexes these."""
        for trig in self._triggers:
            for form in trig.forms:
                yield form, trig.id


def load_lexicon() -> Lexicon:
    """Read and parse ``resources/lexicon.json`` (use :func:`get_lexicon` for the shared instance)."""
    text = resources.files("marsad.resources").joinpath(RESOURCE).read_text(encoding="utf-8")
    return Lexicon(cast("dict[str, Any]", json.loads(text)))


@cache
def get_lexicon() -> Lexicon:
    """The shared lexicon, loaded on first use."""
    return load_lexicon()
