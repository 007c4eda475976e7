from __future__ import annotations

import pytest

from marsad.entities.crf_features import (
    FeatureConfig,
    FeatureExtractor,
    FeatureResources,
    NameList,
    cue_types,
    lookup_forms,
    strip_proclitics,
    word_shape,
)


@pytest.mark.parametrize(
    ("word", "proclitics", "stem"),
    [
        ("والمدينة", "وال", "مدينه"),
        ("بالعراق", "بال", "عراق"),
        ("للجيش", "لل", "جيش"),
        ("فبدمشق", "فب", "دمشق"),
        ("كالعادة", "كال", "عاده"),
        ("الحي", "ال", "حي"),  # the article may leave a two-letter stem
        ("بحر", "", "بحر"),  # ب + two letters: too short to strip
        ("ولد", "", "ولد"),
        ("حمص", "", "حمص"),
    ],
)
def test_ner_features_clitic_stripping(word: str, proclitics: str, stem: str) -> None:
    from marsad.text.normalize import normalize_key

    split = strip_proclitics(normalize_key(word))
    assert (split.proclitics, split.stem) == (proclitics, stem)


def test_ner_features_lookup_forms_keep_article_form() -> None:
    forms = lookup_forms("بالعراق")
    assert "العراق" in forms and "عراق" in forms and forms[0] == "بالعراق"
    # a root letter that looks like a proclitic: the whole word stays a candidate
    assert lookup_forms("لبنان")[0] == "لبنان"


@pytest.mark.parametrize(
    ("word", "cue"),
    [("العميد", "PER"), ("وللعقيد", "PER"), ("أبو", "PER"), ("وزير", "PER"), ("بمدينة", "LOC"),
     ("وريف", "LOC"), ("مطار", "LOC"), ("ميليشيا", "ORG"), ("لقوات", "ORG"), ("والكتائب", "ORG"),
     ("وزارة", "ORG")],
)
def test_ner_features_cue_lists(word: str, cue: str) -> None:
    from marsad.text.normalize import normalize_key

    assert cue in cue_types(normalize_key(word))


def test_ner_features_cue_reaches_neighbours() -> None:
    fx = FeatureExtractor()
    feats = fx.sentence(["قال", "العقيد", "سامر", "في", "بلدة", "كفرنبل"])
    assert "c=PER" in feats[1]
    assert "-1c=PER" in feats[2]
    assert "-1c=LOC" in feats[5]
    # greedy stripping cannot tell a root letter from a proclitic (كفرنبل -> ك + فرنبل); the whole
    # normalised word is always a feature too, so the CRF sees both
    assert "w=كفرنبل" in feats[5]
    assert "BOS" in feats[0] and "EOS" in feats[5]
    assert "bw-=بلده|كفرنبل" in feats[5]


def test_ner_features_groups_switch_off() -> None:
    fx = FeatureExtractor(FeatureConfig(("lex",)))
    feats = fx.sentence(["العميد", "سامر"])
    assert not any(f.startswith(("c=", "-1", "p1=", "sh=", "bw")) for f in feats[1])
    assert "w=سامر" in feats[1]


def test_ner_features_shape() -> None:
    assert word_shape("٢٠١٩") == "D"
    assert word_shape("ISIS") == "L"
    assert word_shape("،") == "P"
    assert word_shape("حمص") == "A"
    assert word_shape("F16") == "LD"


def test_ner_features_name_list_longest_match() -> None:
    nl = NameList.from_names("gazetteer", ["دير الزور", "دير", "ريف دمشق"])
    fx = FeatureExtractor(FeatureConfig(("lex", "gazetteer")), FeatureResources((nl,)))
    feats = fx.sentence(["قصف", "بدير", "الزور", "و", "ريف", "دمشق"])
    assert "ggazetteer=B" in feats[1] and "ggazetteer=I" in feats[2]
    assert "ggazetteer=B" in feats[4] and "ggazetteer=I" in feats[5]
    assert "ggazetteer+1=B" in feats[0]
    assert not any(f.startswith("ggazetteer=") for f in feats[3])


def test_ner_features_missing_list_is_refused() -> None:
    with pytest.raises(LookupError):
        FeatureExtractor(FeatureConfig(("lex", "actors")))


def test_ner_features_unknown_group() -> None:
    with pytest.raises(ValueError, match="unknown feature groups"):
        FeatureConfig(("lex", "pos"))
