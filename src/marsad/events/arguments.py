"""Event arguments: actor1 (who acts) and actor2 (who is acted upon) from the actors in a sentence.

Arabic news is mostly verb–subject–object: the first actor after a verb trigger is its subject,
unless a patient marker stands before it (على، ضد، مواقع، سيارة ل...). For a verbal noun the
actor in its genitive is the agent («انسحاب الفرقة 11», «هجوم لداعش»), except for nouns whose
genitive is the patient (اعتقال، استهداف، مقتل) or when it is civilians. «قيام X بـ...»,
«من قبل X», «على يد X» name the agent. With no actor in the clause the subject is the nearest
actor before the trigger, else the previous event's agent (pronouns, «الميليشيا ذاتها»).
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass

from marsad.model import ActorRef, Span, Token
from marsad.text.normalize import key_set

METHOD_ID = "events.arguments.v1"

_PATIENT_MARKERS = key_set(
    {
        "على",
        "ضد",
        "مواقع",
        "موقع",
        "مقر",
        "مقرات",
        "نقطه",
        "نقاط",
        "سياره",
        "سيارات",
        "دوريه",
        "دوريات",
        "رتل",
        "ارتال",
        "حاجز",
        "حواجز",
        "مع",
        "منازل",
        "منزل",
        "بحق",
        "تجاه",
        "نحو",
        "استهداف",
        "عناصر",
        "عنصر",
        "قائد",
        "قياديا",
        "قيادي",
        "صفوف",
        "تحركات",
        "اماكن",
        "تجمعات",
        "تجمع",
        "مستودع",
        "مستودعات",
    }
)
# "الفرقة 11 التابعة لقوات النظام": an affiliation describes the actor before it, it is no argument
_AFFILIATION = key_set(
    {
        "التابعه",
        "التابع",
        "التابعين",
        "التابعون",
        "المواليه",
        "الموالي",
        "الموالين",
        "المدعومه",
        "المدعوم",
        "المحسوب",
        "المحسوبه",
        "المقربه",
        "المقرب",
    }
)
# indefinite heads take them indefinite ("فصائل تابعة للاحتلال التركي"); then only when the head is an
# actor: "دورية تابعة للأسايش داهمت" (the Asayish raided), "سيارة تابعة لميليشيا" (the militia's car was hit)
_AFFILIATION_INDEFINITE = key_set(
    {"تابعه", "تابع", "تابعين", "مواليه", "موالي", "موالين", "مدعومه", "مدعوم", "محسوبه", "مقربه"}
)
_CONTROL = key_set({"سيطره", "نفوذ", "قبضه"})
_ARMED = frozenset({1, 2, 3, 4, 8})
# verbs whose object is the act (شنت X حملة اعتقالات، نفذ X هجوماً، أحضرت X مؤازرة): their subject is its agent
LAUNCH_VERBS = key_set(
    {"شن", "شنت", "شنوا", "تشن", "يشن", "نفذ", "نفذت", "نفذوا", "تنفذ", "ينفذ", "اطلق", "اطلقت", "اطلقوا"}
)
_LIGHT_VERBS = LAUNCH_VERBS | key_set(
    {"احضر", "احضرت", "احضروا", "جلب", "جلبت", "جلبوا", "ارسل", "ارسلت", "ارسلوا", "استقدم", "استقدمت"}
)
_ALONGSIDE = key_set({"بمشاركه", "مشاركه", "جانب", "بمساندة", "بمسانده", "بمؤازره", "برفقه"})
_EXPOSED_REACH = 12
_EXPOSED = key_set({"تعرض", "تعرضت", "يتعرض", "تتعرض", "تعرضوا", "تعرضا", "تعرضتا", "يتعرضون"})
_CONTROL_HEADS = key_set({"الخاضعه", "الخاضع", "الخاضعين", "تحت", "مناطق", "منطقه", "ضمن", "خاضعه", "خاضع"})
_RELATIVE_WORDS = key_set({"التي", "الذي", "الذين", "اللتين", "اللذين", "حيث"})
_BETWEEN = key_set({"بين"})
_RELATIVE_OPENER = re.compile(r"(?<!\w)(?:الذين|التي|الذي)\s")
_CLAUSE_STOP = re.compile(r"[،,.:؛]")


def _in_relative_clause(text: str, start: int) -> bool:
    """A relative pronoun opens the clause the position is in (no comma or stop between them)."""
    window = text[max(0, start - 120) : start]
    stops = [m.end() for m in _CLAUSE_STOP.finditer(window)]
    return _RELATIVE_OPENER.search(window, stops[-1] if stops else 0) is not None


_NAMED = key_set({"المدعو", "المدعوه", "المدعوين"})
_QIYAM = key_set({"قيام", "قام", "قامت", "قاموا", "يقوم", "تقوم"})
_AGENT_MARKERS = key_set({"قبل", "يد", "شنها", "نفذها", "شنته", "نفذه", "بواسطه", "قيام"})
# Verbal nouns whose genitive is the one acted upon (اعتقال شاب، استهداف سيارة، مقتل عنصر).
_PATIENT_GENITIVE_MODES = frozenset({"arrest", "abduct", "targeted", "seize", "release", "investigate"})
_PATIENT_GENITIVE_WORDS = key_set(
    {
        "مقتل",
        "اعتقال",
        "استهداف",
        "اغتيال",
        "اختطاف",
        "خطف",
        "اعدام",
        "احتجاز",
        "اطلاق",
        "الافراج",
        "تصفيه",
        "اصابه",
        "مصرع",
        "تعرض",
        "توقيف",
        "سوق",
    }
)
_CIVILIAN_BLOCS = frozenset({"civilians"})
# Triggers of giving: an actor with ل after them is the recipient (تسليمها لميليشيا القاطرجي).
_DATIVE_STEMS = ("تسليم", "سلم", "تقديم", "منح", "ارسال")


@dataclass(frozen=True, slots=True)
class Arguments:
    actor1: ActorRef | None
    actor2: ActorRef | None
    how: str


_ENDS: list[tuple[Sequence[Token], list[int]]] = []  # the last sentence's token ends (one entry)


def _tokens_before(tokens: Sequence[Token], start: int, reach: int) -> Sequence[Token]:
    """The ``reach`` tokens that end at or before ``start`` (tokens are in text order)."""
    if not _ENDS or _ENDS[0][0] is not tokens:
        _ENDS[:] = [(tokens, [t.span.end for t in tokens])]
    k = bisect.bisect_right(_ENDS[0][1], start)
    return tokens[max(0, k - reach) : k]


def _marker_before(tokens: Sequence[Token], start: int, markers: frozenset[str], reach: int = 2) -> bool:
    before = _tokens_before(tokens, start, reach)
    for tok in before:
        norm = tok.norm
        for key in (norm, norm[1:] if len(norm) > 2 and norm[0] in "وبل" else norm, tok.stem):
            if key in markers or (key.startswith("ال") and key[2:] in markers):
                return True
    return False


def _describes_actor_before(tokens: Sequence[Token], actors: Sequence[ActorRef], actor: ActorRef) -> bool:
    """ "فصائل سورية موالية لها", "فصائل تابعة للاحتلال": the actor after an indefinite affiliation says
    whose the actor before it is (that one, a word or two before the affiliation, is the argument)."""
    before = _tokens_before(tokens, actor.span.start, 3)
    if not before or not _marker_before(tokens, actor.span.start, _AFFILIATION_INDEFINITE, reach=1):
        return False
    head_zone = [t.span for t in before[:-1]]  # the one or two words before the affiliation word
    return any(other is not actor and any(z.start <= other.span.end - 1 < z.end for z in head_zone) for other in actors)


def _possessive_l(text: str, actor: ActorRef, *, anywhere: bool = False) -> bool:
    """The actor's word carries ل (لميليشيا، للنظام): of/belonging to (or to whom), not the subject."""
    start = actor.span.start
    if start > 0 and text[start - 1] == "ل" and (start < 2 or not text[start - 2].isalpha()):
        return True
    # للنظام: ل + article, the span starts at the article's lam
    return anywhere and text[start : start + 2] == "لل"


