"""The place stage: place mentions ranked against the gazetteer and geocoded with p-codes."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Protocol

from marsad.geo.resolve import COMPASS, MIN_SCORE, PlaceLike, context_cue, geo_precision, rank_candidates
from marsad.knowledge.outlets import get_outlets
from marsad.model import Document, Evidence, Mention, PlaceRef, Span, Token

METHOD_ID = "geo.resolve.v1"
_COUNTRYSIDE = frozenset({"ريف", "باديه"})
# Words after which a name is read as a place (في البارة، قرب الطبقة، من الرقة، شرقي حلب).
_LOCATIVE_WORDS = COMPASS | frozenset(
    {
        "في",
        "قرب",
        "من",
        "الى",
        "على",
        "عند",
        "داخل",
        "نحو",
        "باتجاه",
        "بين",
        "محيط",
        "اطراف",
        "عن",
        "حتى",
        "مناطق",
        "منطقه",
        "ارياف",
        "وسط",
        "اتجاه",
        "مدخل",
    }
)
# A place this big, an admin unit of this level or a name of several words needs no context.
_SELF_EVIDENT_POPULATION = 100_000
_SELF_EVIDENT_KINDS = frozenset({"adm1", "country"})
_SETTLEMENTS = frozenset({"town", "city"})
_WIDE_KINDS = frozenset({"region", "river", "mountain"})
# Actors that are also places: a base that orders or is attacked is where the event happened.
_FACILITY_KINDS = frozenset({"military_base", "airport", "prison", "border_crossing", "oil_field", "gas_field"})


class PlaceEntryLike(PlaceLike, Protocol):
    @property
    def name_ar(self) -> str: ...
    @property
    def lat(self) -> float | None: ...
    @property
    def lon(self) -> float | None: ...


class PlaceSource(Protocol):
    def by_id(self, place_id: str, /) -> PlaceEntryLike | None: ...
    def admin_unit(self, pcode: str, /) -> PlaceEntryLike | None: ...


def _words_before(doc: Document, mention: Mention) -> list[str]:
    sentence = doc.sentence_at(mention.span.start)
    if sentence is None:
        return []
    before: list[Token] = [t for t in sentence.tokens if t.span.end <= mention.span.start and not t.is_punct]
    # the proclitic of the mention's own first word (بريف → ب) is outside its span
    return [t.norm for t in before[-2:]]


def _article_admin1(doc: Document, source: PlaceSource) -> frozenset[str]:
    """Governorates the article is about: those of names with one unambiguous candidate."""
    counts: Counter[str] = Counter()
    for mention in doc.mentions:
        if not mention.candidates or mention.actor_id is not None:
            continue
        admins = {e.admin1_pcode for e in (source.by_id(c) for c in mention.candidates) if e and e.admin1_pcode}
        if len(admins) == 1:
            counts[admins.pop()] += 1
    return frozenset(counts)


def has_place_context(doc: Document, mention: Mention, words_before: list[str]) -> bool:
    """A locative word, a place cue or an attached preposition (ب/ل/و) before the name."""
    start = mention.span.start
    if start > 0 and doc.text[start - 1] in "بلو":
        return True
    if not words_before:
        return False
    last = words_before[-1]
    bare = last[1:] if len(last) > 2 and last[0] in "وف" else last
    return last in _LOCATIVE_WORDS or bare in _LOCATIVE_WORDS or context_cue(words_before[-1:]) is not None


def _self_evident(entry: PlaceEntryLike, mention: Mention) -> bool:
    return (
        entry.kind in _SELF_EVIDENT_KINDS
        or (entry.kind in _SETTLEMENTS and (entry.population or 0) >= _SELF_EVIDENT_POPULATION)
        or len(mention.text.split()) > 1
    )


def resolve_mention(
    doc: Document, mention: Mention, source: PlaceSource, article_admin1: frozenset[str]
) -> PlaceRef | None:
    """The place a mention names; None when, in its context, the name is not a place at all."""
    words_before = _words_before(doc, mention)
    entries = [e for e in (source.by_id(c) for c in mention.candidates) if e is not None]
    if not has_place_context(doc, mention, words_before):
        # a lone common word (صور "pictures", الثورة "the revolution") is only a place in context
        entries = [e for e in entries if _self_evident(e, mention)]
        if not entries:
            return None
    cue = context_cue(words_before)
    ranked = rank_candidates(entries, cue=cue, article_admin1=article_admin1, multiword=" " in mention.text.strip())
    by_id = {e.id: e for e in entries}
    if not ranked or ranked[0].score < MIN_SCORE:
        evidence = Evidence(METHOD_ID, mention.span, None, ranked[0].score if ranked else None)
        return PlaceRef(
            mention.span,
            mention.text,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            evidence,
            tuple(r.entry_id for r in ranked),
        )
    best = by_id[ranked[0].entry_id]
    precision = geo_precision(best, cue=cue)
    admin1, admin2, admin3 = best.admin1_pcode, best.admin2_pcode, best.admin3_pcode
    if best.kind in _WIDE_KINDS:
        admin2 = admin3 = None  # a desert, a river or a mountain range spans districts
    lat, lon = best.lat, best.lon
    if cue in _COUNTRYSIDE and best.kind not in ("adm1", "governorate"):
        # "ريف X": the countryside around X, not X itself; a governorate capital's countryside is the governorate
        admin3 = None
        governorate = source.admin_unit(admin1) if admin1 else None
        if governorate is not None and governorate.name_ar and mention.text.endswith(governorate.name_ar[-3:]):
            admin2 = None
            precision = 3
    evidence = Evidence(METHOD_ID, mention.span, best.id, ranked[0].score)
    return PlaceRef(
        mention.span,
        mention.text,
        best.id,
        best.name_en,
        best.name_ar,
        lat,
        lon,
        admin1,
        admin2,
        admin3,
        precision,
        evidence,
        tuple(r.entry_id for r in ranked),
    )


def _in_outlet_name(doc: Document, mention: Mention, cache: dict[Span, list[Span]]) -> bool:
    """Whether the mention is part of an outlet's name written in its sentence («شبكة دير الزور 24»)."""
    sentence = doc.sentence_at(mention.span.start)
    if sentence is None:
        return False
    spans = cache.get(sentence.span)
    if spans is None:
        tokens = sentence.tokens
        found = get_outlets().name_spans([t.norm for t in tokens])
        spans = cache[sentence.span] = [Span(tokens[i].span.start, tokens[j - 1].span.end) for i, j in found]
    return any(name.contains(mention.span) for name in spans)


