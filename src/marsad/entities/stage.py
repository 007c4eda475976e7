"""The entity stage: dictionary matches (actors, places) merged with the trained CRF tagger.

Dictionary matches carry resource ids and win where they overlap a tagger span; the tagger adds
names the dictionaries do not know (people, small places, new groups).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Sequence
from functools import cache

from marsad.model import Document, EntityType, Evidence, Mention, Sentence, Span
from marsad.text.matcher import DictionaryMatcher, Match

log = logging.getLogger(__name__)

DICTIONARY_METHOD = "entities.dictionary.v1"
CRF_METHOD = "entities.crf.v1"

_CRF_TYPES: dict[str, EntityType] = {"PERS": "PER", "PER": "PER", "LOC": "LOC", "ORG": "ORG", "MISC": "MISC"}
_PLACE_GPE_KINDS = frozenset(
    {"adm1", "adm2", "adm3", "governorate", "district", "subdistrict", "town", "city", "village", "country"}
)

Tagger = Callable[[Sequence[str]], list[str]]
DocumentTagger = Callable[[Sequence[Sequence[str]]], list[list[str]]]
"""Tags every sentence of a document at once (the packaged tagger's document features need that)."""


@cache
def default_tagger() -> Tagger | None:
    """The packaged CRF tagger, or None when the model is not installed (dictionaries still work)."""
    from marsad.entities.crf_tagger import get_tagger

    try:
        tag: Tagger = get_tagger().tag
        return tag
    except (FileNotFoundError, ValueError) as exc:  # a model file missing or not matching its features
        log.warning("NER model unavailable, using dictionaries only: %s", exc)
        return None


@cache
def default_document_tagger() -> DocumentTagger | None:
    """The packaged CRF tagger's document method, or None when the model is not installed."""
    from marsad.entities.crf_tagger import get_tagger

    try:
        tag: DocumentTagger = get_tagger().tag_document
        return tag
    except (FileNotFoundError, ValueError) as exc:
        log.warning("NER model unavailable, using dictionaries only: %s", exc)
        return None


def _spans_from_tags(sentence: Sentence, tags: Sequence[str]) -> list[tuple[Span, EntityType]]:
    spans: list[tuple[Span, EntityType]] = []
    start: int | None = None
    end = 0
    label: EntityType | None = None
    for token, tag in zip(sentence.tokens, tags, strict=True):
        prefix, _, kind = tag.partition("-")
        if prefix == "I" and start is not None and _CRF_TYPES.get(kind) == label:
            end = token.span.end
            continue
        if start is not None and label is not None:
            spans.append((Span(start, end), label))
            start, label = None, None
        if prefix in ("B", "I") and kind in _CRF_TYPES:
            start, end, label = token.span.start, token.span.end, _CRF_TYPES[kind]
    if start is not None and label is not None:
        spans.append((Span(start, end), label))
    return spans


class EntityStage:
    """Finds actor and place names by dictionary and other names by the CRF tagger."""

    name = "entities.v1"
    requires = frozenset({"sentences"})
    produces = frozenset({"mentions"})

    def __init__(
        self,
        *,
        actors: DictionaryMatcher | None = None,
        places: DictionaryMatcher | None = None,
        place_kind: Callable[[str], str | None] | None = None,
        actor_is_person: Callable[[str], bool] | None = None,
        tagger: Tagger | bool | None = True,
        document_tagger: DocumentTagger | None = None,
        tagger_method: str = CRF_METHOD,
    ) -> None:
        from marsad.knowledge import matchers

        self._actors = actors if actors is not None else matchers.actor_matcher()
        self._places = places if places is not None else matchers.place_matcher()
        self._place_kind = place_kind if place_kind is not None else _default_place_kind
        self._actor_is_person = actor_is_person if actor_is_person is not None else _default_actor_is_person
        self._tagger: Tagger | None = None if tagger is True else (tagger or None)
        self._doc_tagger: DocumentTagger | None = document_tagger
        if document_tagger is None and tagger is True:
            self._doc_tagger = default_document_tagger()
        self._tagger_method = tagger_method

    def _mention(self, doc: Document, m: Match, kind: str) -> Mention:
        evidence = Evidence(DICTIONARY_METHOD, m.span, resource_id=m.ids[0])
        if kind == "actor":
            etype: EntityType = "PER" if self._actor_is_person(m.ids[0]) else "ORG"
            return Mention(m.span, doc.span_text(m.span), etype, evidence, actor_id=m.ids[0], candidates=m.ids)
        place_kind = self._place_kind(m.ids[0])
        etype = "GPE" if place_kind in _PLACE_GPE_KINDS else "LOC"
        return Mention(m.span, doc.span_text(m.span), etype, evidence, place_id=None, candidates=m.ids)

    def __call__(self, doc: Document) -> Document:
        mentions: list[Mention] = []
        doc_tags: list[list[str]] | None = None
        if self._doc_tagger is not None:
            doc_tags = self._doc_tagger([[t.text for t in s.tokens] for s in doc.sentences])
        for k, sentence in enumerate(doc.sentences):
            found = [(m, "actor") for m in self._actors.find(sentence.tokens, doc.text)]
            found += [(m, "place") for m in self._places.find(sentence.tokens, doc.text)]
            # longer names first; on equal length an actor name beats a place name
            found.sort(key=lambda mk: (-(mk[0].span.end - mk[0].span.start), mk[1] != "actor", mk[0].span.start))
            taken: list[Span] = []
            chosen: list[Mention] = []
            for match, kind in found:
                if any(match.span.overlaps(s) for s in taken):
                    continue
                taken.append(match.span)
                chosen.append(self._mention(doc, match, kind))
            tags: list[str] | None = None
            if doc_tags is not None:
                tags = doc_tags[k]
            elif self._tagger is not None and sentence.tokens:
                tags = self._tagger([t.text for t in sentence.tokens])
            if tags:
                for span, etype in _spans_from_tags(sentence, tags):
                    if any(span.overlaps(s) for s in taken):
                        continue
                    taken.append(span)
                    chosen.append(Mention(span, doc.span_text(span), etype, Evidence(self._tagger_method, span)))
            mentions.extend(sorted(chosen, key=lambda m: m.span.start))
        return dataclasses.replace(doc, mentions=tuple(mentions))


def _default_place_kind(place_id: str) -> str | None:
    from marsad.knowledge.gazetteer import get_gazetteer

    entry = get_gazetteer().by_id(place_id)
    return entry.kind if entry is not None else None


def _default_actor_is_person(actor_id: str) -> bool:
    from marsad.knowledge.actors import get_actors

    entry = get_actors().by_id(actor_id)
    return entry is not None and entry.type == "person"
