"""Validation and compilation of data/actors/actors.yaml (marsad.knowledge.build_actors)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from marsad.knowledge.build_actors import BLOCS, INTER_CODES, TYPES, ActorDataError, build
from marsad.text.normalize import normalize_key

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


def _actor(actor_id: str, aliases: list[str], **over: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": actor_id,
        "name_en": actor_id.replace("-", " ").title(),
        "aliases_ar": aliases,
        "aliases_en": [],
        "inter": 2,
        "type": "rebel_group",
        "parent": None,
        "bloc": "opposition_other",
        "valid_from": None,
        "valid_to": None,
        "source": "test",
    }
    base.update(over)
    return base


def _write(tmp_path: Path, actors: list[dict[str, Any]]) -> Path:
    (tmp_path / "actors").mkdir(exist_ok=True)
    text = yaml.safe_dump({"actors": actors}, allow_unicode=True, sort_keys=False)
    (tmp_path / "actors" / "actors.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def _base() -> list[dict[str, Any]]:
    return [
        _actor("grp-a", ["جماعة ألف", "ميليشيا ألف", "مليشيا ألف"]),
        _actor("grp-b", ["كتيبة باء"], parent="grp-a"),
        _actor("person-x", ["فلان الفلاني"], type="person", role="قائد", parent="grp-b"),
    ]


def test_actors_build_accepts_minimal_file(tmp_path: Path) -> None:
    actors = _actors(build(_write(tmp_path, _base())))
    assert [a["id"] for a in actors] == ["grp-a", "grp-b", "person-x"]
    assert actors[2]["role"] == "قائد"


@pytest.mark.parametrize("inter", [0, 9, "2", True, None])
def test_actors_build_rejects_bad_inter(tmp_path: Path, inter: object) -> None:
    actors = _base()
    actors[1]["inter"] = inter
    with pytest.raises(ActorDataError, match="grp-b: inter"):
        build(_write(tmp_path, actors))


def test_actors_build_rejects_unknown_parent(tmp_path: Path) -> None:
    actors = _base()
    actors[1]["parent"] = "grp-missing"
    with pytest.raises(ActorDataError, match="grp-b: unknown parent 'grp-missing'"):
        build(_write(tmp_path, actors))


def test_actors_build_rejects_parent_cycle(tmp_path: Path) -> None:
    actors = _base()
    actors[0]["parent"] = "person-x"
    with pytest.raises(ActorDataError, match="parent cycle"):
        build(_write(tmp_path, actors))


def test_actors_build_rejects_unknown_type_and_bloc(tmp_path: Path) -> None:
    actors = _base()
    actors[0]["type"] = "militia"
    with pytest.raises(ActorDataError, match="grp-a: type 'militia'"):
        build(_write(tmp_path, actors))
    actors = _base()
    actors[0]["bloc"] = "somebody"
    with pytest.raises(ActorDataError, match="grp-a: bloc 'somebody'"):
        build(_write(tmp_path, actors))


def test_actors_build_rejects_overlapping_duplicate_alias(tmp_path: Path) -> None:
    actors = _base()
    # same alias after normalisation (hamza, teh marbuta), both valid forever
    actors.append(_actor("grp-c", ["جماعه الف"]))
    with pytest.raises(ActorDataError, match=r"grp-c: alias 'جماعه الف' is also given to grp-a"):
        build(_write(tmp_path, actors))


def test_actors_build_accepts_duplicate_alias_in_disjoint_periods(tmp_path: Path) -> None:
    actors = _base()
    actors.append(_actor("old-forces", ["قوات الحكم"], valid_to="2024-12-08"))
    actors.append(_actor("new-forces", ["قوات الحكم"], valid_from="2024-12-08"))
    assert len(_actors(build(_write(tmp_path, actors)))) == 5


def test_actors_build_rejects_duplicate_alias_in_overlapping_periods(tmp_path: Path) -> None:
    actors = _base()
    actors.append(_actor("old-forces", ["قوات الحكم"], valid_to="2024-12-09"))
    actors.append(_actor("new-forces", ["قوات الحكم"], valid_from="2024-12-08"))
    with pytest.raises(ActorDataError, match="new-forces: alias 'قوات الحكم'"):
        build(_write(tmp_path, actors))


def test_actors_build_accepts_explicit_shared_alias(tmp_path: Path) -> None:
    actors = _base()
    actors.append(_actor("grp-c", ["جماعة ألف"], shared_alias_ok=["grp-a"]))
    build(_write(tmp_path, actors))
    actors[-1]["shared_alias_ok"] = ["grp-nowhere"]
    with pytest.raises(ActorDataError, match="unknown id 'grp-nowhere'"):
        build(_write(tmp_path, actors))


@pytest.mark.parametrize(
    ("valid_from", "valid_to", "message"),
    [
        ("2024/12/08", None, "not an ISO date"),
        ("2024-13-01", None, "not a valid date"),
        ("8 December 2024", None, "not an ISO date"),
        ("2025-01-01", "2024-12-08", "must be before valid_to"),
        ("2024-12-08", "2024-12-08", "must be before valid_to"),
        (20241208, None, "not an ISO date"),
    ],
)
def test_actors_build_rejects_bad_dates(tmp_path: Path, valid_from: object, valid_to: object, message: str) -> None:
    actors = _base()
    actors[0]["valid_from"] = valid_from
    actors[0]["valid_to"] = valid_to
    with pytest.raises(ActorDataError, match=f"grp-a: .*{message}"):
        build(_write(tmp_path, actors))


def test_actors_build_rejects_duplicate_id_and_missing_fields(tmp_path: Path) -> None:
    actors = _base()
    actors.append(_actor("grp-a", ["اسم آخر"]))
    with pytest.raises(ActorDataError, match="grp-a: duplicate id"):
        build(_write(tmp_path, actors))
    actors = _base()
    del actors[1]["source"]
    with pytest.raises(ActorDataError, match="grp-b: missing field"):
        build(_write(tmp_path, actors))
    actors = _base()
    actors[1]["colour"] = "red"
    with pytest.raises(ActorDataError, match="grp-b: unknown field"):
        build(_write(tmp_path, actors))


def test_actors_build_rejects_person_without_role(tmp_path: Path) -> None:
    actors = _base()
    del actors[2]["role"]
    with pytest.raises(ActorDataError, match="person-x: a person needs a role"):
        build(_write(tmp_path, actors))


def test_actors_build_requires_both_militia_spellings(tmp_path: Path) -> None:
    actors = _base()
    actors[0]["aliases_ar"] = ["جماعة ألف", "ميليشيا ألف"]
    with pytest.raises(ActorDataError, match="grp-a: alias 'ميليشيا ألف' needs its other spelling"):
        build(_write(tmp_path, actors))


def test_actors_build_rejects_repeated_yaml_key(tmp_path: Path) -> None:
    (tmp_path / "actors").mkdir()
    (tmp_path / "actors" / "actors.yaml").write_text("actors:\n- id: grp-a\n  id: grp-b\n", encoding="utf-8")
    with pytest.raises(ActorDataError, match="repeated key 'id'"):
        build(tmp_path)


# ------------------------------------------------------------------------------------------------
# the real data file


@pytest.fixture(scope="module")
def compiled() -> dict[str, object]:
    return build(DATA)


def _actors(compiled: dict[str, object]) -> list[dict[str, Any]]:
    actors = compiled["actors"]
    assert isinstance(actors, list)
    return actors


def test_actors_build_real_file_has_at_least_200_valid_actors(compiled: dict[str, object]) -> None:
    actors = _actors(compiled)
    assert len(actors) >= 200
    for actor in actors:
        assert actor["bloc"] in BLOCS, actor["id"]
        assert actor["type"] in TYPES, actor["id"]
        assert actor["inter"] in INTER_CODES, actor["id"]
        if actor["type"] == "person":
            assert actor["role"], actor["id"]
    assert {a["bloc"] for a in actors} == set(BLOCS)


def test_actors_build_real_file_is_deterministic(compiled: dict[str, object]) -> None:
    again = build(DATA)
    dump = json.dumps(compiled, ensure_ascii=False, sort_keys=True)
    assert json.dumps(again, ensure_ascii=False, sort_keys=True) == dump
    ids = [a["id"] for a in _actors(compiled)]
    assert ids == sorted(ids)


def test_actors_build_real_file_covers_key_surface_forms(compiled: dict[str, object]) -> None:
    keys = {normalize_key(alias) for a in _actors(compiled) for alias in a["aliases_ar"]}
    for form in [
        "قوات النظام",
        "قوات الأسد",
        "ميليشيات الأسد",
        "جيش النظام",
        "قسد",
        "تنظيم الدولة",
        "داعش",
        "تنظيم داعش",
        "خلايا داعش",
        "الأمن العام",
        "الدفاع الوطني",
        "مليشيا الدفاع الوطني",
        "لواء القدس",
        "فاطميون",
        "زينبيون",
        "كتائب حزب الله",
        "حزب الله اللبناني",
        "الحرس الثوري الإيراني",
        "فيلق القدس",
        "لواء المنتظر",
        "الدفاع المحلي",
        "كتائب البعث",
        "صقور الصحراء",
        "الحشد الشعبي",
        "فاغنر",
        "الشرطة العسكرية الروسية",
        "قاعدة حميميم",
        "وحدات حماية الشعب",
        "وحدات حماية المرأة",
        "الأسايش",
        "مجلس دير الزور العسكري",
        "مجلس منبج العسكري",
        "الإدارة الذاتية",
        "القوات التركية",
        "المخابرات التركية",
        "السلطان مراد",
        "الحمزات",
        "العمشات",
        "جيش الإسلام",
        "أحرار الشرقية",
        "فيلق الشام",
        "الجبهة الشامية",
        "الجبهة الوطنية للتحرير",
        "هيئة تحرير الشام",
        "حراس الدين",
        "أنصار التوحيد",
        "الحزب الإسلامي التركستاني",
        "التحالف الدولي",
        "القوات الأمريكية",
        "الطيران الإسرائيلي",
        "جيش الاحتلال",
        "قوات العشائر",
        "مجلس القبائل والعشائر",
        "البكارة",
        "العكيدات",
        "طيران مجهول",
        "مسلحون مجهولون",
        "مجهولون",
        "مدنيون",
        "مدنيين",
        "المدنيين",
        "الأهالي",
        "القوات الروسية",
        "الطيران الروسي",
        "الطيران الحربي",
        "الميليشيات الموالية لإيران",
        "ميليشيات إيران",
        "الميليشيات الإيرانية",
        "الفرقة 11",
        "الفرقة الرابعة",
        "قوات النمر",
        "الفرقة 17",
        "الحرس الجمهوري",
        "الأمن العسكري",
        "المخابرات الجوية",
        "أمن الدولة",
        "الأمن السياسي",
        "فراس العراقية",
        "حسن الغضبان",
        "نزار خرفان",
        "بشار الأسد",
        "ماهر الأسد",
        "أحمد الشرع",
        "أبو محمد الجولاني",
        "مظلوم عبدي",
        "أبو بكر البغدادي",
        "حسام القاطرجي",
    ]:
        assert normalize_key(form) in keys, form


def test_actors_build_rejects_invalid_yaml(tmp_path: Path) -> None:
    (tmp_path / "actors").mkdir()
    (tmp_path / "actors" / "actors.yaml").write_text("actors:\n- id: grp-a\n  notes: a: b\n", encoding="utf-8")
    with pytest.raises(ActorDataError, match="not valid YAML"):
        build(tmp_path)


def test_actors_build_agent_adjectives_belong_to_one_actor(tmp_path: Path) -> None:
    actors = _base()
    actors[0]["agent_adjectives_ar"] = ["بائي", "بائية"]
    built = _actors(build(_write(tmp_path, actors)))
    assert built[0]["agent_adjectives_ar"] == ["بائي", "بائية"]
    actors[1]["agent_adjectives_ar"] = ["البائية"]  # the definite form of the same adjective
    with pytest.raises(ActorDataError, match="already belongs"):
        build(_write(tmp_path, actors))
