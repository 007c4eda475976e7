from __future__ import annotations

import json
from pathlib import Path

from marsad.io.readers import ReadError, Record, input_suffix, list_directory, read_input

ARABIC = "قصفت قوات النظام مدينة إدلب صباح اليوم، وقتل ثلاثة مدنيين في القصف الذي طال السوق الشعبي."


def test_io_readers_dirs_walk_sorted_known_suffixes_only(tmp_path: Path) -> None:
    (tmp_path / "z").mkdir()
    (tmp_path / "z" / "late.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / "a.jsonl").write_text(
        json.dumps({"id": "j1", "text": ARABIC}, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (tmp_path / "b.html").write_text(f"<html><body><p>{ARABIC}</p></body></html>", encoding="utf-8")
    (tmp_path / "c.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "d.csv").write_text("a,b", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(ARABIC, encoding="utf-8")
    listing = list_directory(tmp_path)
    assert [p.name for p in listing.files] == ["a.jsonl", "b.html", "late.txt"]
    assert [p.name for p in listing.skipped] == ["c.pdf", "d.csv"]
    items = list(read_input(str(tmp_path)))
    assert all(isinstance(i, Record) for i in items)
    assert [i.doc_id for i in items if isinstance(i, Record)] == ["j1", "b", "late"]
    assert items[2].origin == str(tmp_path / "z" / "late.txt")


def test_io_readers_dirs_bad_file_does_not_stop_the_walk(tmp_path: Path) -> None:
    (tmp_path / "1.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "2.txt").write_text(ARABIC, encoding="utf-8")
    items = list(read_input(str(tmp_path)))
    assert isinstance(items[0], ReadError) and "1.txt" in items[0].message
    assert isinstance(items[1], Record) and items[1].doc_id == "2"


def test_io_readers_dirs_suffixes() -> None:
    assert input_suffix(Path("x/crawl.WARC.GZ")) == ".warc.gz"
    assert input_suffix(Path("crawl.warc")) == ".warc"
    assert input_suffix(Path("a.tar.gz")) is None and input_suffix(Path("a.htm")) == ".htm"
