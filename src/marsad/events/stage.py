"""The event stage: triggers → arguments, place, date, status, attribution, fatalities → events.

Each event keeps its evidence: the trigger and sentence spans, and the method ids and resource
entries behind every field.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import re
from collections.abc import Sequence

from marsad.events.arguments import LAUNCH_VERBS, choose_arguments
from marsad.events.attribution import find_attribution
from marsad.events.coding import refine_type
from marsad.events.cues import CueSets, default_cues
from marsad.events.fatalities import find_fatalities
from marsad.events.marks import (
    ANOTHER,
    ARMED_INTER,
    CARRIED_PLACE_METHOD,
    CARRIED_TIME_METHOD,
    COORDINATED_PLACE,
    CORE_TYPES,
    EXPLICIT_AGENT,
    INSTRUMENT,
    MEANS,
    METHOD_ID,
    REFERENCE,
    REPORT_TIME_METHOD,
    RESULT_TRIGGERS,
    RETELLING,
    TOLL_OF,
    TOLL_SIDE,
)
from marsad.events.merge import detail_as_evidence, merge_events
from marsad.events.status import StatusDecision, decide_status, sentence_cues
from marsad.events.triggers import TriggerHit, TriggerSource, find_triggers
from marsad.knowledge.actors import get_actors
from marsad.model import (
    ActorRef,
    Document,
    Event,
    EventType,
    Evidence,
    PlaceRef,
    Sentence,
    Span,
    TimeExpression,
    Token,
)
from marsad.text.matcher import DictionaryMatcher
from marsad.text.normalize import key_set

_SEGMENT_BREAKS = frozenset({",", ";", ":"})
_THAT = key_set({"ان", "بان", "انه", "انها", "بانه"})
# words after which ل links a noun rather than giving a purpose (أدى لمقتل، فتح لنيران، التصدي لهجوم)
_LAM_LINKS = key_set(
    {
        "ادي",
        "ادت",
        "يؤدي",
        "تؤدي",
        "فتح",
        "التصدي",
        "تصدي",
        "تصدت",
        "تصدى",
        "اضافه",
        "بالاضافه",
        "نتيجه",
        "سببا",
        "مصدرا",
    }
)
# ACLED type and sub-type of an attack by the weapon's PLOVER mode
_WEAPON_TYPES = {
    "aerial": ("Explosions/Remote violence", "Air/drone strike"),
    "drone": ("Explosions/Remote violence", "Air/drone strike"),
    "heavy-weapons": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "explosives": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "firearms": ("Battles", "Armed clash"),
}
# generic attack words that, with no weapon named, tell a direct attack ("هجمات استهدفتهم")
_DIRECT_BY_DEFAULT = frozenset({"assault.istahdafa", "assault.istihdaf"})
_CIVILIAN_OBJECTS = key_set(
    {"المنازل", "منازل", "منزل", "المنزل", "الاسواق", "سوق", "المدارس", "مدرسه", "مستشفي", "المستشفي"}
)
# generic attack words whose type the weapon in their clause decides
_TYPED_BY_WEAPON = _DIRECT_BY_DEFAULT | {
    "assault.shanna",
    "assault.qasf",
    "assault.hujum",
    "assault.hajama",
    "assault.majzara",
}
ADJECTIVE_METHOD = "actors.adjective.v1"
_MEANS_OPENERS = (("وذلك", "عن", "طريق"), ("ذلك", "عن", "طريق"), ("وذلك", "من", "خلال"), ("ذلك", "من", "خلال"))
_SIDE_REACH = 30
_OF_SIDE = re.compile(r"\s*(?:\S+\s+){0,2}(?:من|في صفوف|ضمن)\s*\S*?\s*\Z")
_TOLL_OF = key_set({"قتلي", "ضحايا", "جرحي", "حصيله", "اعداد", "عدد", "مصابي", "شهداء"})
_GUNMEN = frozenset({"unidentified-armed-men"})
_ANOTHER = key_set({"مماثله", "مماثل", "اخري", "اخر", "ثانيه", "ثان", "ثاني"})  # not جديد: "the latest"
_ALSO = key_set({"ايضا", "كذلك"})
# "وامتدت الاشتباكات إلى ...": a definite act with no agent of its own is the one told before
_NO_OWN_AGENT = frozenset({"previous-event", "none"})
_TAKING_PART = key_set({"شارك", "شاركت", "شاركوا", "يشارك", "تشارك", "مشاركه", "بمشاركه", "جانب"})
# "موقع الاعتقال", "عملية الاعتقال هذه", "عقب انتهاء الاشتباكات": a definite noun that points back
_POINTING_BEFORE = key_set(
    {"موقع", "مكان", "عمليه", "عقب", "اثر", "جراء", "خلال", "انتهاء", "بعد", "نتيجه", "بسبب", "اثناء", "تسبب", "وتسبب"}
)
_RESULTING = key_set({"الناتجه", "الناجمه", "الناتج", "الناجم", "ناتجه", "ناجمه", "ناتج", "ناجم", "الناتجين"})
_POINTING_AFTER = key_set({"هذه", "هذا", "ذاتها", "ذاته", "نفسها", "نفسه", "المذكوره", "المذكور"})
_LIST_GLUE = re.compile(r"^[\s،,و]*(?:(?:ال)?(?:قرى|قريه|قرية|بلدات|بلدة|بلده|مدن|مدينة|مدينه|أحياء|احياء|حي)\s*)?$")
# A repeated or habitual state of affairs is not one dated happening.
_HABITUAL = key_set(
    {
        "باستمرار",
        "دايما",
        "عاده",
        "متكرر",
        "متكرره",
        "يوميا",
        "تكثر",
        "يكثر",
        "تتكرر",
        "يتكرر",
        "خوفا",
        "خشيه",
        "تخوفا",
    }
)
# "بشكل مستمر", "بصورة يومية": the manner of something that keeps happening
_MANNER = key_set({"بشكل", "بصوره", "بصفه"})
_REPEATED_MANNER = key_set({"مستمر", "دايم", "يومي", "يوميه", "متواصل", "متكرر", "دوري", "دوريه", "منتظم", "ممنهج"})
# "goes on doing": with في/ب and no date, a practice rather than a happening ("ongoing clashes" are events)
_GO_ON = key_set({"تستمر", "يستمر", "تواصل", "يواصل", "تواصلان", "يواصلون", "يستمرون"})
# Present-tense verbs that open a description of what usually happens somewhere; the triggers that
# follow in the sentence are its examples.
_HABITUAL_FRAME = key_set(
    {"تكثر", "يكثر", "كثرت", "تتكرر", "يتكرر", "تكررت", "تنتشر", "تتزايد", "يتزايد", "تزايدت", "ازدادت", "تشهد", "يشهد"}
)
# A tally over a long period (months, years, "since the start of") or a sum is a statistic.
_AGGREGATE = re.compile(
    r"(?:^| )(?:(?:خلال|طوال|مدار|مدي) (?:ال )?(?:\d+ |[^ ]+ )?"
    r"(?:اشهر|شهرا|شهور|اعوام|عاما|سنوات|سنه|العام|الاعوام|السنوات|الاشهر)"
    r"|منذ (?:بدء|بدايه|اندلاع|انطلاق|مطلع العام)|منذ عام \d{4}|المجموع|مجموع|اجمالي|الحصيله الاجماليه)(?: |$)"
)
_COUNTRYWIDE = re.compile(
    r"(?:^| )(?:في )?(?:(?:عموم|مختلف|كافه|جميع) (?:ال)?مناطق (?:سوريه|سوريا|البلاد|سيطره)"
    r"|عموم (?:سوريه|سوريا|البلاد))(?: |$)"
)
# Weapons named as a thing carried, stored or shipped are not an attack with them.
_WEAPON_TRIGGERS = frozenset(
    {
        "assault.qunbula",
        "assault.qadhifa",
        "assault.sarukh",
        "assault.qadhifa_sarukhiya",
        "assault.lughm",
        "assault.ubwa_nasifa",
    }
)
_CARRYING = key_set(
    {
        "تحمل",
        "يحمل",
        "تحملان",
        "يحملون",
        "محمله",
        "محمل",
        "حامله",
        "حموله",
        "شحنه",
        "شحنات",
        "مستودع",
        "مستودعات",
        "مخزن",
        "مخازن",
        "صفقه",
        "تهريب",
        "مهربه",
        "ضبط",
        "ضبطت",
        "مصادره",
    }
)
_LAUNCH = key_set({"شن", "تنفيذ", "بدء", "اطلاق", "القيام"})
_USED_IN = key_set({"استخدمت", "استخدم", "استخدموا", "استخدام", "باستخدام", "مستخدمين", "مستخدمه", "مستخدما"})
# Verbs of being somewhere: in the present tense they describe where a force is stationed.
_STATIVE_STEMS = ("تمركز", "تواجد", "انتشر", "نتشر", "تموضع")
# Words that make نشر "publish" rather than "deploy".
_MEDIA = key_set(
    {
        "مقاطع",
        "مقطع",
        "تسجيلا",
        "تسجيل",
        "فيديو",
        "صور",
        "صورا",
        "بيانا",
        "بيان",
        "تقريرا",
        "تقرير",
        "مواقع",
        "شبكات",
        "صفحات",
        "صفحته",
        "حسابات",
        "حسابه",
        "منشورا",
        "تغريده",
    }
)
_MEDIA |= key_set({"شبكه", "وكاله", "صحيفه", "موقع", "قناه", "ناشطون", "ناشطين", "سوريون"})  # outlets as subject
# Types whose events have no one acted upon in the ACLED sense (a parade, a protest, a visit's host
# is a place).
_NO_PATIENT = frozenset({"MOBILIZE", "PROTEST"})
# Types whose attached pronoun is a person (اتهامه، اعتقاله); for others it is a thing (تسليمها: the HQ).
_VICTIM_TYPES = frozenset({"ASSAULT", "COERCE"})
_PERSON_OBJECT = frozenset({"ACCUSE", "COERCE", "ASSAULT", "SANCTION", "THREATEN", "REJECT"})
_RELATIVES = key_set({"التي", "الذي", "الذين", "اللتي", "اللذين", "اللتين", "اللواتي", "اللاتي", "حيث"})
# A noun trigger after these is a characterisation, not a happening: "هي تهديد واضح", "تعتبر تهديدا".
_PREDICATIVE = key_set(
    {"هي", "هو", "هما", "هم", "بمثابه", "تعتبر", "يعتبر", "اعتبر", "اعتبرت", "تعد", "يعد", "يشكل", "تشكل", "شكل"}
)


def _event_id(doc_id: str, trigger: Span, plover: str) -> str:
    digest = hashlib.sha1(f"{doc_id}:{trigger.start}:{trigger.end}:{plover}".encode()).hexdigest()
    return f"{doc_id}:{digest[:10]}"


def _clause_end(hits: Sequence[TriggerHit], index: int, sentence: Sentence) -> int:
    """Arguments of a trigger are looked for up to the next trigger of the sentence."""
    return hits[index + 1].span.start if index + 1 < len(hits) else sentence.span.end


_DESCRIBED = re.compile(r"(?:الذين|التي|الذي)\s+[يت]\S+\s+(?:في\s+|ب)?(?:\S+\s+)?\Z")


def _choose_place(places: Sequence[PlaceRef], trigger: Span, clause_end: int, text: str) -> PlaceRef | None:
    """The place of the event: the first resolved Syrian place after the trigger, else the nearest before."""
    syrian = [p for p in places if p.place_id is not None and p.admin1_pcode]
    after = [p for p in syrian if trigger.end <= p.span.start < clause_end]
    precise = [p for p in after if p.geo_precision in (1, 2)]
    if precise:
        return precise[0]  # "في البادية السورية ... بادية مدينة الميادين": the town, not the region
    if after:
        return _located_region(after, text)
    # "عناصر التنظيم الذين ينشطون في البادية نفذوا كميناً": where the actor is active describes it
    before = [
        p
        for p in syrian
        if p.span.end <= trigger.start and not _DESCRIBED.search(text, max(0, p.span.start - 40), p.span.start)
    ]
    if before:
        # "خرج أهالي مدينة الطبقة بريف الرقة في مظاهرة": the town, not the countryside named after it
        best = min(p.geo_precision or 9 for p in before)
        return [p for p in before if (p.geo_precision or 9) == best][-1]
    later = [p for p in syrian if p.span.start >= clause_end]
    return _located_region(later, text) if later else None


def _located_region(after: Sequence[PlaceRef], text: str) -> PlaceRef:
    """The first place after the trigger, unless it is a region that spans governorates and the next
    place locates it: "في البادية بريف الرقة الجنوبي" is in Raqqa, wherever the desert's
    centre point lies."""
    first = after[0]
    if first.place_id is None or not _is_region(first.place_id):
        return first
    for other in after[1:]:
        if other.span.start - first.span.end > 12:
            break
        if other.admin1_pcode and other.admin1_pcode != first.admin1_pcode:
            return other
    return first


def _is_region(place_id: str) -> bool:
    from marsad.geo.resolve import REGION_KINDS
    from marsad.knowledge.gazetteer import get_gazetteer

    entry = get_gazetteer().by_id(place_id)
    return entry is not None and entry.kind in REGION_KINDS


def _segment(sentence: Sentence, trigger: Span) -> Span:
    """The comma-delimited part of the sentence that holds the trigger."""
    start, end = sentence.span.start, sentence.span.end
    for tok in sentence.tokens:
        if tok.is_punct and tok.norm in _SEGMENT_BREAKS:
            if tok.span.end <= trigger.start:
                start = tok.span.end
            elif tok.span.start >= trigger.end:
                end = tok.span.start
                break
    return Span(start, end)


def _report_times(sentence: Sentence, times: Sequence[TimeExpression], cues: CueSets) -> set[Span]:
    """Times that date the report, not the event: "قالت مصادر، اليوم الخميس، إن ..." (before إن/أن)."""
    that = next((t for t in sentence.tokens if t.norm in _THAT), None)
    if that is None:
        return set()
    verbs = [t for t in sentence.tokens if t.span.end <= that.span.start and _is_say(t.norm, cues)]
    if not verbs:
        return set()
    return {t.span for t in times if verbs[0].span.end <= t.span.start and t.span.end <= that.span.start}


def _is_say(norm: str, cues: CueSets) -> bool:
    return norm in cues.attribution_verbs or (len(norm) > 3 and norm[0] in "وف" and norm[1:] in cues.attribution_verbs)


def _choose_time(
    times: Sequence[TimeExpression], trigger: Span, segment: Span, *, fallback: TimeExpression | None = None
) -> TimeExpression | None:
    """A time in the trigger's segment (after it first, Arabic puts adverbials late); else the nearest
    time in the sentence; else the time the report was last at (``fallback``)."""
    if not times:
        return fallback
    inside = [t for t in times if segment.contains(t.span)]
    after = [t for t in inside if t.span.start >= trigger.end]
    if after:
        return after[0]
    if inside:
        return inside[-1]
    return min(times, key=lambda t: abs(t.span.start - trigger.start))


class EventStage:
    name = METHOD_ID
    requires = frozenset({"sentences", "actors", "places", "times"})
    produces = frozenset({"events"})

    def __init__(
        self,
        *,
        triggers: DictionaryMatcher | None = None,
        lexicon: TriggerSource | None = None,
        cues: CueSets | None = None,
    ) -> None:
        if triggers is None:
            from marsad.knowledge.matchers import trigger_matcher

            triggers = trigger_matcher()
        if lexicon is None:
            from marsad.knowledge.lexicon import get_lexicon

            lexicon = get_lexicon()
        self._triggers = triggers
        self._lexicon = lexicon
        self._cues = cues if cues is not None else default_cues()

    def __call__(self, doc: Document) -> Document:
        events: list[Event] = []
        attribution: Span | None = None
        previous_agent: ActorRef | None = None
        last_place: PlaceRef | None = None
        last_time: TimeExpression | None = None
        for sentence in doc.sentences:
            span = sentence.span
            actors = [a for a in doc.actors if span.contains(a.span)]
            places = [p for p in doc.places if span.contains(p.span)]
            times = [t for t in doc.times if span.contains(t.span)]
            mentions = [m for m in doc.mentions if span.contains(m.span)]
            attribution = find_attribution(
                sentence.tokens, doc.text, self._cues, mentions=mentions, previous=attribution
            )
            sentence_events: list[Event] = []
            norms = " ".join(t.norm for t in sentence.tokens)
            hits = find_triggers(
                sentence.tokens,
                doc.text,
                self._triggers,
                self._lexicon,
                sentence_norm=norms,
                armed_actor=any(a.inter in ARMED_INTER for a in actors),
            )
            tolls = find_fatalities(sentence.tokens, self._cues)
            report_times = _report_times(sentence, times, self._cues)
            attribution_actor = [a for a in actors if attribution is not None and attribution.contains(a.span)]
            arg_actors = [a for a in actors if a not in attribution_actor]
            names = [m.span for m in mentions if m.place_id is not None or m.actor_id is not None]
            hits = [
                h
                for h in _told_hits(sentence, hits, dated=bool(times))
                if not any(n.contains(h.span) for n in names)  # تدمر the city
            ]
            hits = _drop_targets(sentence, hits)
            if _COUNTRYWIDE.search(norms) or _AGGREGATE.search(norms):
                # "تتسبب الطائرات بقتل المدنيين في عموم مناطق سورية" (a country-wide record), "قتل 3952
                # شخصاً خلال الـ14 شهراً الفائتة" (a tally over months): no one happening
                hits = [h for h in hits if h.entry.plover not in CORE_TYPES]
            found_cues = sentence_cues(sentence.tokens, doc.text, self._cues) if hits else None
            taking_part = _taking_part(sentence) if hits else []
            segments = [_segment(sentence, h.span) for h in hits]
            claimed = {t.span for t in times for seg in segments if seg.contains(t.span)}
            for index, hit in enumerate(hits):
                entry = hit.entry
                segment = _segment(sentence, hit.span)
                clause_end = min(_clause_end(hits, index, sentence), max(segment.end, hit.span.end))
                status = decide_status(
                    sentence.tokens, hit.token_index, doc.text, self._cues, future=hit.future, found=found_cues
                )
                purpose = _purpose_lam(doc.text, sentence, hit)
                if status.status == "asserted" and purpose is not None:
                    status = StatusDecision("hypothetical", purpose)  # "لشن عملية عسكرية": what it is for
                args = choose_arguments(
                    text=doc.text,
                    tokens=sentence.tokens,
                    trigger_start=hit.span.start,
                    trigger_end=hit.span.end,
                    is_verb=entry.pos == "verb",
                    mode=entry.mode,
                    trigger_norm=sentence.tokens[hit.token_index].norm,
                    actors=arg_actors,
                    clause_end=clause_end,
                    previous_agent=previous_agent,
                    coordinated_agent=_coordinated_agent(sentence, hit, sentence_events),
                    patient_end=_clause_end(hits, index, sentence),
                    pronoun_patient=_pronoun_antecedent(hit, sentence_events, arg_actors),
                    patient_allowed=entry.plover not in _NO_PATIENT,
                )
                if entry.plover in _VICTIM_TYPES and args.actor1 is not None and _victim_like(args.actor1):
                    # civilians, and people the dictionaries do not know (a killed man's name), are who
                    # is attacked or arrested; an attacker is named as a group
                    args = dataclasses.replace(args, actor1=None, actor2=args.actor2 or args.actor1)
                if _anaphoric_gunmen(args.actor1) and previous_agent is not None and _named_armed(previous_agent):
                    # "وعمل العناصر المسلحون على تفتيش السيارات": the gunmen already named in the report
                    args = dataclasses.replace(args, actor1=previous_agent, how="anaphor")
                adjective = _agent_adjective(doc.text, sentence, hit)
                if adjective is not None and args.how not in EXPLICIT_AGENT:
                    # "غارات روسية", "القصف التركي": the nationality after the act names who did it
                    patient = None if args.actor2 and args.actor2.actor_id == adjective.actor_id else args.actor2
                    args = dataclasses.replace(args, actor1=adjective, actor2=patient, how="adjective")
                if status.status == "alleged" and status.cue is not None:
                    accused = _accused(sentence_events, arg_actors, status.cue)
                    if accused is not None:
                        args = dataclasses.replace(args, actor1=accused, how="accused")
                place = _choose_place(places, hit.span, clause_end, doc.text) or last_place
                if place is None:  # nothing in Syria named so far: a place abroad (القائم العراقية)
                    place = next((p for p in places if p.place_id is not None), None)
                event_times = [t for t in times if t.span not in report_times] or times
                # a time in another trigger's segment dates that event ("التسوية ... عام 2018")
                own = [t for t in event_times if segment.contains(t.span) or t.span not in claimed]
                time = _choose_time(own, hit.span, segment, fallback=last_time)
                fatalities = None
                toll_evidence: Evidence | None = None
                if entry.plover == "ASSAULT" and tolls:
                    nearest = min(tolls, key=lambda t: abs(sentence.tokens[t[0]].span.start - hit.span.start))
                    fatalities = nearest[1].value
                    side = _toll_side(doc.text, nearest[1].span, arg_actors)
                    toll_evidence = Evidence(TOLL_SIDE, nearest[1].span, side.actor_id if side else None)
                base = EventType(
                    entry.plover, entry.mode, entry.acled_event_type, entry.acled_sub_event_type, entry.cameo
                )
                if entry.id in _TYPED_BY_WEAPON:
                    base = _typed_by_weapon(base, sentence, doc.text, segment, hit, self._cues)
                etype = refine_type(base, actor1=args.actor1, actor2=args.actor2, trigger_id=entry.id)
                confidence = 0.5 + (0.2 if args.actor1 else 0) + (0.15 if place else 0) + (0.1 if time else 0)
                if entry.ambiguous:
                    confidence -= 0.2
                evidence = [Evidence(METHOD_ID, hit.span, entry.id, confidence)]
                evidence.append(Evidence(f"events.arguments.v1:{args.how}", hit.span))
                if status.cue is not None:
                    evidence.append(Evidence("events.status.v1", status.cue))
                if time is not None and time.span in report_times:
                    evidence.append(Evidence(REPORT_TIME_METHOD, time.span))
                if time is not None and time not in times:
                    evidence.append(Evidence(CARRIED_TIME_METHOD, time.span))  # the date told before
                if place is not None and place not in places:
                    evidence.append(Evidence(CARRIED_PLACE_METHOD, place.span))  # the place told before
                if _is_instrument(doc.text, sentence, hit) and any(
                    e.type.plover == entry.plover for e in sentence_events
                ):
                    evidence.append(Evidence(INSTRUMENT, hit.span))
                if hit.token_index > 0 and _bare_norm(sentence.tokens[hit.token_index - 1].norm) in _TOLL_OF:
                    evidence.append(Evidence(TOLL_OF, hit.span))  # "قتلى الغارات": the toll of strikes told elsewhere
                if _says_another(sentence, hit) or _opens_with_also(sentence, hit, self._cues):
                    evidence.append(Evidence(ANOTHER, hit.span))
                elif _is_reference(sentence, hit):
                    evidence.append(Evidence(REFERENCE, hit.span))
                elif _definite_noun(sentence, hit) and args.how in _NO_OWN_AGENT:
                    evidence.append(Evidence(RETELLING, hit.span))
                if toll_evidence is not None:
                    evidence.append(toll_evidence)
                if _means_of_told_act(sentence):
                    evidence.append(Evidence(MEANS, hit.span))
                sentence_events.append(
                    Event(
                        assoc_actors=_associated(sentence, arg_actors, args.actor1, args.actor2, taking_part),
                        event_id=_event_id(doc.doc_id, hit.span, entry.plover),
                        type=etype,
                        status=status.status,
                        trigger=hit.span,
                        sentence=span,
                        actor1=args.actor1,
                        actor2=args.actor2,
                        location=place,
                        time=time,
                        fatalities=fatalities,
                        attribution=attribution,
                        confidence=max(0.05, min(confidence, 0.99)),
                        evidence=tuple(evidence),
                    )
                )
                if entry.plover in CORE_TYPES and place is not None and place in places:
                    # ACLED codes one event per location: "قصفت الطائرات قرى صبي وشيحا ومعدان"
                    base_event = sentence_events[-1]
                    for other in _coordinated_places(doc.text, places, place, clause_end):
                        sentence_events.append(
                            dataclasses.replace(
                                base_event,
                                event_id=f"{base_event.event_id}-{other.place_id}",
                                location=other,
                                fatalities=None,  # the toll is not split between the places
                                evidence=(*base_event.evidence, Evidence(COORDINATED_PLACE, other.span)),
                            )
                        )
                if args.actor1 is not None and status.status == "asserted":
                    previous_agent = args.actor1
            events.extend(sentence_events)
            if places:
                resolved = [p for p in places if p.place_id is not None and p.admin1_pcode]
                if resolved:
                    last_place = resolved[0]
            if times:
                last_time = times[-1]
        return dataclasses.replace(doc, events=tuple(detail_as_evidence(e, doc) for e in merge_events(events)))


def _pronoun_antecedent(hit: TriggerHit, previous: Sequence[Event], actors: Sequence[ActorRef]) -> ActorRef | None:
    """The antecedent of a pronoun attached to the trigger: the patient of the sentence's earlier
    event (التحقيق مع فراس ... تحميله مسؤولية), else the last actor named before the trigger."""
    if not hit.enclitic or hit.entry.plover not in _PERSON_OBJECT:
        return None
    for event in previous:
        if event.actor2 is not None:
            return event.actor2
    before = [a for a in actors if a.span.end <= hit.span.start]
    return before[-1] if before else None


def _accused(previous: Sequence[Event], actors: Sequence[ActorRef], cue: Span) -> ActorRef | None:
    """Who an allegation is about: the target of the accusation told before it in the sentence, else
    the last actor named before the cue ("اتهامه بالمشاركة في اغتيال" → the one accused)."""
    for event in previous:
        if event.type.plover == "ACCUSE" and event.actor2 is not None:
            return event.actor2
    before = [a for a in actors if a.span.end <= cue.start]
    return before[-1] if before else None


def _victim_like(actor: ActorRef) -> bool:
    return actor.bloc == "civilians" or (actor.actor_id is None and actor.evidence.resource_id is None)


_BETWEEN_PLACES = re.compile(
    r"(?<!\w)(?:بين|ما بين)\s+(?:(?:ال)?(?:مدينة|مدينه|بلدة|بلده|قرية|قريه|مدينتي|بلدتي|قريتي)\s+)?\Z"
)


def _coordinated_places(text: str, places: Sequence[PlaceRef], first: PlaceRef, clause_end: int) -> list[PlaceRef]:
    """Places listed after ``first`` with only و and commas between them ("صبي وشيحا ومعدان عتيق"),
    but not the two ends of a stretch ("على الطريق بين مدينة الميادين وبلدة محكان")."""
    if _BETWEEN_PLACES.search(text, max(0, first.span.start - 30), first.span.start):
        return []
    out: list[PlaceRef] = []
    previous = first
    for place in sorted((p for p in places if p.span.start > first.span.end), key=lambda p: p.span.start):
        if place.span.start >= clause_end or place.place_id is None or not place.admin1_pcode:
            break
        if (place.geo_precision or 3) > 2 or (first.geo_precision or 3) > 2:
            break  # a list of governorates is a summary (statistics), not a series of incidents
        if not _LIST_GLUE.match(text[previous.span.end : place.span.start]):
            break
        if place.place_id != first.place_id and all(place.place_id != o.place_id for o in out):
            out.append(place)
        previous = place
    return out


def _taking_part(sentence: Sentence) -> list[Token]:
    return [t for t in sentence.tokens if _bare_norm(t.norm) in _TAKING_PART]


def _associated(
    sentence: Sentence,
    actors: Sequence[ActorRef],
    actor1: ActorRef | None,
    actor2: ActorRef | None,
    cues: Sequence[Token],
) -> tuple[ActorRef, ...]:
    """Armed groups named as taking part beside actor1 ("شاركوا مع", "بمشاركة", "إلى جانب"); ``cues``
    are the sentence's taking-part words (:func:`_taking_part`)."""
    if actor1 is None or not cues:
        return ()
    # the clause of the cue and the one before it, where its subject often stands:
    # "عناصر من حزب الله العراقي وباقي الميليشيات، شاركوا مع ..."
    segments = [_segment(sentence, cue.span) for cue in cues]
    segments += [_segment(sentence, Span(seg.start - 2, seg.start - 2)) for seg in segments if seg.start - 2 >= 0]
    taken = {a.actor_id for a in (actor1, actor2) if a is not None}
    out: list[ActorRef] = []
    for actor in actors:
        if not any(seg.contains(actor.span) for seg in segments):
            continue  # only those named in the clause that says they took part
        if actor.inter in ARMED_INTER and actor.actor_id is not None and actor.actor_id not in taken:
            taken.add(actor.actor_id)
            out.append(actor)
    return tuple(out)