def _one_word_on(tokens: Sequence[Token], trigger_end: int, actor: ActorRef, is_verb: bool) -> bool:
    """ "هجوم جديد لتنظيم داعش", "قصف مدفعي لقوات النظام": after a verbal noun and one adjective, ل
    names the agent; after a verb, or further on, it names whose thing was hit (استهدف مواقع لقوات)."""
    between = [t for t in tokens if trigger_end <= t.span.start and t.span.end <= actor.span.start and not t.is_punct]
    return not is_verb and len(between) <= 1


def _under_control(tokens: Sequence[Token], actor: ActorRef) -> bool:
    """ "قرى خاضعة لسيطرة الفصيل", "تحت سيطرة الفصائل": who holds the place, not a party to the act."""
    before = [t for t in tokens if t.span.end <= actor.span.start][-2:]
    if len(before) < 2 or _bare(before[-1].norm) not in _CONTROL:
        return False
    return _bare(before[-2].norm) in _CONTROL_HEADS


def _exposed_to(tokens: Sequence[Token], trigger_start: int, verb: Token) -> bool:
    """The trigger is what تعرض is exposed to: «تعرضت القاعدة لهجوم», «تعرضت ... إلى استهداف»."""
    at = next((i for i, t in enumerate(tokens) if t.span.end > trigger_start), None)
    start = tokens.index(verb)
    if at is None or at - start > _EXPOSED_REACH:
        return False
    trigger = tokens[at]
    attached = trigger.text[: max(0, trigger_start - trigger.span.start)]  # the ل of لهجوم
    if attached.endswith("ل") or trigger.proclitics.startswith("ل"):
        return True
    return at > 0 and tokens[at - 1].norm == "الي"


