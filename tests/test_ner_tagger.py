from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from marsad.entities.crf_tagger import PACKAGED_MODEL, CrfTagger, ModelMismatchError, fix_tags, get_tagger
from marsad.entities.ner_eval import chunks


def _words(text: str) -> list[str]:
    return text.split()


def test_ner_tagger_fix_tags() -> None:
    assert fix_tags(["O", "I-PERS", "I-PERS", "I-LOC", "B-ORG", "I-ORG", "O", "I-MISC"]) == [
        "O", "B-PERS", "I-PERS", "B-LOC", "B-ORG", "I-ORG", "O", "B-MISC",
    ]
    assert fix_tags(["I-LOC"]) == ["B-LOC"]
    assert fix_tags([]) == []


def test_ner_tagger_packaged_model_loads_fast() -> None:
    started = time.perf_counter()
    tagger = CrfTagger(PACKAGED_MODEL)
    assert time.perf_counter() - started < 1.0
    assert PACKAGED_MODEL.stat().st_size < 20_000_000
    assert "B-PERS" in tagger.info.labels


def test_ner_tagger_tags_person_and_location() -> None:
    tokens = _words("قال العميد أحمد الخالدي إن قوات النظام قصفت مدينة إدلب")
    tags = get_tagger().tag(tokens)
    assert len(tags) == len(tokens)
    found = {(c.type, " ".join(tokens[c.start : c.end])) for c in chunks(tags)}
    assert ("PERS", "أحمد الخالدي") in found
    assert ("LOC", "إدلب") in found


def test_ner_tagger_more_sentences() -> None:
    tagger = get_tagger()
    tokens = _words("وصل الرئيس الفرنسي إلى بغداد أمس")
    tags = tagger.tag(tokens)
    assert tags[tokens.index("بغداد")] == "B-LOC"
    assert tagger.tag([]) == []
    assert get_tagger() is tagger


def test_ner_tagger_output_is_legal_iob2() -> None:
    tags = get_tagger().tag(_words("التقى وزير الخارجية سامر حداد نظيره في عمان ثم عاد إلى دمشق"))
    assert tags == fix_tags(tags)


