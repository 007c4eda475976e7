"""Reading inputs into article records: files, standard input and URLs.

Every input yields records or errors, never an exception: a bad file or a malformed JSONL line
becomes a :class:`ReadError` naming the input (and line), and reading goes on.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from marsad.errors import InputError
from marsad.io.decode import decode_bytes
from marsad.io.html import extract_html

DEFAULT_MAX_BYTES = 5_000_000
USER_AGENT = "marsad/0.1 (+https://github.com/marsad; conflict-event research)"
_KNOWN_FIELDS = frozenset({"id", "text", "html", "published", "url", "source", "title"})
_HTML_START = re.compile(r"^\s*(?:<!doctype html|<html|<head|<body|<meta|<div|<article|<p[\s>])", re.I)


@dataclass(frozen=True, slots=True)
class Record:
    """One article as read: its body text (still with debris) and metadata."""

    doc_id: str
    text: str
    origin: str
    published: date | None = None
    url: str | None = None
    source: str | None = None
    title: str | None = None
    metadata: tuple[tuple[str, str], ...] = ()
    encoding: str = "utf-8"


@dataclass(frozen=True, slots=True)
class ReadError:
    origin: str
    message: str
    code: str = "E101"

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


@dataclass(frozen=True, slots=True)
class ReadOptions:
    published: date | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    timeout_s: float = 20.0


def parse_published(value: object, *, origin: str) -> date | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InputError(f"{origin}: 'published' must be an ISO date string, got {type(value).__name__}")
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})", value.strip())
    if not match:
        raise InputError(f"{origin}: 'published' {value!r} is not an ISO date (YYYY-MM-DD)")
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError as exc:
        raise InputError(f"{origin}: 'published' {value!r} is not a valid date ({exc})") from exc


def _opt_str(record: dict[str, object], key: str, origin: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f"{origin}: field {key!r} must be a string or null, got {type(value).__name__}")
    return value


def record_from_mapping(obj: object, *, origin: str, default_id: str, options: ReadOptions) -> Record:
    """Validate one JSON input record (see the contract's input.md) and turn it into a Record."""
    if not isinstance(obj, dict):
        raise InputError(f"{origin}: a record must be a JSON object, got {type(obj).__name__}")
    rec: dict[str, object] = {str(k): v for k, v in obj.items()}
    raw_id = rec.get("id")
    doc_id = str(raw_id) if isinstance(raw_id, str | int) and str(raw_id).strip() else default_id
    text = _opt_str(rec, "text", origin)
    html = _opt_str(rec, "html", origin)
    url = _opt_str(rec, "url", origin)
    title = _opt_str(rec, "title", origin)
    source = _opt_str(rec, "source", origin)
    published = parse_published(rec.get("published"), origin=origin) or options.published
    if text is None and html is None:
        raise InputError(f"{origin}: record {doc_id!r} has neither 'text' nor 'html'")
    if text is None and html is not None:
        article = extract_html(html, origin=origin, url=url)
        text = article.text
        title = title or article.title
        source = source or article.source
        published = published or parse_published(article.published, origin=origin)
    assert text is not None
    if not text.strip():
        raise InputError(f"{origin}: record {doc_id!r} has an empty text")
    if len(text.encode("utf-8")) > options.max_bytes:
        raise InputError(
            f"{origin}: record {doc_id!r} is {len(text.encode('utf-8')) / 1e6:.1f} MB, over the "
            f"{options.max_bytes / 1e6:.1f} MB limit for one article (raise it with --max-bytes)"
        )
    extra = tuple(
        sorted(
            (k, v if isinstance(v, str) else json.dumps(v, ensure_ascii=False))
            for k, v in rec.items()
            if k not in _KNOWN_FIELDS
        )
    )
    return Record(doc_id, text, origin, published, url, source, title, extra)


def _read_limited(stream: BinaryIO, *, origin: str, max_bytes: int) -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(
            f"{origin}: larger than the {max_bytes / 1e6:.1f} MB limit for one article; split it into "
            "articles (e.g. as JSONL records) or raise the limit with --max-bytes"
        )
    return data


def _text_record(data: bytes, *, origin: str, doc_id: str, options: ReadOptions, html: bool | None) -> Record:
    decoded = decode_bytes(data, origin=origin)
    if not decoded.text.strip():
        raise InputError(f"{origin}: empty input, no text to read")
    is_html = html if html is not None else bool(_HTML_START.match(decoded.text[:500]))
    if is_html:
        article = extract_html(decoded.text, origin=origin)
        published = options.published or parse_published(article.published, origin=origin)
        return Record(
            doc_id,
            article.text,
            origin,
            published,
            article.url,
            article.source,
            article.title,
            encoding=decoded.encoding,
        )
    return Record(doc_id, decoded.text, origin, options.published, encoding=decoded.encoding)


def _iter_jsonl(stream: BinaryIO, *, origin: str, stem: str, options: ReadOptions) -> Iterator[Record | ReadError]:
    line_no = 0
    while True:
        line = stream.readline(options.max_bytes + 2)
        if not line:
            break
        line_no += 1
        where = f"{origin}:{line_no}"
        if len(line) > options.max_bytes and not line.endswith(b"\n"):
            yield ReadError(where, f"{where}: line longer than the {options.max_bytes / 1e6:.1f} MB limit; skipped")
            while line and not line.endswith(b"\n"):  # skip the rest of the over-long line
                line = stream.readline(1 << 20)
            continue
        if not line.strip():
            continue
        try:
            text = decode_bytes(line, origin=where).text
            obj = json.loads(text)
            yield record_from_mapping(obj, origin=where, default_id=f"{stem}-{line_no}", options=options)
        except json.JSONDecodeError as exc:
            yield ReadError(where, f"{where}: malformed JSON ({exc.msg} at column {exc.colno}); line skipped")
        except InputError as exc:
            yield ReadError(where, exc.message)


def _iter_json(data: bytes, *, origin: str, stem: str, options: ReadOptions) -> Iterator[Record | ReadError]:
    try:
        obj = json.loads(decode_bytes(data, origin=origin).text)
    except json.JSONDecodeError as exc:
        yield ReadError(origin, f"{origin}: malformed JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})")
        return
    items = obj if isinstance(obj, list) else [obj]
    for k, item in enumerate(items, start=1):
        where = f"{origin}[{k}]" if isinstance(obj, list) else origin
        try:
            yield record_from_mapping(
                item, origin=where, default_id=f"{stem}-{k}" if len(items) > 1 else stem, options=options
            )
        except InputError as exc:
            yield ReadError(where, exc.message)


def read_url(url: str, *, options: ReadOptions) -> Record:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,*/*;q=0.5"})
    try:
        with urllib.request.urlopen(request, timeout=options.timeout_s) as response:
            data = _read_limited(response, origin=url, max_bytes=options.max_bytes)
            charset = response.headers.get_content_charset()
    except urllib.error.URLError as exc:
        raise InputError(f"{url}: could not fetch ({exc.reason})") from exc
    except TimeoutError as exc:
        raise InputError(f"{url}: timed out after {options.timeout_s:.0f} s") from exc
    if charset and charset.lower() not in ("utf-8", "utf8"):
        with contextlib.suppress(LookupError, UnicodeDecodeError):  # else Marsad's own detection decides
            data = data.decode(charset).encode("utf-8")
    doc_id = re.sub(r"[^\w.-]+", "_", url.split("://", 1)[-1]).strip("_")[:120] or "url"
    rec = _text_record(data, origin=url, doc_id=doc_id, options=options, html=True)
    return Record(
        rec.doc_id,
        rec.text,
        rec.origin,
        rec.published,
        rec.url or url,
        rec.source,
        rec.title,
        rec.metadata,
        rec.encoding,
    )


def read_input(spec: str, *, options: ReadOptions | None = None) -> Iterator[Record | ReadError]:
    """Records from one input: a path, ``-`` for standard input, or an http(s) URL."""
    opts = options or ReadOptions()
    if spec.startswith(("http://", "https://")):
        try:
            yield read_url(spec, options=opts)
        except InputError as exc:
            yield ReadError(spec, exc.message)
        return
    if spec == "-":
        yield from _read_stream(sys.stdin.buffer, origin="<stdin>", stem="stdin", suffix="", options=opts)
        return
    path = Path(spec)
    if not path.exists():
        yield ReadError(spec, f"{spec}: no such file")
        return
    if path.is_dir():
        yield ReadError(spec, f"{spec}: is a directory; give the files inside it (e.g. {spec}/*.txt)")
        return
    try:
        with path.open("rb") as stream:
            yield from _read_stream(stream, origin=spec, stem=path.stem, suffix=path.suffix.lower(), options=opts)
    except OSError as exc:
        yield ReadError(spec, f"{spec}: cannot read ({exc.strerror})")


def _read_stream(
    stream: BinaryIO, *, origin: str, stem: str, suffix: str, options: ReadOptions
) -> Iterator[Record | ReadError]:
    try:
        if suffix == ".jsonl":
            yield from _iter_jsonl(stream, origin=origin, stem=stem, options=options)
            return
        if suffix == ".json":
            yield from _iter_json(stream.read(), origin=origin, stem=stem, options=options)
            return
        data = _read_limited(stream, origin=origin, max_bytes=options.max_bytes)
        if not suffix and data.lstrip()[:1] in (b"{", b"["):
            # standard input carrying JSON records
            lines = [ln for ln in data.splitlines() if ln.strip()]
            if data.lstrip()[:1] == b"[" or len(lines) == 1:
                yield from _iter_json(data, origin=origin, stem=stem, options=options)
            else:
                yield from _iter_jsonl(io.BytesIO(data), origin=origin, stem=stem, options=options)
            return
        html = True if suffix in (".html", ".htm") else (False if suffix == ".txt" else None)
        yield _text_record(data, origin=origin, doc_id=stem, options=options, html=html)
    except InputError as exc:
        yield ReadError(origin, exc.message)

