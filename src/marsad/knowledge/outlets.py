"""ACLED's ``source_scale`` of an event, from the outlets that reported it (``data/sources/outlets.yaml``).

The outlets file is edited by people and read lazily, once, with the strict YAML loader (a repeated key
is an error); every entry names its scale and says why. A document's outlet is found by its ``source``
field (an outlet's name or domain, exactly, after normalisation) or else by its URL's domain; an outlet its
attribution cites («بحسب المرصد السوري لحقوق الإنسان») is found by the entry's ``cited_as`` phrases.

An event's scale combines the distinct scales of all its reports' outlets, most local first, joined by
"-" as ACLED writes them ("New media-National", "Other-Regional"). Nothing is guessed: when the outlet of
any of its documents is not in the file, the event's scale is left empty.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from marsad.errors import ResourceError
from marsad.knowledge.yaml_source import DuplicateKeyError, load_strict
from marsad.text.normalize import normalize_key

ENV_VAR = "MARSAD_OUTLETS"
# the reviewed source; scripts/build_resources.py compiles it into the package (resources/outlets.json)
DEFAULT_PATH = Path(__file__).resolve().parents[3] / "data" / "sources" / "outlets.yaml"
RESOURCE = "outlets.json"

# ACLED's source scales, in the order ACLED joins them ("Local partner-Other", "Other-New media",
# "New media-Subnational", "Subnational-National", "National-Regional", "Regional-International").
SCALES: tuple[str, ...] = (
    "Local partner",
    "Other",
    "New media",
    "Subnational",
    "National",
    "Regional",
    "International",
)
_FIELDS = frozenset({"id", "name_en", "names", "domains", "cited_as", "scale", "why"})
_REQUIRED = ("id", "name_en", "scale", "why")
_REQUIRED_COMPILED = ("id", "name_en", "scale")
_DOMAIN = re.compile(r"^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")


@dataclass(frozen=True, slots=True)
class Outlet:
    outlet_id: str
    name_en: str
    scale: str
    names: tuple[str, ...]
    domains: tuple[str, ...]
    cited_as: tuple[str, ...]


def _key(text: str) -> str:
    return normalize_key(text).casefold()


_ARABIC = re.compile(r"[\u0600-\u06ff]")


def _cited_pattern(phrase: str) -> re.Pattern[str]:
    """The phrase as a whole word sequence, its first word allowing Arabic proclitics (و ف ب ك ل, لل for ال)."""
    key = _key(phrase)
    # «المرصد» is also «والمرصد», «بالمرصد», «للمرصد»; «رويترز» also «لرويترز», «ورويترز»
    article = key.startswith("ال")
    head = r"[وف]?(?:[بك]?ال|لل)" + re.escape(key[2:]) if article else r"[وف]?[بكل]?" + re.escape(key)
    return re.compile(r"(?<!\w)" + head + r"(?!\w)")


class OutletTable:
    """The outlets of one file, indexed by normalised name, by domain and by cited phrase."""

    def __init__(self, outlets: Iterable[Outlet]) -> None:
        self.outlets = tuple(outlets)
        self._by_name: dict[str, Outlet] = {}
        self._by_domain: dict[str, Outlet] = {}
        self._cited: list[tuple[re.Pattern[str], Outlet]] = []
        for outlet in self.outlets:
            for name in (outlet.name_en, *outlet.names):
                self._claim(self._by_name, _key(name), outlet, "name")
            for domain in outlet.domains:
                self._claim(self._by_domain, domain, outlet, "domain")
            self._cited.extend((_cited_pattern(p), outlet) for p in outlet.cited_as)
        # Arabic names of more than one word, by first word, as normalised token sequences («شبكة دير الزور 24»)
        self._written: dict[str, set[tuple[str, ...]]] = {}
        for outlet in self.outlets:
            for name in (*outlet.names, *outlet.cited_as):
                words = tuple(normalize_key(w) for w in name.split())
                if len(words) > 1 and _ARABIC.search(name):
                    self._written.setdefault(words[0], set()).add(words[1:])

    @staticmethod
    def _claim(index: dict[str, Outlet], key: str, outlet: Outlet, what: str) -> None:
        other = index.get(key)
        if other is not None and other.outlet_id != outlet.outlet_id:
            raise ResourceError(f"outlets: {what} {key!r} is given to both {other.outlet_id} and {outlet.outlet_id}")
        index[key] = outlet

    def by_domain(self, host: str) -> Outlet | None:
        """The outlet of a host name: its own entry, else that of a parent domain (m.example.com → example.com)."""
        labels = host.lower().rstrip(".").split(".")
        for k in range(len(labels) - 1):
            found = self._by_domain.get(".".join(labels[k:]))
            if found is not None:
                return found
        return None

    def of_document(self, source: str | None, url: str | None) -> Outlet | None:
        """The outlet that published a document: by its ``source`` (a name or a domain), else its URL."""
        if source and source.strip():
            found = self._by_name.get(_key(source))
            if found is None and _DOMAIN.match(_host(source) or ""):
                found = self.by_domain(_host(source) or "")
            if found is not None:
                return found
        host = _host(url) if url else None
        return self.by_domain(host) if host else None

    def name_spans(self, norms: Sequence[str]) -> list[tuple[int, int]]:
        """Token ranges ``[i, j)`` of a sentence's normalised words that write an outlet's name: a place
        inside one («دير الزور 24») is where nothing happened. The first word may carry a proclitic (وشبكة)."""
        found: list[tuple[int, int]] = []
        for i, norm in enumerate(norms):
            for first in (norm, norm[1:]) if len(norm) > 3 and norm[0] in "وبلف" else (norm,):
                for rest in self._written.get(first, ()):
                    j = i + 1 + len(rest)
                    if tuple(norms[i + 1 : j]) == rest:
                        found.append((i, j))
        return found

    def cited(self, attribution: str | None) -> list[Outlet]:
        """The outlets an attribution names («وفقاً للمرصد السوري لحقوق الإنسان» → SOHR)."""
        if not attribution:
            return []
        text = _key(attribution)
        out: list[Outlet] = []
        for pattern, outlet in self._cited:
            if outlet not in out and pattern.search(text):
                out.append(outlet)
        return out


def _host(value: str) -> str | None:
    """The host name of a URL or a bare domain ("www.syriahr.com/..." → "syriahr.com")."""
    text = value.strip().lower()
    if not text:
        return None
    parts = urlsplit(text if "://" in text else f"//{text}")
    host = parts.hostname
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def combine(scales: Iterable[str]) -> str:
    """ACLED's combined scale: the distinct scales, most local first, joined by "-"."""
    distinct = set(scales)
    return "-".join(s for s in SCALES if s in distinct)