def _bare_norm(norm: str) -> str:
    return norm[1:] if len(norm) > 3 and norm[0] in "وفب" else norm


def _is_reference(sentence: Sentence, hit: TriggerHit) -> bool:
    token = sentence.tokens[hit.token_index]
    if hit.entry.pos == "phrase" or not token.proclitics.endswith("ال"):
        return False  # a verb entry read with the article is its verbal noun (القصف)
    before = sentence.tokens[hit.token_index - 1].norm if hit.token_index > 0 else ""
    after = sentence.tokens[hit.token_end].norm if hit.token_end < len(sentence.tokens) else ""
    if before == "عن" and hit.token_index > 1:
        # "الخسائر الناتجة عن القصف": what the act told before caused
        return _bare_norm(sentence.tokens[hit.token_index - 2].norm) in _RESULTING
    return before in _POINTING_BEFORE or _bare_norm(before) in _POINTING_BEFORE or after in _POINTING_AFTER


def _says_another(sentence: Sentence, hit: TriggerHit) -> bool:
    """ "حملة توقيف مماثلة", "غارة أخرى", "هجوم جديد": the text itself says this is a further happening."""
    following = sentence.tokens[hit.token_end : hit.token_end + 2]
    return any(_bare_norm(t.norm) in _ANOTHER for t in following)


