from __future__ import annotations

from pathlib import Path

from marsad.io.langid import SKIP_CODE, detect_language, language_skip_reason, script_guess
from marsad.io.readers import ReadError, ReadOptions, Record, read_input

ARABIC = (
    "قصفت طائرات حربية أطراف بلدة في ريف إدلب الجنوبي صباح اليوم، ما أدى إلى إصابة ثلاثة مدنيين بجروح، "
    "بحسب ما أفاد الدفاع المدني في بيان مقتضب."
)
ENGLISH = (
    "Warplanes struck the outskirts of a town in southern Idlib countryside this morning, wounding three "
    "civilians, according to a short statement from the civil defence."
)


def test_io_langid_fasttext_lite_works_offline() -> None:
    guess = detect_language(ARABIC)
    assert guess.lang == "ar" and guess.score > 0.9
    assert guess.method == "fasttext-lite"  # the bundled model loaded: no download, no fallback
    assert detect_language(ENGLISH).lang == "en"


def test_io_langid_skip_reason_names_origin_language_and_score() -> None:
    reason = language_skip_reason(ENGLISH, origin="report.txt", languages=("ar",))
    assert reason is not None and reason.startswith("report.txt: language 'en' (0.")
    assert reason.endswith("not Arabic; skipped")
    assert language_skip_reason(ARABIC, origin="x", languages=("ar",)) is None
    assert language_skip_reason(ENGLISH, origin="x", languages=("ar", "en")) is None
    assert language_skip_reason("short text", origin="x", languages=("ar",)) is None  # too short to judge


def test_io_langid_script_fallback() -> None:
    assert script_guess(ARABIC).lang == "ar"
    assert script_guess(ENGLISH).lang == "non-ar"


def test_io_langid_readers_skip_non_arabic_with_reason(tmp_path: Path) -> None:
    (tmp_path / "ar.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / "en.txt").write_text(ENGLISH, encoding="utf-8")
    items = list(read_input(str(tmp_path)))
    assert isinstance(items[0], Record) and items[0].doc_id == "ar"
    assert isinstance(items[1], ReadError) and items[1].code == SKIP_CODE
    assert "en.txt: language 'en'" in items[1].message and "not Arabic; skipped" in items[1].message
    everything = list(read_input(str(tmp_path), options=ReadOptions(languages=None)))
    assert all(isinstance(i, Record) for i in everything) and len(everything) == 2
