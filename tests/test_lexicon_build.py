"""marsad.knowledge.build_lexicon: the trigger lexicon's coverage, verb expansion and validation."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from marsad.knowledge.build_lexicon import PLOVER_TYPES, LexiconError, build, expand_verb

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
COMPILED = ROOT / "src" / "marsad" / "resources" / "lexicon.json"

_CUES = """\
negation:
  - {text: لم, scope: verb}
modality: [قد]
future_prefix: [س]
allegation: [زعم]
attribution_verbs: [قال]
attribution_sources: [مراسلنا]
fatality_nouns: [قتلى]
injury_nouns: [جرحى]
number_words:
  - {text: ثلاثة, value: 3}
time_of_day: [مساء]
weapon_modes:
  drone: [طائرة مسيرة]
  heavy-weapons: [قذائف]
"""

_GROUP = """\
groups:
  - plover: {plover}
    mode: {mode}
    acled_event_type: {acled}
    acled_sub_event_type: {sub}
    cameo: null
    entries:
      - {{id: {id}, lemma: {lemma}, pos: noun, forms: [{forms}]}}
"""


def _dump(compiled: dict[str, object]) -> str:
    return json.dumps(compiled, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


def _triggers(compiled: dict[str, object]) -> list[dict[str, object]]:
    triggers = compiled["triggers"]
    assert isinstance(triggers, list)
    return triggers


def _write(tmp_path: Path, files: dict[str, str]) -> Path:
    lex = tmp_path / "lexicon"
    (lex / "triggers").mkdir(parents=True)
    (lex / "cues.yaml").write_text(_CUES, encoding="utf-8")
    for name, text in files.items():
        (lex / "triggers" / name).write_text(text, encoding="utf-8")
    return tmp_path


def _group(**over: str) -> str:
    values = {
        "plover": "ASSAULT",
        "mode": "aerial",
        "acled": "Explosions/Remote violence",
        "sub": "Air/drone strike",
        "id": "assault.test",
        "lemma": "غارة",
        "forms": "غارة, غارات",
    }
    values.update(over)
    return _GROUP.format(**values)


def _protest_group() -> str:
    """A PROTEST entry that shares the form غارة with the default ASSAULT group."""
    return _group(
        plover="PROTEST",
        mode="demo",
        acled="Protests",
        sub="Peaceful protest",
        id="protest.test",
        lemma="مسيرة",
        forms="غارة",
    )


def test_lexicon_build_compiled_file_matches_source() -> None:
    assert COMPILED.read_text(encoding="utf-8") == _dump(build(DATA))


def test_lexicon_build_is_deterministic() -> None:
    assert _dump(build(DATA)) == _dump(build(DATA))


def test_lexicon_build_covers_all_plover_types_with_depth() -> None:
    triggers = _triggers(build(DATA))
    assert len(triggers) >= 400
    counts = Counter(str(t["plover"]) for t in triggers)
    assert set(counts) == set(PLOVER_TYPES)
    for core in ("ASSAULT", "COERCE", "MOBILIZE", "RETREAT", "PROTEST"):
        assert counts[core] >= 25, core


def test_lexicon_build_forms_are_sorted_and_unique() -> None:
    for trig in _triggers(build(DATA)):
        forms = trig["forms"]
        assert isinstance(forms, list) and forms
        assert len(set(forms)) == len(forms)


def test_lexicon_build_expands_verbs() -> None:
    forms = set(expand_verb("استعرض", "يستعرض"))
    assert {"استعرض", "استعرضت", "استعرضوا", "يستعرض", "تستعرض", "يستعرضون", "نستعرض"} <= forms
    weak = set(expand_verb("أخلى", "يخلي"))
    assert {"أخلت", "أخلوا", "يخلون", "تخلي"} <= weak
    compiled = {str(t["id"]): t for t in _triggers(build(DATA))}
    istarada = compiled["mobilize.istarada"]["forms"]
    assert isinstance(istarada, list)
    assert {"استعرضت", "يستعرض", "تستعرض", "استعرضوا"} <= set(istarada)


def test_lexicon_build_exclude_drops_colliding_forms() -> None:
    compiled = {str(t["id"]): t for t in _triggers(build(DATA))}
    fajjara = compiled["assault.fajjara"]["forms"]
    assert isinstance(fajjara, list)
    assert "فجر" not in fajjara and "فجرت" in fajjara


def test_lexicon_build_accepts_a_minimal_source(tmp_path: Path) -> None:
    compiled = build(_write(tmp_path, {"a.yaml": _group()}))
    assert [t["id"] for t in _triggers(compiled)] == ["assault.test"]


@pytest.mark.parametrize(
    ("over", "message"),
    [
        ({"plover": "FIGHT"}, "unknown PLOVER type"),
        ({"acled": "Violence"}, "unknown ACLED event type"),
        ({"sub": "Air strike"}, "is not a sub-event type"),
        ({"mode": "bombing"}, "is not a ASSAULT mode"),
    ],
)
def test_lexicon_build_rejects_bad_classification(tmp_path: Path, over: dict[str, str], message: str) -> None:
    with pytest.raises(LexiconError, match=message) as err:
        build(_write(tmp_path, {"a.yaml": _group(**over)}))
    assert "triggers/a.yaml" in str(err.value) and "assault.test" in str(err.value)


def test_lexicon_build_rejects_conflicting_duplicate_forms(tmp_path: Path) -> None:
    other = _protest_group()
    with pytest.raises(LexiconError, match="conflicting types") as err:
        build(_write(tmp_path, {"a.yaml": _group(), "b.yaml": other}))
    assert "assault.test" in str(err.value) and "protest.test" in str(err.value)


def test_lexicon_build_allows_ambiguous_duplicates(tmp_path: Path) -> None:
    first = _group().replace("forms: [غارة, غارات]}", "forms: [غارة], ambiguous: true}")
    other = _protest_group().replace("forms: [غارة]}", "forms: [غارة], ambiguous: true}")
    compiled = build(_write(tmp_path, {"a.yaml": first, "b.yaml": other}))
    assert len(_triggers(compiled)) == 2


def test_lexicon_build_rejects_duplicate_ids_across_files(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match="duplicate id"):
        build(_write(tmp_path, {"a.yaml": _group(), "b.yaml": _group(forms="قصف")}))


def test_lexicon_build_rejects_unknown_keys(tmp_path: Path) -> None:
    bad = _group().replace("pos: noun,", "pos: noun, colour: red,")
    with pytest.raises(LexiconError, match="unknown keys"):
        build(_write(tmp_path, {"a.yaml": bad}))


@pytest.mark.parametrize(
    ("weapons", "message"),
    [
        ("  lasers: [ليزر]\n", "unknown mode"),
        ("  drone: [مسيرة]\n  aerial: [مسيرة]\n", "listed under"),
    ],
)
def test_lexicon_build_rejects_bad_weapon_modes(tmp_path: Path, weapons: str, message: str) -> None:
    root = _write(tmp_path, {"a.yaml": _group()})
    cues = root / "lexicon" / "cues.yaml"
    text = cues.read_text(encoding="utf-8").split("weapon_modes:")[0] + "weapon_modes:\n" + weapons
    cues.write_text(text, encoding="utf-8")
    with pytest.raises(LexiconError, match=message):
        build(root)
