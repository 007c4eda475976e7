"""marsad.knowledge.lexicon: looking up written forms and reading the cue lists."""

from __future__ import annotations

from marsad.knowledge.lexicon import Lexicon, NumberWord, get_lexicon


def _lex() -> Lexicon:
    return get_lexicon()


def _ids(form: str) -> set[str]:
    return {t.id for t in _lex().lookup(form)}


def test_lexicon_lookup_verb_inflection() -> None:
    (entry,) = _lex().lookup("استعرضت")
    assert entry.plover == "MOBILIZE" and entry.mode == "troops"


def test_lexicon_lookup_nouns_and_clitics() -> None:
    assert {t.plover for t in _lex().lookup("انسحاب")} == {"RETREAT"}
    assert _ids("تسليمها") == {"retreat.taslim"}
    assert _ids("هدنتها") == {"retreat.hudna"}
    assert _ids("والاشتباكات") == {"assault.ishtibak"}
    (inv,) = _lex().lookup("التحقيق")
    assert (inv.plover, inv.mode) == ("ACCUSE", "investigate")
    (visit,) = _lex().lookup("بزيارة")
    assert (visit.plover, visit.mode) == ("CONSULT", "visit")


def test_lexicon_lookup_assault_classification() -> None:
    (ghara,) = _lex().lookup("غارة")
    assert (ghara.plover, ghara.mode) == ("ASSAULT", "aerial")
    assert (ghara.acled_event_type, ghara.acled_sub_event_type) == ("Explosions/Remote violence", "Air/drone strike")
    (ightiyal,) = _lex().lookup("اغتيال")
    assert (ightiyal.plover, ightiyal.mode) == ("ASSAULT", "targeted")
    (hujum,) = _lex().lookup("هجوماً")
    assert hujum.id == "assault.hujum"


def test_lexicon_lookup_ambiguous_and_gated_entries() -> None:
    plovers = {t.plover for t in _lex().lookup("مسيرة")}
    assert plovers == {"ASSAULT", "PROTEST"}
    assert all(t.ambiguous and t.requires_any for t in _lex().lookup("مسيرة"))
    (order,) = _lex().lookup("أمرت")
    assert order.plover == "REJECT"
    assert _lex().lookup("فجر") == []
    assert _lex().lookup("قيادتها") == []


def test_lexicon_lookup_by_id_and_names() -> None:
    lex = _lex()
    assert lex.by_id("assault.ghara").lemma == "غارة"
    names = list(lex.names())
    assert ("غارات", "assault.ghara") in names
    assert len(names) == sum(len(t.forms) for t in lex.triggers)


def test_lexicon_lookup_cues() -> None:
    cues = _lex().cues
    assert "بعدم" in cues.negation
    assert "في حال" in cues.modality
    assert cues.future_prefix == ("س",)
    assert "اتهامه" in cues.allegation
    assert "مراسلنا" in cues.attribution_sources
    assert "مصادر محلية" in cues.attribution_sources
    assert "أفادت" in cues.attribution_verbs
    assert "قتلى" in cues.fatality_nouns and "جرحى" in cues.injury_nouns
    numbers = {n.text: n.value for n in cues.number_words}
    assert numbers["سبعة"] == 7
    assert numbers["العشرات"] is None
    assert NumberWord("سبعة", 7) in cues.number_words
    assert {c.scope for c in cues.negation_cues} <= {"verb", "noun", "both"}