def _opens_with_also(sentence: Sentence, hit: TriggerHit, cues: CueSets) -> bool:
    """ "ومساء اليوم نفسه أيضاً، انفجر لغم ...": a sentence that opens with "also" after its time tells a
    further happening (not "وقال المرصد أيضاً إن ...", where the source says more)."""
    for k, token in enumerate(sentence.tokens[: min(hit.token_index, 5)]):
        if _is_say(token.norm, cues):
            return False
        if k > 0 and _bare_norm(token.norm) in _ALSO:
            return True
    return False


def _definite_noun(sentence: Sentence, hit: TriggerHit) -> bool:
    return hit.entry.pos == "noun" and sentence.tokens[hit.token_index].proclitics.endswith("ال")


def _is_instrument(text: str, sentence: Sentence, hit: TriggerHit) -> bool:
    first = sentence.tokens[hit.token_index]
    return "ب" in text[first.span.start : hit.span.start]


def _drop_targets(sentence: Sentence, hits: Sequence[TriggerHit]) -> list[TriggerHit]:
    """A convoy or deployment named in an attack's clause is its target, not a move ("نفذوا كميناً
    استهدف رتلاً عسكرياً"); one named right before a verb trigger is its subject. Past a comma or a few
    words it is a move of its own ("... بالمضادات الأرضية، مشيراً إلى حالة من الاستنفار")."""
    out: list[TriggerHit] = []
    last_assault: TriggerHit | None = None
    for index, hit in enumerate(hits):
        if (
            last_assault is not None
            and hit.entry.plover == "MOBILIZE"
            and hit.entry.pos != "verb"
            and _same_clause(sentence, last_assault, hit)
        ):
            continue
        nxt = hits[index + 1] if index + 1 < len(hits) else None
        if (
            nxt is not None
            and hit.entry.plover == "MOBILIZE"
            and hit.entry.pos == "noun"
            and nxt.entry.pos == "verb"
            and nxt.token_index - hit.token_end <= 3
        ):
            continue  # "دورية تابعة للأسايش داهمت": the patrol is who raided, not a deployment
        if (
            nxt is not None
            and hit.entry.plover == "MOBILIZE"
            and hit.entry.pos == "noun"
            and hit.token_index > 0
            and _bare_norm(sentence.tokens[hit.token_index - 1].norm) in LAUNCH_VERBS
            and nxt.token_index - hit.token_end <= _TARGET_REACH
        ):
            continue  # "شنت دوريات من الأمن العسكري حملة اعتقالات": the patrols are who launched it
        if hit.entry.plover == "ASSAULT":
            last_assault = hit
        out.append(hit)
    return out


