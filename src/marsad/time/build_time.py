"""Compile ``data/time/arabic_time.yaml`` into the JSON-able dict behind ``resources/time.json``.

Validation refuses: a YAML mapping with a repeated key, a month locale missing one of 1..12, a weekday
outside 0..6 or a missing weekday, two keys of one table that are equal after normalisation, a key
mapped to two different months across locales, an unknown unit, part, qualifier or time of day.
Keys are stored in their matching form: normalised, tokenised, tokens joined by one space.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from marsad.knowledge.yaml_source import DuplicateKeyError, load_strict
from marsad.time.resources import key_tokens

SOURCE = Path("time") / "arabic_time.yaml"

_UNITS = frozenset({"day", "week", "month", "year", "hour"})
_PERIOD_UNITS = frozenset({"week", "month", "year"})
_PARTS = frozenset({"begin", "middle", "end"})
_QUALIFIERS = frozenset({"past", "current", "next"})
_TIMES = frozenset({"dawn", "morning", "noon", "afternoon", "evening", "night", "midnight"})
_LIST_TABLES = (
    "today_blockers", "ago_words", "vague_numbers", "day_words", "month_words", "year_words",
    "of_words", "vague",
)


class TimeDataError(ValueError):
    """The time data file is invalid; the message names the table and key."""




def _key(raw: object, table: str) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise TimeDataError(f"{table}: key {raw!r} is not a non-empty string")
    key = " ".join(key_tokens(raw))
    if not key:
        raise TimeDataError(f"{table}: key {raw!r} is empty after normalisation")
    return key


def _mapping(data: Mapping[str, Any], name: str) -> Mapping[Any, Any]:
    value = data.get(name)
    if not isinstance(value, Mapping) or not value:
        raise TimeDataError(f"{name}: missing or not a non-empty mapping")
    return value


def _int(value: object, where: str, lo: int, hi: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise TimeDataError(f"{where}: {value!r} is not an integer in {lo}..{hi}")
    return value


def _table(data: Mapping[str, Any], name: str, convert: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for raw, value in _mapping(data, name).items():
        key = _key(raw, name)
        if key in out:
            raise TimeDataError(f"{name}: {raw!r} repeats the normalised key {key!r}")
        out[key] = convert(value, f"{name}.{raw}")
    return out


def _list(data: Mapping[str, Any], name: str) -> list[str]:
    value = data.get(name)
    if not isinstance(value, list) or not value:
        raise TimeDataError(f"{name}: missing or not a non-empty list")
    out: list[str] = []
    for raw in value:
        key = _key(raw, name)
        if key in out:
            raise TimeDataError(f"{name}: {raw!r} repeats the normalised key {key!r}")
        out.append(key)
    return sorted(out)


def _enum(allowed: frozenset[str]) -> Any:
    def convert(value: object, where: str) -> str:
        if value not in allowed:
            raise TimeDataError(f"{where}: {value!r} is not one of {sorted(allowed)}")
        return str(value)

    return convert


def _months(data: Mapping[str, Any]) -> dict[str, int]:
    merged: dict[str, int] = {}
    for locale, table in _mapping(data, "months").items():
        if not isinstance(table, Mapping):
            raise TimeDataError(f"months.{locale}: not a mapping")
        local = _table({locale: table}, locale, lambda v, w: _int(v, f"months.{w}", 1, 12))
        missing = sorted(set(range(1, 13)) - set(local.values()))
        if missing:
            raise TimeDataError(f"months.{locale}: months {missing} have no name")
        for key, month in local.items():
            if merged.get(key, month) != month:
                raise TimeDataError(
                    f"months.{locale}: {key!r} is month {month} here, {merged[key]} elsewhere"
                )
            merged[key] = month
    return merged


def _period(value: object, where: str) -> dict[str, object]:
    if not isinstance(value, Mapping) or value.get("unit") not in _PERIOD_UNITS:
        raise TimeDataError(f"{where}: needs unit one of {sorted(_PERIOD_UNITS)}")
    return {"unit": value["unit"], "offset": _int(value.get("offset"), where, -10, 10)}


def _unit(value: object, where: str) -> dict[str, object]:
    if not isinstance(value, Mapping) or value.get("unit") not in _UNITS:
        raise TimeDataError(f"{where}: needs unit one of {sorted(_UNITS)}")
    count = value.get("count")
    return {"unit": value["unit"], "count": None if count is None else _int(count, where, 1, 100)}


def build(data_dir: Path) -> dict[str, object]:
    """Read, validate and compile the time data under ``data_dir``; deterministic."""
    path = data_dir / SOURCE
    with path.open(encoding="utf-8") as fh:
        try:
            data = load_strict(fh)
        except DuplicateKeyError as exc:
            raise TimeDataError(f"{path}: {exc}") from exc
    if not isinstance(data, Mapping):
        raise TimeDataError(f"{path}: top level is not a mapping")
    weekdays = _table(data, "weekdays", lambda v, w: _int(v, w, 0, 6))
    missing = sorted(set(range(7)) - set(weekdays.values()))
    if missing:
        raise TimeDataError(f"weekdays: weekdays {missing} have no name")
    compiled: dict[str, object] = {
        "version": _int(data.get("version"), "version", 1, 1000),
        "week_start": _int(data.get("week_start"), "week_start", 0, 6),
        "year_rollover_tolerance_days": _int(
            data.get("year_rollover_tolerance_days"), "year_rollover_tolerance_days", 0, 31
        ),
        "months": _months(data),
        "weekdays": weekdays,
        "relative_days": _table(data, "relative_days", lambda v, w: _int(v, w, -7, 7)),
        "relative_periods": _table(data, "relative_periods", _period),
        "period_parts": _table(data, "period_parts", _enum(_PARTS)),
        "times_of_day": _table(data, "times_of_day", _enum(_TIMES)),
        "units": _table(data, "units", _unit),
        "numbers": _table(data, "numbers", lambda v, w: _int(v, w, 1, 100)),
        "ordinals": _table(data, "ordinals", lambda v, w: _int(v, w, 1, 31)),
        "qualifiers": _table(data, "qualifiers", _enum(_QUALIFIERS)),
    }
    for name in _LIST_TABLES:
        compiled[name] = _list(data, name)
    return compiled
