"""Event status: asserted, negated («بعدم تنفيذ أي غارة»), hypothetical («في حال حدوث
اشتباكات», «ستشن»), or alleged (the content of an accusation, «اتهامه بالمشاركة في اغتيال»).

Cues are looked for in the clause before the trigger: negation particles within a few words,
a denial verb (نفى) anywhere before it, modality and allegation cues up to a clause boundary.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from marsad.events.cues import CueSets
from marsad.model import EventStatus, Span, Token
from marsad.text.matcher import Match
from marsad.text.normalize import key_set

METHOD_ID = "events.status.v1"

NEGATION_WINDOW = 3
_EXPECTED = frozenset(
    {
        "مرتقبه",
        "مرتقب",
        "محتمله",
        "محتمل",
        "وشيكه",
        "وشيك",
        "متوقعه",
        "متوقع",
        "مزمعه",
        "مزمع",
        "مفترضه",
        "مفترض",
        "مقبله",
        "مقبل",
        "قادمه",
    }
)
_LIGHT = frozenset({"اي", "من", "في", "على", "عن", "الى", "يتم", "تتم", "تم", "هناك", "قد", "بعد", "اليوم", "امس"})
# Verbs that only carry the event noun after them: شن غارة، نفذ هجوما، وقع انفجار، سجل قصف
_LIGHT_STEMS = ("شن", "نفذ", "تنفيذ", "وقع", "وقوع", "حدث", "حدوث", "سجل", "تسجيل", "جر", "اجراء", "شهد", "يحصل", "حصل")
CLAUSE_WINDOW = 8
_CLAUSE_BREAKS = key_set({".", "!", "?", ";", "؛", ":"})
# Particles that end the reach of a cue: a new main clause starts after them.
_CLAUSE_WORDS = key_set({"ثم", "بينما", "فيما", "لكن", "ولكن", "الا", "غير"})


@dataclass(frozen=True, slots=True)
class StatusDecision:
    status: EventStatus
    cue: Span | None


def _window(tokens: Sequence[Token], k: int, size: int, *, breaks: frozenset[str] = _CLAUSE_BREAKS) -> list[Token]:
    out: list[Token] = []
    for tok in reversed(tokens[max(0, k - size) : k]):
        if tok.is_punct and tok.norm in breaks:
            break
        out.append(tok)
    out.reverse()
    return out


def _light(tok: Token) -> bool:
    """Words a negation reaches through to the event: light verbs (شن، نفذ، يقع) and particles."""
    norm = _bare(tok.norm)
    return tok.is_punct or norm in _LIGHT or any(norm.endswith(stem) for stem in _LIGHT_STEMS)


def _bare(norm: str) -> str:
    return norm[1:] if len(norm) > 2 and norm[0] in "وف" else norm


@dataclass(frozen=True, slots=True)
class SentenceCues:
    """Allegation and modality cues of one sentence, found once and shared by its triggers."""

    allegation: tuple[Match, ...]
    modality: tuple[Match, ...]


def sentence_cues(tokens: Sequence[Token], text: str, cues: CueSets) -> SentenceCues:
    return SentenceCues(tuple(cues.allegation.find(tokens, text)), tuple(cues.modality.find(tokens, text)))


def decide_status(
    tokens: Sequence[Token],
    k: int,
    text: str,
    cues: CueSets,
    *,
    future: bool = False,
    found: SentenceCues | None = None,
) -> StatusDecision:
    """The status of an event whose trigger is ``tokens[k]``; ``future``: it carried the prefix س."""
    trigger = tokens[k]
    # "أي غارة" (any strike) only occurs under a negation or a condition: look further back for it
    any_before = k > 0 and tokens[k - 1].norm == "اي"
    near = _window(tokens, k, CLAUSE_WINDOW if any_before else NEGATION_WINDOW)
    if k > 0 and not tokens[k - 1].is_punct and _bare(tokens[k - 1].norm) in cues.negation_adjacent | cues.negation:
        return StatusDecision("negated", tokens[k - 1].span)
    for i, tok in enumerate(reversed(near)):
        if tok.is_punct:
            break
        if tok.norm in cues.negation or _bare(tok.norm) in cues.negation:
            between = near[len(near) - i : len(near)]
            # "لم تشن أي غارة" negates the strike; "لم تعرف أسباب الاعتقال" negates the knowing
            if any_before or all(_light(t) for t in between):
                return StatusDecision("negated", tok.span)
            break
    clause = _window(tokens, k, CLAUSE_WINDOW * 3)
    for tok in clause:
        if tok.norm in cues.negation_verbs or _bare(tok.norm) in cues.negation_verbs:
            return StatusDecision("negated", tok.span)
    reach = _window(tokens, k, CLAUSE_WINDOW, breaks=_CLAUSE_BREAKS | {","})
    cut = 0
    for i, tok in enumerate(reach):
        if _bare(tok.norm) in _CLAUSE_WORDS or tok.norm in _CLAUSE_WORDS:
            cut = i + 1
    reach = reach[cut:]
    if reach:
        start, end = reach[0].span.start, trigger.span.end
        if found is None:
            found = sentence_cues([*reach, trigger], text, cues)
        for m in found.allegation:
            if m.span.end <= trigger.span.start and start <= m.span.start < end:
                return StatusDecision("alleged", m.span)
        for m in found.modality:
            if start <= m.span.start and (m.span.end <= trigger.span.start or m.span == trigger.span):
                return StatusDecision("hypothetical", m.span)
    if future:
        return StatusDecision("hypothetical", Span(trigger.span.start, trigger.span.start + 1))
    for tok in tokens[k + 1 : k + 3]:  # "عملية عسكرية مرتقبة": an expected operation
        if tok.norm in _EXPECTED:
            return StatusDecision("hypothetical", tok.span)
    # قد before an imperfect verb is "may" (قد تشن); before a perfect verb it asserts (قد شنت)
    if k > 0 and tokens[k - 1].norm == "قد" and trigger.norm[:1] in ("ي", "ت", "ن"):
        return StatusDecision("hypothetical", tokens[k - 1].span)
    for tok in near:
        if tok.norm == "سوف":
            return StatusDecision("hypothetical", tok.span)
    return StatusDecision("asserted", None)
