"""Compile the Syria gazetteer from ``data/gazetteer/*.csv`` into one JSON-able dict.

Inputs (all under ``data_dir``): ``admin_units.csv`` (OCHA adm1-3), ``towns.csv`` (GeoNames towns),
``countries.csv`` and ``curated_places.csv`` (edited by people) and ``ambiguous_names.txt`` (the
names deliberately shared by different places).  :func:`build` validates everything and raises a
:class:`ValueError` naming the file and line of the first problem.

Validation rules
----------------
* required fields present; ``kind`` known; ids unique across all files;
* every p-code exists in ``admin_units.csv`` and the admin1/admin2/admin3 codes nest;
  places inside Syria (all but countries) need at least ``admin1_pcode``;
* Syrian places lie inside Syria's bounding box (lat 32.2-37.45, lon 35.6-42.5, a little wider than
  the country);
* a place lies within the plausibility radius of the most specific unit it is assigned to:
  ``max(25 km, 2.5 * sqrt(area_km2 / pi))`` from the unit's centroid (2.5 times the radius of a
  circle with the unit's area; units without an area use 25 km);
* names: the same normalised name on two entries of the same kind group (towns and villages form
  one group) within 5 km is a duplicate; the same name on two different places otherwise must be
  listed in ``ambiguous_names.txt`` (an admin unit and a place inside it are the same place at two
  granularities and need no listing); allowlist lines that no longer name an ambiguity are errors too.
"""

from __future__ import annotations

import csv
import math
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from marsad.text.normalize import normalize_key

METHOD_ID = "knowledge.gazetteer.v1"

ADMIN_LEVELS = ("adm1", "adm2", "adm3")
CURATED_KINDS = frozenset({
    "military_base", "airport", "oil_field", "gas_field", "border_crossing", "village", "town",
    "neighbourhood", "dam", "prison", "region", "mountain", "river", "checkpoint", "bridge",
})
SETTLEMENT_KINDS = frozenset({"town", "village"})
SYRIA_BBOX = (32.2, 37.45, 35.6, 42.5)  # lat_min, lat_max, lon_min, lon_max
DUPLICATE_KM = 5.0
MIN_RADIUS_KM = 25.0
RADIUS_FACTOR = 2.5

SOURCE_OCHA = "OCHA COD-AB via OpenSyria data-geography (CC BY 4.0)"
SOURCE_GEONAMES = "GeoNames (geonames.org, CC BY 4.0)"
SOURCE_CURATED = "Marsad curated"

# Remainders that are everyday words once the article is stripped: no ال-less variant for them.
_NO_BARE_VARIANT = frozenset(normalize_key(w) for w in (
    "ضمير", "راعي", "قبو", "سجن", "ثوره", "كرامه", "حمراء", "روضه", "زياره", "ناصره", "منصوره", "باب", "تل",
    "شجره", "حاضر", "جيزه", "سبخه", "غاريه", "بصيره", "مزرعه", "حميديه", "صالحيه", "حسينيه", "جبيله",
    "جلاء", "كسره", "سوسه", "قريا", "حواش", "دانا", "داليه", "نشابيه", "مليحه", "هول", "قصير", "فاخوره",
    "جزيره", "شاميه", "باديه", "غوطه", "مزه", "طوب", "زر", "بحره", "سيال", "رشديه", "عمال",
))
_ARTICLE = "ال"


@dataclass(slots=True)
class _Entry:
    """Mutable working form of one place while building."""

    id: str
    kind: str
    name_en: str
    name_ar: str
    aliases_ar: list[str]
    aliases_en: list[str]
    lat: float
    lon: float
    admin1_pcode: str | None
    admin2_pcode: str | None
    admin3_pcode: str | None
    population: int | None
    source: str
    country_code: str
    where: str
    area_km2: float | None = None
    parent_id: str | None = None
    names_ar: list[str] = field(default_factory=list)
    names_en: list[str] = field(default_factory=list)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def plausibility_radius_km(area_km2: float | None) -> float:
    """How far a place may lie from the centroid of the unit it is assigned to."""
    if area_km2 is None or area_km2 <= 0:
        return MIN_RADIUS_KM
    return max(MIN_RADIUS_KM, RADIUS_FACTOR * math.sqrt(area_km2 / math.pi))


def _read_csv(path: Path, required: Iterable[str]) -> list[tuple[str, dict[str, str]]]:
    if not path.is_file():
        raise ValueError(f"{path.name}: file missing from {path.parent}")
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header = reader.fieldnames or []
        missing = [c for c in required if c not in header]
        if missing:
            raise ValueError(f"{path.name}: missing columns {missing}")
        rows: list[tuple[str, dict[str, str]]] = []
        for i, row in enumerate(reader, start=2):
            where = f"{path.name}:{i}"
            clean = {k: (v or "").strip() for k, v in row.items() if k is not None}
            for col in required:
                if not clean.get(col):
                    raise ValueError(f"{where}: required field {col!r} is empty")
            rows.append((where, clean))
    return rows


