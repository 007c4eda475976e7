"""Compile the event-trigger lexicon and cue lists (``data/lexicon/*.yaml``) into one JSON-able dict.

``triggers/*.yaml`` (read in sorted order, one file per theme) hold *groups* of entries; a group
sets the shared classification (``plover``,
``mode``, ``acled_event_type``, ``acled_sub_event_type``, ``cameo``, ``note``, ``requires_any``,
``ambiguous``) and each entry may override any of them. Entries are verbs (a compact pattern:
3ms perfect and 3ms imperfect, optional passive), nouns (explicit ``forms``) or phrases
(explicit multi-word ``forms`` and/or a verb pattern followed by a fixed ``tail``).

An entry may ``exclude`` generated forms that collide with common words (فجر "dawn" from فجّر).
Verb patterns are expanded here, deterministically, into inflected surface forms. No proclitics
(و ف ب ل ك ال) and no attached pronouns are added: the matcher handles those. See
``data/lexicon/README.md`` for the rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from marsad.text.normalize import normalize_key

METHOD_ID = "knowledge.build_lexicon.v1"
FORMAT_VERSION = 1

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)

# Modes per PLOVER type: the PLOVER manual's mode tables, plus CONSULT "meet" which the gold
# annotation guideline (ANNOTATION.md) adds. AGREE, SUPPORT, CONCEDE, COOPERATE and AID have no modes.
PLOVER_MODES: dict[str, tuple[str, ...]] = {
    "AGREE": (),
    "CONSULT": ("visit", "meet", "third-party", "multilateral", "phone"),
    "SUPPORT": (),
    "CONCEDE": (),
    "COOPERATE": (),
    "AID": (),
    "RETREAT": ("withdraw", "release", "disarm", "ceasefire", "access", "resign"),
    "REQUEST": ("assist", "change", "yield", "meet"),
    "ACCUSE": ("disapprove", "investigate", "allege"),
    "REJECT": ("assist", "change", "yield", "meet"),
    "THREATEN": ("restrict", "arrest", "relations", "expel", "territory", "violence"),
    "PROTEST": ("demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize"),
    "SANCTION": ("convict", "expel", "withdraw", "discontinue"),
    "MOBILIZE": ("troops", "weapons", "police", "militia"),
    "COERCE": ("seize", "restrict", "censor", "curfew", "martial-law", "arrest", "deport", "withhold",
               "misinformation", "cyber"),
    "ASSAULT": ("abduct", "beat", "torture", "sexual", "targeted", "destroy", "primitive", "firearms",
                "explosives", "suicide-attack", "aerial", "drone", "heavy-weapons", "crowd-control",
                "unconventional"),
}

# The ACLED event types and sub-event types of the gold annotation guideline, exactly as spelled there.
ACLED_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": ("Air/drone strike", "Shelling/artillery/missile attack",
                                   "Remote explosive/landmine/IED", "Suicide bomb", "Grenade",
                                   "Chemical weapon"),
    "Violence against civilians": ("Attack", "Abduction/forced disappearance", "Sexual violence"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": ("Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"),
}

POS_VALUES: tuple[str, ...] = ("verb", "noun", "phrase")

_CLASS_KEYS = ("plover", "mode", "acled_event_type", "acled_sub_event_type", "cameo", "note",
               "requires_any", "ambiguous")
_GROUP_KEYS = frozenset((*_CLASS_KEYS, "entries", "comment"))
_ENTRY_KEYS = frozenset((*_CLASS_KEYS, "id", "lemma", "pos", "perfect", "imperfect", "passive", "forms",
                         "tail", "exclude", "comment"))
_ID_RE = re.compile(r"^[a-z]+(\.[a-z0-9_]+)+$")
_CAMEO_RE = re.compile(r"^[0-9]{2,4}$")
_ARABIC_RE = re.compile(r"[\u0621-\u064A]")

# Endings that never take the accusative tanwin alef (ـاً): feminine/plural/dual endings, long vowels, hamza.
_NO_TANWIN_ALEF = ("ة", "ات", "ا", "ى", "ي", "ء", "ئ", "ؤ", "و", "ان", "ين", "ون", "اء")

CUE_STRING_LISTS: tuple[str, ...] = (
    "modality", "future_prefix", "allegation", "attribution_verbs", "attribution_sources",
    "fatality_nouns", "injury_nouns", "time_of_day",
)
NEGATION_SCOPES: tuple[str, ...] = ("verb", "noun", "both")
# PLOVER ASSAULT modes a weapon word may name (cues.yaml ``weapon_modes``)
WEAPON_MODES: tuple[str, ...] = ("aerial", "drone", "heavy-weapons", "explosives", "firearms")


class LexiconError(ValueError):
    """Raised when a lexicon source file is malformed or inconsistent."""


# --------------------------------------------------------------------------------------------
# Verb expansion
# --------------------------------------------------------------------------------------------

def expand_perfect(perfect: str) -> list[str]:
    """3ms perfect → 3ms, 3fs (+ت), 3mp (+وا), 3fp (+ن), 3md (+ا), 3fd (+تا); weak finals handled."""
    p = perfect
    if p.endswith("ى"):  # رمى، نفى، ادعى، ألقى: رمت رموا رمين رميا رمتا
        s = p[:-1]
        return [p, s + "ت", s + "وا", s + "ين", s + "يا", s + "تا"]
    if p.endswith("ا"):  # دعا، غزا: دعت دعوا دعون دعوا دعتا
        s = p[:-1]
        return [p, s + "ت", s + "وا", s + "ون", s + "وا", s + "تا"]
    fp = p if p.endswith("ن") else p + "ن"  # أعلنّ is written أعلن without shadda
    return [p, p + "ت", p + "وا", fp, p + "ا", p + "تا"]


def _with_prefix(prefix: str, stem: str) -> str:
    if prefix == "أ" and stem.startswith("أ"):  # أ + أمر → آمر
        return "آ" + stem[1:]
    return prefix + stem


def expand_imperfect(imperfect: str) -> list[str]:
    """3ms imperfect (starting with ي) → bare stem with ي ت ن أ, and ي/ت with ون ان ن وا ا."""
    if not imperfect.startswith("ي") or len(imperfect) < 3:
        raise LexiconError(f"imperfect {imperfect!r} must be the 3ms form starting with ي")
    stem = imperfect[1:]
    if stem.endswith("ي"):  # يرمي: يرمون يرميان يرمين يرموا يرميا
        base = stem[:-1]
        suffixed = [base + "ون", stem + "ان", stem + "ن", base + "وا", stem + "ا"]
    elif stem.endswith("و"):  # يدعو: يدعون يدعوان يدعون يدعوا
        base = stem[:-1]
        suffixed = [base + "ون", stem + "ان", stem + "ن", stem + "ا"]
    elif stem.endswith("ى"):  # يسعى: يسعون يسعيان يسعين يسعوا يسعيا
        base = stem[:-1]
        suffixed = [base + "ون", base + "يان", base + "ين", base + "وا", base + "يا"]
    else:
        suffixed = [stem + "ون", stem + "ان", stem + "ن", stem + "وا", stem + "ا"]
    out = [_with_prefix(pre, stem) for pre in ("ي", "ت", "ن", "أ")]
    out.extend(pre + s for pre in ("ي", "ت") for s in suffixed)
    return out


def expand_verb(perfect: str | None, imperfect: str | None) -> list[str]:
    """All surface forms of one verb pattern (either half may be absent)."""
    out: list[str] = []
    if perfect:
        out.extend(expand_perfect(perfect))
    if imperfect:
        out.extend(expand_imperfect(imperfect))
    return out


def noun_forms(forms: Iterable[str]) -> list[str]:
    """Noun forms as listed, plus the accusative tanwin-alef spelling (هجوماً → هجوما) of single words."""
    out: list[str] = []
    for form in forms:
        out.append(form)
        if " " not in form and not form.endswith(_NO_TANWIN_ALEF):
            out.append(form + "ا")
    return out


def unique_sorted(forms: Iterable[str]) -> list[str]:
    """Forms de-duplicated by their matching key (first spelling kept), sorted by key then spelling."""
    seen: dict[str, str] = {}
    for form in forms:
        clean = " ".join(form.split())
        key = normalize_key(clean)
        if key and key not in seen:
            seen[key] = clean
    return [seen[k] for k in sorted(seen)]


# --------------------------------------------------------------------------------------------
# Validation helpers
# --------------------------------------------------------------------------------------------

def _str(value: object, where: str, *, arabic: bool = False) -> str:
    if not isinstance(value, str) or not value.strip():
        raise LexiconError(f"{where}: expected a non-empty string, got {value!r}")
    if arabic and not _ARABIC_RE.search(value):
        raise LexiconError(f"{where}: expected Arabic text, got {value!r}")
    return value.strip()


def _str_list(value: object, where: str, *, arabic: bool = True) -> list[str]:
    if not isinstance(value, list) or not value:
        raise LexiconError(f"{where}: expected a non-empty list of strings")
    return [_str(v, f"{where}[{i}]", arabic=arabic) for i, v in enumerate(value)]


def _opt_str(value: object, where: str) -> str | None:
    return None if value is None else _str(value, where)


def _load_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except yaml.YAMLError as exc:
        raise LexiconError(f"{path}: invalid YAML: {exc}") from exc


def _classification(merged: Mapping[str, object], where: str) -> dict[str, object]:
    plover = _str(merged.get("plover"), f"{where}.plover")
    if plover not in PLOVER_TYPES:
        raise LexiconError(f"{where}: unknown PLOVER type {plover!r}")
    mode = _opt_str(merged.get("mode"), f"{where}.mode")
    if mode is not None and mode not in PLOVER_MODES[plover]:
        raise LexiconError(f"{where}: mode {mode!r} is not a {plover} mode {PLOVER_MODES[plover]}")
    acled = _str(merged.get("acled_event_type"), f"{where}.acled_event_type")
    if acled not in ACLED_TYPES:
        raise LexiconError(f"{where}: unknown ACLED event type {acled!r}")
    sub = _str(merged.get("acled_sub_event_type"), f"{where}.acled_sub_event_type")
    if sub not in ACLED_TYPES[acled]:
        raise LexiconError(f"{where}: {sub!r} is not a sub-event type of {acled!r}")
    cameo_raw = merged.get("cameo")
    if isinstance(cameo_raw, int) and not isinstance(cameo_raw, bool):
        raise LexiconError(f"{where}: cameo must be quoted (a string), got {cameo_raw!r}")
    cameo = _opt_str(cameo_raw, f"{where}.cameo")
    if cameo is not None and not _CAMEO_RE.match(cameo):
        raise LexiconError(f"{where}: bad CAMEO code {cameo!r}")
    note = _opt_str(merged.get("note"), f"{where}.note")
    req_raw = merged.get("requires_any")
    requires = [] if req_raw is None else _str_list(req_raw, f"{where}.requires_any")
    ambiguous = merged.get("ambiguous", False)
    if not isinstance(ambiguous, bool):
        raise LexiconError(f"{where}: ambiguous must be true or false")
    return {
        "plover": plover, "mode": mode, "acled_event_type": acled, "acled_sub_event_type": sub,
        "cameo": cameo, "note": note, "requires_any": unique_sorted(requires), "ambiguous": ambiguous,
    }


def _passive_forms(value: object, where: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, dict) or not value or set(value) - {"perfect", "imperfect"}:
        raise LexiconError(f"{where}: passive must be a mapping with perfect and/or imperfect")
    perf = _opt_str(value.get("perfect"), f"{where}.perfect")
    imperf = _opt_str(value.get("imperfect"), f"{where}.imperfect")
    return expand_verb(perf, imperf)


def _entry_forms(entry: Mapping[str, object], pos: str, where: str) -> list[str]:
    perfect = _opt_str(entry.get("perfect"), f"{where}.perfect")
    imperfect = _opt_str(entry.get("imperfect"), f"{where}.imperfect")
    passive = _passive_forms(entry.get("passive"), f"{where}.passive")
    listed = [] if entry.get("forms") is None else _str_list(entry.get("forms"), f"{where}.forms")
    tail = _opt_str(entry.get("tail"), f"{where}.tail")
    if pos == "verb":
        if perfect is None and imperfect is None:
            raise LexiconError(f"{where}: a verb needs perfect and/or imperfect")
        if tail is not None:
            raise LexiconError(f"{where}: tail is only for phrases")
        return expand_verb(perfect, imperfect) + passive + listed
    if pos == "noun":
        if perfect or imperfect or passive or tail:
            raise LexiconError(f"{where}: a noun takes forms only")
        if not listed:
            raise LexiconError(f"{where}: a noun needs forms")
        return noun_forms(listed)
    # phrase: explicit multi-word forms, and/or verb pattern + fixed tail
    out = list(listed)
    verb_forms = expand_verb(perfect, imperfect) + passive
    if verb_forms and tail is None:
        raise LexiconError(f"{where}: a phrase with a verb pattern needs a tail")
    if tail is not None:
        if not verb_forms:
            raise LexiconError(f"{where}: tail without a verb pattern")
        out.extend(f"{v} {tail}" for v in verb_forms)
    if not out:
        raise LexiconError(f"{where}: a phrase needs forms or a verb pattern with a tail")
    for form in out:
        if len(form.split()) < 2:
            raise LexiconError(f"{where}: phrase form {form!r} is a single word")
    return out


def _apply_exclude(forms: list[str], exclude: object, where: str) -> list[str]:
    """Drop generated forms that collide with common other words (فجر "dawn", آمر "commander")."""
    if exclude is None:
        return forms
    drop = {normalize_key(f) for f in _str_list(exclude, f"{where}.exclude")}
    keys = {normalize_key(f) for f in forms}
    missing = sorted(drop - keys)
    if missing:
        raise LexiconError(f"{where}: exclude lists forms the entry does not produce: {missing}")
    kept = [f for f in forms if normalize_key(f) not in drop]
    if not kept:
        raise LexiconError(f"{where}: exclude removes every form")
    return kept


def _compile_triggers(doc: object, source: str, seen_ids: dict[str, str]) -> list[dict[str, object]]:
    """Compile one trigger file; ``seen_ids`` maps ids already used (in any file) to their file."""
    if not isinstance(doc, dict) or not isinstance(doc.get("groups"), list):
        raise LexiconError(f"{source}: expected a mapping with a 'groups' list")
    unknown_top = set(doc) - {"groups", "comment"}
    if unknown_top:
        raise LexiconError(f"{source}: unknown top-level keys {sorted(unknown_top)}")
    triggers: list[dict[str, object]] = []
    for gi, group in enumerate(doc["groups"]):
        gwhere = f"{source}: groups[{gi}]"
        if not isinstance(group, dict):
            raise LexiconError(f"{gwhere}: expected a mapping")
        unknown = set(group) - _GROUP_KEYS
        if unknown:
            raise LexiconError(f"{gwhere}: unknown keys {sorted(unknown)}")
        entries = group.get("entries")
        if not isinstance(entries, list) or not entries:
            raise LexiconError(f"{gwhere}: expected a non-empty 'entries' list")
        for ei, entry in enumerate(entries):
            if not isinstance(entry, dict):
                raise LexiconError(f"{gwhere}.entries[{ei}]: expected a mapping")
            eid = _str(entry.get("id"), f"{gwhere}.entries[{ei}].id")
            where = f"{source}: {eid}"
            unknown = set(entry) - _ENTRY_KEYS
            if unknown:
                raise LexiconError(f"{where}: unknown keys {sorted(unknown)}")
            if not _ID_RE.match(eid):
                raise LexiconError(f"{where}: id must look like 'type.name' (lowercase ascii)")
            if eid in seen_ids:
                raise LexiconError(f"{where}: duplicate id (first defined in {seen_ids[eid]})")
            seen_ids[eid] = source
            merged: dict[str, object] = {k: group[k] for k in _CLASS_KEYS if k in group}
            merged.update({k: entry[k] for k in _CLASS_KEYS if k in entry})
            cls = _classification(merged, where)
            pos = _str(entry.get("pos"), f"{where}.pos")
            if pos not in POS_VALUES:
                raise LexiconError(f"{where}: pos must be one of {POS_VALUES}")
            forms = _apply_exclude(unique_sorted(_entry_forms(entry, pos, where)), entry.get("exclude"), where)
            for form in forms:
                if not _ARABIC_RE.search(form):
                    raise LexiconError(f"{where}: form {form!r} is not Arabic")
            triggers.append({
                "id": eid, "lemma": _str(entry.get("lemma"), f"{where}.lemma", arabic=True), "pos": pos,
                "forms": forms, **cls,
            })
    return triggers


def _check_conflicts(triggers: list[dict[str, object]], files: Mapping[str, str]) -> None:
    """A form under two entries must agree on PLOVER type, mode and ACLED types, or all be ``ambiguous``.

    ``files`` maps each trigger id to the file that defines it (for the error message).
    """
    by_key: dict[str, list[dict[str, object]]] = {}
    for trig in triggers:
        forms = trig["forms"]
        assert isinstance(forms, list)
        for form in forms:
            by_key.setdefault(normalize_key(str(form)), []).append(trig)
    problems: list[str] = []
    for key in sorted(by_key):
        holders = by_key[key]
        classes = {(t["plover"], t["mode"], t["acled_event_type"], t["acled_sub_event_type"]) for t in holders}
        if len(classes) > 1 and not all(t["ambiguous"] for t in holders):
            ids = ", ".join(sorted(f"{files[str(t['id'])]}: {t['id']}" for t in holders))
            problems.append(f"{key!r} in {ids}")
    if problems:
        raise LexiconError("forms with conflicting types (mark ambiguous: true): " + "; ".join(problems))


def _compile_cues(doc: object, source: str) -> dict[str, object]:
    if not isinstance(doc, dict):
        raise LexiconError(f"{source}: expected a mapping")
    expected = {"negation", "number_words", "weapon_modes", *CUE_STRING_LISTS}
    missing = expected - set(doc)
    unknown = set(doc) - expected - {"comment"}
    if missing or unknown:
        raise LexiconError(f"{source}: missing keys {sorted(missing)}, unknown keys {sorted(unknown)}")
    cues: dict[str, object] = {}
    for name in CUE_STRING_LISTS:
        items = _str_list(doc[name], f"{source}: {name}")
        cues[name] = unique_sorted(items)
    negation = doc["negation"]
    if not isinstance(negation, list) or not negation:
        raise LexiconError(f"{source}: negation must be a non-empty list")
    neg: dict[str, dict[str, str]] = {}
    for i, item in enumerate(negation):
        where = f"{source}: negation[{i}]"
        if not isinstance(item, dict) or set(item) - {"text", "scope", "note"}:
            raise LexiconError(f"{where}: expected {{text, scope[, note]}}")
        text = _str(item.get("text"), f"{where}.text", arabic=True)
        scope = _str(item.get("scope"), f"{where}.scope")
        if scope not in NEGATION_SCOPES:
            raise LexiconError(f"{where}: scope must be one of {NEGATION_SCOPES}")
        key = normalize_key(text)
        if key in neg:
            raise LexiconError(f"{where}: duplicate negation cue {text!r}")
        neg[key] = {"text": text, "scope": scope}
    cues["negation"] = [neg[k] for k in sorted(neg)]
    numbers = doc["number_words"]
    if not isinstance(numbers, list) or not numbers:
        raise LexiconError(f"{source}: number_words must be a non-empty list")
    nums: dict[str, dict[str, object]] = {}
    for i, item in enumerate(numbers):
        where = f"{source}: number_words[{i}]"
        if not isinstance(item, dict) or set(item) != {"text", "value"}:
            raise LexiconError(f"{where}: expected {{text, value}}")
        text = _str(item.get("text"), f"{where}.text", arabic=True)
        value = item.get("value")
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            raise LexiconError(f"{where}: value must be a non-negative integer or null")
        key = normalize_key(text)
        if key in nums and nums[key]["value"] != value:
            raise LexiconError(f"{where}: {text!r} listed with two values")
        nums.setdefault(key, {"text": " ".join(text.split()), "value": value})
    cues["number_words"] = [nums[k] for k in sorted(nums)]
    cues["weapon_modes"] = _compile_weapon_modes(doc["weapon_modes"], source)
    return cues


def _compile_weapon_modes(raw: object, source: str) -> dict[str, list[str]]:
    if not isinstance(raw, dict) or not raw:
        raise LexiconError(f"{source}: weapon_modes must be a mapping of mode to words")
    owner: dict[str, str] = {}
    out: dict[str, list[str]] = {}
    for mode in sorted(raw):
        if mode not in WEAPON_MODES:
            raise LexiconError(f"{source}: weapon_modes: unknown mode {mode!r} (one of {WEAPON_MODES})")
        words = _str_list(raw[mode], f"{source}: weapon_modes.{mode}")
        for word in words:
            key = normalize_key(word)
            if owner.setdefault(key, mode) != mode:
                raise LexiconError(f"{source}: weapon_modes: {word!r} is listed under {owner[key]} and {mode}")
        out[mode] = unique_sorted(words)
    return out


def _lexicon_dir(data_dir: Path) -> Path:
    if (data_dir / "lexicon" / "triggers").is_dir():
        return data_dir / "lexicon"
    if (data_dir / "triggers").is_dir():
        return data_dir  # also accept the lexicon folder itself
    raise LexiconError(f"{data_dir}: no lexicon/triggers/ folder")


def build(data_dir: Path) -> dict[str, object]:
    """Read ``data_dir/lexicon/triggers/*.yaml`` (sorted) and ``cues.yaml``; validate, expand, compile."""
    lex_dir = _lexicon_dir(data_dir)
    trig_paths = sorted((lex_dir / "triggers").glob("*.yaml"), key=lambda p: p.name)
    if not trig_paths:
        raise LexiconError(f"{lex_dir / 'triggers'}: no *.yaml trigger files")
    seen_ids: dict[str, str] = {}
    triggers: list[dict[str, object]] = []
    for path in trig_paths:
        source = f"triggers/{path.name}"
        triggers.extend(_compile_triggers(_load_yaml(path), source, seen_ids))
    _check_conflicts(triggers, seen_ids)
    triggers.sort(key=lambda t: str(t["id"]))
    cue_path = lex_dir / "cues.yaml"
    if not cue_path.is_file():
        raise LexiconError(f"{cue_path}: missing")
    cues = _compile_cues(_load_yaml(cue_path), cue_path.name)
    return {
        "format_version": FORMAT_VERSION,
        "method": METHOD_ID,
        "plover_modes": {k: list(v) for k, v in PLOVER_MODES.items()},
        "acled_types": {k: list(v) for k, v in ACLED_TYPES.items()},
        "triggers": triggers,
        "cues": cues,
    }


def main() -> None:
    """Write ``src/marsad/resources/lexicon.json`` from ``data/`` (the shared script does the same)."""
    import json

    root = Path(__file__).resolve().parents[3]
    text = json.dumps(build(root / "data"), ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"
    (root / "src" / "marsad" / "resources" / "lexicon.json").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
