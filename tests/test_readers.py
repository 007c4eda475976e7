from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from marsad.io.readers import ReadError, ReadOptions, Record, read_input

ARABIC = "قصفت قوات النظام مدينة إدلب صباح اليوم، وقتل ثلاثة مدنيين."


def _read(path: Path | str, **kwargs: object) -> list[Record | ReadError]:
    return list(read_input(str(path), options=ReadOptions(**kwargs)))  # type: ignore[arg-type]  # test helper


def test_readers_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(ARABIC, encoding="utf-8")
    [rec] = _read(path, published=date(2024, 1, 2))
    assert isinstance(rec, Record)
    assert rec.doc_id == "report" and rec.text == ARABIC and rec.published == date(2024, 1, 2)


def test_readers_windows_1256(tmp_path: Path) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes(ARABIC.encode("cp1256"))
    [rec] = _read(path)
    assert isinstance(rec, Record)
    assert rec.text == ARABIC and rec.encoding == "windows-1256"


def test_readers_utf16_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "u16.txt"
    path.write_bytes(ARABIC.encode("utf-16"))
    [rec] = _read(path)
    assert isinstance(rec, Record) and rec.text == ARABIC


def test_readers_binary_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    [err] = _read(path)
    assert isinstance(err, ReadError)
    assert str(path) in err.message and "binary" in err.message


def test_readers_undecodable_bytes_are_named(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Ünïcödé ñot Arabic at all, façade".encode("latin-1"))
    [err] = _read(path)
    assert isinstance(err, ReadError) and "not valid UTF-8" in err.message and str(path) in err.message


def test_readers_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("  \n\n", encoding="utf-8")
    [err] = _read(path)
    assert isinstance(err, ReadError) and "empty" in err.message and str(path) in err.message


def test_readers_huge_file_is_refused_with_its_size(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        chunk = (ARABIC + "\n").encode("utf-8") * 1000
        while f.tell() < 50_000_000:
            f.write(chunk)
    [err] = _read(path)
    assert isinstance(err, ReadError) and "limit" in err.message and str(path) in err.message


def test_readers_missing_file_and_directory(tmp_path: Path) -> None:
    [err] = _read(tmp_path / "nope.txt")
    assert isinstance(err, ReadError) and "no such file" in err.message
    [err] = _read(tmp_path)  # an empty directory: nothing to read, said so
    assert isinstance(err, ReadError) and "directory holds no inputs" in err.message
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / "one.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / "notes.md").write_text("skipped", encoding="utf-8")
    items = _read(tmp_path)  # a directory is read recursively, in sorted order
    assert [i.doc_id for i in items if isinstance(i, Record)] == ["two", "one"]


def test_readers_jsonl_broken_line_is_skipped_and_named(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "a", "text": ARABIC, "published": "2024-03-01", "section": "news"}, ensure_ascii=False),
        '{"id": "b", "text": "broken',
        "",
        json.dumps({"id": "c", "text": ARABIC, "published": "not a date"}, ensure_ascii=False),
        json.dumps({"id": "d"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "e", "text": ARABIC, "published": None, "tags": ["x"]}, ensure_ascii=False),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = _read(path)
    records = [i for i in items if isinstance(i, Record)]
    errors = [i for i in items if isinstance(i, ReadError)]
    assert [r.doc_id for r in records] == ["a", "e"]
    assert records[0].published == date(2024, 3, 1)
    assert ("section", "news") in records[0].metadata
    assert ("tags", '["x"]') in records[1].metadata
    assert [e.origin for e in errors] == [f"{path}:2", f"{path}:4", f"{path}:5", f"{path}:6"]
    assert "malformed JSON" in errors[0].message
    assert "not an ISO date" in errors[1].message
    assert "neither 'text' nor 'html'" in errors[2].message


def test_readers_json_array_and_html_record(tmp_path: Path) -> None:
    html = (
        "<html><head><title>قصف على إدلب</title></head><body><article><h1>قصف على إدلب</h1>"
        f"<p>{ARABIC}</p><p>وأضاف المراسل أن فرق الدفاع المدني انتشلت الضحايا من تحت الأنقاض.</p>"
        "</article><footer>Facebook Twitter</footer></body></html>"
    )
    path = tmp_path / "batch.json"
    path.write_text(
        json.dumps([{"id": "x", "html": html}, {"id": "y", "text": ARABIC}], ensure_ascii=False), encoding="utf-8"
    )
    items = _read(path)
    assert all(isinstance(i, Record) for i in items)
    first = items[0]
    assert isinstance(first, Record) and "قصفت قوات النظام" in first.text


def test_readers_html_file(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<!doctype html><html><body><nav>الرئيسية | أخبار</nav><article>"
        f"<p>{ARABIC}</p><p>وأضاف المراسل أن فرق الدفاع المدني انتشلت الضحايا من تحت الأنقاض في المدينة.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    [rec] = _read(path)
    assert isinstance(rec, Record) and rec.text.startswith("قصفت") and "الرئيسية" not in rec.text
