"""Reading inputs into article records: files, directories, WARC archives, standard input and URLs.

Every input yields records or errors, never an exception: a bad file or a malformed JSONL line
becomes a :class:`ReadError` naming the input (and line), and reading goes on. Records in a language
not in ``ReadOptions.languages`` come back as a :class:`ReadError` with code E103 saying so.
"""

from __future__ import annotations

import functools
import io
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from marsad.errors import InputError
from marsad.io.decode import decode_bytes
from marsad.io.fetch import FetchConfig, Fetcher, decode_page
from marsad.io.html import HtmlArticle, extract_html

DEFAULT_MAX_BYTES = 5_000_000
USER_AGENT = "marsad/0.1 (+https://github.com/marsad; conflict-event research)"
_KNOWN_FIELDS = frozenset({"id", "text", "html", "published", "url", "source", "title"})
KNOWN_SUFFIXES = (".txt", ".html", ".htm", ".json", ".jsonl", ".warc", ".warc.gz")
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
    # reports detected in another language are skipped (E103); None reads every language
    languages: tuple[str, ...] | None = ("ar",)


@dataclass(frozen=True, slots=True)
class DirectoryListing:
    """The inputs a directory holds (known suffixes, sorted, recursive) and the files passed over."""

    files: tuple[Path, ...]
    skipped: tuple[Path, ...]


def input_suffix(path: Path) -> str | None:
    """The known input suffix of ``path`` (``.warc.gz`` counts as one), or None."""
    name = path.name.lower()
    return next((suf for suf in sorted(KNOWN_SUFFIXES, key=len, reverse=True) if name.endswith(suf)), None)


def list_directory(root: Path) -> DirectoryListing:
    """Files under ``root`` to read, walked recursively in sorted order; hidden files and folders ignored."""
    files: list[Path] = []
    skipped: list[Path] = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file():
            continue
        (files if input_suffix(path) is not None else skipped).append(path)
    return DirectoryListing(tuple(files), tuple(skipped))


def url_doc_id(url: str) -> str:
    """The document id Marsad gives a page read from ``url``."""
    return re.sub(r"[^\w.-]+", "_", url.split("://", 1)[-1]).strip("_")[:120] or "url"


def html_metadata(article: HtmlArticle) -> tuple[tuple[str, str], ...]:
    """Author, canonical URL and date provenance of an HTML page, as record metadata."""
    pairs = (
        ("author", article.author),
        ("canonical_url", article.canonical_url),
        ("published_from", article.date_source),
    )
    return tuple((k, v) for k, v in pairs if v)


def language_filter(record: Record, *, options: ReadOptions) -> Record | ReadError:
    """``record``, or an E103 :class:`ReadError` when its language is not one of ``options.languages``."""
    if options.languages is None:
        return record
    from marsad.io.langid import SKIP_CODE, language_skip_reason

    reason = language_skip_reason(record.text, origin=record.origin, languages=options.languages)
    return record if reason is None else ReadError(record.origin, reason, SKIP_CODE)


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
        rec = {**{k: v for k, v in html_metadata(article) if k not in rec}, **rec}
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


def _text_record(
    data: bytes, *, origin: str, doc_id: str, options: ReadOptions, html: bool | None, url: str | None = None
) -> Record:
    decoded = decode_bytes(data, origin=origin)
    if not decoded.text.strip():
        raise InputError(f"{origin}: empty input, no text to read")
    is_html = html if html is not None else bool(_HTML_START.match(decoded.text[:500]))
    if is_html:
        article = extract_html(decoded.text, origin=origin, url=url)
        published = options.published or parse_published(article.published, origin=origin)
        return Record(
            doc_id,
            article.text,
            origin,
            published,
            article.url,
            article.source,
            article.title,
            html_metadata(article),
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


@functools.cache
def _fetcher(timeout_s: float, max_bytes: int) -> Fetcher:
    """One polite fetcher per setting for the whole run: its robots.txt cache and host clocks are shared."""
    return Fetcher(FetchConfig(timeout_s=timeout_s, max_bytes=max_bytes))


def read_url(url: str, *, options: ReadOptions) -> Record:
    """The article at ``url``, fetched politely (robots.txt, rate limit, retries; see :mod:`marsad.io.fetch`)."""
    result = _fetcher(options.timeout_s, options.max_bytes).fetch(url)
    page = decode_page(result.body, charset=result.charset, url=url)
    data = page.text.encode("utf-8")
    rec = _text_record(data, origin=url, doc_id=url_doc_id(url), options=options, html=True, url=result.url)
    return Record(
        rec.doc_id,
        rec.text,
        rec.origin,
        rec.published,
        rec.url or url,
        rec.source,
        rec.title,
        rec.metadata,
        page.encoding,
    )


def read_input(spec: str, *, options: ReadOptions | None = None) -> Iterator[Record | ReadError]:
    """Records from one input: a path (file or directory), ``-`` for standard input, or an http(s) URL."""
    opts = options or ReadOptions()
    for item in _read_input(spec, options=opts):
        yield language_filter(item, options=opts) if isinstance(item, Record) else item


def _read_input(spec: str, *, options: ReadOptions) -> Iterator[Record | ReadError]:
    opts = options
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
        listing = list_directory(path)
        if not listing.files:
            yield ReadError(spec, f"{spec}: directory holds no inputs ({', '.join(KNOWN_SUFFIXES)})")
        for file in listing.files:
            yield from _read_file(file, spec=str(file), options=opts)
        return
    yield from _read_file(path, spec=spec, options=opts)


def _read_file(path: Path, *, spec: str, options: ReadOptions) -> Iterator[Record | ReadError]:
    opts = options
    if input_suffix(path) in (".warc", ".warc.gz"):
        from marsad.io.warc import read_warc

        yield from read_warc(path, origin=spec, options=opts)
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

