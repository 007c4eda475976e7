"""HTML pages to article text, through trafilatura (the one adapter module for it)."""

from __future__ import annotations

import json
from dataclasses import dataclass

import trafilatura

from marsad.errors import InputError


@dataclass(frozen=True, slots=True)
class HtmlArticle:
    text: str
    title: str | None
    published: str | None
    source: str | None
    url: str | None


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
    )
    if not raw:
        raise InputError(f"{origin}: no article text found in the HTML page")
    data = json.loads(raw)
    text = _str_or_none(data.get("text"))
    if text is None:
        raise InputError(f"{origin}: no article text found in the HTML page")
    date = _str_or_none(data.get("date"))
    return HtmlArticle(
        text=text,
        title=_str_or_none(data.get("title")),
        published=date[:10] if date else None,
        source=_str_or_none(data.get("sitename")) or _str_or_none(data.get("hostname")),
        url=_str_or_none(data.get("url")) or url,
    )