_TARGET_REACH = 6  # words from an attack to the force it targets ("استهدف رتلاً عسكرياً لقوات النظام")


def _same_clause(sentence: Sentence, first: TriggerHit, later: TriggerHit) -> bool:
    between = sentence.tokens[first.token_end : later.token_index]
    return len(between) <= _TARGET_REACH and not any(t.is_punct and t.norm not in ('"', "'") for t in between)


def _means_of_told_act(sentence: Sentence) -> bool:
    """The sentence opens with «وذلك عن طريق» / «وذلك من خلال»: it tells how the act before was done."""
    opening = tuple(t.norm for t in sentence.tokens[:3])
    return opening in _MEANS_OPENERS


def _told_hits(sentence: Sentence, hits: Sequence[TriggerHit], *, dated: bool) -> list[TriggerHit]:
    """The triggers that report a happening; one joined by و to a background trigger shares its frame
    ("تتعرض بشكل مستمر لهجمات ... وقصف جوي")."""
    out: list[TriggerHit] = []
    background = False
    for hit in hits:
        joined = background and sentence.tokens[hit.token_index].norm.startswith("و")
        background = joined or is_background(sentence, hit, dated=dated)
        if not background:
            out.append(hit)
    return out


def is_background(sentence: Sentence, hit: TriggerHit, *, dated: bool = False) -> bool:
    """Triggers that describe a state or an opinion rather than report a happening.

    A verb right after a relative pronoun characterises its head ("المدينة التي تسيطر عليها",
    "الميليشيات التي أسست بإشراف"); a noun after هي/هو/تعتبر is an assessment ("هي تهديد واضح").
    """
    nearby = sentence.tokens[max(0, hit.token_index - 6) : hit.token_end + 3]
    segment = _segment(sentence, hit.span)
    earlier = [t for t in sentence.tokens[: hit.token_index] if segment.start <= t.span.start]
    if any(t.norm in _HABITUAL or t.stem in _HABITUAL for t in (*nearby, *earlier)):
        return True
    around = [t for t in (*earlier, *nearby) if not t.is_punct]
    if any(a.norm in _MANNER and b.norm in _REPEATED_MANNER for a, b in itertools.pairwise(around)):
        return True  # "تتعرض بشكل مستمر لهجمات": what keeps happening, not one happening
    if not dated and _goes_on_doing(sentence, hit):
        return True  # "تستمر الميليشيا في تجنيد أبناء المنطقة": a practice, not a dated happening
    frame = [t for t in sentence.tokens[: hit.token_index] if t.norm in _HABITUAL_FRAME]
    reported = hit.entry.pos == "verb" and _is_past_verb(_bare_norm(sentence.tokens[hit.token_index].norm))
    if (
        frame
        and not reported
        and not any(
            t.span.start > frame[0].span.start and t.norm not in _HABITUAL_FRAME and _is_past_verb(t.norm)
            for t in earlier
        )
    ):
        return True  # "إذ تكثر فيه حوادث التفجير ... فضلاً عن الخطف": a list of what happens
    if _held_since(sentence, hit):
        return True  # "وتسيطر الفصائل منذ أيار على البلدة إثر هجوم شنته": how a held area was taken
    if hit.entry.id in _WEAPON_TRIGGERS and any(
        _bare_norm(t.norm) in _CARRYING for t in sentence.tokens[max(0, hit.token_index - 3) : hit.token_index]
    ):
        return True  # "طائرة مسيرة محملة بقنابل", "شحنة صواريخ": weapons carried, not used
    if hit.entry.id in _WEAPON_TRIGGERS and any(
        _bare_norm(t.norm) in _USED_IN
        for t in (*earlier, *sentence.tokens[max(0, hit.token_index - 6) : hit.token_index])
    ):
        return True  # "اشتباكات استخدم فيها المسلحون قذائف الهاون": the weapons of an act told beside them
    if hit.entry.plover == "MOBILIZE" and hit.entry.pos == "verb" and _is_stative(sentence, hit):
        return True  # "الميليشيا تتمركز في المنطقة": where a force is, not a move
    if hit.entry.plover == "MOBILIZE":
        following = sentence.tokens[hit.token_end : hit.token_end + 6]
        if any(t.norm in _MEDIA or t.stem in _MEDIA for t in following):
            return True  # "نشرت حسابات محلية مقاطع مصورة": publishing, not deploying
    before = [t for t in sentence.tokens[: hit.token_index] if not (t.is_punct and t.norm in ('"', "'"))]
    if not before:
        return False
    prev = before[-1].norm
    if hit.entry.pos != "noun":
        bare = prev[1:] if len(prev) > 3 and prev[0] in "وف" else prev
        trigger = sentence.tokens[hit.token_index].norm
        present = trigger[:1] in ("ي", "ت") and "سيطر" in trigger  # "تسيطر" is who holds an area, a state
        return prev in _RELATIVES or bare in _RELATIVES or present
    window = {t.norm for t in before[-2:]}
    return bool(window & _PREDICATIVE)


