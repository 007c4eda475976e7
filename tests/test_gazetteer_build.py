"""Build and validation of the Syria gazetteer (data/gazetteer -> resources/gazetteer.json)."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from marsad.knowledge.build_gazetteer import build

DATA = Path(__file__).resolve().parent.parent / "data" / "gazetteer"
RESOURCE = Path(__file__).resolve().parent.parent / "src" / "marsad" / "resources" / "gazetteer.json"


@pytest.fixture(scope="module")
def compiled() -> dict[str, object]:
    return build(DATA)


def _entries(compiled: dict[str, object]) -> list[dict[str, object]]:
    entries = compiled["entries"]
    assert isinstance(entries, list)
    return entries


def test_gazetteer_build_counts(compiled: dict[str, object]) -> None:
    counts = compiled["counts"]
    assert isinstance(counts, dict)
    assert (counts["adm1"], counts["adm2"], counts["adm3"]) == (14, 62, 272)
    with (DATA / "curated_places.csv").open(encoding="utf-8") as fh:
        assert sum(1 for _ in csv.DictReader(fh)) >= 300
    assert counts["country"] >= 9


def test_gazetteer_build_towns_linked(compiled: dict[str, object]) -> None:
    towns = [e for e in _entries(compiled) if str(e["id"]).startswith("gn-")]
    assert len(towns) == 308
    for town in towns:
        assert town["admin1_pcode"] and town["admin2_pcode"] and town["admin3_pcode"], town["id"]
        assert str(town["admin3_pcode"]).startswith(str(town["admin2_pcode"]))


def test_gazetteer_build_schema(compiled: dict[str, object]) -> None:
    keys = {"id", "kind", "name_en", "name_ar", "names_ar", "names_en", "lat", "lon", "admin1_pcode",
            "admin2_pcode", "admin3_pcode", "parent_id", "population", "source"}
    for entry in _entries(compiled):
        assert keys <= set(entry), entry["id"]
        assert entry["name_ar"] in entry["names_ar"]  # type: ignore[operator]  # JSON list
        if entry["kind"] != "country":
            assert entry["admin1_pcode"], entry["id"]


def test_gazetteer_build_deterministic_and_compiled_file_current(compiled: dict[str, object]) -> None:
    again = build(DATA)
    text = json.dumps(again, ensure_ascii=False, indent=None, separators=(",", ":"), sort_keys=True) + "\n"
    assert again == compiled
    assert RESOURCE.read_text(encoding="utf-8") == text


def test_gazetteer_build_bare_variant_generated(compiled: dict[str, object]) -> None:
    by_id = {e["id"]: e for e in _entries(compiled)}
    mayadin = by_id["gn-173480"]
    assert "ميادين" in mayadin["names_ar"]  # type: ignore[operator]  # JSON list
    bab = by_id["gn-174018"]
    assert "باب" not in bab["names_ar"]  # type: ignore[operator]  # a common word, no bare variant


# --- rejection on small temporary copies -------------------------------------------------------

def _copy(tmp_path: Path) -> Path:
    out = tmp_path / "gazetteer"
    shutil.copytree(DATA, out)
    return out


def _append_curated(data_dir: Path, row: dict[str, str]) -> None:
    path = data_dir / "curated_places.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        fields = list(csv.DictReader(fh).fieldnames or [])
    with path.open("a", encoding="utf-8", newline="") as fh:
        csv.DictWriter(fh, fieldnames=fields, lineterminator="\n").writerow(row)


def _row(**changes: str) -> dict[str, str]:
    row = {
        "id": "sy-cur-test-place", "name_en": "Test Hill", "name_ar": "تلة الاختبار", "aliases_ar": "",
        "aliases_en": "", "kind": "mountain", "lat": "35.30", "lon": "40.20", "admin1_pcode": "SY09",
        "admin2_pcode": "SY0901", "admin3_pcode": "SY090100", "source_note": "test row",
    }
    row.update(changes)
    return row


def test_gazetteer_build_accepts_good_row(tmp_path: Path) -> None:
    data_dir = _copy(tmp_path)
    _append_curated(data_dir, _row())
    ids = {e["id"] for e in _entries(build(data_dir))}
    assert "sy-cur-test-place" in ids


def test_gazetteer_build_rejects_unknown_pcode(tmp_path: Path) -> None:
    data_dir = _copy(tmp_path)
    _append_curated(data_dir, _row(admin3_pcode="SY090199"))
    with pytest.raises(ValueError, match=r"curated_places\.csv:\d+: .*unknown admin3_pcode 'SY090199'"):
        build(data_dir)


def test_gazetteer_build_rejects_mismatched_pcodes(tmp_path: Path) -> None:
    data_dir = _copy(tmp_path)
    _append_curated(data_dir, _row(admin2_pcode="SY0902"))
    with pytest.raises(ValueError, match="belongs to admin2_pcode SY0901"):
        build(data_dir)


def test_gazetteer_build_rejects_far_coordinates(tmp_path: Path) -> None:
    data_dir = _copy(tmp_path)
    _append_curated(data_dir, _row(lat="36.20", lon="37.15"))  # Aleppo, but assigned to Deir ez-Zor
    with pytest.raises(ValueError, match=r"curated_places\.csv:\d+: .* km from the centroid"):
        build(data_dir)


def test_gazetteer_build_rejects_outside_syria(tmp_path: Path) -> None:
    data_dir = _copy(tmp_path)
    _append_curated(data_dir, _row(lat="33.31", lon="44.36"))  # Baghdad
    with pytest.raises(ValueError, match="outside Syria"):
        build(data_dir)


def test_gazetteer_build_rejects_missing_field(tmp_path: Path) -> None:
    data_dir = _copy(tmp_path)
    _append_curated(data_dir, _row(name_ar=""))
    with pytest.raises(ValueError, match="required field 'name_ar' is empty"):
        build(data_dir)


def test_gazetteer_build_rejects_duplicate_id(tmp_path: Path) -> None:
    data_dir = _copy(tmp_path)
    _append_curated(data_dir, _row(id="sy-cur-hmeimim-air-base"))
    with pytest.raises(ValueError, match="duplicate id 'sy-cur-hmeimim-air-base'"):
        build(data_dir)


def test_gazetteer_build_rejects_duplicate_alias_nearby(tmp_path: Path) -> None:
    data_dir = _copy(tmp_path)
    # a second air base called حميميم a kilometre from the first one
    _append_curated(data_dir, _row(kind="military_base", name_ar="مطار الساحل", aliases_ar="حميميم", lat="35.41",
                                   lon="35.95", admin1_pcode="SY06", admin2_pcode="SY0602",
                                   admin3_pcode="SY060200"))
    with pytest.raises(ValueError, match="duplicates sy-cur-hmeimim-air-base"):
        build(data_dir)


def test_gazetteer_build_requires_listing_ambiguous_name(tmp_path: Path) -> None:
    data_dir = _copy(tmp_path)
    # a hill in Deir ez-Zor that shares its name with an Aleppo town: allowed only when listed
    _append_curated(data_dir, _row(name_ar="تلة الاختبار", aliases_ar="منبج"))
    with pytest.raises(ValueError, match=r"ambiguous_names\.txt"):
        build(data_dir)
    with (data_dir / "ambiguous_names.txt").open("a", encoding="utf-8") as fh:
        fh.write("منبج\n")
    build(data_dir)


def test_gazetteer_build_rejects_stale_allowlist_line(tmp_path: Path) -> None:
    data_dir = _copy(tmp_path)
    with (data_dir / "ambiguous_names.txt").open("a", encoding="utf-8") as fh:
        fh.write("اسم لا يتكرر\n")
    with pytest.raises(ValueError, match=r"ambiguous_names\.txt:\d+: .*remove it"):
        build(data_dir)