def _subject_of_masdar(tokens: Sequence[Token], actor: ActorRef, actors: Sequence[ActorRef]) -> bool:
    """ "استهداف قوات سوريا الديمقراطية المنازلَ": an armed group in the genitive followed by a definite
    object is the one doing it (the verbal noun takes a subject and an object)."""
    if actor.inter not in _ARMED:
        return False
    nxt = next((t for t in tokens if t.span.start >= actor.span.end), None)
    if nxt is None or nxt.is_punct or not nxt.norm.startswith("ال") or len(nxt.norm) < 5:
        return False
    return not any(a.span.start <= nxt.span.start < a.span.end for a in actors)


def _in_brackets(text: str, actor: ActorRef) -> bool:
    opened = text.rfind("(", max(0, actor.span.start - 40), actor.span.start)
    if opened < 0 or ")" in text[opened : actor.span.start]:
        return False
    closed = text.find(")", actor.span.end, actor.span.end + 40)
    return closed >= 0 and "(" not in text[actor.span.end : closed]


def _bare(norm: str) -> str:
    return norm[1:] if len(norm) > 3 and norm[0] in "وبل" else norm


def _adjacent(text: str, end: int, start: int) -> bool:
    """Only spaces and quotation marks between two positions."""
    return end <= start and all(ch.isspace() or ch in "\"'”“«»" for ch in text[end:start])


# "هجوم لعناصر من تنظيم داعش": the group named after its members' noun in ل stands where that noun does
_MEMBERS = re.compile(
    r"(?<!\w)[وف]?ل(?P<head>عناصر|مسلحي|مقاتلي|أفراد|افراد|خلايا|خلية|خليه|مجموعة|مجموعه|مجموعات)"
    r"\s+(?:من\s+)?\Z"
)


def _read_members(text: str, actors: Sequence[ActorRef]) -> tuple[list[ActorRef], dict[int, ActorRef]]:
    """The actors as the clause reads them: a group named after its members' noun in ل («هجوم لعناصر من
    تنظيم داعش») stands where that noun does. Returns the actors to reason on and, for each stand-in, the
    actor it stands for."""
    members: dict[int, ActorRef] = {}
    viewed: list[ActorRef] = []
    for actor in actors:
        found = _MEMBERS.search(text, max(0, actor.span.start - 20), actor.span.start)
        if found is None or actor.bloc == "unidentified":  # "لعناصر ملثمين تابعين للهيئة": whose they are decides
            viewed.append(actor)
            continue
        shadow = dataclasses.replace(actor, span=Span(found.start("head"), actor.span.end))
        members[id(shadow)] = actor
        viewed.append(shadow)
    return viewed, members


