from __future__ import annotations

import pytest

from marsad.text.matcher import DictionaryMatcher


@pytest.fixture(scope="module")
def places() -> DictionaryMatcher:
    return DictionaryMatcher(
        [
            ("البوكمال", "abu-kamal"),
            ("دير الزور", "deir-ez-zor"),
            ("حلب", "aleppo"),
            ("الباب", "al-bab"),
            ("رأس العين", "ras-al-ain"),
            ("ميليشيا القاطرجي", "katerji"),
            ("حزب الله", "hezbollah"),
            ("حزب الله العراقي", "kataib-hezbollah"),
        ]
    )


@pytest.mark.parametrize("word", ["البوكمال", "والبوكمال", "بالبوكمال", "للبوكمال", "وبالبوكمال", "فالبوكمال"])
def test_matcher_matches_proclitic_forms(places: DictionaryMatcher, word: str) -> None:
    text = f"قصفت الطائرات {word} صباحاً"
    matches = places.find_in_text(text)
    assert [m.ids for m in matches] == [("abu-kamal",)]
    span_text = matches[0].text
    # the span is exact and excludes the conjunction/preposition
    assert text[matches[0].span.start : matches[0].span.end] == span_text
    assert span_text.endswith("بوكمال")
    assert not span_text.startswith(("و", "ب", "ف"))


def test_matcher_joined_and_spaced_forms_match_each_other() -> None:
    spaced = DictionaryMatcher([("دير الزور", "dz")])
    joined = DictionaryMatcher([("ديرالزور", "dz")])
    for matcher in (spaced, joined):
        for text in ("في ديرالزور", "في دير الزور", "بريف ديرالزور الشرقي"):
            assert [m.ids for m in matcher.find_in_text(text)] == [("dz",)], (text, matcher)


def test_matcher_prefers_longest_match(places: DictionaryMatcher) -> None:
    matches = places.find_in_text("عناصر من ميليشيا حزب الله العراقي وحزب الله")
    assert [(m.text, m.ids) for m in matches] == [
        ("حزب الله العراقي", ("kataib-hezbollah",)),
        ("حزب الله", ("hezbollah",)),
    ]


def test_matcher_word_boundaries(places: DictionaryMatcher) -> None:
    assert places.find_in_text("حلبة السباق") == []
    assert places.find_in_text("الحلبي") == []
    assert [m.ids for m in places.find_in_text("سيطرت على مدينة الباب")] == [("al-bab",)]


def test_matcher_ignores_diacritics_and_hamza_forms(places: DictionaryMatcher) -> None:
    matches = places.find_in_text("في مدينة راس العين وحَلَب")
    assert [m.ids for m in matches] == [("ras-al-ain",), ("aleppo",)]
    assert matches[1].text == "حَلَب"


def test_matcher_skips_quotes_inside_names(places: DictionaryMatcher) -> None:
    matches = places.find_in_text("وتسليمها لميليشيا “القاطرجي” التي")
    assert [m.ids for m in matches] == [("katerji",)]
    assert matches[0].text == "ميليشيا “القاطرجي"


def test_matcher_attached_pronouns_only_when_allowed() -> None:
    words = [("تسليم", "handover"), ("قيادة", "command")]
    strict = DictionaryMatcher(words)
    loose = DictionaryMatcher(words, allow_suffixes=True)
    text = "وتسليمها إلى قيادتها"
    assert strict.find_in_text(text) == []
    assert [(m.text, m.ids) for m in loose.find_in_text(text)] == [
        ("تسليمها", ("handover",)),
        ("قيادتها", ("command",)),
    ]


def test_matcher_several_ids_for_one_name() -> None:
    matcher = DictionaryMatcher([("الرستن", "town"), ("الرستن", "dam")])
    assert matcher.find_in_text("في الرستن")[0].ids == ("town", "dam")


def test_matcher_article_optional_can_be_switched_off() -> None:
    loose = DictionaryMatcher([("سورية", "sy"), ("اشتباكات", "clash")])
    strict = DictionaryMatcher([("سورية", "sy"), ("اشتباكات", "clash")], article_optional=False)
    text = "الثورة السورية والاشتباكات في سورية"
    assert [m.text for m in loose.find_in_text(text)] == ["السورية", "الاشتباكات", "سورية"]
    assert [m.text for m in strict.find_in_text(text)] == ["سورية"]