def _held_since(sentence: Sentence, hit: TriggerHit) -> bool:
    """A present-tense "holds/controls" with «منذ» before the trigger: the sentence tells a standing state
    and, after it, the past act it goes back to."""
    earlier = sentence.tokens[: hit.token_index]
    holds = [k for k, t in enumerate(earlier) if _bare_norm(t.norm)[:1] in ("ي", "ت") and "سيطر" in t.norm]
    return bool(holds) and any(_bare_norm(t.norm) == "منذ" for t in earlier[holds[0] + 1 :])


def _typed_by_weapon(
    base: EventType, sentence: Sentence, text: str, segment: Span, hit: TriggerHit, cues: CueSets
) -> EventType:
    """A generic attack word takes its mode from the weapon named in its clause (the nearest one);
    with none named, an attack told only as "استهدف/هاجم" is a direct one (ACLED: armed clash)."""
    if cues.weapon_modes is None:
        return base
    found = [
        m
        for m in cues.weapon_modes.find(sentence.tokens, text)
        if segment.start <= m.span.start < segment.end and not hit.span.contains(m.span)
    ]
    if not found:
        if hit.entry.id in _DIRECT_BY_DEFAULT:
            inside = [t for t in sentence.tokens if segment.start <= t.span.start < segment.end]
            if any(_bare_norm(t.norm) in _CIVILIAN_OBJECTS for t in inside):
                # "استهداف الفصيل المنازل": homes and markets targeted directly
                return EventType(base.plover, None, "Violence against civilians", "Attack", base.cameo)
            return EventType(base.plover, None, "Battles", "Armed clash", base.cameo)
        return base
    nearest = min(found, key=lambda m: abs(m.span.start - hit.span.start))
    mode = nearest.ids[0]
    event_type, sub_type = _WEAPON_TYPES[mode]
    return EventType(base.plover, mode, event_type, sub_type, base.cameo)


