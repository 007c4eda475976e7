"""Compile ``data/actors/actors.yaml`` into the JSON-able dict behind ``resources/actors.json``.

Validation refuses, with a :class:`ActorDataError` naming the actor id (and alias where one is at
fault): a repeated YAML key, a missing or unknown field, a bad or duplicate id, an ``inter`` outside
1..8, a ``type`` or ``bloc`` outside the fixed sets, an unknown ``parent`` or a parent cycle, a date
that is not ISO ``YYYY-MM-DD``, ``valid_from`` not before ``valid_to``, a person without a role, an
empty alias, two aliases of one actor that are equal after normalisation, a ميليشيا/مليشيا alias
without its other spelling, and one normalised alias given to two actors whose validity periods
overlap, unless one of them lists the other in ``shared_alias_ok``.

Validity periods are half-open: ``valid_from`` inclusive, ``valid_to`` exclusive, ``None`` unbounded.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from marsad.knowledge.actors import adjective_key
from marsad.knowledge.yaml_source import DuplicateKeyError, load_strict
from marsad.text.normalize import normalize_key

SOURCE = Path("actors") / "actors.yaml"
FORMAT_VERSION = 1

# ACLED interaction codes.
INTER_CODES: Mapping[int, str] = {
    1: "state forces",
    2: "rebel groups",
    3: "political militias",
    4: "identity militias",
    5: "rioters",
    6: "protesters",
    7: "civilians",
    8: "external/other forces",
}

TYPES: Mapping[str, str] = {
    "state_forces": "Syrian state armed forces and their units",
    "state_security": "Syrian state intelligence, security and police services",
    "pro_government_militia": "Syrian militias fighting for the Assad government",
    "iran_backed_militia": "militias organised, funded or led by Iran (Syrian and foreign)",
    "foreign_state_forces": "armed forces, intelligence and bases of a foreign state or coalition",
    "pmc": "private military companies",
    "rebel_group": "non-jihadist armed opposition groups and coalitions",
    "jihadist_group": "jihadist armed groups",
    "kurdish_led_forces": "the SDF, its components and other Kurdish-led armed forces",
    "tribal_force": "tribes, clans and tribal fighters",
    "political_body": "governments, administrations, councils and parties",
    "civilians": "civilians and civilian bodies",
    "generic": "generic descriptions resolved to a bloc (e.g. 'Iran-backed militias')",
    "person": "named commanders, officials and leaders",
    "unidentified": "explicitly unidentified actors (e.g. 'unknown aircraft')",
}

# Types ranked after specific actors when one name matches several.
GENERIC_TYPES = frozenset({"generic", "unidentified"})

BLOCS: Mapping[str, str] = {
    "syrian_government_assad": "the Assad-era Syrian state, its forces, loyal militias and later remnants",
    "syrian_government_transitional": "the Syrian state from 8 December 2024",
    "iran_axis": "Iran, its forces and the militias it backs (incl. Hezbollah, Iraqi PMF groups)",
    "russia": "Russian state forces and Russian private military companies",
    "sdf_aanes": "the SDF, the Autonomous Administration and affiliated Kurdish-led bodies",
    "turkey_sna": "Turkey, the Syrian National Army and the Syrian Interim Government",
    "hts": "Hay'at Tahrir al-Sham, its predecessors and its institutions",
    "jihadist_other": "jihadist groups other than HTS and ISIS (al-Qaeda, Hurras al-Din, TIP, ...)",
    "isis": "the Islamic State and its cells",
    "us_coalition": "the United States, the US-led coalition and groups it backs directly",
    "israel": "the State of Israel and its forces",
    "opposition_other": "other Syrian opposition groups and bodies",
    "local_other": "local armed groups outside the above blocs (Suwayda, reconciled Daraa factions)",
    "other_foreign": "other foreign states and international forces (Jordan, Iraq, Lebanon, UN)",
    "tribal": "Arab tribes and tribal forces",
    "civilians": "civilians, protesters and rioters",
    "unidentified": "unidentified or unattributed actors",
}

_REQUIRED = (
    "id",
    "name_en",
    "aliases_ar",
    "aliases_en",
    "inter",
    "type",
    "parent",
    "bloc",
    "valid_from",
    "valid_to",
    "source",
)
_OPTIONAL = ("role", "shared_alias_ok", "notes", "agent_adjectives_ar")
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")

# Spelling pairs that must both be listed when one is (normalised forms, with and without ال).
_MILITIA_SPELLINGS = {"ميليشيا": "مليشيا", "ميليشيات": "مليشيات"}
_MILITIA_PAIRS: dict[str, str] = {}
for _a, _b in _MILITIA_SPELLINGS.items():
    for _pre in ("", "ال"):
        _MILITIA_PAIRS[_pre + _a] = _pre + _b
        _MILITIA_PAIRS[_pre + _b] = _pre + _a


class ActorDataError(ValueError):
    """The actor data file is invalid; the message names the actor id and, where relevant, the alias."""


def _str(raw: object, actor_id: str, field: str, *, nullable: bool = False) -> str | None:
    if raw is None and nullable:
        return None
    if not isinstance(raw, str) or not raw.strip():
        raise ActorDataError(f"{actor_id}: {field} must be a non-empty string, got {raw!r}")
    return raw.strip()


def _str_list(raw: object, actor_id: str, field: str) -> list[str]:
    if not isinstance(raw, list):
        raise ActorDataError(f"{actor_id}: {field} must be a list, got {raw!r}")
    out: list[str] = []
    for item in raw:
        if not isinstance(item, str) or not item.strip():
            raise ActorDataError(f"{actor_id}: {field} holds an empty or non-string alias {item!r}")
        out.append(" ".join(item.split()))
    return out


def _date(raw: object, actor_id: str, field: str) -> date | None:
    if raw is None:
        return None
    if isinstance(raw, date):  # PyYAML reads an unquoted 2024-12-08 as a date
        return raw
    if isinstance(raw, str) and _ISO.fullmatch(raw.strip()):
        try:
            return date.fromisoformat(raw.strip())
        except ValueError as exc:
            raise ActorDataError(f"{actor_id}: {field} {raw!r} is not a valid date") from exc
    raise ActorDataError(f"{actor_id}: {field} {raw!r} is not an ISO date (YYYY-MM-DD) or null")


def _overlap(a_from: date | None, a_to: date | None, b_from: date | None, b_to: date | None) -> bool:
    """Whether two half-open periods [from, to) share a day; None is unbounded."""
    a_starts_before_b_ends = b_to is None or a_from is None or a_from < b_to
    b_starts_before_a_ends = a_to is None or b_from is None or b_from < a_to
    return a_starts_before_b_ends and b_starts_before_a_ends


def _actor(raw: object, index: int) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise ActorDataError(f"actor #{index + 1} is not a mapping")
    raw_id = raw.get("id")
    if not isinstance(raw_id, str) or not _ID.fullmatch(raw_id):
        raise ActorDataError(f"actor #{index + 1}: id {raw_id!r} is not a lowercase slug like 'sy-sdf'")
    actor_id = raw_id
    missing = [k for k in _REQUIRED if k not in raw]
    if missing:
        raise ActorDataError(f"{actor_id}: missing field(s) {', '.join(missing)}")
    unknown = sorted(set(raw) - set(_REQUIRED) - set(_OPTIONAL))
    if unknown:
        raise ActorDataError(f"{actor_id}: unknown field(s) {', '.join(map(str, unknown))}")

    inter = raw["inter"]
    if isinstance(inter, bool) or not isinstance(inter, int) or inter not in INTER_CODES:
        raise ActorDataError(f"{actor_id}: inter {inter!r} is not an ACLED code 1..8")
    actor_type = raw["type"]
    if actor_type not in TYPES:
        raise ActorDataError(f"{actor_id}: type {actor_type!r} is not one of {sorted(TYPES)}")
    bloc = raw["bloc"]
    if bloc not in BLOCS:
        raise ActorDataError(f"{actor_id}: bloc {bloc!r} is not one of {sorted(BLOCS)}")
    parent = raw["parent"]
    if parent is not None and not isinstance(parent, str):
        raise ActorDataError(f"{actor_id}: parent {parent!r} must be an id or null")
    if parent == actor_id:
        raise ActorDataError(f"{actor_id}: an actor cannot be its own parent")

    valid_from = _date(raw["valid_from"], actor_id, "valid_from")
    valid_to = _date(raw["valid_to"], actor_id, "valid_to")
    if valid_from is not None and valid_to is not None and not valid_from < valid_to:
        raise ActorDataError(
            f"{actor_id}: valid_from {valid_from} must be before valid_to {valid_to} (valid_to is exclusive)"
        )

    aliases_ar = _str_list(raw["aliases_ar"], actor_id, "aliases_ar")
    if not aliases_ar:
        raise ActorDataError(f"{actor_id}: aliases_ar is empty")
    aliases_en = _str_list(raw["aliases_en"], actor_id, "aliases_en")
    seen: dict[str, str] = {}
    for alias in (*aliases_ar, *aliases_en):
        key = normalize_key(alias)
        if not key:
            raise ActorDataError(f"{actor_id}: alias {alias!r} is empty after normalisation")
        if key in seen:
            raise ActorDataError(f"{actor_id}: aliases {seen[key]!r} and {alias!r} are the same after normalisation")
        seen[key] = alias
    for alias in aliases_ar:
        for word in normalize_key(alias).split():
            other = _MILITIA_PAIRS.get(word)
            if other is None:
                continue
            twin = " ".join(other if w == word else w for w in normalize_key(alias).split())
            if twin not in seen:
                raise ActorDataError(f"{actor_id}: alias {alias!r} needs its other spelling ({other}) listed too")

    role = _str(raw.get("role"), actor_id, "role", nullable=True)
    if actor_type == "person" and role is None:
        raise ActorDataError(f"{actor_id}: a person needs a role")
    shared = raw.get("shared_alias_ok") or []
    if not isinstance(shared, list) or not all(isinstance(s, str) for s in shared):
        raise ActorDataError(f"{actor_id}: shared_alias_ok must be a list of ids")
    adjectives = raw.get("agent_adjectives_ar") or []
    if not isinstance(adjectives, list) or not all(isinstance(a, str) and " " not in a.strip() for a in adjectives):
        raise ActorDataError(f"{actor_id}: agent_adjectives_ar must be a list of single words")

    return {
        "id": actor_id,
        "name_en": _str(raw["name_en"], actor_id, "name_en"),
        "aliases_ar": aliases_ar,
        "aliases_en": aliases_en,
        "inter": inter,
        "type": actor_type,
        "parent": parent,
        "bloc": bloc,
        "valid_from": valid_from.isoformat() if valid_from else None,
        "valid_to": valid_to.isoformat() if valid_to else None,
        "role": role,
        "source": _str(raw["source"], actor_id, "source"),
        "notes": _str(raw.get("notes"), actor_id, "notes", nullable=True),
        "shared_alias_ok": sorted(set(shared)),
        "agent_adjectives_ar": sorted({a.strip() for a in adjectives}),
    }


def _check_adjectives(actors: Sequence[dict[str, Any]]) -> None:
    owner: dict[str, str] = {}
    for actor in actors:
        for adjective in actor.get("agent_adjectives_ar", []):
            key = adjective_key(adjective)
            if owner.setdefault(key, actor["id"]) != actor["id"]:
                raise ActorDataError(f"{actor['id']}: agent adjective {adjective!r} already belongs to {owner[key]}")


def _check_links(actors: Sequence[dict[str, Any]]) -> None:
    _check_adjectives(actors)
    by_id = {a["id"]: a for a in actors}
    for actor in actors:
        if actor["parent"] is not None and actor["parent"] not in by_id:
            raise ActorDataError(f"{actor['id']}: unknown parent {actor['parent']!r}")
        for other in actor["shared_alias_ok"]:
            if other not in by_id:
                raise ActorDataError(f"{actor['id']}: shared_alias_ok names unknown id {other!r}")
    for actor in actors:
        chain = [actor["id"]]
        parent = actor["parent"]
        while parent is not None:
            if parent in chain:
                raise ActorDataError(f"{actor['id']}: parent cycle {' -> '.join([*chain, parent])}")
            chain.append(parent)
            parent = by_id[parent]["parent"]


def _check_shared_aliases(actors: Sequence[dict[str, Any]]) -> None:
    owners: dict[str, list[tuple[dict[str, Any], str]]] = {}
    for actor in actors:
        for alias in (*actor["aliases_ar"], *actor["aliases_en"]):
            owners.setdefault(normalize_key(alias), []).append((actor, alias))
    for holders in owners.values():
        for i, (a, alias) in enumerate(holders):
            for b, b_alias in holders[i + 1 :]:
                if a["id"] in b["shared_alias_ok"] or b["id"] in a["shared_alias_ok"]:
                    continue
                a_from, a_to = _opt_date(a["valid_from"]), _opt_date(a["valid_to"])
                b_from, b_to = _opt_date(b["valid_from"]), _opt_date(b["valid_to"])
                if _overlap(a_from, a_to, b_from, b_to):
                    raise ActorDataError(
                        f"{b['id']}: alias {b_alias!r} is also given to {a['id']} (as {alias!r}) and "
                        f"their validity periods overlap (list the other id in shared_alias_ok if intended)"
                    )


def _opt_date(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def build_from_text(text: str) -> dict[str, object]:
    """Validate and compile the YAML text of an actors file."""
    try:
        doc = load_strict(text)
    except DuplicateKeyError as exc:
        raise ActorDataError(str(exc)) from exc
    except yaml.YAMLError as exc:
        raise ActorDataError(f"the actors file is not valid YAML: {exc}") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("actors"), list):
        raise ActorDataError("the actors file must be a mapping with a list under 'actors'")
    actors = [_actor(raw, i) for i, raw in enumerate(doc["actors"])]
    seen: set[str] = set()
    for actor in actors:
        if actor["id"] in seen:
            raise ActorDataError(f"{actor['id']}: duplicate id")
        seen.add(actor["id"])
    _check_links(actors)
    _check_shared_aliases(actors)
    return {
        "version": FORMAT_VERSION,
        "inter_codes": {str(k): v for k, v in sorted(INTER_CODES.items())},
        "types": dict(sorted(TYPES.items())),
        "blocs": dict(sorted(BLOCS.items())),
        "generic_types": sorted(GENERIC_TYPES),
        "actors": sorted(actors, key=lambda a: str(a["id"])),
    }


def build(data_dir: Path) -> dict[str, object]:
    """Read ``data_dir/actors/actors.yaml``, validate it and return the compiled dict."""
    return build_from_text((data_dir / SOURCE).read_text(encoding="utf-8"))
