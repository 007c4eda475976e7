from __future__ import annotations

import json
from pathlib import Path

import pytest

from marsad.cli.main import main
from tests.test_store_support import DRONE_MAYADIN, SHELLING_A, SHELLING_B


def _inputs(tmp_path: Path) -> Path:
    rows = [
        {"id": "a", "text": SHELLING_A, "published": "2024-03-12", "source": "one.example"},
        {"id": "b", "text": SHELLING_B, "published": "2024-03-12", "source": "two.example"},
        {"id": "d", "text": DRONE_MAYADIN, "published": "2024-05-02", "source": "one.example"},
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n{broken\n", encoding="utf-8")
    return path


def test_store_cli_ingest_events_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "cli.db")
    inputs = _inputs(tmp_path)
    assert main(["ingest", str(inputs), str(tmp_path / "missing.txt"), "--db", db]) == 1
    err = capsys.readouterr().err
    assert "malformed JSON" in err and "no such file" in err and "3 added" in err and "2 failed" in err
    assert main(["ingest", str(inputs), "--db", db, "--quiet"]) == 1  # the broken line still fails
    assert main(["events", "--db", db, "--format", "json", "--text", "البارة"]) == 0
    (event,) = json.loads(capsys.readouterr().out)
    assert event["source_count"] == 2 and [m["doc_id"] for m in event["mentions"]] == ["a", "b"]
    assert main(["events", "--db", db, "--type", "ASSAULT", "--place", "SY09"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].startswith("id") and len(table) == 2
    assert main(["events", "--db", db, "--bbox", "1,2"]) == 2
    out = tmp_path / "events.geojson"
    assert main(["export", "--db", db, "--format", "geojson", "--out", str(out)]) == 0
    assert len(json.loads(out.read_text(encoding="utf-8"))["features"]) == 2
    assert main(["export", "--db", db, "--format", "parquet"]) == 2


def test_store_cli_uses_env_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MARSAD_DB", str(tmp_path / "env.db"))
    assert main(["ingest", str(_inputs(tmp_path)), "--quiet"]) == 1
    assert (tmp_path / "env.db").is_file()
