"""Short references to an actor named earlier: «الهيئة» after «هيئة تحرير الشام», «التنظيم» after
«تنظيم داعش», «الميليشيا ذاتها» after «ميليشيا الدفاع الوطني».

A definite head noun that no dictionary match covers is linked to the nearest earlier actor whose
name contains that noun. Only heads that name a kind of group are considered, so ordinary words
are never turned into actors.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from marsad.model import ActorRef, Document, Evidence, Span, Token
from marsad.text.normalize import normalize_key

METHOD_ID = "actors.coref.v1"

# definite head noun (matching form) → the word an antecedent's name must contain
_HEADS: dict[str, tuple[str, ...]] = {
    "الهييه": ("هييه",),
    "التنظيم": ("تنظيم", "داعش", "الدوله الاسلاميه"),
    "الميليشيا": ("ميليشيا", "مليشيا"),
    "المليشيا": ("ميليشيا", "مليشيا"),
    "الفصيل": ("فصيل",),
    "الحركه": ("حركه",),
    "الجبهه": ("جبهه",),
    "اللواء": ("لواء",),
    "الفرقه": ("فرقه",),
    "الجماعه": ("جماعه",),
    "الفيلق": ("فيلق",),
    "الكتيبه": ("كتيبه",),
}


def resolve_short_references(
    doc: Document, actors: Sequence[ActorRef], names_of: Callable[[str], Sequence[str]]
) -> list[ActorRef]:
    """ActorRefs for the short references in ``doc`` (``names_of(actor_id)``: its names, normalised)."""
    covered = [a.span for a in actors]
    resolved = sorted((a for a in actors if a.actor_id is not None), key=lambda a: a.span.start)
    found: list[ActorRef] = []
    for sentence in doc.sentences:
        for tok in sentence.tokens:
            head = _head(tok)
            if head is None or any(tok.span.overlaps(s) for s in covered):
                continue
            antecedent = _nearest(resolved, tok, _HEADS[head], names_of)
            if antecedent is None:
                continue
            start = tok.span.start + (len(tok.text) - len(tok.text.lstrip("وبلف")) if tok.norm != head else 0)
            span = Span(min(start, tok.span.end), tok.span.end)
            found.append(
                ActorRef(
                    span,
                    doc.text[span.start : span.end],
                    antecedent.actor_id,
                    antecedent.name_en,
                    antecedent.inter,
                    antecedent.bloc,
                    Evidence(METHOD_ID, span, resource_id=antecedent.actor_id),
                    (antecedent.actor_id,) if antecedent.actor_id else (),
                )
            )
    return found


def _head(tok: Token) -> str | None:
    # every head is definite: ال within the first letters (after و ب ف, or as لل)
    if tok.is_punct or (tok.norm.find("ال", 0, 4) == -1 and tok.norm.find("لل", 0, 3) == -1):
        return None
    if tok.norm in _HEADS:
        return tok.norm
    for clitic in ("و", "ب", "ف", "وب"):
        rest = tok.norm[len(clitic) :]
        if tok.norm.startswith(clitic) and rest in _HEADS:
            return rest
    if tok.norm.startswith(("لل", "ولل")):  # للهيئة = ل + الهيئة
        rest = "ال" + tok.norm.split("لل", 1)[1]
        return rest if rest in _HEADS else None
    return None


def _nearest(
    resolved: Sequence[ActorRef], tok: Token, words: tuple[str, ...], names_of: Callable[[str], Sequence[str]]
) -> ActorRef | None:
    keys = tuple(normalize_key(w) for w in words)
    for actor in reversed([a for a in resolved if a.span.end <= tok.span.start]):
        names = [actor.text and normalize_key(actor.text), *names_of(actor.actor_id or "")]
        if any(key in name for name in names if name for key in keys):
            return actor
    return None
