"""The armed-actor dictionary (``resources/actors.json``), loaded once, lazily, into frozen dataclasses.

:func:`get_actors` returns the shared :class:`ActorDictionary`. Names are matched on their
normalised form (:func:`marsad.text.normalize.normalize_key`); a name that matches nothing is tried
again without one leading proclitic (و ف ب ل ك, لل → ال) and without the article ال. Validity
periods are half-open: ``valid_from`` inclusive, ``valid_to`` exclusive, ``None`` unbounded, so on
2024-12-08 the transitional government's actors are valid and the Assad-era ones are not.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from marsad.text.normalize import normalize_key

RESOURCE = "actors.json"

# Types ranked after specific actors when one name matches several (kept in step with the builder).
DEFAULT_GENERIC_TYPES = frozenset({"generic", "unidentified"})

_CONJUNCTIONS = ("و", "ف")
_PREPOSITIONS = ("ب", "ل", "ك")
_MIN_STEM = 2  # letters left after stripping a clitic
# Quotation marks around part of a name (قاعدة “حميميم”) are dropped; normalize_key maps curly ones to ".
_QUOTES = str.maketrans({'"': " ", "'": " ", "`": " "})


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One actor: an armed group, a state body, a person or a generic description."""

    id: str
    name_en: str
    aliases_ar: tuple[str, ...]
    aliases_en: tuple[str, ...]
    inter: int
    type: str
    parent: str | None
    bloc: str
    valid_from: date | None
    valid_to: date | None
    role: str | None
    source: str
    notes: str | None = None
    # nationality adjectives that name this actor as the agent of an act: "غارات روسية", "قصف تركي"
    agent_adjectives_ar: tuple[str, ...] = ()

    def valid_on(self, day: date) -> bool:
        """Whether ``day`` falls in this actor's validity period [valid_from, valid_to)."""
        if self.valid_from is not None and day < self.valid_from:
            return False
        return self.valid_to is None or day < self.valid_to


def _opt_str(raw: object) -> str | None:
    return raw if isinstance(raw, str) else None


def _opt_date(raw: object) -> date | None:
    return date.fromisoformat(raw) if isinstance(raw, str) else None


def _entry(raw: Mapping[str, Any]) -> ActorEntry:
    return ActorEntry(
        id=str(raw["id"]),
        name_en=str(raw["name_en"]),
        aliases_ar=tuple(str(a) for a in raw["aliases_ar"]),
        aliases_en=tuple(str(a) for a in raw["aliases_en"]),
        inter=int(raw["inter"]),
        type=str(raw["type"]),
        parent=_opt_str(raw.get("parent")),
        bloc=str(raw["bloc"]),
        valid_from=_opt_date(raw.get("valid_from")),
        valid_to=_opt_date(raw.get("valid_to")),
        role=_opt_str(raw.get("role")),
        source=str(raw["source"]),
        notes=_opt_str(raw.get("notes")),
        agent_adjectives_ar=tuple(str(a) for a in raw.get("agent_adjectives_ar", ())),
    )


def adjective_key(word: str) -> str:
    """The lookup key of an agent adjective: normalised, without the article (الروسي = روسي)."""
    key = normalize_key(word)
    return key[2:] if key.startswith("ال") and len(key) > 4 else key


def _key(name: str) -> str:
    """The lookup key of a name: normalised, quotation marks dropped, whitespace collapsed."""
    return " ".join(normalize_key(name).translate(_QUOTES).split())


def _stripped_keys(key: str) -> tuple[str, ...]:
    """Forms of a normalised name without one leading proclitic and/or the article, in trial order."""
    out: list[str] = []

    def add(form: str) -> None:
        if len(form.split(" ", 1)[0]) >= _MIN_STEM and form != key and form not in out:
            out.append(form)

    bases = [key]
    if key[:1] in _CONJUNCTIONS:
        bases.append(key[1:])
    for base in list(bases):
        if base.startswith("لل"):
            bases.append("ال" + base[2:])
        elif base[:1] in _PREPOSITIONS:
            bases.append(base[1:])
    for base in bases:
        add(base)
    for base in bases:
        if base.startswith("ال"):
            add(base[2:])
    return tuple(out)


