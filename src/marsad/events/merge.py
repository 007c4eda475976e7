"""One happening told twice becomes one event: the merging step of the event stage.

Reads the marks the stage put on each telling (:mod:`marsad.events.marks`) and decides which tellings
are the same happening (:func:`merge_events`), what the merged event keeps (:func:`_combine`) and which
telling is its evidence (:func:`detail_as_evidence`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from marsad.events.marks import (
    ANOTHER,
    ARMED_INTER,
    BETWEEN_METHOD,
    CARRIED_PLACE_METHOD,
    CARRIED_TIME_METHOD,
    CORE_TYPES,
    DIRECT_AGENT,
    DISTINCT_SUBTYPES,
    EFFECT_TRIGGERS,
    INSTRUMENT,
    MEANS,
    METHOD_ID,
    REFERENCE,
    REPORT_TIME_METHOD,
    RESULT_TRIGGERS,
    RETELLING,
    TOLL_OF,
    TOLL_SIDE,
    has,
)
from marsad.knowledge.actors import ActorDictionary, get_actors
from marsad.model import ActorRef, Document, Event, PlaceRef, Span
from marsad.text.normalize import key_set, normalize_key


def merge_events(events: Sequence[Event]) -> list[Event]:
    """One happening told twice becomes one event (a second prediction of it would be noise).

    Core (material) events of one type and status merge when nothing tells them apart: within a
    sentence, when they name no different place or date ("قتل عشرة عناصر ... في هجوم لداعش");
    across sentences (a lead and its detail, a later toll), when they also share an actor or one
    names none. Two different specific places, or two different dates, always stay apart; two acts
    whose agents are both read off their own words and differ stay apart. The first telling stays the
    evidence (but see :func:`detail_as_evidence`) and later ones add what it lacks (on the gold dev set
    this matched the annotators' choice of sentence more often than ranking tellings by the fields
    they fill).
    """
    merged: list[Event] = []
    pointed: dict[Span, int] = {}  # a sentence whose reference joined an earlier telling -> that telling
    for event in events:
        back = pointed.get(event.sentence)
        if back is not None and _is_result(event) and merged[back].type.plover == event.type.plover:
            # "وخلال الهجوم قتل ثلاثة": the toll beside a reference belongs to the telling it points to
            merged[back] = _absorb(merged[back], event)
            continue
        if has(event, MEANS) and event.type.plover in CORE_TYPES:
            # "وذلك عن طريق مداهمة الأسواق ونصب حواجز": how the act told before was done, not another act
            told = next((m for m in reversed(merged) if m.type.plover in CORE_TYPES and m.status == "asserted"), None)
            if told is not None:
                index = merged.index(told)
                merged[index] = _absorb(told, event)
                continue
        target = next((m for m in merged if _same_happening(m, event)), None)
        if target is None and has(event, REFERENCE):
            target = next(
                (
                    m
                    for m in reversed(merged)
                    if m.type.plover == event.type.plover and m.status == event.status and _times_compatible(m, event)
                ),
                None,
            )
            if target is not None:  # a reference adds nothing of its own but a toll: the earlier telling stays
                index = merged.index(target)
                merged[index] = _absorb(target, event)
                pointed[event.sentence] = index
                continue
        if target is None:
            merged.append(event)
            continue
        index = merged.index(target)
        merged[index] = _combine(target, event)
    return merged


def _absorb(told: Event, pointer: Event) -> Event:
    """A telling that points back (a reference, a toll beside one, the means of the act) adds what it
    says (a toll, a date, its evidence) but not its own actors or place to the act told before."""
    return _combine(told, dataclasses.replace(pointer, actor1=None, actor2=None, location=None))


def _is_result(event: Event) -> bool:
    """A toll (مقتل، قتل) or an explosion no one is named for: what an act caused or how it was
    heard, not an act of its own when one is told beside it."""
    if not event.evidence:
        return False
    trigger = event.evidence[0].resource_id
    if trigger in RESULT_TRIGGERS or (trigger in EFFECT_TRIGGERS and event.actor1 is None):
        return True
    return any(e.method == TOLL_OF and e.span == event.trigger for e in event.evidence)


_EARLIER_TOLL = key_set({"سابقه", "اوليه", "سابق", "اولي"})  # "حصيلة سابقة": superseded


def detail_as_evidence(event: Event, doc: Document) -> Event:
    """A happening told twice is evidenced by its most informative telling: the first one, except
    a summary bullet («• تجددت الاشتباكات»), which gives way to the first telling in the body, and a
    lead (the report's first sentence) that counts no one, which gives way to a later telling that
    counts people («يضم اللواء 300 مقاتل») unless that count is a superseded toll («حصيلة سابقة»)."""
    bullet = _is_bullet(doc.text, event.sentence)
    lead = bool(doc.sentences) and event.sentence == doc.sentences[0].span
    if not (bullet or lead):
        return event
    if not bullet and _counts_people([t.norm for t in doc.sentences[0].tokens]):
        return event  # the lead counts people itself
    pointing = {e.span for e in event.evidence if e.method in (RETELLING, REFERENCE, TOLL_OF)}
    for ev in event.evidence[1:]:
        if ev.method != METHOD_ID or event.sentence.contains(ev.span):
            continue
        if ev.span in pointing or ev.resource_id in RESULT_TRIGGERS:
            continue  # "وذكر ناشطون أن الاشتباكات خلفت 13 قتيلاً": the toll of the act told, not a fuller telling
        sentence = doc.sentence_at(ev.span.start)
        if sentence is None or _is_bullet(doc.text, sentence.span):
            continue
        norms = [t.norm for t in sentence.tokens]
        if bullet or (_counts_people(norms) and not any(n in _EARLIER_TOLL for n in norms)):
            return dataclasses.replace(event, trigger=ev.span, sentence=sentence.span)
    return event


def _counts_people(norms: Sequence[str]) -> bool:
    """A number in digits among the words («50 عنصراً», «و16»)."""
    return any(n.removeprefix("و").isdigit() for n in norms)


def _is_bullet(text: str, sentence: Span) -> bool:
    """A line of a summary list: it starts with a bullet mark."""
    line_start = text.rfind("\n", 0, sentence.start) + 1
    return text[line_start : sentence.start + 1].lstrip()[:1] in _BULLETS


_BULLETS = frozenset("•●▪◦*-–")


def _combine(target: Event, other: Event) -> Event:
    if _is_result(target) and not _is_result(other):
        target, other = other, target  # the act, not its toll, carries the type and the trigger
    actor1, actor2 = target.actor1 or other.actor1, target.actor2 or other.actor2
    if other.actor1 is not None and _direct_agent(other) and not _direct_agent(target):
        actor1 = other.actor1  # "هجمات نفذها مسلحو داعش": the agent read off the words wins
    elif _initiator(target, other) is not None:
        # "اشتباكات بين X و Y ... نتيجة هجوم Y": the side whose attack started the clash acts
        actor1, actor2 = other.actor1, target.actor1
    if (
        actor1 is not None
        and _vague(actor1)
        and other.actor1 is not None
        and not _vague(other.actor1)
        and (_direct_agent(other) or not (actor1.actor_id is None or actor1.bloc == "unidentified"))
    ):
        # "اقتتال بين فصائل" told again as "بين هيئة تحرير الشام و...": the name wins; an attacker the text
        # calls unknown («طائرة مجهولة») gives way only to a name read off another telling's own words
        actor1 = other.actor1
    if actor1 is not None and actor2 is not None and actor1.actor_id is not None and actor1.actor_id == actor2.actor_id:
        # one side named as both: the victims of a toll outrank an agent guessed from earlier words
        if _direct_agent(target) or _direct_agent(other):
            actor2 = None
        else:
            actor1 = None
    swapped = other.actor1 is not None and actor1 is not None and other.actor1.actor_id != actor1.actor_id
    if actor2 is None and swapped:
        actor2 = other.actor1  # "اشتباكات بين X و Y" told twice with the sides swapped
    assoc = (*target.assoc_actors, *(a for a in other.assoc_actors if a.actor_id not in _ids(target)))
    for extra in (other.actor1, other.actor2):  # a side the other telling names and this one does not
        known = _ids(target) | {a.actor_id for a in assoc}
        if (
            extra is not None
            and extra.actor_id is not None
            and extra.actor_id not in known
            and extra is not actor2
            and extra.inter in ARMED_INTER  # civilians killed are victims, not a side taking part
        ):
            assoc = (*assoc, extra)
    return dataclasses.replace(
        target,
        assoc_actors=tuple(a for a in assoc if a.actor_id not in {x.actor_id for x in (actor1, actor2) if x}),
        actor1=actor1,
        actor2=actor2,
        location=_merged_place(target, other),
        time=target.time or other.time,
        fatalities=_merged_fatalities(target, other),
        attribution=target.attribution or other.attribution,
        confidence=max(target.confidence, other.confidence),
        evidence=(*target.evidence, *other.evidence),
    )


def _merged_fatalities(target: Event, other: Event) -> int | None:
    """The larger toll of two tellings, or their sum when each counts the dead of a different side
    («مقتل 26 عنصراً من قوات النظام» ... «مقتل 11 عنصراً من التنظيم»: 37)."""
    if target.fatalities is None or other.fatalities is None:
        return target.fatalities if other.fatalities is None else other.fatalities
    sides_t = _toll_sides(target)
    sides_o = _toll_sides(other)
    if sides_t and sides_o and None not in sides_t | sides_o and sides_t.isdisjoint(sides_o):
        return target.fatalities + other.fatalities
    return max(target.fatalities, other.fatalities)


def _toll_sides(event: Event) -> set[str | None]:
    return {e.resource_id for e in event.evidence if e.method == TOLL_SIDE}


def _initiator(target: Event, other: Event) -> ActorRef | None:
    """The agent of an attack told beside a clash "between" two sides, when it is one of them."""
    if not has(target, BETWEEN_METHOD) or other.actor1 is None or has(other, BETWEEN_METHOD):
        return None
    if not _direct_agent(other) or target.actor1 is None or _same_actor(target.actor1, other.actor1):
        return None
    return other.actor1 if _same_actor(target.actor2, other.actor1) else None


def _same_actor(a: ActorRef | None, b: ActorRef | None) -> bool:
    return a is not None and b is not None and a.actor_id is not None and a.actor_id == b.actor_id


def _ids(event: Event) -> set[str | None]:
    return {a.actor_id for a in (event.actor1, event.actor2, *event.assoc_actors) if a is not None}


def _merged_place(target: Event, other: Event) -> PlaceRef | None:
    """The finer of the two places, but a place only carried over from an earlier sentence never
    replaces one the telling names itself."""
    own_t, own_o = _own_place(target), _own_place(other)
    if own_t and not own_o:
        return target.location
    if own_o and not own_t:
        return other.location
    return _finer(target.location, other.location)


def _told_place(event: Event) -> PlaceRef | None:
    """The place a telling names itself: one carried over from an earlier sentence tells nothing apart."""
    return event.location if _own_place(event) else None


def _own_place(event: Event) -> bool:
    if event.location is None:
        return False
    span = event.location.span
    return not any(e.method == CARRIED_PLACE_METHOD and e.span == span for e in event.evidence)


def _finer(a: PlaceRef | None, b: PlaceRef | None) -> PlaceRef | None:
    if a is None or b is None:
        return a or b
    return b if (b.geo_precision or 9) < (a.geo_precision or 9) else a


def _time_key(event: Event) -> str | None:
    if event.time is None or any(e.method == REPORT_TIME_METHOD for e in event.evidence):
        return None  # the date of the report says little about which happening it is
    if any(e.method == CARRIED_TIME_METHOD and e.span == event.time.span for e in event.evidence):
        return None  # a date carried over from an earlier sentence does not tell this happening apart
    if event.time.value is not None:
        return event.time.value.isoformat()
    rule = event.time.evidence.resource_id or ""
    if rule.startswith("vague") or rule.endswith(":vague"):
        return None  # "مؤخراً", "قبل عدة أيام": no date to tell two happenings apart
    return "text:" + normalize_key(event.time.text)  # unresolved (no publication date): the same words or not


def _later_dated_otherwise(a: Event, b: Event) -> bool:
    """The later of the two (in the text) has a resolved day of its own, and the earlier one's day (its
    own or carried) is another. A lead dated by its own words and a body sentence dated only by the
    narrative before it stay one happening (the carried day may be an earlier step of the story)."""
    first, later = (a, b) if a.sentence.start <= b.sentence.start else (b, a)
    if later.time is None or later.time.value is None or first.time is None or first.time.value is None:
        return False
    if any(e.method in (CARRIED_TIME_METHOD, REPORT_TIME_METHOD) for e in later.evidence):
        return False
    return later.time.value != first.time.value


def _times_compatible(a: Event, b: Event) -> bool:
    key_a, key_b = _time_key(a), _time_key(b)
    if key_a is None or key_b is None or key_a == key_b:
        return True
    if key_a.startswith("text:") and key_b.startswith("text:"):
        # "فجر اليوم" and "فجر اليوم الثلاثاء" left unresolved: the same day, one told more fully
        words_a, words_b = set(key_a[5:].split()), set(key_b[5:].split())
        return words_a <= words_b or words_b <= words_a
    # "مساء أمس السبت" left unresolved (no publication date) may be the day another telling dates
    return key_a.startswith("text:") != key_b.startswith("text:")


def _places_compatible(a: PlaceRef | None, b: PlaceRef | None) -> bool:
    if a is None or b is None or a.place_id == b.place_id:
        return True
    if a.geo_precision == 1 and b.geo_precision == 1:
        return False  # two different towns or sites
    if a.admin2_pcode and b.admin2_pcode:
        return a.admin2_pcode == b.admin2_pcode
    return a.admin1_pcode is None or b.admin1_pcode is None or a.admin1_pcode == b.admin1_pcode


def _actor_ids(event: Event) -> set[str]:
    """Named actors of an event; unidentified ones ("طائرات مجهولة", "الطيران الحربي") could be anyone,
    and generic ones ("فصائل", "ميليشيات إيران") any of the groups they describe."""
    actors = get_actors()
    return {
        a.actor_id
        for a in (event.actor1, event.actor2)
        if a is not None and a.actor_id is not None and a.bloc != "unidentified" and not _is_generic(actors, a.actor_id)
    }


def _vague(actor: ActorRef | None) -> bool:
    """An actor only described (فصائل) or not named at all."""
    return actor is not None and (actor.actor_id is None or _is_generic(get_actors(), actor.actor_id))


def _is_generic(actors: ActorDictionary, actor_id: str) -> bool:
    try:
        return actors.is_generic(actor_id)
    except KeyError:
        return False  # an id from another dictionary ($MARSAD_ACTORS changed): treat it as named


def _same_happening(a: Event, b: Event) -> bool:
    if a.type.plover != b.type.plover or a.status != b.status:
        return False
    if a.type.plover not in CORE_TYPES:
        return False  # speech acts (accusations, visits, orders) told twice are separate acts
    if a.sentence != b.sentence and (has(a, ANOTHER) or has(b, ANOTHER)):
        return False  # "حملة اعتقالات أخرى في بلدة ثانية": said to be another one
    if not _times_compatible(a, b):
        return False
    if (
        not _places_compatible(a.location, b.location)
        and not (
            # raids no one is named for: a place carried over from an earlier sentence does not tell them apart
            _unknown_agent(a) and _unknown_agent(b) and _places_compatible(_told_place(a), _told_place(b))
        )
        and not _toll_named_no_place(a, b)
    ):
        return False
    if a.sentence == b.sentence and (has(b, INSTRUMENT) or _is_result(a) or _is_result(b)):
        return True  # the means of the act before it (بإطلاق النار عليه), or its toll (ما أدى إلى مقتل)
    # "الاشتباكات خلفت ...", "وامتدت الاشتباكات": the act told again, naming no one new
    retelling = has(a, RETELLING) or has(b, RETELLING)
    if _is_result(a) or _is_result(b):
        pass  # a death toll joins the act it results from
    elif (a.type.acled_sub_event_type in DISTINCT_SUBTYPES) != (b.type.acled_sub_event_type in DISTINCT_SUBTYPES):
        return False  # shooting a drone down is not the drone attack
    elif a.sentence != b.sentence and a.type.acled_sub_event_type != b.type.acled_sub_event_type:
        return False  # across sentences a strike and a clash are different happenings
    modes_differ = a.type.plover_mode and b.type.plover_mode and a.type.plover_mode != b.type.plover_mode
    if modes_differ and not (_is_result(a) or _is_result(b)):
        return False
    if a.sentence == b.sentence and _different_agents(a, b):
        return False  # "غارات روسية ... بينما قتل مدنيان في قصف مدفعي لقوات النظام": two attackers, two acts
    if a.sentence == b.sentence or retelling:
        return True
    if _later_dated_otherwise(a, b):
        return False  # "والإثنين 11 آذار، قتل ...": a later telling dated a day of its own is another happening
    if _unknown_agent(a) and _unknown_agent(b) and a.type.acled_sub_event_type == b.type.acled_sub_event_type:
        return True  # "طائرات مجهولة" over one town on one night: one raid, whichever target each source names
    ids_a, ids_b = _actor_ids(a), _actor_ids(b)
    return not ids_a or not ids_b or bool(ids_a & ids_b)


def _toll_named_no_place(a: Event, b: Event) -> bool:
    """A toll beside the act in its sentence whose place is only one named before it («استهدفت ... على
    الطريق بين الميادين وبلدة محكان، ما أدى إلى مقتل ثلاثة»): the place does not tell them apart."""
    if a.sentence != b.sentence:
        return False
    for toll in (a, b):
        if _is_result(toll) and (toll.location is None or toll.location.span.end <= toll.trigger.start):
            return True
    return False


def _different_agents(a: Event, b: Event) -> bool:
    if _unknown_agent(a) or _unknown_agent(b):
        return False
    assert a.actor1 is not None and b.actor1 is not None
    if _initiator(a, b) is not None or _initiator(b, a) is not None:
        return False  # the clash "between" two sides and the attack of one of them that started it
    return a.actor1.actor_id != b.actor1.actor_id and _direct_agent(a) and _direct_agent(b)


def _direct_agent(event: Event) -> bool:
    return any(has(event, f"events.arguments.v1:{how}") for how in DIRECT_AGENT)


def _unknown_agent(event: Event) -> bool:
    return event.actor1 is None or event.actor1.actor_id is None or event.actor1.bloc == "unidentified"
