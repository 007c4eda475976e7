"""RSS/Atom feeds: parsing (feedparser adapter), Arabic publication dates, watch state and one poll.

feedparser is only ever given bytes that :class:`marsad.io.fetch.Fetcher` fetched, never a URL, so
every request goes through the polite fetcher. A feed that is not well-formed XML still gives the
entries feedparser's lenient parser recovers, with a warning; one with none is an error.

Watch state (:class:`WatchState`) is a small SQLite file: per feed its ETag / Last-Modified, per
entry what became of it (stored, skipped with the reason, failed with the number of attempts), so a
restarted watcher fetches only what it has not dealt with yet.
"""

from __future__ import annotations

import email.utils
import re
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Literal, Protocol
from urllib.parse import urljoin

import feedparser  # type: ignore[import-untyped]  # feedparser ships no types

from marsad.errors import InputError
from marsad.io.fetch import FEED_TYPES, HTML_TYPES, Fetcher, FetchError, decode_page
from marsad.io.html import extract_html
from marsad.io.htmlmeta import arabic_date
from marsad.io.readers import ReadOptions, Record, html_metadata, language_filter, url_doc_id

MAX_ATTEMPTS = 3  # an entry failing this many times (5xx, timeouts) is given up
INGEST_BATCH = 10
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# feedparser's notes about labels, not about the XML: the feed was read as it is
_BENIGN_BOZO = frozenset({"NonXMLContentType", "CharacterEncodingOverride", "UndeclaredNamespace"})
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


class FeedError(InputError):
    """A feed that could not be read at all."""


@dataclass(frozen=True, slots=True)
class FeedEntry:
    entry_id: str
    link: str
    title: str | None
    published: date | None


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    url: str
    title: str | None
    entries: tuple[FeedEntry, ...]
    warning: str | None = None


def parse_feed_date(value: str | None) -> date | None:
    """A feed date as the feed states it: RFC 822, ISO 8601, or Arabic (``الخميس، 18 آذار 2021``)."""
    if not value or not value.strip():
        return None
    text = value.strip().translate(_DIGITS)
    try:
        parsed = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is not None:
        return parsed.date()
    match = _ISO.match(text)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    return arabic_date(text)


def parse_feed(data: bytes, *, url: str, content_type: str | None = None) -> ParsedFeed:
    """The entries of an RSS/Atom document fetched from ``url``; raise :class:`FeedError` when there are none
    and it is not a feed."""
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    parsed: Any = feedparser.parse(data, response_headers=headers, sanitize_html=False)
    warning = None
    exc_name = type(parsed.get("bozo_exception")).__name__
    if parsed.get("bozo") and exc_name not in _BENIGN_BOZO:
        exc = parsed.get("bozo_exception")
        reason = getattr(exc, "getMessage", lambda: str(exc))()
        line = getattr(exc, "getLineNumber", lambda: None)()
        where = f" at line {line}" if line else ""
        if not parsed.entries:
            raise FeedError(f"{url}: not a readable feed ({reason}{where})")
        warning = (
            f"{url}: feed is not well-formed XML ({reason}{where}); read the {len(parsed.entries)} entries recovered"
        )
    elif not parsed.get("version") and not parsed.entries:
        raise FeedError(f"{url}: not an RSS or Atom feed")
    entries: list[FeedEntry] = []
    for raw in parsed.entries:
        link = raw.get("link")
        if not isinstance(link, str) or not link.strip():
            continue
        link = urljoin(url, link.strip())
        entry_id = raw.get("id") if isinstance(raw.get("id"), str) and raw.get("id").strip() else link
        stamp = raw.get("published") or raw.get("updated") or raw.get("created")
        published = parse_feed_date(stamp) if isinstance(stamp, str) else None
        title = raw.get("title") if isinstance(raw.get("title"), str) else None
        entries.append(FeedEntry(str(entry_id).strip(), link, title, published))
    feed_title = parsed.feed.get("title") if isinstance(parsed.feed.get("title"), str) else None
    return ParsedFeed(url, feed_title, tuple(entries), warning)


# --- state -------------------------------------------------------------------------------------

