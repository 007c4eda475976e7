from __future__ import annotations

import pytest

from marsad.entities.ensemble import UnionTagger, union_tags


def test_ensemble_union_keeps_first_and_adds_disjoint_chunks() -> None:
    first = ["B-PERS", "I-PERS", "O", "O", "O", "B-LOC"]
    second = ["B-ORG", "O", "O", "B-MISC", "I-MISC", "B-LOC"]
    # the ORG overlaps the first tagger's PERS and is dropped; the MISC is new and is added
    assert union_tags(first, second) == ["B-PERS", "I-PERS", "O", "B-MISC", "I-MISC", "B-LOC"]


def test_ensemble_union_does_not_add_a_chunk_that_overlaps_partly() -> None:
    first = ["O", "B-ORG", "I-ORG", "O"]
    second = ["B-ORG", "I-ORG", "I-ORG", "I-ORG"]
    assert union_tags(first, second) == first


def test_ensemble_union_rejects_different_lengths() -> None:
    with pytest.raises(ValueError):
        union_tags(["O"], ["O", "O"])


class _Fixed:
    def __init__(self, tags: list[list[str]]) -> None:
        self.tags = tags

    def tag_document(self, sentences: object) -> list[list[str]]:
        return self.tags


def test_ensemble_union_tagger_combines_sentence_by_sentence() -> None:
    a = _Fixed([["B-LOC", "O"], ["O", "O"]])
    b = _Fixed([["O", "B-PERS"], ["B-ORG", "I-ORG"]])
    assert UnionTagger(a, b).tag_document([["حلب", "أحمد"], ["وزارة", "الدفاع"]]) == [
        ["B-LOC", "B-PERS"],
        ["B-ORG", "I-ORG"],
    ]