def test_ner_tagger_refuses_model_with_unavailable_features(tmp_path: Path) -> None:
    model = tmp_path / "m.crfsuite"
    model.write_bytes(PACKAGED_MODEL.read_bytes())
    meta = json.loads(PACKAGED_MODEL.with_suffix(".json").read_text(encoding="utf-8"))
    meta["features"]["version"] = "entities.crf_features.v0"
    model.with_suffix(".json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelMismatchError, match="feature code"):
        CrfTagger(model)


def test_ner_tagger_missing_model(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        CrfTagger(tmp_path / "none.crfsuite")


def _toy_corpus(path: Path) -> None:
    from marsad.entities.conll import ConllSentence, write_conll

    people = ["سامر", "خالد", "ليلى", "عمر", "هدى"]
    places = ["حمص", "حلب", "إدلب", "درعا", "الرقة"]
    sents = []
    for i in range(30):
        who, where = people[i % 5], places[(i * 2) % 5]
        sents.append(ConllSentence(
            ("قال", "العميد", who, "إن", "القصف", "طال", "مدينة", where),
            ("O", "O", "B-PERS", "O", "O", "O", "O", "B-LOC"),
        ))
    write_conll(sents, path)


def test_ner_tagger_training_is_deterministic(tmp_path: Path) -> None:
    from marsad.entities.ner_train import train_ner

    data = tmp_path / "toy.txt"
    _toy_corpus(data)
    a, b = (
        train_ner(train_path=data, out_dir=tmp_path / name, c1=0.01, c2=0.01, max_iterations=30, seed=0,
                  groups=("lex", "context", "cues"))
        for name in ("a", "b")
    )
    assert a.model_path.read_bytes() == b.model_path.read_bytes()
    assert a.metadata_path.read_text(encoding="utf-8") == b.metadata_path.read_text(encoding="utf-8")
    tagger = CrfTagger(a.model_path)
    assert tagger.groups == ("lex", "context", "cues")
    assert tagger.tag(_words("قال العميد خالد إن القصف طال مدينة حلب")) == [
        "O", "O", "B-PERS", "O", "O", "O", "O", "B-LOC",
    ]


def test_ner_tagger_cli_tag_train_evaluate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import argparse

    from marsad.cli.ner_commands import add_evaluate_ner, add_ner, add_train_ner

    parser = argparse.ArgumentParser(prog="marsad")
    sub = parser.add_subparsers(dest="command")
    add_ner(sub)
    add_train_ner(sub.add_parser("train").add_subparsers(dest="what"))
    add_evaluate_ner(sub.add_parser("evaluate").add_subparsers(dest="what"))

    data = tmp_path / "toy.txt"
    _toy_corpus(data)
    args = parser.parse_args(["train", "ner", "--train", str(data), "--out", str(tmp_path / "m"),
                              "--max-iterations", "20", "--groups", "lex,context,cues", "--dev-fraction", "0.2"])
    assert args.func(args) == 0
    model = tmp_path / "m" / "ner.crfsuite"
    meta = json.loads(model.with_suffix(".json").read_text(encoding="utf-8"))
    assert meta["scores"]["dev"]["held_out"].startswith("last 6 of 30")

    plain = tmp_path / "plain.txt"
    plain.write_text("قال\nالعميد\nهدى\n\nمدينة\nدرعا\n", encoding="utf-8")
    capsys.readouterr()
    args = parser.parse_args(["ner", "tag", "--conll", str(plain), "--model", str(model)])
    assert args.func(args) == 0
    out = capsys.readouterr().out
    assert out.startswith("قال\tO\nالعميد\tO\nهدى\tB-PERS\n\nمدينة\tO\n")

    args = parser.parse_args(["evaluate", "ner", "--conll", str(data), "--model", str(model)])
    assert args.func(args) == 0
    assert "micro-F1 1.0000  macro-F1 0.5000" in capsys.readouterr().out  # ORG, MISC absent: 0

    args = parser.parse_args(["ner", "tag", "--conll", str(tmp_path / "missing.txt"), "--model", str(model)])
    assert args.func(args) == 2
    assert "file not found" in capsys.readouterr().err

    bad = tmp_path / "bad.txt"
    bad.write_text("قال O\nهدى B_PERS\n", encoding="utf-8")
    args = parser.parse_args(["evaluate", "ner", "--conll", str(bad), "--model", str(model)])
    assert args.func(args) == 2
    assert "bad.txt:2" in capsys.readouterr().err


def test_ner_tagger_packaged_model_uses_clusters_and_names() -> None:
    tagger = get_tagger()
    assert {"clusters", "names"} <= set(tagger.groups)
    assert "clusters" in dict(tagger.info.list_fingerprints)


def test_ner_tagger_refuses_model_without_its_cluster_table(tmp_path: Path) -> None:
    with pytest.raises(ModelMismatchError, match="clusters"):
        CrfTagger(PACKAGED_MODEL, clusters_path=tmp_path / "missing.json.gz")


def test_ner_tagger_training_with_clusters_is_deterministic(tmp_path: Path) -> None:
    from marsad.entities.ner_train import train_ner

    data = tmp_path / "toy.txt"
    _toy_corpus(data)
    groups = ("lex", "context", "cues", "clusters", "names")
    a, b = (train_ner(train_path=data, out_dir=tmp_path / name, c1=0.01, c2=0.01, max_iterations=20, seed=0,
                      groups=groups) for name in ("a", "b"))
    assert a.model_path.read_bytes() == b.model_path.read_bytes()
    meta = json.loads(a.metadata_path.read_text(encoding="utf-8"))
    assert set(meta["features"]["lists"]) == {"clusters", "wdpers"}
    assert CrfTagger(a.model_path).groups == groups


def test_ner_tagger_hapax_words() -> None:
    from marsad.entities.conll import ConllSentence
    from marsad.entities.ner_train import hapax_words

    sents = [ConllSentence(("قال", "سامر"), ("O", "B-PERS")), ConllSentence(("قال", "هدى"), ("O", "B-PERS"))]
    assert hapax_words(sents) == frozenset({"سامر", "هدي"})


def test_ner_tagger_tag_document_matches_sentence_tagging_without_doc_group() -> None:
    tagger = get_tagger()
    sents = [_words("قال العميد أحمد الخالدي إن قوات النظام قصفت مدينة إدلب"), [],
             _words("وأكد الخالدي أن القصف طال حلب")]
    tags = tagger.tag_document(sents)
    assert [len(t) for t in tags] == [len(s) for s in sents]
    assert all(t == fix_tags(t) for t in tags)
    if not tagger.uses_document:
        assert tags == [tagger.tag(s) for s in sents]
    assert tags[0][sents[0].index("إدلب")] == "B-LOC"


def test_ner_tagger_training_with_document_features_is_deterministic(tmp_path: Path) -> None:
    from marsad.entities.ner_train import train_ner

    data = tmp_path / "toy.txt"
    _toy_corpus(data)
    groups = ("lex", "context", "cues", "pattern", "doc")
    a, b = (train_ner(train_path=data, out_dir=tmp_path / name, c1=0.01, c2=0.01, max_iterations=20, seed=0,
                      groups=groups, dev_fraction=0.2) for name in ("a", "b"))
    assert a.model_path.read_bytes() == b.model_path.read_bytes()
    tagger = CrfTagger(a.model_path)
    assert tagger.uses_document
    out = tagger.tag_document([_words("قال العميد خالد إن القصف طال مدينة حلب"), _words("وقال خالد")])
    assert out[0] == ["O", "O", "B-PERS", "O", "O", "O", "O", "B-LOC"]
