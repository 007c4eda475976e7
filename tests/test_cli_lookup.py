from __future__ import annotations

import json

import pytest

from marsad.cli.main import main


def _json(argv: list[str], capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    assert main(argv) == 0
    rows: list[dict[str, object]] = json.loads(capsys.readouterr().out)
    return rows


def test_cli_lookup_place_with_clitics_and_joined_form(capsys: pytest.CaptureFixture[str]) -> None:
    rows = _json(["lookup", "place", "ديرالزور", "--format", "json"], capsys)
    assert any(r["kind"] == "adm1" and r["admin1_pcode"] == "SY09" for r in rows)
    rows = _json(["lookup", "place", "البوكمال", "--format", "json"], capsys)
    assert {r["admin2_pcode"] for r in rows} == {"SY0902"}


def test_cli_lookup_actor_by_date(capsys: pytest.CaptureFixture[str]) -> None:
    before = _json(["lookup", "actor", "قوات", "النظام", "--on", "2023-05-01", "--format", "json"], capsys)
    after = _json(["lookup", "actor", "قوات", "النظام", "--on", "2025-03-01", "--format", "json"], capsys)
    assert before[0]["id"] != after[0]["id"]
    assert before[0]["valid_to"] == "2024-12-08" and after[0]["valid_from"] == "2024-12-08"


def test_cli_lookup_unknown_name_fails(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lookup", "place", "مكانغيرموجود"]) == 1
    assert "no place named" in capsys.readouterr().err
