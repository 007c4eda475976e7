"""Runtime look-ups in the compiled actor dictionary (marsad.knowledge.actors)."""

from __future__ import annotations

import time
from datetime import date

import pytest

from marsad.knowledge.actors import ActorDictionary, ActorEntry, get_actors


@pytest.fixture(scope="module")
def actors() -> ActorDictionary:
    return get_actors()


def _ids(found: list[ActorEntry]) -> list[str]:
    return [e.id for e in found]


@pytest.mark.parametrize(
    ("name", "actor_id"),
    [
        ("ميليشيا الدفاع الوطني", "sy-ndf"),
        ("مليشيا الدفاع الوطني", "sy-ndf"),
        ("حزب الله العراقي", "iq-kataib-hezbollah"),
        ("القاطرجي", "sy-katerji-militia"),
        ("الحرس الثوري الإيراني", "ir-irgc"),
        ("الحـرس الثـوري الإيـراني", "ir-irgc"),  # tatweel
        ("الفرقة 11", "sy-saa-11th-division"),
        ("الفرقة ١١", "sy-saa-11th-division"),  # Eastern Arabic digits
        ("تنظيم داعش", "isis"),
        ("قسد", "sy-sdf"),
        ("طيران مجهول", "unidentified-aircraft"),
        ("مسلحون مجهولون", "unidentified-armed-men"),
        ("المدنيين", "civilians"),
        ("الأهالي", "civilians"),
        ("حزب الله اللبناني", "lb-hezbollah"),
        ("SDF", "sy-sdf"),
    ],
)
def test_actors_lookup_resolves_names(actors: ActorDictionary, name: str, actor_id: str) -> None:
    assert _ids(actors.lookup(name))[:1] == [actor_id]


def test_actors_lookup_11th_division_belongs_to_assad_era_army(actors: ActorDictionary) -> None:
    (division,) = actors.lookup("الفرقة 11")
    assert division.parent == "sy-saa-assad"
    army = actors.by_id("sy-saa-assad")
    assert army is not None and army.valid_to == date(2024, 12, 8)
    chain = [e.id for e in actors.ancestors(division.id)]
    assert chain == ["sy-saa-assad", "sy-gov-forces-assad", "sy-gov-assad"]
    assert actors.bloc_of(division.id) == "syrian_government_assad"


def test_actors_lookup_regime_forces_by_date(actors: ActorDictionary) -> None:
    assert _ids(actors.lookup("قوات النظام", on=date(2023, 5, 1))) == ["sy-gov-forces-assad"]
    assert _ids(actors.lookup("قوات النظام", on=date(2025, 3, 1))) == ["sy-gov-forces-transitional"]
    # valid_to is exclusive: on the day of the handover the transitional state holds
    assert _ids(actors.lookup("قوات النظام", on=date(2024, 12, 8))) == ["sy-gov-forces-transitional"]
    assert _ids(actors.lookup("قوات النظام", on=date(2024, 12, 7))) == ["sy-gov-forces-assad"]
    assert set(_ids(actors.lookup("قوات النظام"))) == {"sy-gov-forces-assad", "sy-gov-forces-transitional"}
    assert actors.bloc_of("sy-gov-forces-transitional") == "syrian_government_transitional"


def test_actors_lookup_person_links_to_group(actors: ActorDictionary) -> None:
    (person,) = actors.lookup("فراس العراقية")
    assert person.type == "person"
    assert person.parent == "sy-ndf"
    assert person.role
    assert actors.bloc_of(person.id) == "syrian_government_assad"


def test_actors_lookup_strips_one_proclitic(actors: ActorDictionary) -> None:
    assert _ids(actors.lookup("والقوات الروسية")) == ["ru-forces"]
    assert _ids(actors.lookup("للقوات الروسية")) == ["ru-forces"]
    assert _ids(actors.lookup("لقسد")) == ["sy-sdf"]
    assert _ids(actors.lookup("بالحرس الثوري")) == ["ir-irgc"]
    assert actors.lookup("جماعة لا وجود لها") == []
    assert actors.lookup("   ") == []


def test_actors_lookup_ranks_specific_before_generic(actors: ActorDictionary) -> None:
    entries = [
        ActorEntry("z-specific", "Specific", ("المسلحون",), (), 2, "rebel_group", None, "hts", None, None,
                   None, "test"),
        ActorEntry("a-generic", "Generic", ("المسلحون",), (), 3, "unidentified", None, "unidentified",
                   None, None, None, "test"),
    ]
    small = ActorDictionary(entries)
    assert _ids(small.lookup("المسلحون")) == ["z-specific", "a-generic"]
    assert small.is_generic("a-generic")
    # a shared real alias: the SAA corps (specific) and the SNA legion (specific) both come back
    assert set(_ids(actors.lookup("الفيلق الثالث", on=date(2020, 1, 1)))) == {
        "sy-saa-3rd-corps", "sy-sna-3rd-legion",
    }


def test_actors_lookup_names_feed_the_matcher(actors: ActorDictionary) -> None:
    pairs = list(actors.names())
    assert ("قسد", "sy-sdf") in pairs
    assert all(alias and actor_id in actors for alias, actor_id in pairs)
    assert len(pairs) == sum(len(e.aliases_ar) for e in actors)
    assert ("SDF", "sy-sdf") in list(actors.names(include_en=True))


def test_actors_lookup_by_id_and_unknown(actors: ActorDictionary) -> None:
    isis = actors.by_id("isis")
    assert isis is not None and isis.name_en == "ISIS"
    assert actors.ancestors("isis") == ()
    assert actors.bloc_of("isis-cells") == "isis"
    assert actors.by_id("no-such-actor") is None
    with pytest.raises(KeyError, match="no-such-actor"):
        actors.bloc_of("no-such-actor")


def test_actors_lookup_is_loaded_once(actors: ActorDictionary) -> None:
    assert get_actors() is actors
    assert len(actors) >= 200


def test_actors_lookup_thousand_lookups_fast(actors: ActorDictionary) -> None:
    names = ["قوات النظام", "والحرس الثوري", "قسد", "اسم غير موجود", "للقوات الروسية"] * 200
    start = time.perf_counter()
    for name in names:
        actors.lookup(name, on=date(2023, 5, 1))
    assert time.perf_counter() - start < 0.25
