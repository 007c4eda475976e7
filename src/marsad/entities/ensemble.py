"""Combining two taggers' entity chunks: the first tagger's chunks stand, the second adds what it alone found.

Measured on ANERcorp (NER_MODEL_CARD.md): the CRF is precise and misses unseen names; the fine-tuned e5
tagger finds more of them. Keeping every CRF chunk and adding each e5 chunk that overlaps none of them
beat either tagger alone and the other orders tried (e5 first, per-type priorities, confidence cut-offs).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from marsad.entities.crf_tagger import fix_tags
from marsad.entities.ner_eval import chunks

METHOD_ID = "entities.union.v1"


class DocumentTagger(Protocol):
    def tag_document(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]: ...


def union_tags(first: Sequence[str], second: Sequence[str]) -> list[str]:
    """IOB2 tags of ``first`` plus every chunk of ``second`` that shares no token with a chunk of ``first``."""
    if len(first) != len(second):
        raise ValueError(f"{len(first)} tags against {len(second)}")
    out = list(first)
    taken = {i for c in chunks(first) for i in range(c.start, c.end)}
    for c in chunks(second):
        if taken.isdisjoint(range(c.start, c.end)):
            out[c.start : c.end] = [f"B-{c.type}"] + [f"I-{c.type}"] * (c.end - c.start - 1)
    return fix_tags(out)


class UnionTagger:
    """A document tagger whose tags are ``union_tags(first, second)`` sentence by sentence."""

    def __init__(self, first: DocumentTagger, second: DocumentTagger) -> None:
        self.first, self.second = first, second

    def tag_document(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        a = self.first.tag_document(sentences)
        b = self.second.tag_document(sentences)
        return [union_tags(x, y) for x, y in zip(a, b, strict=True)]
