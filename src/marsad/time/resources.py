"""The compiled time data (``resources/time.json``), loaded once, lazily, into frozen dataclasses.

Also the tokenizer shared by the builder and the matcher: a key and a text are cut into the same
tokens (runs of letters, runs of digits, single punctuation marks) after normalisation.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Generic, Literal, TypeVar, cast

from marsad.text.normalize import normalize_key

RESOURCE = "time.json"

Unit = Literal["day", "week", "month", "year", "hour"]
PeriodUnit = Literal["week", "month", "year"]
Part = Literal["begin", "middle", "end"]
Qualifier = Literal["past", "current", "next"]

_TOKEN = re.compile(r"\d+|[^\W\d_]+|[^\s\w]|_")

V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class Tok:
    """One token of normalised text: ``start``/``end`` index the normalised string."""

    text: str
    start: int
    end: int

    @property
    def is_digit(self) -> bool:
        return self.text.isdigit()


def tokenize(norm: str) -> tuple[Tok, ...]:
    """Cut normalised text into letter runs, digit runs and single punctuation marks."""
    return tuple(Tok(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(norm))


def key_tokens(raw: str) -> tuple[str, ...]:
    """The matching tokens of a data-file key."""
    return tuple(t.text for t in tokenize(normalize_key(raw)))


@dataclass(frozen=True, slots=True)
class PhraseTable(Generic[V]):
    """Token-sequence keys (one or more tokens) to values; ``max_len`` is the longest key."""

    entries: Mapping[tuple[str, ...], V]
    max_len: int

    def match(self, words: tuple[str, ...], i: int) -> tuple[int, V] | None:
        """The longest key starting at ``words[i]``: (token count, value), or None."""
        for n in range(min(self.max_len, len(words) - i), 0, -1):
            value = self.entries.get(words[i : i + n])
            if value is not None:
                return n, value
        return None

    def __contains__(self, key: object) -> bool:
        return key in self.entries


@dataclass(frozen=True, slots=True)
class Period:
    unit: PeriodUnit
    offset: int


@dataclass(frozen=True, slots=True)
class UnitEntry:
    unit: Unit
    count: int | None


@dataclass(frozen=True, slots=True)
class TimeResources:
    version: int
    week_start: int
    year_rollover_tolerance_days: int
    months: PhraseTable[int]
    weekdays: PhraseTable[int]
    relative_days: PhraseTable[int]
    relative_periods: PhraseTable[Period]
    period_parts: PhraseTable[Part]
    times_of_day: PhraseTable[str]
    units: PhraseTable[UnitEntry]
    numbers: PhraseTable[int]
    ordinals: PhraseTable[int]
    qualifiers: PhraseTable[Qualifier]
    today_blockers: PhraseTable[bool]
    ago_words: PhraseTable[bool]
    vague_numbers: PhraseTable[bool]
    day_words: PhraseTable[bool]
    month_words: PhraseTable[bool]
    year_words: PhraseTable[bool]
    of_words: PhraseTable[bool]
    vague: PhraseTable[bool]


def _table(raw: Mapping[str, V]) -> PhraseTable[V]:
    entries = {tuple(k.split(" ")): v for k, v in raw.items()}
    return PhraseTable(MappingProxyType(entries), max((len(k) for k in entries), default=0))


def _set(raw: list[str]) -> PhraseTable[bool]:
    return _table(dict.fromkeys(raw, True))


def from_compiled(data: Mapping[str, object]) -> TimeResources:
    """Build the dataclasses from a compiled dict (the content of ``time.json``)."""
    d = data

    def mapping(name: str) -> Mapping[str, object]:
        return cast(Mapping[str, object], d[name])

    def strings(name: str) -> list[str]:
        return cast(list[str], d[name])

    periods = {
        k: Period(cast(PeriodUnit, cast(Mapping[str, object], v)["unit"]),
                  cast(int, cast(Mapping[str, object], v)["offset"]))
        for k, v in mapping("relative_periods").items()
    }
    units = {
        k: UnitEntry(cast(Unit, cast(Mapping[str, object], v)["unit"]),
                     cast("int | None", cast(Mapping[str, object], v)["count"]))
        for k, v in mapping("units").items()
    }
    return TimeResources(
        version=cast(int, d["version"]),
        week_start=cast(int, d["week_start"]),
        year_rollover_tolerance_days=cast(int, d["year_rollover_tolerance_days"]),
        months=_table(cast(Mapping[str, int], d["months"])),
        weekdays=_table(cast(Mapping[str, int], d["weekdays"])),
        relative_days=_table(cast(Mapping[str, int], d["relative_days"])),
        relative_periods=_table(periods),
        period_parts=_table(cast(Mapping[str, Part], d["period_parts"])),
        times_of_day=_table(cast(Mapping[str, str], d["times_of_day"])),
        units=_table(units),
        numbers=_table(cast(Mapping[str, int], d["numbers"])),
        ordinals=_table(cast(Mapping[str, int], d["ordinals"])),
        qualifiers=_table(cast(Mapping[str, Qualifier], d["qualifiers"])),
        today_blockers=_set(strings("today_blockers")),
        ago_words=_set(strings("ago_words")),
        vague_numbers=_set(strings("vague_numbers")),
        day_words=_set(strings("day_words")),
        month_words=_set(strings("month_words")),
        year_words=_set(strings("year_words")),
        of_words=_set(strings("of_words")),
        vague=_set(strings("vague")),
    )


@cache
def load() -> TimeResources:
    """The packaged time resources, read once."""
    text = resources.files("marsad").joinpath("resources", RESOURCE).read_text(encoding="utf-8")
    return from_compiled(cast(Mapping[str, object], json.loads(text)))
