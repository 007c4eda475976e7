"""ACLED source_scale from the outlets file: known outlets, attributions, combinations, unknown outlets."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from marsad.errors import ResourceError
from marsad.knowledge import outlets
from marsad.knowledge.outlets import Report, combine, get_outlets, load, source_scale
from marsad.store import Store
from marsad.store.exports import export_text
from tests.test_store_support import MARCH_12, SHELLING_A, SHELLING_B, SHELLING_PER_SOHR, record, store

__all__ = ["store"]


def _scales(store: Store) -> list[str]:
    frame = pd.read_csv(io.StringIO(export_text("acled-csv", store.events(), {})), keep_default_na=False)
    return list(frame["source_scale"])


def test_store_source_scale_known_outlet(store: Store) -> None:
    store.ingest([record("a", SHELLING_A, MARCH_12, source="SOHR")])
    assert _scales(store) == ["Other"]
    (event,) = store.events()
    assert event.source_scale == "Other"


def test_store_source_scale_empty_for_unknown_outlet(store: Store) -> None:
    store.ingest([record("a", SHELLING_A, MARCH_12, source="test.example")])
    assert _scales(store) == [""]


def test_store_source_scale_by_url_and_combined_on_merge(store: Store) -> None:
    store.ingest(
        [
            record("a", SHELLING_A, MARCH_12, source=None, url="https://www.sana.sy/?p=2040"),
            record("b", SHELLING_B, MARCH_12, source="Reuters"),
        ]
    )
    (event,) = store.events()
    assert event.source_count == 2 and event.source_scale == "National-International"
    store.ingest([record("c", SHELLING_A + " ", MARCH_12, source="unknown.example")])
    (event,) = store.events()
    assert event.mention_count == 3 and event.source_scale == ""  # one outlet unknown: nothing is guessed


def test_store_source_scale_from_attribution(store: Store) -> None:
    store.ingest([record("s", SHELLING_PER_SOHR, MARCH_12, source="Telegram")])
    (event,) = store.events()
    (mention,) = store.mentions([event.id])[event.id]
    assert mention.attribution_text == "المرصد السوري لحقوق الإنسان"
    assert event.source_scale == "Other-New media"


def test_store_source_scale_lookup_rules() -> None:
    table = get_outlets()
    assert table.of_document("المرصد السوري لحقوق الانسان", None) is not None  # normalised (إ → ا)
    by_url = table.of_document(None, "https://m.syriahr.com/ar/1")  # a sub-domain of a listed domain
    assert by_url is not None and by_url.outlet_id == "sohr"
    assert table.of_document("notsyriahr.com", None) is None  # a domain matches whole labels only
    assert [o.outlet_id for o in table.cited("نقلاً عن وكالة رويترز وللمرصد السوري")] == ["sohr", "reuters"]
    assert table.cited("مصادر محلية في منطقة الجزيرة") == []  # «الجزيرة» alone is the region, not the channel
    assert combine(["International", "Other", "National", "Other"]) == "Other-National-International"
    assert source_scale([Report("x.example", "https://t.me/channel", None)], table) == "New media"
    assert source_scale([], table) == ""


def test_store_source_scale_outlets_file_is_reviewed() -> None:
    table = load(outlets.DEFAULT_PATH)  # the shipped file parses strictly
    assert len(table.outlets) >= 10
    assert all(o.scale in outlets.SCALES and o.scale != "Local partner" for o in table.outlets)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("outlets:\n- id: a\n  id: b\n", "repeated key"),
        ("outlets:\n- {id: a, name_en: A, scale: Huge, why: w}\n", "not one of ACLED's"),
        ("outlets:\n- {id: a, name_en: A, scale: National}\n", "why is required"),
        ("outlets:\n- {id: a, name_en: A, scale: National, why: w, domains: [www.a.org]}\n", "bare lower-case"),
        ("outlets:\n- {id: a, name_en: A, scale: National, why: w, names: [X]}\n"
         "- {id: b, name_en: B, scale: Regional, why: w, names: [x]}\n", "given to both"),
        ("outlets:\n- {id: a, name_en: A, scale: National, why: w, site: a.org}\n", "unknown field"),
    ],
)  # fmt: skip
def test_store_source_scale_strict_loader(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "outlets.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ResourceError, match=message):
        load(path)


def test_store_source_scale_missing_file_named_by_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(outlets.ENV_VAR, str(tmp_path / "none.yaml"))
    with pytest.raises(ResourceError, match="not a file"):
        get_outlets()


def test_outlets_written_names_are_found_as_word_sequences() -> None:
    from marsad.text.normalize import normalize_key

    sentence = "وقالت وشبكة دير الزور 24 إن دورية داهمت منزلا في دير الزور"
    norms = [normalize_key(w) for w in sentence.split(" ")]
    spans = get_outlets().name_spans(norms)
    assert (1, 5) in spans or (2, 5) in spans  # «شبكة دير الزور 24» (or «دير الزور 24»), with its proclitic
    assert all(end <= 5 for _, end in spans)  # the city named later is no outlet
