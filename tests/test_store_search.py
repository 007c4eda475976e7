from __future__ import annotations

from datetime import date

import pytest

from marsad.store import Store
from marsad.store.fts import search_text, sqlite_match, terms
from marsad.store.query import BBox, EventFilter
from tests.test_store_support import (
    ARREST_RAQQA,
    CONVOY_RAQQA,
    DRONE_MAYADIN,
    MARCH_12,
    MAY_2,
    SHELLING_A,
    record,
    store,
)

__all__ = ["store"]


def test_store_search_terms_are_normalised() -> None:
    assert terms("أرتالٌ") == ("ارتال",)
    assert sqlite_match("الأرتال العسكرية") == '"الارتال" "العسكريه"'
    assert sqlite_match("  ،  ") is None
    assert search_text(None, "خرجت الأرتال", names=("Raqqa",)) == "خرجت الارتال raqqa"


@pytest.fixture
def filled(store: Store) -> Store:
    store.ingest(
        [
            record("a", SHELLING_A, MARCH_12),
            record("c", ARREST_RAQQA, MARCH_12),
            record("d", DRONE_MAYADIN, MAY_2),
            record("v", CONVOY_RAQQA, MARCH_12),
        ]
    )
    return store


def _ids(store: Store, **kwargs: object) -> set[str | None]:
    return {e.facts.place_id for e in store.events(EventFilter(**kwargs))}  # type: ignore[arg-type]


def test_store_search_text_finds_normalised_arabic(filled: Store) -> None:
    convoy = _ids(filled, text="أرتال")
    assert convoy == {"gn-172955"}
    assert _ids(filled, text="ارتال") == convoy  # hamza-less spelling
    assert _ids(filled, text="الأرتالُ") == convoy  # with article and a diacritic
    assert _ids(filled, text="مسيّرة") == {"gn-173480"}
    assert _ids(filled, text="مسيرة") == {"gn-173480"}
    assert _ids(filled, text="صواريخ فضائية") == set()


def test_store_search_filters(filled: Store) -> None:
    assert _ids(filled, plover_type="assault") == {"sy-cur-al-bara", "gn-173480"}
    assert _ids(filled, actor="sy-sdf") == {"gn-172955"}
    assert _ids(filled, actor="drones") == {"gn-173480"}
    assert _ids(filled, place="SY09") == {"gn-173480"}
    assert _ids(filled, place="sy-cur-al-bara") == {"sy-cur-al-bara"}
    assert _ids(filled, bbox=BBox.parse("40,34,41,36")) == {"gn-173480"}
    assert _ids(filled, since=date(2024, 4, 1)) == {"gn-173480"}
    assert "gn-173480" not in _ids(filled, until=date(2024, 4, 1))
    assert len(filled.events(EventFilter(limit=1))) == 1


def test_store_search_bbox_parse_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        BBox.parse("1,2,3")
    with pytest.raises(ValueError):
        BBox.parse("5,5,1,1")
