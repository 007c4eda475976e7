from __future__ import annotations

from marsad.text.normalize import normalize_key
from marsad.text.tokenize import segmentations, strip_proclitics, tokenize


def test_tokenize_keeps_diacritised_words_whole() -> None:
    text = "قَصَفَتْ الطائراتُ مواقعَ التنظيمِ."
    tokens = tokenize(text)
    assert [t.text for t in tokens] == ["قَصَفَتْ", "الطائراتُ", "مواقعَ", "التنظيمِ", "."]
    assert all(text[t.span.start : t.span.end] == t.text for t in tokens)
    assert tokens[0].norm == "قصفت"
    assert tokens[-1].is_punct


def test_tokenize_splits_punctuation_and_quotes() -> None:
    tokens = tokenize("قال إن “القصف”، استمر")
    assert [t.text for t in tokens] == ["قال", "إن", "“", "القصف", "”", "،", "استمر"]


def test_tokenize_records_article_and_proclitics() -> None:
    tokens = {t.text: t for t in tokenize("والبوكمال بالمدينة للبوكمال بغداد")}
    assert tokens["والبوكمال"].stem == "بوكمال"
    assert tokens["والبوكمال"].proclitics == "وال"
    assert tokens["بالمدينة"].stem == "مدينه"
    assert tokens["للبوكمال"].stem == "بوكمال"
    # a bare leading ب is not stripped by default: it is too often part of the word
    assert tokens["بغداد"].stem == "بغداد"


def test_tokenize_segmentations_cover_proclitic_combinations() -> None:
    readings = {(r.proclitics, r.has_article, r.stem) for r in segmentations(normalize_key("وبالبوكمال"))}
    assert ("وب", True, "بوكمال") in readings
    readings = {(r.proclitics, r.has_article, r.stem) for r in segmentations(normalize_key("للبوكمال"))}
    assert ("ل", True, "بوكمال") in readings
    # no reading leaves a stem shorter than two letters
    assert all(len(r.stem) >= 2 for r in segmentations("وبه"))


def test_tokenize_strip_proclitics_takes_deepest_reading() -> None:
    assert strip_proclitics(normalize_key("فبالمدينة")) == "مدينه"
    assert strip_proclitics("من") == "من"
