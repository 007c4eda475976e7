"""Two writers on one SQLite file, and a kill -9 in the middle of a batch (SQLite and PostgreSQL), with real
subprocesses."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest

from marsad.store import Store
from tests.test_store_support import ARREST_RAQQA, DRONE_MAYADIN, SHELLING_A, SHELLING_B, drop_schema, pg_url

ROOT = Path(__file__).resolve().parent.parent
TEXTS = (SHELLING_A, SHELLING_B, ARREST_RAQQA, DRONE_MAYADIN)

WORKER = """
import json, sys
from marsad.io.readers import Record
from marsad.store import Store
records = [Record(**{**r, "published": __import__("datetime").date.fromisoformat(r["published"])})
           for r in json.load(open(sys.argv[2]))]
with Store.open(sys.argv[1], schema=sys.argv[3] if len(sys.argv) > 3 else None) as store:
    report = store.ingest(records, on_progress=lambda p: print(p.done, p.doc_id, p.outcome, flush=True))
print("REPORT", report.added, report.updated, report.unchanged, report.failed, flush=True)
sys.exit(1 if report.failed else 0)
"""


def _records(path: Path, prefix: str, n: int) -> Path:
    rows = [
        {
            "doc_id": f"{prefix}-{k}",
            "text": TEXTS[k % len(TEXTS)],
            "origin": "test",
            "published": (date(2024, 1, 1) + timedelta(days=3 * k)).isoformat(),
        }
        for k in range(n)
    ]
    out = path / f"{prefix}.json"
    out.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    return out


@dataclass(frozen=True, slots=True)
class Target:
    """Where the workers write: a SQLite file, or a PostgreSQL URL and a schema of the test's own."""

    url: str
    schema: str | None = None

    def open(self) -> Store:
        return Store.open(self.url, schema=self.schema)


def _start(target: Path | Target, records: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    where = [str(target)] if isinstance(target, Path) else [target.url, *([target.schema] if target.schema else [])]
    return subprocess.Popen(
        [sys.executable, "-c", WORKER, where[0], str(records), *where[1:]], stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT,
    )  # fmt: skip


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Target]:
    """An empty store on each backend for subprocess writers (PostgreSQL: a schema of its own, dropped after)."""
    if request.param == "sqlite":
        yield Target(str(tmp_path / "killed.db"))
        return
    url = pg_url()  # skips with the reason when PostgreSQL is unreachable
    schema = f"marsad_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    try:
        yield Target(url, schema)
    finally:
        drop_schema(url, schema)


def _consistent(store: Store) -> None:
    events = store.events()
    mentions = store.mentions(e.id for e in events)
    assert all(len(mentions[e.id]) == e.mention_count >= 1 for e in events)
    counts = store.counts()
    assert counts.events == len(events) and counts.event_mentions == sum(e.mention_count for e in events)


def test_store_concurrency_two_writers_one_sqlite_file(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    first = _start(db, _records(tmp_path, "p", 8))
    second = _start(db, _records(tmp_path, "q", 8))
    outs = [p.communicate(timeout=300) for p in (first, second)]
    assert [p.returncode for p in (first, second)] == [0, 0], outs
    with Store.open(str(db)) as store:
        assert store.counts().documents == 16
        assert all(store.has_document(f"{p}-{k}") for p in "pq" for k in range(8))
        _consistent(store)


def test_store_concurrency_kill_during_ingest_then_resume(tmp_path: Path, target: Target) -> None:
    records = _records(tmp_path, "k", 12)
    proc = _start(target, records)
    assert proc.stdout is not None
    stored = 0
    deadline = time.monotonic() + 240
    try:
        while stored < 3 and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            stored += line.split()[-1] == "added"
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    assert stored >= 3, proc.stderr.read() if proc.stderr else ""
    with target.open() as store:
        partial = store.counts().documents
        assert 3 <= partial < 12
        _consistent(store)
    rerun = _start(target, records)
    try:
        out, err = rerun.communicate(timeout=300)
    finally:
        if rerun.poll() is None:
            rerun.kill()
            rerun.wait(timeout=30)
    assert rerun.returncode == 0, err
    report = out.strip().splitlines()[-1].split()
    assert report[0] == "REPORT" and int(report[1]) == 12 - partial and int(report[3]) == partial
    with target.open() as store:
        assert store.counts().documents == 12
        _consistent(store)