def _strings(entry: Mapping[str, Any], field: str, where: str) -> tuple[str, ...]:
    value = entry.get(field, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ResourceError(f"{where}: {field} must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def parse(data: Any, origin: str = "outlets", *, reasons: bool = True) -> OutletTable:
    """Validate the file's content: known fields only, a scale from :data:`SCALES`, a reason (``reasons``;
    the compiled table leaves them out), unique ids."""
    if not isinstance(data, Mapping) or set(data) != {"outlets"} or not isinstance(data["outlets"], list):
        raise ResourceError(f"{origin}: expected one key, outlets: a list of entries")
    seen: set[str] = set()
    outlets: list[Outlet] = []
    for k, entry in enumerate(data["outlets"], start=1):
        where = f"{origin}: entry {k}"
        if not isinstance(entry, Mapping):
            raise ResourceError(f"{where}: not a mapping")
        unknown = set(entry) - _FIELDS
        if unknown:
            raise ResourceError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
        for field in _REQUIRED if reasons else _REQUIRED_COMPILED:
            if not isinstance(entry.get(field), str) or not entry[field].strip():
                raise ResourceError(f"{where}: {field} is required (a non-empty string)")
        outlet_id = entry["id"].strip()
        where = f"{origin}: {outlet_id}"
        if outlet_id in seen:
            raise ResourceError(f"{where}: id repeated")
        seen.add(outlet_id)
        if entry["scale"] not in SCALES:
            raise ResourceError(f"{where}: scale {entry['scale']!r} is not one of ACLED's ({', '.join(SCALES)})")
        domains = _strings(entry, "domains", where)
        for domain in domains:
            if not _DOMAIN.match(domain) or domain.startswith("www."):
                raise ResourceError(f"{where}: {domain!r} is not a bare lower-case domain (no scheme, no www.)")
        outlets.append(
            Outlet(
                outlet_id=outlet_id,
                name_en=entry["name_en"].strip(),
                scale=entry["scale"],
                names=_strings(entry, "names", where),
                domains=domains,
                cited_as=_strings(entry, "cited_as", where),
            )
        )
    return OutletTable(outlets)


def load(path: Path) -> OutletTable:
    try:
        data = load_strict(path.read_text(encoding="utf-8"))
    except (OSError, DuplicateKeyError, ValueError) as exc:
        raise ResourceError(f"{path}: {exc}") from exc
    return parse(data, str(path))


def build(data_dir: Path) -> dict[str, Any]:
    """Compile ``data_dir/outlets.yaml`` (validated) into the packaged form (scripts/build_resources.py)."""
    path = data_dir / "outlets.yaml"
    try:
        data = load_strict(path.read_text(encoding="utf-8"))
    except (OSError, DuplicateKeyError, ValueError) as exc:
        raise ResourceError(f"{path}: {exc}") from exc
    parse(data, str(path))  # refuse a file that does not validate
    entries = [{k: v for k, v in sorted(entry.items()) if k != "why"} for entry in data["outlets"]]
    return {"format_version": 1, "outlets": entries}  # file order: the order cited outlets are listed in


@cache
def _table(path: str) -> OutletTable:
    file = Path(path)
    if not file.is_file():
        raise ResourceError(f"${ENV_VAR} names {path}, which is not a file")
    return load(file)


@cache
def _packaged() -> OutletTable:
    import json
    from importlib import resources

    text = resources.files("marsad.resources").joinpath(RESOURCE).read_text(encoding="utf-8")
    compiled = json.loads(text)
    return parse({"outlets": compiled["outlets"]}, RESOURCE, reasons=False)


def get_outlets() -> OutletTable:
    """The outlets of ``$MARSAD_OUTLETS`` (a YAML file) or the packaged table, read once."""
    override = os.environ.get(ENV_VAR)
    return _table(override) if override else _packaged()


@dataclass(frozen=True, slots=True)
class Report:
    """What a mention says about where it comes from: its document's source and URL, its attribution."""

    source: str | None
    url: str | None
    attribution: str | None


def source_scale(reports: Iterable[Report], table: OutletTable | None = None) -> str:
    """The ``source_scale`` of an event from its reports; empty when any document's outlet is unknown."""
    outlets = table or get_outlets()
    scales: list[str] = []
    any_report = False
    for report in reports:
        any_report = True
        outlet = outlets.of_document(report.source, report.url)
        if outlet is None:
            return ""
        scales.append(outlet.scale)
        scales.extend(o.scale for o in outlets.cited(report.attribution))
    return combine(scales) if any_report else ""
