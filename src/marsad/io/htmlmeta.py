"""Page metadata that trafilatura gets wrong or leaves out: publication date, author, canonical URL, charset.

trafilatura (through htmldate) falls back to the year of a "© 2021" footer and reports it as
2021-01-01; a page whose only evidence for a date is a year is undated, so such a date is distrusted
unless the page states that very day. Arabic bylines (``الخميس 18 آذار 2021``) are read here with the
project's own date rules. The scan uses the standard library's HTML parser: no DOM, one pass.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from marsad.time.resolve import find_time_expressions

_DATE_META_NAMES = frozenset(
    {
        "article:published_time",
        "og:article:published_time",
        "datepublished",
        "date",
        "pubdate",
        "publishdate",
        "publish-date",
        "publish_date",
        "dc.date",
        "dc.date.issued",
        "dcterms.issued",
        "dcterms.date",
        "sailthru.date",
        "parsely-pub-date",
        "article.published",
        "published_time",
        "original-publish-date",
    }
)
_AUTHOR_META_NAMES = frozenset({"author", "article:author", "dc.creator", "parsely-author", "byl", "sailthru.author"})
_DATED_CLASS = re.compile(r"date|time|byline|meta|publish|posted|timestamp|author", re.I)
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_BYLINE_PREFIX = re.compile(
    r"^\s*(?:بقلم|كتب(?:ه|ها|ت)?|بواسطة|إعداد|اعداد|تحرير|المحرر|الكاتب|by|written by|author)\s*[:：\-–—]?\s*",
    re.I,
)
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_VOID = frozenset({"br", "hr", "img", "input", "link", "meta", "source", "wbr", "area", "base", "col", "embed"})
_MAX_DATED_TEXTS = 40
_MAX_AUTHOR_CHARS = 80
_MAX_BYLINE_CHARS = 200  # longer "dated" elements are containers (a body with class timeline), not bylines


@dataclass(frozen=True, slots=True)
class PageMeta:
    """What the page's markup says about itself (each field None when it says nothing)."""

    canonical_url: str | None = None
    author: str | None = None
    meta_published: date | None = None
    byline_published: date | None = None
    charset: str | None = None


@dataclass(frozen=True, slots=True)
class PublishedDate:
    """A publication date and where it was found: ``meta``, ``byline`` or ``trafilatura``."""

    value: date
    source: str


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.canonical: str | None = None
        self.og_url: str | None = None
        self.authors: list[str] = []
        self.dates: list[str] = []
        self.charset: str | None = None
        self.dated_texts: list[str] = []
        self.author_texts: list[str] = []
        self._stack: list[tuple[str, bool, bool]] = []  # tag, dated element, author element
        self._buffer: list[str] = []
        self._in_ld_json = False
        self._ld_json: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            self._meta(a)
            return
        if tag == "link" and "canonical" in a.get("rel", "").lower().split() and a.get("href"):
            self.canonical = self.canonical or a["href"].strip()
            return
        if tag in _VOID:
            return
        if tag == "script" and "ld+json" in a.get("type", "").lower():
            self._in_ld_json = True
            return
        if tag in ("script", "style", "noscript"):
            self._skip += 1
            return
        if tag == "time" and a.get("datetime"):
            self.dates.append(a["datetime"])
        if a.get("itemprop", "").lower() == "datepublished":
            value = a.get("content") or a.get("datetime")
            if value:
                self.dates.append(value)
        if a.get("itemprop", "").lower() == "author" and a.get("content"):
            self.authors.append(a["content"])
        marker = f"{a.get('class', '')} {a.get('id', '')} {a.get('itemprop', '')}"
        dated = bool(_DATED_CLASS.search(marker)) or tag == "time"
        author = bool(re.search(r"author|byline|writer", marker, re.I)) or a.get("rel", "").lower() == "author"
        if dated or author or self._stack:
            self._stack.append((tag, dated, author))
            if dated or author:
                self._buffer = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._in_ld_json:
            self._in_ld_json = False
            self._read_ld_json("".join(self._ld_json))
            self._ld_json = []
            return
        if tag in ("script", "style", "noscript"):
            self._skip = max(0, self._skip - 1)
            return
        for k in range(len(self._stack) - 1, -1, -1):
            if self._stack[k][0] == tag:
                for _tag, dated, author in self._stack[k:]:
                    text = " ".join("".join(self._buffer).split())
                    if not text or len(text) > _MAX_BYLINE_CHARS:
                        continue
                    if dated and len(self.dated_texts) < _MAX_DATED_TEXTS:
                        self.dated_texts.append(text)
                    if author:
                        self.author_texts.append(text)
                del self._stack[k:]
                if not self._stack:
                    self._buffer = []
                return

    def handle_data(self, data: str) -> None:
        if self._in_ld_json:
            self._ld_json.append(data)
        elif not self._skip and self._stack:
            self._buffer.append(data)

    def _meta(self, a: dict[str, str]) -> None:
        if a.get("charset"):
            self.charset = self.charset or a["charset"].strip()
        key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower().strip()
        content = a.get("content", "").strip()
        if a.get("http-equiv", "").lower() == "content-type":
            found = re.search(r"charset\s*=\s*([\w.:-]+)", content, re.I)
            if found:
                self.charset = self.charset or found.group(1)
        if not content:
            return
        if key in _DATE_META_NAMES:
            self.dates.append(content)
        elif key in _AUTHOR_META_NAMES and not content.startswith("http"):
            self.authors.append(content)
        elif key == "og:url":
            self.og_url = self.og_url or content

    def _read_ld_json(self, raw: str) -> None:
        try:
            data = json.loads(raw)
        except ValueError:
            return
        items = data if isinstance(data, list) else [data]
        for item in items:
            if not isinstance(item, dict):
                continue
            graph = item.get("@graph")
            if isinstance(graph, list):
                self._read_ld_json(json.dumps(graph))
            value = item.get("datePublished")
            if isinstance(value, str):
                self.dates.append(value)
            author = item.get("author")
            for entry in author if isinstance(author, list) else [author]:
                name = entry.get("name") if isinstance(entry, dict) else entry
                if isinstance(name, str):
                    self.authors.append(name)


