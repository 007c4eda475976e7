"""The rule gate of the sentence event classifier: does Marsad's own rule pipeline find the event?

A classifier label trained with ``gate: rules`` reports a sentence only when the logistic regression's
probability reaches the threshold **and** the rule pipeline (clean → segment → times → entities from the
dictionaries → actors → places → events; no trained tagger) finds an event of that PLOVER type whose status
is ``asserted`` or ``alleged`` in it. The rules have almost perfect recall on the GSR (0.97 dev, 0.98
test) but fire on most attack-vocabulary sentences; the classifier supplies the precision, the gate removes
the sentences where no such event is found at all. Whether a label is gated is chosen by cross-validation
(``marsad train events-classifier``).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from marsad.pipeline import Pipeline

GATE_RULES = "rules"
GATES: tuple[str, ...] = (GATE_RULES,)
# statuses that still say the sentence reports such an event (an accusation of an attack is one)
COUNTED_STATUSES = frozenset({"asserted", "alleged"})


@lru_cache(maxsize=1)
def gate_pipeline() -> Pipeline:
    """The rule pipeline without the trained NER tagger (dictionaries only: about twice as fast), built once."""
    from marsad.nlp import default_pipeline

    return default_pipeline(on_error="record", ner=False)


def rule_flags(sentences: Sequence[str], plover: str) -> list[bool]:
    """For each sentence, whether the rule pipeline finds an asserted or alleged ``plover`` event in it."""
    from marsad.model import Document

    if not sentences:
        return []
    pipeline = gate_pipeline()
    wanted = plover.upper()
    out: list[bool] = []
    for k, text in enumerate(sentences):
        doc = pipeline.run(Document(doc_id=f"gate-{k}", text=text, raw_text=text)).document
        out.append(any(e.type.plover == wanted and e.status in COUNTED_STATUSES for e in doc.events))
    return out
