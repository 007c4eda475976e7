from __future__ import annotations

import pytest

from marsad.entities.ner_eval import Chunk, chunks, score_tags


def test_ner_eval_chunks_follow_conlleval() -> None:
    tags = ["B-PERS", "I-PERS", "O", "I-LOC", "I-LOC", "B-LOC", "B-ORG", "I-MISC", "I-MISC"]
    assert chunks(tags) == [
        Chunk("PERS", 0, 2), Chunk("LOC", 3, 5), Chunk("LOC", 5, 6), Chunk("ORG", 6, 7), Chunk("MISC", 7, 9),
    ]


def test_ner_eval_exact_numbers() -> None:
    gold = [
        ["B-PERS", "I-PERS", "O", "B-LOC", "O"],
        ["B-ORG", "I-ORG", "I-ORG", "O", "B-MISC"],
    ]
    pred = [
        ["B-PERS", "I-PERS", "O", "B-LOC", "B-LOC"],  # PERS ok, LOC ok, one spurious LOC
        ["B-ORG", "I-ORG", "O", "O", "O"],  # ORG span too short (fp+fn), MISC missed
    ]
    s = score_tags(gold, pred)
    pers, loc, org, misc = (s.score_of(t) for t in ("PERS", "LOC", "ORG", "MISC"))
    assert (pers.tp, pers.fp, pers.fn) == (1, 0, 0)
    assert (loc.tp, loc.fp, loc.fn) == (1, 1, 0)
    assert (org.tp, org.fp, org.fn) == (0, 1, 1)
    assert (misc.tp, misc.fp, misc.fn) == (0, 0, 1)
    assert loc.precision == pytest.approx(0.5)
    assert loc.f1 == pytest.approx(2 / 3)
    # micro: tp=2, fp=2, fn=2 -> P=R=F1=0.5
    assert s.micro_f1 == pytest.approx(0.5)
    assert s.macro_f1 == pytest.approx((1.0 + 2 / 3 + 0.0 + 0.0) / 4)
    assert s.token_accuracy == pytest.approx(7 / 10)
    table = s.format_table()
    assert "PERS" in table and "macro" in table and "0.6667" in table


def test_ner_eval_iob1_and_iob2_score_the_same() -> None:
    gold = [["I-PERS", "I-PERS", "O"]]
    assert score_tags(gold, [["B-PERS", "I-PERS", "O"]]).micro_f1 == 1.0


def test_ner_eval_rejects_length_mismatch_and_bad_tags() -> None:
    with pytest.raises(ValueError, match="sentence 0"):
        score_tags([["O"]], [["O", "O"]])
    with pytest.raises(ValueError, match="malformed tag"):
        score_tags([["X-PERS"]], [["O"]])


def test_ner_eval_empty_is_zero() -> None:
    s = score_tags([], [])
    assert s.micro_f1 == 0.0 and s.macro_f1 == 0.0