class PlaceStage:
    name = "geo.resolve.v1"
    requires = frozenset({"mentions"})
    produces = frozenset({"places"})

    def __init__(
        self, source: PlaceSource | None = None, *, lookup: Callable[[str], Sequence[PlaceEntryLike]] | None = None
    ) -> None:
        if source is None:
            from marsad.knowledge.gazetteer import get_gazetteer

            gazetteer = get_gazetteer()
            source, lookup = gazetteer, gazetteer.lookup
        self._source = source
        self._lookup = lookup

    def __call__(self, doc: Document) -> Document:
        article_admin1 = _article_admin1(doc, self._source)
        places: list[PlaceRef] = []
        mentions: list[Mention] = []
        outlet_names: dict[Span, list[Span]] = {}  # per sentence, computed for sentences naming a place
        for mention in doc.mentions:
            if mention.candidates and _in_outlet_name(doc, mention, outlet_names):
                mentions.append(mention)  # «شبكة دير الزور 24»: an outlet's name, not a place
                continue
            if mention.actor_id is not None and self._lookup is not None:
                facility = [e for e in self._lookup(mention.text) if e.kind in _FACILITY_KINDS]
                if facility:
                    shadow = dataclasses.replace(mention, actor_id=None, candidates=tuple(e.id for e in facility))
                    ref = resolve_mention(doc, shadow, self._source, article_admin1)
                    if ref is not None:
                        places.append(ref)
            if mention.actor_id is None and mention.candidates:
                ref = resolve_mention(doc, mention, self._source, article_admin1)
                if ref is None:
                    continue  # not a place here: the mention is dropped
                places.append(ref)
                mention = dataclasses.replace(mention, place_id=ref.place_id)
            mentions.append(mention)
        return dataclasses.replace(doc, places=tuple(places), mentions=tuple(mentions))
