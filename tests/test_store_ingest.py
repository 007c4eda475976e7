from __future__ import annotations

from marsad.io.readers import Record
from marsad.model import Document
from marsad.nlp import default_pipeline, default_stages
from marsad.pipeline import Pipeline
from marsad.store import IngestProgress, Store
from marsad.store.ingest import content_hash
from tests.test_store_support import (
    ARREST_RAQQA,
    DRONE_MAYADIN,
    MARCH_12,
    MAY_2,
    SHELLING_A,
    SHELLING_B,
    record,
    store,
)

__all__ = ["store"]


def _corpus() -> list[Record]:
    return [
        record("a", SHELLING_A, MARCH_12),
        record("b", SHELLING_B, MARCH_12, source="other.example"),
        record("c", ARREST_RAQQA, MARCH_12),
        record("d", DRONE_MAYADIN, MAY_2),
    ]


def test_store_ingest_twice_leaves_identical_counts(store: Store) -> None:
    first = store.ingest(_corpus())
    assert (first.added, first.updated, first.unchanged, first.failed) == (4, 0, 0, 0)
    counts = store.counts()
    assert counts.documents == 4 and counts.event_mentions >= 4 and counts.sentences >= 4
    again = store.ingest(_corpus())
    assert (again.added, again.updated, again.unchanged, again.failed) == (0, 0, 4, 0)
    assert store.counts() == counts


def test_store_ingest_has_document_by_hash(store: Store) -> None:
    rec = record("a", SHELLING_A, MARCH_12)
    assert not store.has_document("a")
    store.ingest([rec])
    assert store.has_document("a")
    assert store.has_document("a", content_hash(rec))
    assert not store.has_document("a", "0" * 64)


def test_store_ingest_changed_document_replaces_its_events(store: Store) -> None:
    store.ingest([record("x", SHELLING_A, MARCH_12), record("y", ARREST_RAQQA, MARCH_12)])
    assert {e.facts.plover_type for e in store.events()} == {"ASSAULT", "COERCE"}
    report = store.ingest([record("x", DRONE_MAYADIN, MAY_2)])
    assert report.updated == 1
    events = store.events()
    assert sorted(e.facts.place_id or "" for e in events if e.facts.plover_type == "ASSAULT") == ["gn-173480"]
    mentions = store.mentions(e.id for e in events)
    assert all(len(ms) == e.mention_count for e, ms in ((e, mentions[e.id]) for e in events))
    assert store.counts().documents == 2


class _Boom:
    name = "test.boom.v1"
    requires: frozenset[str] = frozenset()
    produces: frozenset[str] = frozenset()

    def __call__(self, doc: Document) -> Document:
        if "البارة" in doc.text:
            raise RuntimeError("stage exploded")
        return doc


def test_store_ingest_reports_failures_and_goes_on(store: Store) -> None:
    pipeline = Pipeline([*default_stages(), _Boom()])
    seen: list[IngestProgress] = []
    report = store.ingest(
        [record("a", SHELLING_A, MARCH_12), record("c", ARREST_RAQQA, MARCH_12)],
        pipeline=pipeline,
        on_progress=seen.append,
    )
    assert (report.added, report.failed) == (1, 1)
    assert "stage test.boom.v1 failed" in report.messages[0] and report.messages[0].startswith("[E302] test:a")
    assert [p.outcome for p in seen] == ["failed", "added"]
    assert store.counts().documents == 1


def test_store_ingest_keeps_evidence_and_references(store: Store) -> None:
    store.ingest([record("a", SHELLING_A, MARCH_12)], pipeline=default_pipeline())
    (event,) = store.events()
    (mention,) = store.mentions([event.id])[event.id]
    assert mention.evidence_text in SHELLING_A and mention.trigger_text in mention.evidence_text
    assert mention.doc_id == "a" and mention.merge_reason.startswith("store.merge.v1")
    assert event.facts.actor1_id == "sy-gov-forces-assad" and event.facts.place_id == "sy-cur-al-bara"
    counts = store.counts()
    assert counts.actors >= 1 and counts.places >= 1 and counts.entities >= 2