def _anaphoric_gunmen(actor: ActorRef | None) -> bool:
    """ "المسلحون", "المسلحين": definite unidentified gunmen point back to those the report named."""
    if actor is None or actor.actor_id not in _GUNMEN:
        return False  # aircraft ("الطيران الحربي") are not pointed back to a ground force
    first = actor.text.split()[0] if actor.text.split() else ""
    return first.startswith(("ال", "وال", "لل"))


def _named_armed(actor: ActorRef) -> bool:
    return actor.actor_id is not None and actor.bloc not in ("unidentified", None) and actor.inter in ARMED_INTER


def _purpose_lam(text: str, sentence: Sentence, hit: TriggerHit) -> Span | None:
    """The ل of purpose on a verbal noun ("يحشد لشن عملية", "أرسل تعزيزات لقتال داعش"): the act is
    intended, not reported; after تعرض, أدى, فتح the ل only links the noun (تعرضت لقصف، أدى لمقتل)."""
    if hit.entry.id in RESULT_TRIGGERS:
        return None
    token = sentence.tokens[hit.token_index]
    attached = text[token.span.start : hit.span.start]
    if hit.token_index > 0 and hit.entry.pos != "verb":
        launch = sentence.tokens[hit.token_index - 1]  # "لشن عملية عسكرية", "لتنفيذ هجوم"
        if launch.norm[:1] == "ل" and launch.norm[1:] in _LAUNCH:
            return Span(launch.span.start, launch.span.start + 1)
    if not (attached.endswith("ل") and len(attached) <= 2) and not attached.endswith("لل"):
        return None
    before = [t.norm for t in sentence.tokens[max(0, hit.token_index - 4) : hit.token_index]]
    if any(_bare_norm(b) in _LAM_LINKS or b in _LAM_LINKS for b in before):
        return None  # "ثم فتح الجنود لنيران رشاشاتهم", "ما أدى لمقتل"
    reach = sentence.tokens[max(0, hit.token_index - 12) : hit.token_index]
    if any(_bare_norm(t.norm).startswith(("تعرض", "يتعرض", "تتعرض")) for t in reach):
        return None  # "تعرض المطار في ريف اللاذقية لقصف"
    return Span(hit.span.start - 1, hit.span.start)


