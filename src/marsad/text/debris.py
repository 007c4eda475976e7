"""Removal of page debris from plain-text articles.

Scraped article text often keeps share-button lines ("Facebook Twitter WhatsApp Telegram"),
"اقرأ أيضاً" blocks with related headlines, and bylines such as "خاص - SY24". The body keeps
only article lines; a byline becomes the document's source and a leading headline its title.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from marsad.text.normalize import normalize_key

METHOD_ID = "text.debris.v1"

_SOCIAL = frozenset(
    normalize_key(w)
    for w in (
        "facebook",
        "twitter",
        "whatsapp",
        "telegram",
        "linkedin",
        "pinterest",
        "email",
        "e-mail",
        "print",
        "x",
        "messenger",
        "reddit",
        "tumblr",
        "vk",
        "share",
        "tweet",
        "copy link",
        "google+",
        "فيسبوك",
        "فيس بوك",
        "تويتر",
        "واتساب",
        "واتس اب",
        "تلغرام",
        "تيليغرام",
        "تلجرام",
        "لينكدإن",
        "مشاركة",
        "شارك",
        "شارك الخبر",
        "طباعة",
        "البريد الإلكتروني",
        "انستغرام",
        "يوتيوب",
    )
)
_READ_ALSO = regex.compile(r"^\s*(?:اقرأ|إقرأ|أقرأ|اقرا|إقرا)\s+(?:أيضا|أيضاً|ايضا|ايضاً|أيضًا)\s*[:：\-–]?\s*(.*)$")
_RELATED = regex.compile(
    r"^\s*(?:مواضيع ذات صلة|أخبار ذات صلة|ذات صلة|المزيد من الأخبار|الأكثر قراءة|تابعونا)\s*[:：]?\s*$"
)
_BYLINE = regex.compile(
    r"^\s*(?:(?P<kind>خاص|متابعة|تقرير|ترجمة|ترجمة خاصة|تحرير)\s*[-–—:|/]\s*(?P<src>[^\n]{2,40})"
    r"|(?P<src2>[^\n]{2,30}?)\s*[-–—|/]\s*(?:خاص|متابعة))\s*$"
)
_SENTENCE_END = regex.compile(r"[.!?؟…:»”\"]\s*$")
_MAX_HEADLINE = 160
_MAX_SHARE_LINE = 120
_MAX_RELATED_LINES = 6


@dataclass(frozen=True, slots=True)
class RemovedLine:
    line_no: int
    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class CleanText:
    """The article body after debris removal, with what was taken out and why."""

    text: str
    title: str | None
    byline_source: str | None
    removed: tuple[RemovedLine, ...]


def is_share_line(line: str) -> bool:
    """A line made only of social-network and share-button words."""
    if len(line) > _MAX_SHARE_LINE:
        return False
    words = [w for w in regex.split(r"[\s|•·,،/]+", normalize_key(line)) if w]
    if not words:
        return False
    if normalize_key(line) in _SOCIAL:
        return True
    return all(w in _SOCIAL for w in words)


def _headline_like(line: str) -> bool:
    """Short, 3–30 words, and not ending like a sentence (a trailing ".." joins headline parts)."""
    stripped = line.strip()
    if not 0 < len(stripped) <= _MAX_HEADLINE or not 3 <= len(stripped.split()) <= 30:
        return False
    return stripped.endswith("..") or not regex.search(r"[.!?؟:]\s*$", stripped)


def clean_text(raw: str, *, title: str | None = None) -> CleanText:
    """Remove page debris from ``raw``; keep paragraph breaks as blank lines."""
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    removed: list[RemovedLine] = []
    kept: list[tuple[int, str]] = []
    byline: str | None = None
    skip_related = 0
    for no, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped:
            skip_related = 0
            kept.append((no, ""))
            continue
        if skip_related and _headline_like(stripped) and not _SENTENCE_END.search(stripped):
            removed.append(RemovedLine(no, stripped, "read-also block"))
            skip_related -= 1
            continue
        skip_related = 0
        if is_share_line(stripped):
            removed.append(RemovedLine(no, stripped, "share buttons"))
            continue
        read_also = _READ_ALSO.match(stripped)
        if read_also or _RELATED.match(stripped):
            removed.append(RemovedLine(no, stripped, "read-also block"))
            skip_related = _MAX_RELATED_LINES
            continue
        by = _BYLINE.match(stripped)
        if by and len(stripped) <= 50:
            source = (by.group("src") or by.group("src2") or "").strip()
            byline = byline or source or None
            removed.append(RemovedLine(no, stripped, "byline"))
            continue
        kept.append((no, line.rstrip()))

    body_lines = kept
    found_title = title
    non_empty = [k for k, (_, text) in enumerate(body_lines) if text.strip()]
    if len(non_empty) >= 2:
        first_no, first = body_lines[non_empty[0]]
        first_stripped = first.strip()
        same_as_title = title is not None and normalize_key(title) == normalize_key(first_stripped)
        if same_as_title or _headline_like(first_stripped):
            found_title = found_title or first_stripped
            removed.append(RemovedLine(first_no, first_stripped, "headline"))
            body_lines.pop(non_empty[0])

    text = "\n".join(text for _, text in body_lines)
    text = regex.sub(r"\n{3,}", "\n\n", text).strip()
    return CleanText(text=text, title=found_title, byline_source=byline, removed=tuple(removed))