def _named(members: dict[int, ActorRef], args: Arguments) -> Arguments:
    """The arguments with every stand-in of :func:`_read_members` replaced by the actor it stands for."""
    if not members:
        return args
    return Arguments(members.get(id(args.actor1), args.actor1), members.get(id(args.actor2), args.actor2), args.how)


def choose_arguments(
    *,
    text: str,
    tokens: Sequence[Token],
    trigger_start: int,
    trigger_end: int,
    is_verb: bool,
    mode: str | None,
    trigger_norm: str,
    actors: Sequence[ActorRef],
    clause_end: int,
    previous_agent: ActorRef | None,
    coordinated_agent: ActorRef | None = None,
    patient_end: int | None = None,
    pronoun_patient: ActorRef | None = None,
    patient_allowed: bool = True,
) -> Arguments:
    """Pick actor1/actor2 among ``actors`` (those of the sentence, in text order; a group named after its
    members' noun in ل is read at that noun's place, :func:`_read_members`).

    The agent is looked for up to ``clause_end`` (the comma segment); the patient up to
    ``patient_end`` (the next trigger), since an apposition after a comma («، المدعو X») still
    names it. ``pronoun_patient`` is the antecedent of a pronoun attached to the trigger (اتهامه).
    """
    read, members = _read_members(text, actors)
    actors = [
        a
        for a in read
        if not _marker_before(tokens, a.span.start, _AFFILIATION, reach=1)
        and not _describes_actor_before(tokens, read, a)
        and not _under_control(tokens, a)
        # "بمشاركة ميليشيا الدفاع الوطني", "إلى جانب حزب الله": taking part beside the agent (associated)
        and not _marker_before(tokens, a.span.start, _ALONGSIDE, reach=2)
        and not _in_brackets(text, a)  # "هيئة تحرير الشام (النصرة سابقاً)": another name of the one before
    ]
    after = [a for a in actors if trigger_end <= a.span.start < clause_end]
    patient_zone = [a for a in actors if trigger_end <= a.span.start < max(clause_end, patient_end or 0)]
    before = [a for a in actors if a.span.end <= trigger_start]
    exposed = [t for t in tokens if t.span.end <= trigger_start and _bare(t.norm) in _EXPOSED][-1:]
    exposed_patient: ActorRef | None = None
    if exposed and _exposed_to(tokens, trigger_start, exposed[0]):
        # "تعرض المطار لقصف": who is exposed to the act is acted upon, not acting
        targets = [a for a in actors if a.span.end <= trigger_start and a.span.start > exposed[-1].span.start]
        targets += [a for a in before if a.span.end <= exposed[-1].span.start]
        if targets:
            exposed_patient = targets[0] if targets[0].span.start > exposed[-1].span.start else targets[-1]
            before = [a for a in before if a is not exposed_patient]
    agent: ActorRef | None = None
    patient: ActorRef | None = None
    how = ""
    explicit = [a for a in after if _marker_before(tokens, a.span.start, _AGENT_MARKERS)]
    if explicit:
        agent, how = explicit[0], "agent-marker"
    # "اشتباكات ... بين X و Y": the two sides, even past a comma
    between = [a for a in patient_zone if _marker_before(tokens, a.span.start, _BETWEEN, reach=3)]
    if agent is None and between and not is_verb:
        sides = [a for a in patient_zone if a.span.start >= between[0].span.start]
        agent, how = sides[0], "between"
        if len(sides) > 1 and sides[1].actor_id != agent.actor_id:
            return _named(members, Arguments(agent, sides[1] if patient_allowed else None, how))
    # "قيام X بـ<trigger>" / "قام X بـ<trigger>": X is the agent
    qiyam = [a for a in before if _marker_before(tokens, a.span.start, _QIYAM, reach=3)]
    if agent is None and qiyam:
        agent, how = qiyam[0], "qiyam"
    # SVO: an actor right before a verb is its subject ("قيادة الجيش الروسي أمرت قاعدة حميميم")
    if agent is None and is_verb and before and _adjacent(text, before[-1].span.end, trigger_start):
        agent, how = before[-1], "subject-adjacent"
    dative = any(word in trigger_norm for word in _DATIVE_STEMS)
    patient_genitive = (not is_verb) and (
        (mode in _PATIENT_GENITIVE_MODES)
        or trigger_norm in _PATIENT_GENITIVE_WORDS
        or (trigger_norm[2:] if trigger_norm.startswith("ال") else trigger_norm) in _PATIENT_GENITIVE_WORDS
    )
    for actor in after:
        if actor is agent:
            continue
        is_patient = (
            (dative and _possessive_l(text, actor, anywhere=True))
            or _marker_before(tokens, actor.span.start, _PATIENT_MARKERS)
            or actor.bloc in _CIVILIAN_BLOCS
            or (
                _possessive_l(text, actor)
                and actor.span.start - trigger_end > 2
                and not _one_word_on(tokens, trigger_end, actor, is_verb)
            )
        )
        first_after = actor is after[0] and actor.span.start - trigger_end <= 3
        masdar_subject = patient_genitive and first_after and _subject_of_masdar(tokens, actor, actors)
        is_patient = is_patient and not masdar_subject
        in_relative = any(
            t.norm in _RELATIVE_WORDS for t in tokens if trigger_end <= t.span.start and t.span.end <= actor.span.start
        )
        genitive_patient = patient_genitive and first_after and not masdar_subject
        # "استهداف رتل لقوات النظام ومسلحين موالين لها": a name joined by و to the target is targeted too
        co_patient = patient is not None and text[patient.span.end : actor.span.start].strip() == "و"
        if agent is None and not is_patient and not in_relative and not genitive_patient and not co_patient:
            agent, how = actor, "subject-after" if is_verb else "genitive-agent"
        elif patient is None and actor is not agent:
            patient = actor
        if agent is not None and patient is not None:
            break
    if agent is None and coordinated_agent is not None:
        # "انسحاب الفرقة 11 ... وتسليمها": a coordinated trigger shares the agent of the one before
        agent, how = coordinated_agent, "coordinated"
    if agent is None and not is_verb and before:
        # "نفذت الهيئة، التي تضم فصائل عدة، حملة اعتقالات": the subject of the light verb whose
        # object the act is, not the last name of an apposition between them
        light = [t for t in tokens if t.span.end <= trigger_start and _bare(t.norm) in _LIGHT_VERBS][-1:]
        subject = [a for a in before if light and _adjacent(text, light[0].span.end, a.span.start)]
        if subject and subject[0] is not patient:
            agent, how = subject[0], "subject-after"
    if agent is None and before:
        # SVO headline style, or a subject named earlier in the sentence ("X استنفرت قواتها ورفعت ...")
        candidates = [a for a in before if a.bloc not in _CIVILIAN_BLOCS and a is not patient]
        # "المجمع الذي تتمركز فيه ميليشيا X، ما أسفر عن مقتل": who is stationed there describes the place
        candidates = [a for a in candidates if not _in_relative_clause(text, a.span.start)]
        if candidates:
            agent, how = candidates[-1], "subject-before"
    if agent is None and previous_agent is not None:
        agent, how = previous_agent, "previous-event"
    if not patient_allowed:
        return _named(members, Arguments(agent, None, how or "none"))
    named = [a for a in patient_zone if a is not agent and _marker_before(tokens, a.span.start, _NAMED, reach=2)]
    if named and (patient is None or patient.span.start < named[0].span.start):
        patient = named[0]  # "قائد ميليشيا X ... المدعو فراس": the person named is the one acted upon
    if pronoun_patient is not None and pronoun_patient is not agent:
        patient = pronoun_patient
    if exposed_patient is not None and exposed_patient is not agent:
        patient = exposed_patient
    if patient is None:
        rest = [a for a in patient_zone if a is not agent and a not in after]
        patient = rest[0] if rest else None
    if (
        patient is not None
        and agent is not None
        and patient.actor_id is not None
        and patient.actor_id == agent.actor_id
    ):
        patient = None
    return _named(members, Arguments(agent, patient, how or "none"))
