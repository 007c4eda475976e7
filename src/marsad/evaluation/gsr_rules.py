"""The rule-based pipeline as a sentence-level ASSAULT / PROTEST detector for the OEDA GSR."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from marsad.model import Document

# Statuses that still say the sentence is about such an event (an accusation of an attack is one).
_COUNTED = frozenset({"asserted", "alleged"})


def rule_predictor(event_type: str) -> Callable[[Sequence[str]], list[bool]]:
    """A predictor: does the pipeline find an event of ``event_type`` (PLOVER) in each sentence?"""
    from marsad.nlp import default_pipeline

    pipeline = default_pipeline(on_error="record")
    wanted = event_type.upper()

    def predict(sentences: Sequence[str]) -> list[bool]:
        out: list[bool] = []
        for k, text in enumerate(sentences):
            doc = pipeline.run(Document(doc_id=f"gsr-{k}", text=text, raw_text=text)).document
            out.append(any(e.type.plover == wanted and e.status in _COUNTED for e in doc.events))
        return out

    return predict
