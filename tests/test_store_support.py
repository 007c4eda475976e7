"""Shared helpers for the store tests (no tests here): backends, Arabic reports written for the tests."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from marsad.io.readers import Record
from marsad.store import Store

PG_URL = os.environ.get("MARSAD_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
PG_FALLBACK_URL = "postgresql://root@127.0.0.1:5432/test"

# Reports written for these tests (not taken from any outlet).
SHELLING_A = (
    "قصفت قوات النظام بالمدفعية الثقيلة، صباح أمس الاثنين، بلدة البارة في ريف إدلب الجنوبي، "
    "ما أدى إلى مقتل ثلاثة مدنيين."
)
SHELLING_B = "قُتل مدنيان بقصفٍ مدفعيٍّ لقوات النظام على بلدة البارة جنوبي إدلب يوم الاثنين."
SHELLING_LATER = "قصفت قوات النظام بلدة البارة في ريف إدلب أمس الأحد."
SHELLING_DENIED = "نفى الجيش الوطني أن يكون قد قصف بلدة البارة في ريف إدلب أمس الاثنين."
ARREST_RAQQA = "اعتقلت قوات سوريا الديمقراطية خمسة شبان في مدينة الرقة أمس."
DRONE_MAYADIN = (
    "استهدفت طائرة مسيرة مجهولة سيارة في مدينة الميادين بريف دير الزور الشرقي، فجر اليوم، ما أسفر عن مقتل شخصين."
)
DRONE_GOVERNORATE = "استهدفت طائرة مسيّرة مجهولة سيارةً في محافظة دير الزور فجر اليوم، وقُتل شخصان."
CONVOY_RAQQA = "خرجت الأرتالُ العسكرية من مدينة الرقة باتجاه الطبقة."
# Clashes with a militia taking part beside the government forces (an associated actor), told twice.
CLASH_HEZBOLLAH = (
    "اندلعت اشتباكات بين قوات النظام وهيئة تحرير الشام في بلدة البارة بريف إدلب أمس الاثنين، "
    "بمشاركة ميليشيا حزب الله اللبناني إلى جانب قوات النظام."
)
CLASH_FATEMIYOUN = (
    "دارت اشتباكات بين قوات النظام وهيئة تحرير الشام على أطراف بلدة البارة جنوبي إدلب يوم الاثنين، "
    "وشارك فيها لواء فاطميون إلى جانب قوات النظام."
)
SHELLING_PER_SOHR = "قصفت قوات النظام بلدة البارة في ريف إدلب أمس الاثنين، بحسب المرصد السوري لحقوق الإنسان."

MARCH_12 = date(2024, 3, 12)
MAY_2 = date(2024, 5, 2)


def record(
    doc_id: str, text: str, published: date | None, *, source: str | None = "test.example", url: str | None = None
) -> Record:
    return Record(doc_id=doc_id, text=text, origin=f"test:{doc_id}", published=published, source=source, url=url)


def _pg_reachable() -> str | None:
    """A PostgreSQL URL that accepts connections, or None."""
    for url in (PG_URL, PG_FALLBACK_URL):
        try:
            engine = create_engine(
                url.replace("postgresql://", "postgresql+psycopg://", 1), connect_args={"connect_timeout": 3}
            )
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            engine.dispose()
            return url
        except Exception:  # any failure to connect means: skip the PostgreSQL cases
            continue
    return None


_PG: list[str | None] = []


def pg_url() -> str:
    if not _PG:
        _PG.append(_pg_reachable())
    url = _PG[0]
    if url is None:
        pytest.skip(f"PostgreSQL not reachable at {PG_URL} (run scripts/ensure_postgres.sh)")
    return url


def drop_schema(url: str, schema: str) -> None:
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store on each backend (PostgreSQL: a schema of its own, dropped afterwards)."""
    if request.param == "sqlite":
        with Store.open(str(tmp_path / "store.db")) as st:
            yield st
        return
    url = pg_url()
    schema = f"marsad_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    try:
        with Store.open(url, schema=schema) as st:
            yield st
    finally:
        drop_schema(url, schema)
