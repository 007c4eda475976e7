"""Runtime lookups in the compiled Syria gazetteer."""

from __future__ import annotations

import time

from marsad.knowledge.gazetteer import Gazetteer, PlaceEntry, get_gazetteer


def _first(name: str) -> PlaceEntry:
    hits = get_gazetteer().lookup(name)
    assert hits, name
    return hits[0]


def test_gazetteer_lookup_abu_kamal() -> None:
    hits = get_gazetteer().lookup("البوكمال")
    assert hits[0].admin2_pcode == "SY0902"
    town = next(e for e in hits if e.kind == "town")
    assert town.name_en.endswith("Kamāl")
    assert (town.admin2_pcode, town.admin3_pcode) == ("SY0902", "SY090200")
    assert get_gazetteer().lookup("البو كمال")[0].admin2_pcode == "SY0902"


def test_gazetteer_lookup_joined_and_spaced_forms() -> None:
    g = get_gazetteer()
    for query in ("ديرالزور", "دير الزور", "Deir ez-Zor"):
        hits = g.lookup(query)
        assert hits[0].kind == "adm1" and hits[0].admin1_pcode == "SY09", query
        assert any(e.kind == "town" and e.admin3_pcode == "SY090100" for e in hits), query


def test_gazetteer_lookup_aleppo() -> None:
    top = _first("حلب")
    assert (top.admin1_pcode, top.name_en) == ("SY02", "Aleppo")
    assert _first("aleppo").admin1_pcode == "SY02"


def test_gazetteer_lookup_proclitics_and_article() -> None:
    g = get_gazetteer()
    assert g.lookup("والبوكمال")[0].admin2_pcode == "SY0902"
    assert g.lookup("بالميادين")[0].admin2_pcode == "SY0903"
    assert g.lookup("للميادين")[0].admin2_pcode == "SY0903"
    assert g.lookup("ميادين")[0].admin2_pcode == "SY0903"
    assert g.lookup("") == []
    assert g.lookup("مكان غير موجود") == []


def test_gazetteer_lookup_hmeimim_near_jableh() -> None:
    base = _first("حميميم")
    assert base.kind == "military_base"
    assert abs(base.lat - 35.40) <= 0.1 and abs(base.lon - 35.95) <= 0.1
    assert base.admin1_pcode == "SY06" and base.admin3_pcode


def test_gazetteer_lookup_curated_sites_have_pcodes() -> None:
    expected = {"الشعيرات": "SY04", "التنف": "SY04", "حقل العمر": "SY09", "كونيكو": "SY09",
                "مطار كويرس": "SY02", "معبر باب الهوى": "SY07", "الباغوز": "SY09", "حي الشيخ مقصود": "SY02"}
    for name, admin1 in expected.items():
        entry = _first(name)
        assert entry.admin1_pcode == admin1, name
        assert entry.admin2_pcode and entry.admin3_pcode, name


def test_gazetteer_lookup_by_id_admin_unit_and_governorate() -> None:
    g = get_gazetteer()
    unit = g.admin_unit("SY090302")
    assert unit is not None and unit.kind == "adm3"
    gov = g.governorate_of(unit)
    assert gov is not None and gov.admin1_pcode == "SY09"
    assert g.by_id(unit.id) is unit
    assert g.by_id("no-such-id") is None
    country = g.lookup("العراق")[0]
    assert country.kind == "country" and g.governorate_of(country) is None


def test_gazetteer_lookup_names_cover_every_entry() -> None:
    g = get_gazetteer()
    pairs = list(g.names())
    assert {entry_id for _, entry_id in pairs} == {e.id for e in g.entries}
    assert ("حميميم", "sy-cur-hmeimim-air-base") in pairs


def test_gazetteer_lookup_is_fast() -> None:
    g = get_gazetteer()
    queries = ["دير الزور", "ديرالزور", "حلب", "والبوكمال", "Raqqa", "غير موجود"] * 170
    start = time.perf_counter()
    for q in queries:
        g.lookup(q)
    assert time.perf_counter() - start < 0.5


def test_gazetteer_lookup_from_small_json() -> None:
    data = {"entries": [{
        "id": "x", "kind": "village", "name_en": "Qaryat al-Ikhtibar", "name_ar": "قرية الاختبار",
        "names_ar": ["قرية الاختبار"], "names_en": ["Qaryat al-Ikhtibar"], "lat": 35.0, "lon": 38.0,
        "admin1_pcode": "SY04", "admin2_pcode": None, "admin3_pcode": None, "parent_id": None,
        "population": None, "source": "test",
    }]}
    g = Gazetteer.from_json(data)
    assert [e.id for e in g.lookup("قريةالاختبار")] == ["x"]
    assert g.lookup("QARYAT AL-IKHTIBAR")[0].names_ar == ("قرية الاختبار",)
