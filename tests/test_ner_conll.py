from __future__ import annotations

import io
from pathlib import Path

import pytest

from marsad.entities.conll import ConllSentence, format_conll, parse_conll, read_conll, write_conll


def test_ner_conll_reads_spaces_tabs_and_trailing_blanks(tmp_path: Path) -> None:
    text = "قال O\nالعميد\tO \nسامر  X  B-PERS\t\n\n\nفي O\nحمص B-LOC\n"
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    sents = read_conll(path)
    assert sents == [
        ConllSentence(("قال", "العميد", "سامر"), ("O", "O", "B-PERS")),
        ConllSentence(("في", "حمص"), ("O", "B-LOC")),
    ]


def test_ner_conll_reads_untagged_tokens() -> None:
    sents = list(parse_conll(["وصل\n", "الوفد\n", "\n", "غادر\n"]))
    assert sents == [ConllSentence(("وصل", "الوفد")), ConllSentence(("غادر",))]
    assert sents[0].tags == ()


def test_ner_conll_roundtrip(tmp_path: Path) -> None:
    sents = [ConllSentence(("زار", "الوزير", "دمشق"), ("O", "O", "B-LOC")), ConllSentence(("انتهى",), ("O",))]
    path = tmp_path / "out.txt"
    write_conll(sents, path)
    assert path.read_text(encoding="utf-8") == "زار\tO\nالوزير\tO\nدمشق\tB-LOC\n\nانتهى\tO\n\n"
    assert read_conll(path) == sents
    buf = io.StringIO()
    write_conll(sents, buf, sep=" ")
    assert buf.getvalue().startswith("زار O\n")


def test_ner_conll_malformed_tag_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_text("قال O\nسامر B_PERS\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.txt:2: malformed tag 'B_PERS'"):
        read_conll(path)


def test_ner_conll_mixed_tagged_and_untagged_is_an_error() -> None:
    with pytest.raises(ValueError, match=r"<x>:2: token without a tag"):
        list(parse_conll(["قال O", "سامر"], source="<x>"))
    with pytest.raises(ValueError, match=r"<x>:2: tagged token in an untagged sentence"):
        list(parse_conll(["قال", "سامر B-PERS"], source="<x>"))


def test_ner_conll_leading_whitespace_is_an_error() -> None:
    with pytest.raises(ValueError, match=r"<x>:1: line starts with whitespace"):
        list(parse_conll([" O"], source="<x>"))


def test_ner_conll_require_tags(tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    path.write_text("قال\nسامر\n", encoding="utf-8")
    with pytest.raises(ValueError, match="has no tags"):
        read_conll(path, require_tags=True)


def test_ner_conll_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_conll(tmp_path / "nope.txt")


def test_ner_conll_format_rejects_space_in_token() -> None:
    with pytest.raises(ValueError, match="whitespace"):
        format_conll([ConllSentence(("دير الزور",), ("B-LOC",))])


def test_ner_conll_sentence_length_mismatch() -> None:
    with pytest.raises(ValueError, match="2 tokens but 1 tags"):
        ConllSentence(("a", "b"), ("O",))
