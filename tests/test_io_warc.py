from __future__ import annotations

import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders  # type: ignore[import-untyped]  # warcio ships no types
from warcio.warcwriter import WARCWriter  # type: ignore[import-untyped]  # warcio ships no types

from marsad.io.readers import ReadError, Record, read_input

ARABIC_1 = (
    "قصفت طائرات حربية أطراف بلدة في ريف إدلب الجنوبي صباح اليوم، ما أدى إلى إصابة ثلاثة مدنيين بجروح، "
    "بحسب ما أفاد الدفاع المدني في بيان مقتضب نشره على معرفاته الرسمية."
)
ARABIC_2 = (
    "انفجرت عبوة ناسفة بسيارة عسكرية على الطريق الواصل بين مدينتي الباب وبزاعة شرقي حلب، ما أسفر عن "
    "مقتل عنصرين وإصابة آخر، وفق مصادر محلية تحدثت عن استنفار أمني في المنطقة."
)


def _html(text: str, title: str) -> bytes:
    return f"<html><head><title>{title}</title></head><body><article><p>{text}</p></article></body></html>".encode()


def _response(writer: WARCWriter, uri: str, body: bytes, *, status: str = "200 OK", ctype: str = "text/html") -> None:
    headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers))


def _build(gzip: bool) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gzip)
    writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "marsad tests"}))
    req = StatusAndHeaders("GET /a HTTP/1.1", [("Host", "news.example.org")], is_http_request=True)
    writer.write_record(writer.create_warc_record("https://news.example.org/a", "request", http_headers=req))
    _response(writer, "https://news.example.org/a", _html(ARABIC_1, "قصف في إدلب"))
    _response(writer, "https://news.example.org/logo.png", b"\x89PNG\r\n\x1a\n\x00\x00", ctype="image/png")
    _response(writer, "https://news.example.org/missing", b"<html>not found</html>", status="404 Not Found")
    _response(writer, "https://news.example.org/empty", b"<html><body></body></html>")
    _response(
        writer,
        "https://news.example.org/old",
        _html(ARABIC_2, "انفجار").replace(b"<head>", b'<head><meta charset="windows-1256">').decode().encode("cp1256"),
        ctype="text/html; charset=windows-1256",
    )
    writer.write_record(
        writer.create_warc_record("https://news.example.org/meta", "metadata", payload=io.BytesIO(b"k: v"))
    )
    return buf.getvalue()


@pytest.mark.parametrize("gzip", [True, False], ids=["warc.gz", "warc"])
def test_io_warc_mixed_records(tmp_path: Path, gzip: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    path.write_bytes(_build(gzip) + b"this is not a WARC record\r\n\r\n")
    items = list(read_input(str(path)))
    records = [i for i in items if isinstance(i, Record)]
    errors = [i for i in items if isinstance(i, ReadError)]
    assert [r.url for r in records] == ["https://news.example.org/a", "https://news.example.org/old"]
    assert records[0].doc_id == "news.example.org_a" and ARABIC_1 in records[0].text
    assert records[0].title == "قصف في إدلب"
    assert ARABIC_2 in records[1].text and records[1].encoding == "windows-1256"
    assert dict(records[0].metadata)["warc_record_id"].startswith("<urn:uuid:")
    assert len(errors) == 2
    assert "https://news.example.org/empty" in errors[0].message and "no article text" in errors[0].message
    assert str(path) in errors[1].message and "broken WARC record" in errors[1].message


def test_io_warc_truncated_archive_keeps_earlier_pages(tmp_path: Path) -> None:
    data = _build(gzip=True)
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[: len(data) - 400])  # cuts into the last page
    items = list(read_input(str(path)))
    assert isinstance(items[0], Record) and items[0].url == "https://news.example.org/a"
    assert isinstance(items[-1], ReadError) and str(path) in items[-1].message
    assert "https://news.example.org/old" in items[-1].message and "truncated" in items[-1].message
