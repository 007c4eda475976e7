"""Runtime Syria gazetteer: places loaded once, lazily, from ``marsad/resources/gazetteer.json``.

The JSON is compiled by :func:`marsad.knowledge.build_gazetteer.build` from ``data/gazetteer/``.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import cast

from marsad.text.normalize import normalize_key

RESOURCE = "gazetteer.json"
ADMIN_KINDS = frozenset({"adm1", "adm2", "adm3"})
_LEVEL_RANK = {"adm1": 0, "adm2": 1, "adm3": 2}
_PROCLITICS = ("و", "ف", "ب", "ك", "ل")
_ARTICLE = "ال"


@dataclass(frozen=True, slots=True)
class PlaceEntry:
    """One place: an admin unit, a town, a curated place or a country."""

    id: str
    kind: str
    name_en: str
    name_ar: str
    names_ar: tuple[str, ...]
    names_en: tuple[str, ...]
    lat: float
    lon: float
    admin1_pcode: str | None
    admin2_pcode: str | None
    admin3_pcode: str | None
    parent_id: str | None
    population: int | None
    area_km2: float | None
    country_code: str
    source: str

    @property
    def is_admin_unit(self) -> bool:
        return self.kind in ADMIN_KINDS

    @property
    def pcode(self) -> str | None:
        """The unit's own p-code for admin units, else None."""
        if self.kind == "adm1":
            return self.admin1_pcode
        if self.kind == "adm2":
            return self.admin2_pcode
        if self.kind == "adm3":
            return self.admin3_pcode
        return None


def _key(name: str) -> str:
    return normalize_key(name).casefold()


def _opt_str(value: object) -> str | None:
    return None if value is None else str(value)


def _entry(raw: Mapping[str, object]) -> PlaceEntry:
    population = raw.get("population")
    area = raw.get("area_km2")
    return PlaceEntry(
        id=str(raw["id"]),
        kind=str(raw["kind"]),
        name_en=str(raw["name_en"]),
        name_ar=str(raw["name_ar"]),
        names_ar=tuple(str(n) for n in cast(list[object], raw["names_ar"])),
        names_en=tuple(str(n) for n in cast(list[object], raw["names_en"])),
        lat=float(cast(float, raw["lat"])),
        lon=float(cast(float, raw["lon"])),
        admin1_pcode=_opt_str(raw.get("admin1_pcode")),
        admin2_pcode=_opt_str(raw.get("admin2_pcode")),
        admin3_pcode=_opt_str(raw.get("admin3_pcode")),
        parent_id=_opt_str(raw.get("parent_id")),
        population=None if population is None else int(cast(int, population)),
        area_km2=None if area is None else float(cast(float, area)),
        country_code=str(raw.get("country_code") or ""),
        source=str(raw.get("source") or ""),
    )


def _rank(entry: PlaceEntry) -> tuple[int, int, int, str]:
    return (0 if entry.is_admin_unit else 1, -(entry.population or 0), _LEVEL_RANK.get(entry.kind, 3), entry.id)


def _query_forms(key: str) -> list[str]:
    """Fallback forms of a normalised query: one leading ال or proclitic (+ال) stripped."""
    forms: list[str] = []
    if key.startswith("لل") and len(key) > 4:
        forms += [_ARTICLE + key[2:], key[2:]]
    if key.startswith(_ARTICLE) and len(key) > 4:
        forms.append(key[2:])
    if key[:1] in _PROCLITICS and len(key) > 3:
        rest = key[1:]
        forms.append(rest)
        if rest.startswith(_ARTICLE) and len(rest) > 4:
            forms.append(rest[2:])
    return forms


class Gazetteer:
    """Places with name lookup; build one with :meth:`from_json` or use :func:`get_gazetteer`."""

    def __init__(self, entries: Iterable[PlaceEntry]) -> None:
        self._entries = tuple(sorted(entries, key=lambda e: e.id))
        self._by_id = {e.id: e for e in self._entries}
        self._by_pcode: dict[str, PlaceEntry] = {}
        index: dict[str, list[PlaceEntry]] = {}
        for entry in self._entries:
            if entry.pcode is not None:
                self._by_pcode[entry.pcode] = entry
            keys: set[str] = set()
            for name in (*entry.names_ar, *entry.names_en):
                key = _key(name)
                if key:
                    keys.add(key)
                    keys.add(key.replace(" ", ""))  # joined form: ديرالزور
            for key in keys:
                index.setdefault(key, []).append(entry)
        self._index = {k: tuple(sorted(v, key=_rank)) for k, v in index.items()}

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Gazetteer:
        raw_entries = cast(list[Mapping[str, object]], data["entries"])
        return cls(_entry(raw) for raw in raw_entries)

    @property
    def entries(self) -> tuple[PlaceEntry, ...]:
        return self._entries

    def by_id(self, entry_id: str) -> PlaceEntry | None:
        return self._by_id.get(entry_id)

    def admin_unit(self, pcode: str) -> PlaceEntry | None:
        return self._by_pcode.get(pcode.strip().upper())

    def governorate_of(self, entry: PlaceEntry) -> PlaceEntry | None:
        return None if entry.admin1_pcode is None else self._by_pcode.get(entry.admin1_pcode)

    def lookup(self, name: str) -> list[PlaceEntry]:
        """Entries named ``name`` (normalised, spaced or joined), admin units and bigger places first.

        When nothing matches exactly, one leading ال or proclitic (و ف ب ك ل, also with ال) is stripped.
        """
        key = _key(name)
        if not key:
            return []
        for form in (key, *_query_forms(key)):
            hits = self._index.get(form) or self._index.get(form.replace(" ", ""))
            if hits:
                return list(hits)
        return []

    def names(self) -> Iterator[tuple[str, str]]:
        """(surface name, entry id) for every Arabic and English name of every entry."""
        for entry in self._entries:
            for name in (*entry.names_ar, *entry.names_en):
                yield name, entry.id


def load_gazetteer() -> Gazetteer:
    """Read the compiled gazetteer from the package resources (uncached)."""
    text = resources.files("marsad.resources").joinpath(RESOURCE).read_text(encoding="utf-8")
    return Gazetteer.from_json(cast(Mapping[str, object], json.loads(text)))


@functools.cache
def get_gazetteer() -> Gazetteer:
    """The shared gazetteer, loaded on first use."""
    return load_gazetteer()
