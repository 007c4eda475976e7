from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from marsad.cli.main import main
from tests.conftest import EXAMPLES, assert_spans_consistent


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(argv)
    out, err = capsys.readouterr()
    return status, out, err


def test_cli_extract_examples_validate_against_contract(
    contract_schema: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    inputs = [*sorted(str(p) for p in EXAMPLES.glob("*.txt")), str(EXAMPLES / "records.jsonl")]
    status, out, err = _run(["extract", *inputs, "--format", "jsonl"], capsys)
    assert status == 0, err
    docs = [json.loads(line) for line in out.splitlines()]
    assert len(docs) == len(inputs) - 1 + 3
    for doc in docs:
        jsonschema.validate(doc, contract_schema)
        assert_spans_consistent(doc)
    by_id = {d["doc_id"]: d for d in docs}
    assert by_id["ex-hasakah-001"]["published"] == "2024-03-14"
    assert by_id["ex-hasakah-001"]["metadata"]["section"] == "news"
    drone = by_id["deir_ezzor_drone_strike"]
    assert "Facebook" not in drone["text"] and "اقرأ" not in drone["text"]
    assert drone["source"] == "مرصد الشرق"


def test_cli_extract_seed_article(
    seed_article: Path, contract_schema: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = _run(["extract", str(seed_article), "--format", "json"], capsys)
    assert status == 0, err
    doc = json.loads(out)
    jsonschema.validate(doc, contract_schema)
    assert_spans_consistent(doc)
    assert "Facebook" not in doc["text"] and "WhatsApp" not in doc["text"]
    assert doc["source"] == "SY24"
    assert len(doc["sentences"]) == 9  # nine body paragraphs, one sentence each


def test_cli_extract_json_array_for_several(capsys: pytest.CaptureFixture[str]) -> None:
    inputs = [str(EXAMPLES / "raqqa_protest.txt"), str(EXAMPLES / "idlib_shelling.txt")]
    status, out, _ = _run(["extract", *inputs, "--format", "json"], capsys)
    assert status == 0
    assert [d["doc_id"] for d in json.loads(out)] == ["raqqa_protest", "idlib_shelling"]


def test_cli_extract_bad_inputs_reported_and_batch_goes_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    cp1256 = tmp_path / "cp1256.txt"
    cp1256.write_bytes("اشتبكت فصائل المعارضة مع قوات النظام في ريف حماة.".encode("cp1256"))
    jsonl = tmp_path / "batch.jsonl"
    jsonl.write_text('{"id": "good", "text": "قصف على درعا."}\n{broken\n', encoding="utf-8")
    status, out, err = _run(
        ["extract", str(binary), str(empty), str(cp1256), str(jsonl), str(tmp_path / "missing.txt")], capsys
    )
    assert status == 1
    ids = [json.loads(line)["doc_id"] for line in out.splitlines()]
    assert ids == ["cp1256", "good"]
    assert f"{binary}: looks like a binary file" in err
    assert f"{empty}: empty input" in err
    assert f"{jsonl}:2: malformed JSON" in err
    assert "missing.txt: no such file" in err


def test_cli_extract_stdin_and_published(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    text = "قصفت الطائرات الروسية بلدة كفرنبل أمس."
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8")), encoding="utf-8"))
    status, out, _ = _run(["extract", "-", "--published", "2024-05-02"], capsys)
    assert status == 0
    doc = json.loads(out)
    assert doc["doc_id"] == "stdin" and doc["published"] == "2024-05-02" and doc["text"] == text


def test_cli_extract_rejects_bad_published(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = _run(["extract", str(EXAMPLES / "raqqa_protest.txt"), "--published", "May 2"], capsys)
    assert status == 2 and "not an ISO date" in err


def test_cli_extract_without_the_ner_tagger(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(["extract", str(EXAMPLES / "idlib_shelling.txt"), "--no-ner"], capsys)
    assert status == 0
    doc = json.loads(out)
    assert doc["events"] and all(e["method"] != "entities.crf.v1" for e in doc["entities"])


def test_cli_extract_progress_lines(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = _run(["extract", str(EXAMPLES / "records.jsonl"), "--progress", "--no-ner"], capsys)
    assert status == 0
    assert "marsad extract: 3 documents done" in err and "0 failed" in err
