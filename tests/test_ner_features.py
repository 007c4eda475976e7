from __future__ import annotations

import pytest

from marsad.entities.crf_features import (
    ClusterTable,
    FeatureConfig,
    FeatureExtractor,
    FeatureResources,
    NameList,
    cue_types,
    load_resources,
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


def _toy_table() -> ClusterTable:
    return ClusterTable(words={"سامر": 3, "حمص": 1, "عراق": 2}, parents=((0, 0, 1, 1), (0, 1, 2, 3)),
                        levels=(2, 4, 4), names={"سامر": "G", "الخالدي": "S"}, fingerprint="toy")


def test_ner_features_clusters_of_word_stem_and_unknown() -> None:
    table = _toy_table()
    fx = FeatureExtractor(FeatureConfig(("lex", "clusters")), FeatureResources(table=table))
    feats = fx.sentence(["قال", "سامر", "بالعراق", "وحمص"])
    assert "k=U" in feats[0]  # not in the table
    assert {"k2:1", "k4:3"} <= set(feats[1]) and "-1k=U" in feats[1]
    assert "k2:1" in feats[2] and "k4:2" in feats[2]  # found through its stem (عراق)
    assert "-1k4:3" in feats[2] and "+1k4:1" in feats[2]  # neighbours' clusters
    assert "+2k2:0" in feats[1]


def test_ner_features_name_roles_through_clitics() -> None:
    fx = FeatureExtractor(FeatureConfig(("lex", "names")), FeatureResources(table=_toy_table()))
    feats = fx.sentence(["وسامر", "الخالدي", "قال"])
    assert "nm=G" in feats[0] and "nm=S" in feats[1]
    assert "-1nm=G" in feats[1] and "-2nm=G" in feats[2]
    assert not any(f.startswith("nm=") for f in feats[2])


def test_ner_features_table_groups_need_the_table() -> None:
    with pytest.raises(LookupError):
        FeatureExtractor(FeatureConfig(("lex", "clusters")))


def test_ner_features_packaged_cluster_table() -> None:
    from marsad.entities.crf_features import CLUSTERS_RESOURCE, read_cluster_table

    if not CLUSTERS_RESOURCE.is_file():
        pytest.skip("no compiled cluster table")
    table = read_cluster_table()
    assert len(table.words) > 10_000 and len(table.names) > 10_000
    assert table.levels == (64, 256, 1024)
    assert all(len(p) == table.levels[-1] for p in table.parents)
    assert table.name_roles(("محمد",)) and "G" in table.name_roles(("محمد",))


def test_ner_features_full_person_names_list() -> None:
    full = NameList.from_keys("wdpers", ["سامر الخالدي"])
    table = ClusterTable(words={}, parents=(), levels=(4,), names={}, fingerprint="toy", full_names=full)
    res = load_resources(("lex",))
    assert res.table is None
    fx = FeatureExtractor(FeatureConfig(("lex", "names")), FeatureResources((full,), table))
    feats = fx.sentence(["وقال", "سامر", "الخالدي"])
    assert "gwdpers=B" in feats[1] and "gwdpers=I" in feats[2]


def test_ner_features_hidden_words_get_no_cluster() -> None:
    fx = FeatureExtractor(FeatureConfig(("lex", "clusters")), FeatureResources(table=_toy_table()),
                          hidden_words=frozenset({"سامر", "بالعراق"}))
    feats = fx.sentence(["سامر", "بالعراق"])
    assert "k=U" in feats[0]
    assert "k4:2" in feats[1]  # the hidden word still falls back to its (visible) stem, as at run time


def test_ner_features_stem_pattern() -> None:
    from marsad.entities.crf_features import stem_pattern

    assert stem_pattern("مفعول") == "CCCوC"
    assert stem_pattern("كلينتون") == "CCيCCوC"
    assert stem_pattern("ا" * 12) == "long"
    fx = FeatureExtractor(FeatureConfig(("lex", "pattern")))
    feats = fx.sentence(["والمكتوب", "ISIS"])
    assert "pt=CCCوC" in feats[0]  # of the proclitic-stripped stem
    assert not any(f.startswith("pt=") for f in feats[1])  # Arabic words only


def test_ner_features_char_ngrams_of_the_stem() -> None:
    fx = FeatureExtractor(FeatureConfig(("lex", "ngrams")))
    feats = fx.sentence(["وميتران", "قال"])
    assert {"ng=ميت", "ng=ران", "ng=ميتر", "ng=تران"} <= set(feats[0])
    assert not any(f.startswith("ng=") for f in feats[1])  # stem shorter than 4 letters


def test_ner_features_document_features_see_other_occurrences() -> None:
    fx = FeatureExtractor(FeatureConfig(("lex", "cues", "doc")))
    doc = fx.document([["قال", "حزب", "الليكود", "إن"], ["وأكد", "الليكود", "أن"], ["قال", "سامر"]])
    second = doc[1][1]
    assert "d-1c=ORG" in second and "dn=1" in second  # the other occurrence follows an ORG cue
    first = doc[0][2]
    assert "dn=1" in first and "d-1c=ORG" not in first  # its own context is not counted
    assert not any(f.startswith("d") and f[1:2] in "n-+" for f in doc[2][1])  # seen once: nothing
    # without the group, document() is sentence() for each sentence
    plain = FeatureExtractor(FeatureConfig(("lex", "cues")))
    assert plain.document([["قال", "سامر"]]) == [plain.sentence(["قال", "سامر"])]


def test_ner_features_doc_blocks() -> None:
    from marsad.entities.crf_features import doc_blocks

    assert doc_blocks(list(range(5)), 2) == [[0, 1], [2, 3], [4]]
    assert doc_blocks([], 3) == []


def test_ner_features_cluster_guess_from_ngrams() -> None:
    table = ClusterTable(words={"كلينتون": 3, "كلينتونه": 3, "بكلينتون": 3, "مدينه": 0, "مدينتان": 0},
                         parents=((0, 0, 1, 1), (0, 1, 2, 3)), levels=(2, 4, 4), names={}, fingerprint="toy")
    assert table.guess_features("كلينتونا") == ("2:1", "4:3")
    assert table.guess_features("xyz") is None
    fx = FeatureExtractor(FeatureConfig(("lex", "clusters", "kguess")), FeatureResources(table=table))
    feats = fx.sentence(["لكلينتونا", "قال"])
    assert "k=G" in feats[0] and "kg4:3" in feats[0]
    assert "k=U" in feats[1]