def _agent_adjective(text: str, sentence: Sentence, hit: TriggerHit) -> ActorRef | None:
    if hit.token_end >= len(sentence.tokens):  # a verb form read as its verbal noun too: "لقصف إسرائيلي"
        return None
    token = sentence.tokens[hit.token_end]
    entry = get_actors().by_agent_adjective(token.norm)
    if entry is None:
        return None
    evidence = Evidence(ADJECTIVE_METHOD, token.span, entry.id)
    return ActorRef(
        token.span, text[token.span.start : token.span.end], entry.id, entry.name_en, entry.inter, entry.bloc, evidence
    )


def _goes_on_doing(sentence: Sentence, hit: TriggerHit) -> bool:
    """ "تستمر في التجنيد", "يواصل ب...": a present "go on doing" verb with في/ب governs the trigger."""
    window = sentence.tokens[max(0, hit.token_index - 3) : hit.token_index + 1]
    for k, tok in enumerate(window[:-1]):
        if _bare_norm(tok.norm) in _GO_ON:
            nxt = window[k + 1]
            return nxt.norm in ("في", "ب") or (nxt.norm.startswith("ب") and nxt is window[-1])
    return False


def _is_past_verb(norm: str) -> bool:
    """A rough test for a finite past verb that moves a sentence from description to report."""
    if norm.startswith(("ت", "ي", "ال")) or norm.endswith("ات") or len(norm) < 4:
        return False  # a present tense, a definite noun, a feminine plural (عمليات)
    return norm.endswith(("ت", "وا"))


def _is_stative(sentence: Sentence, hit: TriggerHit) -> bool:
    norm = _bare_norm(sentence.tokens[hit.token_index].norm)
    return norm[:1] in ("ي", "ت") and any(stem in norm[1:] for stem in _STATIVE_STEMS)


def _coordinated_agent(sentence: Sentence, hit: TriggerHit, previous: Sequence[Event]) -> ActorRef | None:
    """The agent of the previous trigger when this one is joined to it by و (انسحاب ... وتسليمها)."""
    if not previous or not sentence.tokens[hit.token_index].norm.startswith("و"):
        return None
    return previous[-1].actor1


def _toll_side(text: str, toll: Span, actors: Sequence[ActorRef]) -> ActorRef | None:
    """Whose dead a toll counts: the group named right after it («مقتل 11 عنصراً من التنظيم»)."""
    for actor in actors:
        if toll.end <= actor.span.start <= toll.end + _SIDE_REACH and _OF_SIDE.match(text, toll.end, actor.span.start):
            return actor
    return None