def _float(where: str, col: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{where}: {col} {text!r} is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"{where}: {col} {text!r} is not finite")
    return value


def _opt_int(where: str, col: str, text: str) -> int | None:
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"{where}: {col} {text!r} is not an integer") from None


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split("|") if part.strip()]


def _fold_latin(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    for mark in "‘’ʿʾ`":
        text = text.replace(mark, "'")
    return text


def _bare_variant(name: str) -> str | None:
    """The name without the article on its first word, when that is still a distinctive name."""
    key = normalize_key(name)
    first, _, rest = key.partition(" ")
    if not first.startswith(_ARTICLE) or len(first) < 5:
        return None
    bare_first = first[len(_ARTICLE):]
    if bare_first in _NO_BARE_VARIANT or (not rest and len(bare_first) < 4):
        return None
    words = name.split()
    stripped = words[0]
    while stripped and normalize_key(stripped[:1]) == "":
        stripped = stripped[1:]
    if normalize_key(stripped[:2]) != _ARTICLE:
        return None
    return " ".join([stripped[2:], *words[1:]])


def _unique(names: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for name in names:
        k = normalize_key(name).casefold()
        if k and k not in seen:
            seen.add(k)
            out.append(name)
    return out


def _names(entry: _Entry) -> None:
    arabic = _unique([entry.name_ar, *entry.aliases_ar])
    variants = [v for v in (_bare_variant(n) for n in arabic) if v]
    entry.names_ar = _unique([*arabic, *variants])
    english = _unique([entry.name_en, *entry.aliases_en])
    entry.names_en = _unique([*english, *(_fold_latin(n) for n in english)])


def _check_bbox(entry: _Entry) -> None:
    lat_min, lat_max, lon_min, lon_max = SYRIA_BBOX
    if not (lat_min <= entry.lat <= lat_max and lon_min <= entry.lon <= lon_max):
        raise ValueError(f"{entry.where}: {entry.id} coordinates ({entry.lat}, {entry.lon}) are outside Syria")


def _assign(entry: _Entry, units: Mapping[str, _Entry], *, need_admin1: bool) -> None:
    """Check the p-codes of ``entry`` exist and nest, and that the place is near its unit."""
    codes = [("admin1_pcode", entry.admin1_pcode, "adm1"), ("admin2_pcode", entry.admin2_pcode, "adm2"),
             ("admin3_pcode", entry.admin3_pcode, "adm3")]
    if need_admin1 and not entry.admin1_pcode:
        raise ValueError(f"{entry.where}: {entry.id} needs admin1_pcode (a place inside Syria)")
    specific: _Entry | None = None
    for col, code, level in codes:
        if not code:
            continue
        unit = units.get(code)
        if unit is None or unit.kind != level:
            raise ValueError(f"{entry.where}: {entry.id} has unknown {col} {code!r}")
        for parent_col, parent_code, _ in codes:
            if parent_col == col:
                break
            expected = getattr(unit, parent_col)
            if expected != parent_code:
                raise ValueError(
                    f"{entry.where}: {entry.id} {col} {code} belongs to {parent_col} {expected}, not {parent_code!r}"
                )
        specific = unit
    if specific is None:
        return
    entry.parent_id = specific.id
    distance = haversine_km(entry.lat, entry.lon, specific.lat, specific.lon)
    limit = plausibility_radius_km(specific.area_km2)
    if distance > limit:
        raise ValueError(
            f"{entry.where}: {entry.id} lies {distance:.0f} km from the centroid of its unit {specific.id} "
            f"(limit {limit:.0f} km)"
        )


def _read_admin_units(data_dir: Path) -> list[_Entry]:
    rows = _read_csv(data_dir / "admin_units.csv",
                     ["id", "level", "pcode", "name_en", "name_ar", "lat", "lon", "admin1_pcode"])
    out: list[_Entry] = []
    for where, r in rows:
        level = r["level"]
        if level not in ADMIN_LEVELS:
            raise ValueError(f"{where}: unknown level {level!r}")
        pcode = r["pcode"]
        expected_len = {"adm1": 4, "adm2": 6, "adm3": 8}[level]
        if len(pcode) != expected_len or not pcode.startswith("SY") or not pcode[2:].isdigit():
            raise ValueError(f"{where}: p-code {pcode!r} is not a valid {level} p-code")
        own = {"adm1": "admin1_pcode", "adm2": "admin2_pcode", "adm3": "admin3_pcode"}[level]
        if r.get(own) != pcode:
            raise ValueError(f"{where}: {own} {r.get(own)!r} differs from pcode {pcode}")
        area = r.get("area_km2", "")
        out.append(_Entry(
            id=r["id"], kind=level, name_en=r["name_en"], name_ar=r["name_ar"],
            aliases_ar=_split(r.get("aliases_ar", "")), aliases_en=_split(r.get("aliases_en", "")),
            lat=_float(where, "lat", r["lat"]), lon=_float(where, "lon", r["lon"]),
            admin1_pcode=r["admin1_pcode"] or None, admin2_pcode=r.get("admin2_pcode") or None,
            admin3_pcode=r.get("admin3_pcode") or None,
            population=_opt_int(where, "population", r.get("population", "")),
            area_km2=_float(where, "area_km2", area) if area else None,
            source=SOURCE_OCHA, country_code="SY", where=where,
        ))
    return out


def _read_towns(data_dir: Path) -> list[_Entry]:
    rows = _read_csv(data_dir / "towns.csv", ["geonames_id", "name_en", "name_ar", "lat", "lon", "admin1_pcode",
                                              "admin2_pcode", "admin3_pcode"])
    return [
        _Entry(
            id=f"gn-{r['geonames_id']}", kind="town", name_en=r["name_en"], name_ar=r["name_ar"],
            aliases_ar=_split(r.get("aliases_ar", "")), aliases_en=_split(r.get("aliases_en", "")),
            lat=_float(where, "lat", r["lat"]), lon=_float(where, "lon", r["lon"]),
            admin1_pcode=r["admin1_pcode"], admin2_pcode=r["admin2_pcode"], admin3_pcode=r["admin3_pcode"],
            population=_opt_int(where, "population", r.get("population", "")) or None,
            source=SOURCE_GEONAMES, country_code="SY", where=where,
        )
        for where, r in rows
    ]


def _read_countries(data_dir: Path) -> list[_Entry]:
    rows = _read_csv(data_dir / "countries.csv", ["id", "iso2", "iso3", "name_en", "name_ar", "lat", "lon"])
    out: list[_Entry] = []
    for where, r in rows:
        lat, lon = _float(where, "lat", r["lat"]), _float(where, "lon", r["lon"])
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ValueError(f"{where}: coordinates ({lat}, {lon}) out of range")
        if len(r["iso2"]) != 2 or len(r["iso3"]) != 3:
            raise ValueError(f"{where}: bad ISO codes {r['iso2']!r}/{r['iso3']!r}")
        out.append(_Entry(
            id=r["id"], kind="country", name_en=r["name_en"], name_ar=r["name_ar"],
            aliases_ar=_split(r.get("aliases_ar", "")), aliases_en=_split(r.get("aliases_en", "")),
            lat=lat, lon=lon, admin1_pcode=None, admin2_pcode=None, admin3_pcode=None, population=None,
            source=r.get("source_note") or SOURCE_CURATED, country_code=r["iso2"].upper(), where=where,
        ))
    return out


def _read_curated(data_dir: Path) -> list[_Entry]:
    rows = _read_csv(data_dir / "curated_places.csv",
                     ["id", "name_en", "name_ar", "kind", "lat", "lon", "admin1_pcode", "source_note"])
    out: list[_Entry] = []
    for where, r in rows:
        if r["kind"] not in CURATED_KINDS:
            raise ValueError(f"{where}: unknown kind {r['kind']!r} (known: {', '.join(sorted(CURATED_KINDS))})")
        out.append(_Entry(
            id=r["id"], kind=r["kind"], name_en=r["name_en"], name_ar=r["name_ar"],
            aliases_ar=_split(r.get("aliases_ar", "")), aliases_en=_split(r.get("aliases_en", "")),
            lat=_float(where, "lat", r["lat"]), lon=_float(where, "lon", r["lon"]),
            admin1_pcode=r["admin1_pcode"] or None, admin2_pcode=r.get("admin2_pcode") or None,
            admin3_pcode=r.get("admin3_pcode") or None, population=None,
            source=f"{SOURCE_CURATED}; {r['source_note']}", country_code="SY", where=where,
        ))
    return out


def _read_allowlist(data_dir: Path) -> dict[str, int]:
    path = data_dir / "ambiguous_names.txt"
    allowed: dict[str, int] = {}
    if not path.is_file():
        return allowed
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        text = line.split("#", 1)[0].strip()
        if text:
            allowed[normalize_key(text).casefold()] = i
    return allowed


def _group(kind: str) -> str:
    return "settlement" if kind in SETTLEMENT_KINDS else kind


def _contains(outer: _Entry, inner: _Entry) -> bool:
    level = {"adm1": "admin1_pcode", "adm2": "admin2_pcode", "adm3": "admin3_pcode"}.get(outer.kind)
    if level is None:
        return False
    own = getattr(outer, level)
    return own is not None and getattr(inner, level) == own and outer is not inner


def _check_names(entries: list[_Entry], allowed: Mapping[str, int]) -> None:
    by_key: dict[str, list[_Entry]] = defaultdict(list)
    for entry in entries:
        keys = {normalize_key(n).casefold() for n in (entry.name_ar, *entry.aliases_ar, entry.name_en,
                                                      *entry.aliases_en)}
        for key in sorted(k for k in keys if k):
            by_key[key].append(entry)
    used: set[str] = set()
    for key in sorted(by_key):
        group = by_key[key]
        if len(group) < 2:
            continue
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if _contains(a, b) or _contains(b, a):
                    continue
                near = haversine_km(a.lat, a.lon, b.lat, b.lon) <= DUPLICATE_KM
                if near and _group(a.kind) == _group(b.kind):
                    raise ValueError(
                        f"{b.where}: name {key!r} of {b.id} duplicates {a.id} ({a.where}): same kind within "
                        f"{DUPLICATE_KM:.0f} km"
                    )
                if key not in allowed:
                    raise ValueError(
                        f"{b.where}: name {key!r} is shared by {a.id} ({a.where}) and {b.id}; if these are "
                        "really different places, list the name in ambiguous_names.txt"
                    )
                used.add(key)
    stale = sorted((line, key) for key, line in allowed.items() if key not in used)
    if stale:
        line, key = stale[0]
        raise ValueError(f"ambiguous_names.txt:{line}: {key!r} is not shared by different places; remove it")


def _entry_json(entry: _Entry) -> dict[str, object]:
    return {
        "id": entry.id,
        "kind": entry.kind,
        "name_en": entry.name_en,
        "name_ar": entry.name_ar,
        "names_ar": entry.names_ar,
        "names_en": entry.names_en,
        "lat": round(entry.lat, 5),
        "lon": round(entry.lon, 5),
        "admin1_pcode": entry.admin1_pcode,
        "admin2_pcode": entry.admin2_pcode,
        "admin3_pcode": entry.admin3_pcode,
        "parent_id": entry.parent_id,
        "population": entry.population,
        "area_km2": entry.area_km2,
        "country_code": entry.country_code,
        "source": entry.source,
    }


def build(data_dir: Path) -> dict[str, object]:
    """Read, validate and compile the gazetteer CSVs under ``data_dir`` (deterministic)."""
    admin = _read_admin_units(data_dir)
    towns = _read_towns(data_dir)
    countries = _read_countries(data_dir)
    curated = _read_curated(data_dir)
    entries = [*admin, *towns, *countries, *curated]

    seen: dict[str, str] = {}
    for entry in entries:
        if entry.id in seen:
            raise ValueError(f"{entry.where}: duplicate id {entry.id!r} (first at {seen[entry.id]})")
        seen[entry.id] = entry.where

    units: dict[str, _Entry] = {}
    for unit in admin:
        code = {"adm1": unit.admin1_pcode, "adm2": unit.admin2_pcode, "adm3": unit.admin3_pcode}[unit.kind]
        assert code is not None  # checked while reading
        if code in units:
            raise ValueError(f"{unit.where}: duplicate p-code {code} (first at {units[code].where})")
        units[code] = unit
    for unit in admin:
        _check_bbox(unit)
        parent_code = {"adm1": None, "adm2": unit.admin1_pcode, "adm3": unit.admin2_pcode}[unit.kind]
        if parent_code is not None:
            parent = units.get(parent_code)
            if parent is None or (unit.kind == "adm3" and unit.admin1_pcode != parent.admin1_pcode):
                raise ValueError(f"{unit.where}: {unit.id} has unknown parent p-code {parent_code!r}")
            if not unit.admin3_pcode and unit.kind == "adm3":
                raise ValueError(f"{unit.where}: {unit.id} has no admin3_pcode")
            unit.parent_id = parent.id
    for entry in [*towns, *curated]:
        _check_bbox(entry)
        _assign(entry, units, need_admin1=True)

    _check_names(entries, _read_allowlist(data_dir))
    for entry in entries:
        _names(entry)
    entries.sort(key=lambda e: e.id)
    counts: dict[str, int] = defaultdict(int)
    for entry in entries:
        counts[entry.kind] += 1
    return {
        "method": METHOD_ID,
        "counts": dict(sorted(counts.items())),
        "entries": [_entry_json(e) for e in entries],
    }
