"""``marsad watch``: poll RSS/Atom feeds, fetch new articles politely and store them.

Seen entries and each feed's ETag / Last-Modified are kept in a small SQLite file next to a SQLite
store (``marsad.db`` → ``marsad.db.watch.sqlite3``), else in the user data directory, so a restarted
watcher takes up where it stopped. Progress and errors go to standard error; ``-q`` silences them.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
from pathlib import Path
from typing import Any, TextIO

from marsad.io.feeds import FeedWatcher, PollStats, WatchEvent, WatchState, sleep_until_next
from marsad.io.fetch import FetchConfig, Fetcher
from marsad.io.readers import DEFAULT_MAX_BYTES, ReadOptions

DEFAULT_INTERVAL_S = 900.0
DEFAULT_MIN_INTERVAL_S = 1.0
STATE_SUFFIX = ".watch.sqlite3"


def register(sub: Any) -> None:
    p = sub.add_parser(
        "watch",
        help="poll RSS/Atom feeds and store new articles",
        description="Poll RSS/Atom feeds, fetch each new article (obeying robots.txt and a per-host rate "
        "limit), extract it and store it. Entries already dealt with are not fetched again, across restarts.",
    )
    p.add_argument("feeds", nargs="+", metavar="FEED_URL", help="http(s) URL of an RSS or Atom feed")
    p.add_argument(
        "--interval",
        type=float,
        default=DEFAULT_INTERVAL_S,
        metavar="SECONDS",
        help=f"time between polls (default {DEFAULT_INTERVAL_S:g})",
    )
    p.add_argument("--once", action="store_true", help="poll each feed once and exit")
    p.add_argument("--db", metavar="URL", help="the store: a SQLite file or a database URL (default: $MARSAD_DB)")
    p.add_argument("--state", metavar="PATH", help="watch state file (default: next to a SQLite store)")
    p.add_argument(
        "--min-interval",
        type=float,
        default=DEFAULT_MIN_INTERVAL_S,
        metavar="SECONDS",
        help=f"least time between two requests to one host (default {DEFAULT_MIN_INTERVAL_S:g})",
    )
    p.add_argument("--timeout", type=float, default=20.0, metavar="SECONDS", help="per-request timeout")
    p.add_argument("--retries", type=int, default=2, help="retries on 5xx answers and timeouts (default 2)")
    p.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, help="largest page accepted, in bytes")
    p.add_argument("--all-languages", action="store_true", help="keep reports in any language (default: Arabic)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress or error lines (exit status still says)")
    p.set_defaults(func=run)


def default_state_path(db: str | None) -> Path:
    """Next to a SQLite store file; otherwise in the user data directory, named after the store URL."""
    chosen = db or os.environ.get("MARSAD_DB")
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "marsad"
    if not chosen:
        return base / f"marsad.db{STATE_SUFFIX}"
    if "://" not in chosen:
        return Path(chosen).expanduser().resolve().with_name(Path(chosen).name + STATE_SUFFIX)
    if chosen.startswith("sqlite:///") and len(chosen) > len("sqlite:///"):
        path = Path(chosen[len("sqlite:///") :].split("?", 1)[0])
        return path.with_name(path.name + STATE_SUFFIX)
    digest = hashlib.sha256(chosen.encode("utf-8")).hexdigest()[:12]
    return base / f"watch-{digest}.sqlite3"


class Progress:
    """Progress lines on ``stream``: at most one every ``every_s`` seconds, and a summary per poll."""

    def __init__(self, *, quiet: bool, stream: TextIO | None = None, every_s: float = 2.0) -> None:
        self.quiet = quiet
        self.stream = stream or sys.stderr
        self.every_s = every_s
        self.started = time.monotonic()
        self.last = self.started
        self.done = 0
        self.errors = 0

    def note(self, line: str) -> None:
        if not self.quiet:
            print(f"marsad watch: {line}", file=self.stream, flush=True)

    def event(self, event: WatchEvent) -> None:
        if event.outcome in ("stored", "known", "skipped", "failed"):
            self.done += 1
        if event.outcome in ("failed", "feed-error"):
            self.errors += 1
        if event.message and event.outcome in ("failed", "feed-error", "feed-warning", "skipped"):
            self.note(event.message)
        now = time.monotonic()
        if now - self.last >= self.every_s:
            self.last = now
            self.note(f"{self.done} entries done ({self.rate():.1f}/s), {self.errors} errors")

    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.done / elapsed if elapsed > 0 else 0.0

    def summary(self, stats: PollStats) -> None:
        elapsed = time.monotonic() - self.started
        self.note(
            f"poll done: {stats.feeds} feeds, {stats.entries} entries: {stats.stored} stored, {stats.known} "
            f"already known, {stats.skipped} skipped, {stats.failed} failed, {stats.feed_errors} feed errors "
            f"({elapsed:.1f} s, {self.rate():.1f} entries/s)"
        )


def _open_store(db: str | None) -> Any:
    from marsad.store import Store

    try:
        return Store.open(db)
    except ValueError as exc:  # an unsupported or malformed --db URL
        raise LookupError(f"cannot open the event store: {exc}") from exc


def run(args: argparse.Namespace) -> int:
    bad = [u for u in args.feeds if not u.startswith(("http://", "https://"))]
    if bad:
        print(f"marsad watch: not an http(s) feed URL: {', '.join(bad)}", file=sys.stderr)
        return 2
    if args.interval <= 0 or args.min_interval < 0:
        print("marsad watch: --interval must be positive and --min-interval not negative", file=sys.stderr)
        return 2
    try:
        store = _open_store(args.db)
    except LookupError as exc:
        print(f"marsad watch: {exc}", file=sys.stderr)
        return 2
    config = FetchConfig(
        timeout_s=args.timeout, max_bytes=args.max_bytes, min_interval_s=args.min_interval, retries=args.retries
    )
    options = ReadOptions(max_bytes=args.max_bytes, languages=None if args.all_languages else ("ar",))
    progress = Progress(quiet=args.quiet)
    state_path = Path(args.state) if args.state else default_state_path(args.db)
    from marsad.nlp import default_pipeline

    failed = False
    with store, WatchState(state_path) as state:
        watcher = FeedWatcher(
            Fetcher(config), store, state, options=options, pipeline=default_pipeline(), on_event=progress.event
        )
        try:
            while True:
                started = time.monotonic()
                stats = watcher.poll(args.feeds)
                progress.summary(stats)
                failed = bool(stats.failed or stats.feed_errors)
                if args.once:
                    break
                sleep_until_next(args.interval, started=started)
        except KeyboardInterrupt:
            progress.note("interrupted; state saved")
            return 0
    return 1 if failed else 0