class ActorDictionary:
    """Actors by id and by normalised alias, with parent chains and blocs."""

    __slots__ = ("_adjectives", "_by_id", "_generic_types", "_index", "_order")

    def __init__(self, entries: Iterable[ActorEntry], *, generic_types: Iterable[str] = DEFAULT_GENERIC_TYPES) -> None:
        self._order: tuple[ActorEntry, ...] = tuple(sorted(entries, key=lambda e: e.id))
        self._by_id: dict[str, ActorEntry] = {}
        for entry in self._order:
            if entry.id in self._by_id:
                raise ValueError(f"duplicate actor id {entry.id!r}")
            self._by_id[entry.id] = entry
        self._generic_types = frozenset(generic_types)
        index: dict[str, list[ActorEntry]] = {}
        for entry in self._order:
            for alias in (*entry.aliases_ar, *entry.aliases_en):
                bucket = index.setdefault(_key(alias), [])
                if entry not in bucket:
                    bucket.append(entry)
        self._index: dict[str, tuple[ActorEntry, ...]] = {
            key: tuple(sorted(bucket, key=self._rank)) for key, bucket in index.items()
        }
        self._adjectives: dict[str, ActorEntry] = {
            adjective_key(adjective): entry for entry in self._order for adjective in entry.agent_adjectives_ar
        }

    def by_agent_adjective(self, word: str) -> ActorEntry | None:
        """The actor a nationality adjective names as an agent (روسية, الإسرائيلي), if any."""
        return self._adjectives.get(adjective_key(word))

    @classmethod
    def from_compiled(cls, data: Mapping[str, Any]) -> ActorDictionary:
        """Build from the compiled dict (the content of ``actors.json``)."""
        generic = data.get("generic_types")
        return cls(
            (_entry(raw) for raw in data["actors"]),
            generic_types=DEFAULT_GENERIC_TYPES if generic is None else (str(t) for t in generic),
        )

    def _rank(self, entry: ActorEntry) -> tuple[int, str]:
        return (1 if entry.type in self._generic_types else 0, entry.id)

    def __len__(self) -> int:
        return len(self._order)

    def __iter__(self) -> Iterator[ActorEntry]:
        return iter(self._order)

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self._by_id

    def by_id(self, actor_id: str, /) -> ActorEntry | None:
        """The actor with this id, or None when there is none."""
        return self._by_id.get(actor_id)

    def _get(self, actor_id: str) -> ActorEntry:
        try:
            return self._by_id[actor_id]
        except KeyError:
            raise KeyError(f"unknown actor id {actor_id!r}") from None

    def is_generic(self, actor_id: str) -> bool:
        """Whether the actor is a generic description or an explicitly unidentified actor."""
        return self._get(actor_id).type in self._generic_types

    def lookup(self, name: str, *, on: date | None = None) -> list[ActorEntry]:
        """Actors named ``name``, specific before generic, then by id.

        The normalised name is matched exactly; when it is no alias at all, it is tried without one
        leading proclitic and/or the article. ``on`` keeps only actors valid on that day.
        """
        key = _key(name)
        if not key:
            return []
        for form in (key, *_stripped_keys(key)):
            found = self._index.get(form)
            if found is not None:
                return [e for e in found if on is None or e.valid_on(on)]
        return []

    def names(self, *, include_en: bool = False) -> Iterator[tuple[str, str]]:
        """(surface alias, actor id) pairs for the extraction matcher, in id then alias order."""
        for entry in self._order:
            for alias in entry.aliases_ar:
                yield alias, entry.id
            if include_en:
                for alias in entry.aliases_en:
                    yield alias, entry.id

    def ancestors(self, actor_id: str) -> tuple[ActorEntry, ...]:
        """The parent chain of an actor, nearest parent first (the actor itself excluded).

        KeyError when the id is unknown.
        """
        chain: list[ActorEntry] = []
        parent = self._get(actor_id).parent
        while parent is not None:
            entry = self._get(parent)
            if entry in chain:  # the builder refuses cycles; guard against hand-made dictionaries
                raise ValueError(f"parent cycle through {parent!r}")
            chain.append(entry)
            parent = entry.parent
        return tuple(chain)

    def bloc_of(self, actor_id: str) -> str:
        """The bloc of an actor; KeyError when the id is unknown."""
        return self._get(actor_id).bloc


@cache
def get_actors() -> ActorDictionary:
    """The shared actor dictionary, read from the package resources on first use."""
    text = resources.files("marsad").joinpath("resources", RESOURCE).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return ActorDictionary.from_compiled(data)