EntryStatus = Literal["stored", "skipped", "failed"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feeds (
    url TEXT PRIMARY KEY,
    etag TEXT,
    last_modified TEXT,
    last_polled TEXT
);
CREATE TABLE IF NOT EXISTS entries (
    feed_url TEXT NOT NULL,
    entry_id TEXT NOT NULL,
    link TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT,
    attempts INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (feed_url, entry_id)
);
"""


@dataclass(frozen=True, slots=True)
class FeedValidators:
    etag: str | None
    last_modified: str | None


class WatchState:
    """Seen entries and feed validators, in a SQLite file (``path``) or in memory (``":memory:"``)."""

    def __init__(self, path: str | Path) -> None:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.path = str(path)
        self._db = sqlite3.connect(self.path, timeout=30)
        self._db.executescript(_SCHEMA)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> WatchState:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def validators(self, feed_url: str) -> FeedValidators:
        row = self._db.execute("SELECT etag, last_modified FROM feeds WHERE url = ?", (feed_url,)).fetchone()
        return FeedValidators(row[0], row[1]) if row else FeedValidators(None, None)

    def save_validators(self, feed_url: str, validators: FeedValidators) -> None:
        with self._db:
            self._db.execute(
                "INSERT INTO feeds (url, etag, last_modified, last_polled) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, "
                "last_polled = excluded.last_polled",
                (feed_url, validators.etag, validators.last_modified, _now()),
            )

    def is_done(self, feed_url: str, entry_id: str) -> bool:
        """Stored, skipped for good, or failed :data:`MAX_ATTEMPTS` times."""
        row = self._db.execute(
            "SELECT status, attempts FROM entries WHERE feed_url = ? AND entry_id = ?", (feed_url, entry_id)
        ).fetchone()
        return row is not None and (row[0] != "failed" or int(row[1]) >= MAX_ATTEMPTS)

    def mark(
        self, feed_url: str, entry: FeedEntry, *, doc_id: str, status: EntryStatus, reason: str | None = None
    ) -> None:
        with self._db:
            self._db.execute(
                "INSERT INTO entries (feed_url, entry_id, link, doc_id, status, reason, attempts, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, 1, ?) ON CONFLICT(feed_url, entry_id) DO UPDATE SET "
                "status = excluded.status, reason = excluded.reason, updated_at = excluded.updated_at, "
                "attempts = entries.attempts + 1",
                (feed_url, entry.entry_id, entry.link, doc_id, status, reason, _now()),
            )

    def counts(self) -> dict[str, int]:
        return {str(s): int(n) for s, n in self._db.execute("SELECT status, COUNT(*) FROM entries GROUP BY status")}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# --- one poll ---------------------------------------------------------------------------------


class IngestReportLike(Protocol):
    @property
    def added(self) -> int: ...
    @property
    def updated(self) -> int: ...
    @property
    def unchanged(self) -> int: ...
    @property
    def failed(self) -> int: ...


class IngestStore(Protocol):
    """What the watcher needs of :class:`marsad.store.Store`."""

    def ingest(self, records: Iterable[Record], *, pipeline: Any = None, on_progress: Any = None) -> Any: ...
    def has_document(self, doc_id: str, content_hash: str | None = None) -> bool: ...


Outcome = Literal["stored", "known", "skipped", "failed", "feed-error", "feed-warning", "not-modified"]


@dataclass(frozen=True, slots=True)
class _Failure:
    """An entry not read: ``transient`` (retry on a later poll) or not; ``policy``: robots.txt or language."""

    message: str
    transient: bool = False
    policy: bool = False


@dataclass(frozen=True, slots=True)
class WatchEvent:
    """Something that happened in a poll: an entry's outcome, or a feed-level error or warning."""

    feed_url: str
    outcome: Outcome
    message: str | None = None
    entry_id: str | None = None


@dataclass(slots=True)
class PollStats:
    feeds: int = 0
    entries: int = 0
    stored: int = 0
    known: int = 0
    skipped: int = 0
    failed: int = 0
    feed_errors: int = 0


@dataclass(slots=True)
class FeedWatcher:
    """Polls feeds: fetches each new entry's page, extracts it and hands the records to ``store.ingest``."""

    fetcher: Fetcher
    store: IngestStore
    state: WatchState
    options: ReadOptions = field(default_factory=ReadOptions)
    pipeline: Any = None
    on_event: Callable[[WatchEvent], None] = lambda _event: None

    def poll(self, feed_urls: Sequence[str]) -> PollStats:
        stats = PollStats()
        for url in feed_urls:
            stats.feeds += 1
            self._poll_feed(url, stats)
        return stats

    def _emit(self, stats: PollStats, event: WatchEvent) -> None:
        if event.outcome in ("stored", "known", "skipped", "failed"):
            setattr(stats, event.outcome, getattr(stats, event.outcome) + 1)
        elif event.outcome == "feed-error":
            stats.feed_errors += 1
        self.on_event(event)

    def _poll_feed(self, url: str, stats: PollStats) -> None:
        validators = self.state.validators(url)
        try:
            result = self.fetcher.fetch(
                url, accept=FEED_TYPES, etag=validators.etag, last_modified=validators.last_modified
            )
        except FetchError as exc:
            self._emit(stats, WatchEvent(url, "feed-error", exc.message))
            return
        if result.not_modified:
            self._emit(stats, WatchEvent(url, "not-modified"))
            return
        try:
            feed = parse_feed(result.body, url=result.url, content_type=result.content_type)
        except FeedError as exc:
            self._emit(stats, WatchEvent(url, "feed-error", exc.message))
            return
        if feed.warning:
            self._emit(stats, WatchEvent(url, "feed-warning", feed.warning))
        stats.entries += len(feed.entries)
        pending: list[tuple[FeedEntry, Record]] = []
        retry_later = False
        for entry in feed.entries:
            if self.state.is_done(url, entry.entry_id):
                self._emit(stats, WatchEvent(url, "known", entry_id=entry.entry_id))
                continue
            doc_id = url_doc_id(entry.link)
            if self.store.has_document(doc_id):
                self.state.mark(url, entry, doc_id=doc_id, status="stored", reason="already in the store")
                self._emit(stats, WatchEvent(url, "known", entry_id=entry.entry_id))
                continue
            item = self._read_entry(entry, doc_id=doc_id, feed=feed)
            if isinstance(item, Record):
                pending.append((entry, item))
                if len(pending) >= INGEST_BATCH:
                    retry_later |= self._ingest(url, pending, stats)
                    pending = []
                continue
            status: EntryStatus = "failed" if item.transient else "skipped"
            self.state.mark(url, entry, doc_id=doc_id, status=status, reason=item.message)
            retry_later |= item.transient
            outcome: Outcome = "skipped" if item.policy else "failed"
            self._emit(stats, WatchEvent(url, outcome, item.message, entry.entry_id))
        if pending:
            retry_later |= self._ingest(url, pending, stats)
        if not retry_later:  # else the next poll must see the whole feed again, to retry what failed
            self.state.save_validators(url, FeedValidators(result.etag, result.last_modified))

    def _read_entry(self, entry: FeedEntry, *, doc_id: str, feed: ParsedFeed) -> Record | _Failure:
        """The entry's page as a record, or why not."""
        try:
            result = self.fetcher.fetch(entry.link, accept=HTML_TYPES)
            page = decode_page(result.body, charset=result.charset, url=entry.link)
            article = extract_html(page.text, origin=entry.link, url=result.url)
        except FetchError as exc:
            return _Failure(exc.message, transient=exc.transient, policy=exc.kind == "robots")
        except InputError as exc:
            return _Failure(exc.message)
        published = _iso(article.published) or entry.published or self.options.published
        metadata = (
            *html_metadata(article),
            ("feed", feed.url),
            ("feed_entry_id", entry.entry_id),
        )
        record = Record(
            doc_id,
            article.text,
            entry.link,
            published,
            article.url or result.url,
            article.source or feed.title,
            article.title or entry.title,
            tuple(sorted(metadata)),
            page.encoding,
        )
        checked = language_filter(record, options=self.options)
        return checked if isinstance(checked, Record) else _Failure(checked.message, policy=True)

    def _ingest(self, url: str, batch: list[tuple[FeedEntry, Record]], stats: PollStats) -> bool:
        """Ingest ``batch``; mark what the store now holds. True when something must be retried later."""
        retry = False
        reasons: dict[str, str] = {}
        try:
            report = self.store.ingest([record for _, record in batch], pipeline=self.pipeline)
            error = None
            for failure in getattr(report, "failures", ()):
                reasons[str(getattr(failure, "doc_id", ""))] = str(getattr(failure, "message", failure))
        except Exception as exc:  # the store's own failure must not end the watch; entries are retried
            error = f"{type(exc).__name__}: {exc}"
        for entry, record in batch:
            if error is None and self.store.has_document(record.doc_id):
                self.state.mark(url, entry, doc_id=record.doc_id, status="stored")
                self._emit(stats, WatchEvent(url, "stored", entry_id=entry.entry_id))
                continue
            message = reasons.get(record.doc_id) or f"{record.origin}: not stored ({error or 'ingest failed'})"
            self.state.mark(url, entry, doc_id=record.doc_id, status="failed", reason=message)
            self._emit(stats, WatchEvent(url, "failed", message, entry.entry_id))
            retry = True
        return retry


def _iso(value: str | None) -> date | None:
    if not value:
        return None
    match = _ISO.match(value)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def sleep_until_next(interval_s: float, *, started: float, sleep: Callable[[float], None] = time.sleep) -> None:
    """Sleep what is left of ``interval_s`` since ``started`` (a ``time.monotonic()`` reading)."""
    left = interval_s - (time.monotonic() - started)
    if left > 0:
        sleep(left)
