from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from marsad.io.feeds import FeedWatcher, WatchEvent, WatchState, parse_feed, parse_feed_date
from marsad.io.fetch import FetchConfig, Fetcher
from marsad.io.readers import Record
from tests.test_io_httpfixture import LocalServer, Route, serve

TOWNS = ("كفرنبل", "معرة النعمان", "سراقب", "أريحا", "جسر الشغور", "الأتارب", "دارة عزة", "تفتناز", "بنش", "سرمين")
EVENTS = (
    ("قصفت قوات النظام بالمدفعية الثقيلة أطراف بلدة", "ما أدى إلى أضرار في المنازل والأراضي الزراعية"),
    ("استهدفت طائرة مسيّرة سيارة مدنية قرب مدخل بلدة", "ما أسفر عن إصابة سائقها بجروح متوسطة"),
    ("اندلعت اشتباكات متقطعة على محور بلدة", "واستمرت حتى ساعات الفجر دون تقدم لأي طرف"),
    ("انفجرت عبوة ناسفة على الطريق الرئيسي في بلدة", "دون أن تسجل إصابات بين المارة"),
    ("شنت طائرات حربية غارتين على محيط بلدة", "وسط حركة نزوح للأهالي نحو المخيمات الحدودية"),
)


def article_text(k: int) -> str:
    head, tail = EVENTS[k % len(EVENTS)]
    town = TOWNS[k // len(EVENTS) % len(TOWNS)]
    return (
        f"{head} {town} في ريف إدلب صباح اليوم، {tail}. وقال ناشطون محليون إن الحادثة رقم {k + 1} هذا الشهر "
        f"تأتي في سياق تصعيد مستمر تشهده المنطقة منذ أسابيع، وإن فرق الدفاع المدني توجهت إلى المكان فور "
        f"سماع الانفجارات لتفقد الأضرار ومساعدة السكان."
    )


def article_page(k: int) -> bytes:
    return (
        f'<html lang="ar"><head><meta charset="utf-8"><title>تقرير رقم {k + 1}</title></head><body>'
        f'<nav><a href="/">الرئيسية</a></nav><article><h1>تقرير ميداني رقم {k + 1}</h1>'
        f'<p class="date">الخميس 18 آذار 2021</p><p>{article_text(k)}</p></article>'
        f"<footer>© 2021</footer></body></html>"
    ).encode()


def rss(items: Iterable[tuple[str, str, str]]) -> bytes:
    body = "".join(
        f"<item><title>{title}</title><link>{link}</link><guid>{link}</guid><pubDate>{stamp}</pubDate></item>"
        for title, link, stamp in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>شبكة تجريبية</title>{body}'
        "</channel></rss>"
    ).encode()


ENGLISH_PAGE = (
    b"<html><body><article><p>Warplanes struck the outskirts of a town in southern Idlib countryside this morning, "
    b"wounding three civilians, according to a statement from the civil defence teams working there.</p>"
    b"</article></body></html>"
)
N_GOOD = 50


def site_routes(feed_etag: str | None = '"feed-v1"', n_good: int = N_GOOD) -> dict[str, Route | list[Route]]:
    items = [(f"تقرير {k + 1}", f"/news/{k}", "Thu, 18 Mar 2021 10:00:00 +0300") for k in range(n_good)]
    items += [
        ("ممنوع", "/private/secret", "الخميس، 18 آذار 2021 10:00"),
        ("مفقود", "/news/gone", "Thu, 18 Mar 2021 10:00:00 +0300"),
        ("إنكليزي", "/news/english", "Thu, 18 Mar 2021 10:00:00 +0300"),
        ("عطل", "/news/flaky", "Thu, 18 Mar 2021 10:00:00 +0300"),
    ]
    routes: dict[str, Route | list[Route]] = {
        "/robots.txt": Route(b"User-agent: *\nDisallow: /private/\n", content_type="text/plain"),
        "/feed.xml": Route(rss(items), content_type="application/rss+xml", etag=feed_etag),
        "/news/english": Route(ENGLISH_PAGE),
        "/news/flaky": [
            Route(b"down", status=500),
            Route(b"down", status=500),
            Route(b"down", status=500),
            Route(article_page(99)),
        ],
    }
    for k in range(n_good):
        routes[f"/news/{k}"] = Route(article_page(k))
    return routes


@dataclass
class FakeStore:
    """The store's ingest API, in memory (the real one is used in test_io_watch when present)."""

    docs: dict[str, Record] = field(default_factory=dict)
    ingested: list[str] = field(default_factory=list)

    def ingest(self, records: Iterable[Record], *, pipeline: Any = None, on_progress: Any = None) -> Any:
        for record in records:
            self.ingested.append(record.doc_id)
            self.docs[record.doc_id] = record
        return None

    def has_document(self, doc_id: str, content_hash: str | None = None) -> bool:
        return doc_id in self.docs


@contextmanager
def watcher(srv: LocalServer, store: FakeStore, state_path: Path, events: list[WatchEvent]) -> Iterator[FeedWatcher]:
    fetcher = Fetcher(FetchConfig(min_interval_s=0.01, retries=1, backoff_s=0.01, timeout_s=2.0))
    with WatchState(state_path) as state:
        yield FeedWatcher(fetcher, store, state, on_event=events.append)


def test_io_feeds_dates_rfc822_iso_and_arabic() -> None:
    assert parse_feed_date("Thu, 18 Mar 2021 23:30:00 +0300") == date(2021, 3, 18)  # the date as stated
    assert parse_feed_date("2021-03-18T10:00:00Z") == date(2021, 3, 18)
    assert parse_feed_date("الخميس، 18 آذار 2021 10:00") == date(2021, 3, 18)
    assert parse_feed_date("الخميس، ١٨ مارس ٢٠٢١") == date(2021, 3, 18)
    assert parse_feed_date("خميس, 18 آذار 2021 10:00:00 +0300") == date(2021, 3, 18)
    assert parse_feed_date("قريباً") is None and parse_feed_date("") is None


def test_io_feeds_parse_rss_atom_and_relative_links() -> None:
    feed = parse_feed(rss([("عنوان", "/news/1", "الخميس، 18 آذار 2021")]), url="http://127.0.0.1:1/feed.xml")
    [entry] = feed.entries
    assert entry.link == "http://127.0.0.1:1/news/1" and entry.published == date(2021, 3, 18)
    assert feed.title == "شبكة تجريبية" and feed.warning is None
    atom = (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>أطلس</title>'
        '<entry><id>tag:x,2021:1</id><title>خبر</title><link href="http://h.example/a"/>'
        "<updated>2021-03-18T08:00:00Z</updated></entry></feed>"
    ).encode()
    [entry] = parse_feed(atom, url="http://h.example/atom").entries
    assert entry.entry_id == "tag:x,2021:1" and entry.published == date(2021, 3, 18)


def test_io_feeds_malformed_xml_is_reported_and_read_as_far_as_possible() -> None:
    broken = rss([("أ & ب", "/news/1", "Thu, 18 Mar 2021 10:00:00 +0300")]).replace(b"</channel></rss>", b"")
    feed = parse_feed(broken, url="http://h.example/feed")
    assert feed.warning is not None and "not well-formed XML" in feed.warning
    assert "http://h.example/feed" in feed.warning
    assert [e.link for e in feed.entries] == ["http://h.example/news/1"]
    try:
        parse_feed(b"<html><body>no feed here", url="http://h.example/page")
    except Exception as exc:  # FeedError
        assert "http://h.example/page" in str(exc)
    else:
        raise AssertionError("expected a FeedError")


def test_io_feeds_watch_stores_each_article_once_across_runs(tmp_path: Path) -> None:
    store = FakeStore()
    events: list[WatchEvent] = []
    state = tmp_path / "watch.sqlite3"
    with serve(site_routes(feed_etag=None)) as srv:
        feed = srv.url("/feed.xml")
        with watcher(srv, store, state, events) as w:
            first = w.poll([feed])
        with watcher(srv, store, state, events) as w:  # a restart: new state object, same file
            second = w.poll([feed])
    assert first.stored == N_GOOD and first.failed == 2 and first.skipped == 2  # gone+flaky / robots+english
    prefix = f"127.0.0.1_{srv.base.rsplit(':', 1)[1]}_news_"
    assert store.ingested[:N_GOOD] == [f"{prefix}{k}" for k in range(N_GOOD)]
    assert second.known == N_GOOD + 3 and second.stored == 1  # the flaky page worked on its 4th request
    assert store.ingested[N_GOOD:] == [f"{prefix}flaky"]
    page_hits = [p for p in srv.paths() if p.startswith("/news/") and p not in ("/news/flaky", "/news/gone")]
    assert len(page_hits) == N_GOOD + 1  # each article page fetched once; the English one once too
    assert "/private/secret" not in srv.paths()
    record = store.docs[f"{prefix}0"]
    assert record.published == date(2021, 3, 18) and dict(record.metadata)["feed"] == feed
    messages = [e.message or "" for e in events]
    assert any("robots.txt" in m and "/private/secret" in m for m in messages)
    assert any("/news/gone" in m and "HTTP 404" in m for m in messages)
    assert any("language 'en'" in m for m in messages)


def test_io_feeds_watch_respects_rate_limit_and_conditional_get(tmp_path: Path) -> None:
    store = FakeStore()
    events: list[WatchEvent] = []
    routes = site_routes(n_good=8)
    routes["/news/flaky"] = Route(article_page(99))
    with serve(routes) as srv:
        feed = srv.url("/feed.xml")
        fetcher = Fetcher(FetchConfig(min_interval_s=0.1, retries=0, timeout_s=2.0))
        with WatchState(tmp_path / "s.sqlite3") as state:
            w = FeedWatcher(fetcher, store, state, on_event=events.append)
            w.poll([feed])
            again = w.poll([feed])
    times = [h.at for h in srv.hits]
    gaps = [b - a for a, b in itertools.pairwise(times)]
    # the limit holds where requests leave; arrival times at the server jitter by a few milliseconds
    assert len(times) == 14 and min(gaps) >= 0.08, gaps  # robots, feed, 11 pages, feed again
    assert times[-1] - times[0] >= 13 * 0.1 * 0.98
    assert srv.hits[-1].path == "/feed.xml" and srv.hits[-1].headers.get("If-None-Match") == '"feed-v1"'
    assert again.entries == 0 and any(e.outcome == "not-modified" for e in events)


def test_io_feeds_feed_errors_do_not_stop_other_feeds(tmp_path: Path) -> None:
    routes = site_routes()
    routes["/broken.xml"] = Route(b"<html><body>not a feed", content_type="text/html")
    routes["/slow.xml"] = Route(b"", delay_s=1.0, content_type="application/rss+xml")
    store = FakeStore()
    events: list[WatchEvent] = []
    with serve(routes) as srv:
        fetcher = Fetcher(FetchConfig(min_interval_s=0.0, retries=0, timeout_s=0.3))
        with WatchState(tmp_path / "s.sqlite3") as state:
            stats = FeedWatcher(fetcher, store, state, on_event=events.append).poll(
                [srv.url("/broken.xml"), srv.url("/missing.xml"), srv.url("/slow.xml"), srv.url("/feed.xml")]
            )
    assert stats.feed_errors == 3 and stats.stored == N_GOOD
    errors = [e.message or "" for e in events if e.outcome == "feed-error"]
    assert "not a readable feed" in errors[0] and "HTTP 404" in errors[1] and "timed out" in errors[2]
