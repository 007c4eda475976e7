"""Marsad's data model: frozen dataclasses only.

One :class:`Document` flows through every stage. Its ``text`` is fixed once cleaned; every
annotation is a half-open character span into it, so ``text[start:end]`` is the annotated text.
Stages never mutate a document: they return a copy with their slots filled
(``dataclasses.replace``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

EntityType = Literal["PER", "ORG", "LOC", "GPE", "MISC"]
EventStatus = Literal["asserted", "negated", "hypothetical", "alleged"]
DatePrecision = Literal["day", "week", "month", "year"]


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character span ``[start, end)`` into ``Document.text``."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"invalid span ({self.start}, {self.end})")

    def text_of(self, text: str) -> str:
        return text[self.start : self.end]

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def __len__(self) -> int:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why a derived fact is there: which method (and version), which resource entry, which span."""

    method: str
    span: Span
    resource_id: str | None = None
    score: float | None = None


@dataclass(frozen=True, slots=True)
class Token:
    """One word or punctuation mark. ``norm`` is its matching form; ``stem`` has proclitics removed."""

    span: Span
    text: str
    norm: str
    stem: str
    proclitics: str = ""
    is_punct: bool = False


@dataclass(frozen=True, slots=True)
class Sentence:
    span: Span
    tokens: tuple[Token, ...] = ()


@dataclass(frozen=True, slots=True)
class Mention:
    """A named-entity mention; ``ref_id`` links to a gazetteer or actor entry when resolved."""

    span: Span
    text: str
    type: EntityType
    evidence: Evidence
    actor_id: str | None = None
    place_id: str | None = None
    candidates: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ActorRef:
    """An actor named in the text, resolved to the actor dictionary (or explicitly unresolved)."""

    span: Span
    text: str
    actor_id: str | None
    name_en: str | None
    inter: int | None
    bloc: str | None
    evidence: Evidence
    candidates: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PlaceRef:
    """A place named in the text, geocoded against the gazetteer (or explicitly unresolved)."""

    span: Span
    text: str
    place_id: str | None
    name_en: str | None
    name_ar: str | None
    lat: float | None
    lon: float | None
    admin1_pcode: str | None
    admin2_pcode: str | None
    admin3_pcode: str | None
    geo_precision: Literal[1, 2, 3] | None
    evidence: Evidence
    candidates: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """A time expression; ``value`` .. ``end_value`` is the resolved interval (None when vague).

    ``anchor`` is the date relative expressions were resolved against (the publication date).
    """

    span: Span
    text: str
    value: date | None
    end_value: date | None
    precision: DatePrecision | None
    anchor: date | None
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class EventType:
    plover: str
    plover_mode: str | None
    acled_event_type: str
    acled_sub_event_type: str
    cameo: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    event_id: str
    type: EventType
    status: EventStatus
    trigger: Span
    sentence: Span
    actor1: ActorRef | None
    actor2: ActorRef | None
    location: PlaceRef | None
    time: TimeExpression | None
    fatalities: int | None
    attribution: Span | None
    confidence: float
    evidence: tuple[Evidence, ...] = ()
    # others acting alongside actor1 ("شاركوا مع ميليشيا الدفاع الوطني"): ACLED's assoc_actor_1
    assoc_actors: tuple[ActorRef, ...] = ()


@dataclass(frozen=True, slots=True)
class DocumentError:
    """A failure recorded for one document in a batch (the batch goes on)."""

    stage: str
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class Document:
    """One report. ``text`` never changes after cleaning; every slot holds spans into it."""

    doc_id: str
    text: str
    url: str | None = None
    source: str | None = None
    title: str | None = None
    published: date | None = None
    language: str = "ar"
    raw_text: str | None = None
    metadata: tuple[tuple[str, str], ...] = ()
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    actors: tuple[ActorRef, ...] = ()
    places: tuple[PlaceRef, ...] = ()
    times: tuple[TimeExpression, ...] = ()
    events: tuple[Event, ...] = ()
    errors: tuple[DocumentError, ...] = field(default=())

    def span_text(self, span: Span) -> str:
        return self.text[span.start : span.end]

    def sentence_at(self, pos: int) -> Sentence | None:
        for sentence in self.sentences:
            if sentence.span.start <= pos < sentence.span.end:
                return sentence
        return None
