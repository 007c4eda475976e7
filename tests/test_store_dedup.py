"""Near-duplicate documents in the store: a republished copy is linked to its original and adds no source."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from marsad.store import Store
from marsad.store.schema import document_bands, documents
from tests.test_store_support import MARCH_12, SHELLING_B, record, store

__all__ = ["store"]

# An outlet's article and an aggregator's copy of it (written for these tests, not taken from any outlet).
ORIGINAL = (
    "قصفت قوات النظام بالمدفعية الثقيلة، صباح أمس الاثنين، بلدة البارة في ريف إدلب الجنوبي، "
    "ما أدى إلى مقتل ثلاثة مدنيين. وقال ناشطون محليون إن القذائف سقطت على الأحياء السكنية "
    "في وسط البلدة وألحقت أضراراً كبيرة بالمنازل والمحال التجارية. وأضاف الناشطون أن فرق "
    "الدفاع المدني عملت على انتشال الضحايا وإسعاف المصابين إلى المشافي القريبة في المنطقة."
)
COPY = (
    "نقلاً عن مراسلنا في الشمال السوري: "
    "قصفت قوات النظام بالمدفعية الثقيلة، صباح أمس الاثنين، بلدة البارة في ريف إدلب الجنوبي، "
    "ما أدى إلى مقتل ثلاثة مدنيين. وذكر ناشطون محليون إن القذائف سقطت على الأحياء السكنية "
    "في وسط البلدة وألحقت أضراراً جسيمة بالمنازل والمحال التجارية. وأضاف الناشطون أن فرق "
    "الدفاع المدني عملت على انتشال الضحايا وإسعاف المصابين إلى المشافي القريبة في المنطقة. "
    "تابعوا آخر الأخبار على موقعنا."
)


def _links(store: Store) -> dict[str, tuple[str | None, float | None]]:
    with store.engine.connect() as conn:
        rows = conn.execute(select(documents.c.doc_id, documents.c.duplicate_of, documents.c.duplicate_similarity))
        return {r.doc_id: (r.duplicate_of, r.duplicate_similarity) for r in rows}


def _assault(store: Store) -> tuple[int, int]:
    (event,) = [e for e in store.events() if e.facts.plover_type == "ASSAULT"]
    return event.source_count, event.mention_count


def test_store_aggregator_copy_is_linked_and_adds_no_source(store: Store) -> None:
    store.ingest([record("orig", ORIGINAL, MARCH_12, source="outlet.example")])
    assert _assault(store) == (1, 1)
    store.ingest([record("copy", COPY, MARCH_12, source="aggregator.example")])
    links = _links(store)
    assert links["orig"] == (None, None)
    original, score = links["copy"]
    assert original == "orig" and score is not None and 0.6 <= score < 1.0
    assert _assault(store) == (1, 2)  # the copy's mention is kept, but it is not a second source
    (event,) = [e for e in store.events() if e.facts.plover_type == "ASSAULT"]
    mentions = store.mentions([event.id])[event.id]
    assert {m.doc_id for m in mentions} == {"orig", "copy"}
    assert all(m.evidence_text for m in mentions)
    with store.engine.connect() as conn:
        assert conn.execute(select(document_bands.c.key)).all()  # LSH bands kept for later lookups
    counts = store.counts()
    again = store.ingest(
        [
            record("orig", ORIGINAL, MARCH_12, source="outlet.example"),
            record("copy", COPY, MARCH_12, source="aggregator.example"),
        ]
    )
    assert again.unchanged == 2 and store.counts() == counts and _links(store) == links


def test_store_two_outlets_are_not_linked_and_count_twice(store: Store) -> None:
    store.ingest(
        [
            record("orig", ORIGINAL, MARCH_12, source="outlet.example"),
            record("other", SHELLING_B, MARCH_12, source="other.example"),
        ]
    )
    assert _links(store) == {"orig": (None, None), "other": (None, None)}
    assert _assault(store) == (2, 2)


def test_store_earlier_published_original_ingested_after_its_copy(store: Store) -> None:
    store.ingest([record("copy", COPY, date(2024, 3, 13), source="aggregator.example")])
    store.ingest([record("orig", ORIGINAL, MARCH_12, source="outlet.example")])
    links = _links(store)
    assert links["orig"] == (None, None) and links["copy"][0] == "orig"
    assert _assault(store) == (1, 2)


def test_store_changed_copy_is_unlinked_and_counts_again(store: Store) -> None:
    store.ingest([record("orig", ORIGINAL, MARCH_12), record("copy", COPY, MARCH_12, source="aggregator.example")])
    assert _assault(store) == (1, 2)
    store.ingest([record("copy", SHELLING_B, MARCH_12, source="aggregator.example")])
    assert _links(store)["copy"] == (None, None)
    assert _assault(store) == (2, 2)
