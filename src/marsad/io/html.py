"""HTML pages to article text, through trafilatura (the one adapter module for it).

trafilatura finds the body and drops navigation, comments and most share bars; what it lets through
line by line (a share-button line, an "اقرأ أيضاً" link line) is dropped here. Dates, author and canonical
URL are checked against the page's own markup by :mod:`marsad.io.htmlmeta`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime

import trafilatura

from marsad.errors import InputError
from marsad.io.htmlmeta import choose_published, clean_author, scan_page
from marsad.text.debris import is_share_line

_READ_ALSO_LINE = re.compile(
    r"^\s*(?:اقرأ|إقرأ|أقرأ|اقرا|إقرا)\s+(?:أيضا|أيضاً|ايضا|ايضاً|أيضًا)\s*[:：\-–]|"
    r"^\s*(?:أخبار|مواضيع|مقالات)\s+ذات\s+صلة\s*[:：]?\s*$"
)


@dataclass(frozen=True, slots=True)
class HtmlArticle:
    text: str
    title: str | None
    published: str | None
    source: str | None
    url: str | None
    author: str | None = None
    canonical_url: str | None = None
    date_source: str | None = None  # where ``published`` was found: meta, byline or trafilatura


def _drop_debris_lines(text: str) -> str:
    """Share-button lines and read-also link lines that trafilatura kept inside the body."""
    lines = [ln for ln in text.split("\n") if not (is_share_line(ln) or _READ_ALSO_LINE.match(ln))]
    return "\n".join(lines).strip()


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def extract_html(html: str, *, origin: str, url: str | None = None) -> HtmlArticle:
    """The main text and metadata of an HTML page; raise :class:`InputError` when there is none."""
    raw = trafilatura.extract(
        html,
        url=url,
        output_format="json",
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        # no extensive date search: it is where the "© 2021" → 2021-01-01 guess comes from, and on Arabic
        # pages its dateparser fallback can take seconds per page; bylines are read by htmlmeta instead
        date_extraction_params={
            "original_date": True,
            "extensive_search": False,
            "max_date": datetime.now().astimezone().strftime("%Y-%m-%d"),
        },
    )
    if not raw:
        raise InputError(f"{origin}: no article text found in the HTML page")
    data = json.loads(raw)
    text = _str_or_none(data.get("text"))
    text = _drop_debris_lines(text) if text is not None else None
    if not text:
        raise InputError(f"{origin}: no article text found in the HTML page")
    meta = scan_page(html, base_url=url)
    published = choose_published(_str_or_none(data.get("date")), meta, html=html)
    canonical = meta.canonical_url
    return HtmlArticle(
        text=text,
        title=_str_or_none(data.get("title")),
        published=published.value.isoformat() if published else None,
        source=_str_or_none(data.get("sitename")) or _str_or_none(data.get("hostname")),
        url=canonical or _str_or_none(data.get("url")) or url,
        author=clean_author(_str_or_none(data.get("author"))) or meta.author,
        canonical_url=canonical,
        date_source=published.source if published else None,
    )