def _iso_date(value: str) -> date | None:
    match = _ISO_DATE.search(value)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def arabic_date(text: str) -> date | None:
    """The first explicit day-precision date in ``text`` (Arabic or numeric), else None."""
    for expr in find_time_expressions(text, published=None):
        if expr.precision == "day" and expr.value is not None and expr.value == expr.end_value:
            return expr.value
    return None


def clean_author(raw: str | None) -> str | None:
    """A byline reduced to a name: prefixes such as بقلم / كتب / By dropped, dates and long texts rejected."""
    if not raw:
        return None
    text = " ".join(raw.split())
    text = _BYLINE_PREFIX.sub("", text)
    text = re.split(r"\s[-–—|]\s|\s*[،,]\s*(?=\S*\d)", text)[0].strip(" :-–—|،,")
    if not text or len(text) > _MAX_AUTHOR_CHARS or re.search(r"\d", text) or text.startswith("http"):
        return None
    return text


def scan_page(html: str, *, base_url: str | None = None) -> PageMeta:
    """Canonical URL, author, dates and declared charset from the markup of one page."""
    scanner = _Scanner()
    try:
        scanner.feed(html)
        scanner.close()
    except (AssertionError, ValueError):  # html.parser gives up on some broken markup; keep what it saw
        pass
    canonical = scanner.canonical or scanner.og_url
    if canonical and base_url:
        canonical = urljoin(base_url, canonical)
    if canonical and urlsplit(canonical).scheme not in ("http", "https"):
        canonical = None
    meta_date = next((d for d in (_iso_date(v) for v in scanner.dates) if d is not None), None)
    byline_date = next((d for d in (arabic_date(t) for t in scanner.dated_texts) if d is not None), None)
    author = next(
        (a for a in (clean_author(v) for v in (*scanner.authors, *scanner.author_texts)) if a is not None), None
    )
    return PageMeta(canonical, author, meta_date, byline_date, scanner.charset)


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a ``<meta>`` tag within its first 4 KB, if any."""
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii", "replace") if match else None


def year_only_fallback(candidate: date, *, html: str) -> bool:
    """True when ``candidate`` is 1 January and the page shows only its year, not that day.

    That is the shape of trafilatura's fallback to a copyright footer ("© 2021" → 2021-01-01).
    """
    if (candidate.month, candidate.day) != (1, 1):
        return False
    y = candidate.year
    day_patterns = (
        rf"{y}-0?1-0?1(?!\d)",
        rf"(?<!\d)0?1[/.]0?1[/.]{y}(?!\d)",
        rf"{y}/0?1/0?1(?!\d)",
        rf"(?<!\d)0?1\s+(?:كانون الثاني|يناير|جانفي|January|Jan)\s*[،,]?\s*{y}",
        rf"(?:January|Jan)\.?\s+0?1\s*,?\s*{y}",
    )
    page = html.translate(_DIGITS)
    return not any(re.search(p, page, re.I) for p in day_patterns)


def choose_published(trafilatura_date: str | None, meta: PageMeta, *, html: str) -> PublishedDate | None:
    """The publication date to trust: the page's date metadata, then its byline, then trafilatura's guess.

    A guess equal to 1 January of a year, on a page that never states that day, is dropped.
    """
    if meta.meta_published is not None and not year_only_fallback(meta.meta_published, html=html):
        return PublishedDate(meta.meta_published, "meta")
    if meta.byline_published is not None:
        return PublishedDate(meta.byline_published, "byline")
    guessed = _iso_date(trafilatura_date) if trafilatura_date else None
    if guessed is not None and not year_only_fallback(guessed, html=html):
        return PublishedDate(guessed, "trafilatura")
    return None
