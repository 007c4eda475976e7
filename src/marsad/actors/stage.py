"""The actor stage: mentions linked to the actor dictionary become ActorRefs.

An alias can name several actors over time (قوات النظام before and after 8 December 2024); the
entry valid at the publication date is chosen, else the first candidate. Person names that the
tagger found but the dictionary does not know become explicitly unresolved actors.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Protocol

from marsad.actors.coref import resolve_short_references
from marsad.model import ActorRef, Document, Evidence, Mention
from marsad.text.normalize import normalize_key

METHOD_ID = "actors.resolve.v1"


class ActorLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def name_en(self) -> str: ...
    @property
    def inter(self) -> int: ...
    @property
    def bloc(self) -> str: ...
    @property
    def valid_from(self) -> date | None: ...
    @property
    def valid_to(self) -> date | None: ...


class ActorSource(Protocol):
    def by_id(self, actor_id: str, /) -> ActorLike | None: ...


def valid_on(entry: ActorLike, day: date | None) -> bool:
    if day is None:
        return True
    if entry.valid_from is not None and day < entry.valid_from:
        return False
    return not (entry.valid_to is not None and day >= entry.valid_to)


def choose_actor(candidates: tuple[str, ...], source: ActorSource, *, on: date | None) -> ActorLike | None:
    entries = [e for e in (source.by_id(c) for c in candidates) if e is not None]
    for entry in entries:
        if valid_on(entry, on):
            return entry
    if on is not None:
        # no entry valid at that date: prefer the one valid until most recently before it
        return entries[0] if entries else None
    return entries[0] if entries else None


def actor_ref(doc: Document, mention: Mention, source: ActorSource) -> ActorRef:
    candidates = mention.candidates or ((mention.actor_id,) if mention.actor_id else ())
    entry = choose_actor(candidates, source, on=doc.published) if candidates else None
    evidence = Evidence(METHOD_ID, mention.span, resource_id=entry.id if entry else None)
    if entry is None:
        return ActorRef(mention.span, mention.text, None, None, None, None, evidence, candidates)
    return ActorRef(mention.span, mention.text, entry.id, entry.name_en, entry.inter, entry.bloc, evidence, candidates)


class ActorStage:
    name = "actors.resolve.v1"
    requires = frozenset({"mentions"})
    produces = frozenset({"actors"})

    def __init__(self, source: ActorSource | None = None) -> None:
        if source is None:
            from marsad.knowledge.actors import get_actors

            source = get_actors()
        self._source = source
        self._names: dict[str, tuple[str, ...]] = {}

    def __call__(self, doc: Document) -> Document:
        actors: list[ActorRef] = []
        mentions: list[Mention] = []
        for mention in doc.mentions:
            if mention.actor_id is not None or (mention.type == "PER" and mention.candidates == ()):
                ref = actor_ref(doc, mention, self._source)
                actors.append(ref)
                if ref.actor_id != mention.actor_id:
                    mention = dataclasses.replace(mention, actor_id=ref.actor_id)
            mentions.append(mention)
        actors.extend(resolve_short_references(doc, actors, self._names_of))
        actors.sort(key=lambda a: a.span.start)
        return dataclasses.replace(doc, actors=tuple(actors), mentions=tuple(mentions))

    def _names_of(self, actor_id: str) -> tuple[str, ...]:
        cached = self._names.get(actor_id)
        if cached is None:
            entry = self._source.by_id(actor_id)
            aliases = getattr(entry, "aliases_ar", ()) if entry is not None else ()
            cached = tuple(normalize_key(a) for a in aliases)
            self._names[actor_id] = cached
        return cached
