"""marsad.time.build_time: validation of data/time/arabic_time.yaml and the compiled resource."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marsad.time.build_time import TimeDataError, build

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
COMPILED = ROOT / "src" / "marsad" / "resources" / "time.json"


def _dump(compiled: dict[str, object]) -> str:
    return json.dumps(compiled, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


def test_time_build_compiled_file_matches_source() -> None:
    assert COMPILED.read_text(encoding="utf-8") == _dump(build(DATA))


def test_time_build_is_deterministic() -> None:
    assert _dump(build(DATA)) == _dump(build(DATA))


def test_time_build_keys_are_normalised() -> None:
    compiled = build(DATA)
    months = compiled["months"]
    assert isinstance(months, dict)
    assert months["اذار"] == 3
    assert months["تشرين الثاني"] == 11
    assert months["ابريل"] == 4


def _write(tmp_path: Path, text: str) -> Path:
    source = (DATA / "time" / "arabic_time.yaml").read_text(encoding="utf-8")
    (tmp_path / "time").mkdir()
    (tmp_path / "time" / "arabic_time.yaml").write_text(text.replace("@SOURCE@", source), encoding="utf-8")
    return tmp_path


def _mutate(tmp_path: Path, old: str, new: str) -> Path:
    source = (DATA / "time" / "arabic_time.yaml").read_text(encoding="utf-8")
    assert old in source
    (tmp_path / "time").mkdir()
    (tmp_path / "time" / "arabic_time.yaml").write_text(source.replace(old, new, 1), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("    شباط: 2\n", "", r"months \[2\] have no name"),
        ("  السبت: 5\n", "  السبت: 7\n", "not an integer in 0..6"),
        ("  الأحد: 6\n", "", r"weekdays \[6\] have no name"),
        ("    أبريل: 4\n", "    أبريل: 4\n    ابريل: 4\n", "repeats the normalised key"),
        ("    شباط: 2\n", "    شباط: 2\n    شباط: 3\n", "repeated key"),
        ("    شباط: 2\n", "    شباط: 2\n    يناير: 2\n", "elsewhere"),
        ("  أمس: -1\n", "  أمس: -1\n  أمْس: -1\n", "repeats the normalised key"),
        ("  فجر: dawn\n", "  فجر: sunrise\n", "is not one of"),
        ("  يوم: {unit: day, count: 1}\n", "  يوم: {unit: fortnight, count: 1}\n", "needs unit"),
    ],
)
def test_time_build_rejects_bad_data(tmp_path: Path, old: str, new: str, message: str) -> None:
    with pytest.raises(TimeDataError, match=message):
        build(_mutate(tmp_path, old, new))


def test_time_build_rejects_non_mapping(tmp_path: Path) -> None:
    with pytest.raises(TimeDataError, match="top level"):
        build(_write(tmp_path, "- just a list\n"))
