"""WARC archives (``.warc``, ``.warc.gz``) as inputs: one record per archived HTML page (warcio adapter).

Only ``response`` records with a 2xx HTTP status and an HTML content type become records; request,
metadata, revisit, warcinfo records and non-HTML or non-2xx responses are passed over. A page that
cannot be read (no article text, truncated, too large) is a :class:`ReadError` naming the archive, the
record number and its URL; a broken record header ends the reading of that archive with a ReadError,
and the records before it are kept.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator  # type: ignore[import-untyped]  # warcio ships no types
from warcio.exceptions import ArchiveLoadFailed  # type: ignore[import-untyped]  # warcio ships no types

from marsad.errors import InputError
from marsad.io.decode import looks_binary
from marsad.io.fetch import decode_page
from marsad.io.html import extract_html
from marsad.io.readers import ReadError, ReadOptions, Record, html_metadata, parse_published, url_doc_id

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


def _media_type(value: str | None) -> str | None:
    return value.split(";", 1)[0].strip().lower() if value else None


def _charset(value: str | None) -> str | None:
    if not value:
        return None
    for part in value.split(";")[1:]:
        key, _, val = part.partition("=")
        if key.strip().lower() == "charset" and val.strip():
            return val.strip().strip("\"'")
    return None


def _page_record(record: Any, *, where: str, uri: str, options: ReadOptions) -> Record:
    content_type = record.http_headers.get_header("Content-Type")
    body: bytes = record.content_stream().read(options.max_bytes + 1)
    if len(body) > options.max_bytes:
        raise InputError(f"{where}: page larger than the {options.max_bytes / 1e6:.1f} MB limit; skipped")
    missing = getattr(record.raw_stream, "limit", 0)
    if isinstance(missing, int) and missing > 0:
        raise InputError(f"{where}: truncated WARC record ({missing} bytes missing); skipped")
    if looks_binary(body):
        raise InputError(f"{where}: page body looks binary although labelled HTML; skipped")
    page = decode_page(body, charset=_charset(content_type), url=where)
    if not page.text.strip():
        raise InputError(f"{where}: empty page; skipped")
    article = extract_html(page.text, origin=where, url=uri or None)
    published = parse_published(article.published, origin=where) or options.published
    extra: list[tuple[str, str]] = list(html_metadata(article))
    for key, header in (("warc_date", "WARC-Date"), ("warc_record_id", "WARC-Record-ID")):
        value = record.rec_headers.get_header(header)
        if value:
            extra.append((key, value))
    return Record(
        url_doc_id(uri) if uri else where,
        article.text,
        where,
        published,
        article.url or uri or None,
        article.source,
        article.title,
        tuple(sorted(extra)),
        page.encoding,
    )


def iter_warc(stream: Any, *, origin: str, options: ReadOptions) -> Iterator[Record | ReadError]:
    """Records for the HTML pages archived in the WARC ``stream`` read from ``origin``."""
    number = 0
    iterator = iter(ArchiveIterator(stream, arc2warc=False))
    while True:
        try:
            record = next(iterator)
        except StopIteration:
            return
        except (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error) as exc:
            where = f"{origin}#{number + 1}"
            yield ReadError(where, f"{where}: broken WARC record ({exc}); the rest of this archive is skipped")
            return
        number += 1
        if record.rec_type is None:
            where = f"{origin}#{number}"
            yield ReadError(
                where, f"{where}: broken WARC record (no WARC-Type header); the rest of this archive is skipped"
            )
            return
        if record.rec_type != "response" or record.http_headers is None:
            continue
        status = record.http_headers.get_statuscode()
        if not (status and str(status).startswith("2")):
            continue
        if _media_type(record.http_headers.get_header("Content-Type")) not in _HTML_TYPES:
            continue
        uri = record.rec_headers.get_header("WARC-Target-URI") or ""
        where = f"{origin}#{number}" + (f" {uri}" if uri else "")
        try:
            yield _page_record(record, where=where, uri=uri, options=options)
        except InputError as exc:
            yield ReadError(where, exc.message)
        except (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error) as exc:
            yield ReadError(where, f"{where}: broken WARC record ({exc}); the rest of this archive is skipped")
            return


def read_warc(path: Path, *, origin: str, options: ReadOptions) -> Iterator[Record | ReadError]:
    """Records from the WARC file at ``path`` (gzip-compressed or not)."""
    try:
        with path.open("rb") as stream:
            yield from iter_warc(stream, origin=origin, options=options)
    except OSError as exc:
        yield ReadError(origin, f"{origin}: cannot read ({exc.strerror or exc})")
