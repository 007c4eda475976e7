"""Compiled resources must equal what their data/ sources compile to (as dateparser checks)."""

from __future__ import annotations

import importlib.util

import pytest
from scripts.build_resources import AREAS, DATA, RESOURCES, Area, compile_area


@pytest.mark.parametrize("area", AREAS, ids=[a.name for a in AREAS])
def test_resources_compiled_files_match_sources(area: Area) -> None:
    if importlib.util.find_spec(area.builder) is None:
        pytest.fail(f"builder {area.builder} is missing")
    target = RESOURCES / area.output
    assert target.is_file(), f"{target} is missing; run `make resources`"
    assert target.read_text(encoding="utf-8") == compile_area(area, data_dir=DATA), (
        f"{area.output} drifted from data/{area.name}; run `make resources` and commit the result"
    )
