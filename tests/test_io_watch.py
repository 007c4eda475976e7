from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest

from marsad.cli.main import main
from marsad.cli.watch import STATE_SUFFIX, default_state_path
from tests.test_io_feeds import N_GOOD, site_routes
from tests.test_io_httpfixture import serve


def _store_class() -> Any:
    try:
        module = importlib.import_module("marsad.store")
    except ImportError as exc:
        pytest.skip(f"marsad.store is not importable yet ({exc}); watch end-to-end needs the event store")
    store = getattr(module, "Store", None)
    if store is None:
        pytest.skip("marsad.store has no Store yet; watch end-to-end needs the event store")
    return store


def test_io_watch_once_stores_each_article_once_across_two_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store_cls = _store_class()
    db = tmp_path / "marsad.db"
    with serve(site_routes(feed_etag=None)) as srv:
        feed = srv.url("/feed.xml")
        argv = ["watch", "--once", "--db", str(db), "--min-interval", "0.01", "--retries", "0", "--timeout", "2", feed]
        first = main(argv)
        err1 = capsys.readouterr().err
        second = main(argv)
        err2 = capsys.readouterr().err
    assert first == 1 and second == 1  # the 404 (and the failing page) are errors, both runs
    assert f"1 feeds, {N_GOOD + 4} entries: {N_GOOD} stored, 0 already known, 2 skipped, 2 failed" in err1
    assert "entries/s" in err1 and "robots.txt" in err1 and "language 'en'" in err1 and "HTTP 404" in err1
    assert f"{N_GOOD + 3} already known" in err2 and ": 0 stored" in err2
    article_hits = [p for p in srv.paths() if p.startswith("/news/") and p[6:].isdigit()]
    assert sorted(article_hits) == sorted(f"/news/{k}" for k in range(N_GOOD))  # each fetched once in all
    assert "/private/secret" not in srv.paths()
    assert (tmp_path / f"marsad.db{STATE_SUFFIX}").is_file()
    with store_cls.open(str(db)) as store:
        assert store.counts().documents == N_GOOD
        assert store.has_document(f"127.0.0.1_{srv.base.rsplit(':', 1)[1]}_news_7")


def test_io_watch_quiet_prints_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _store_class()
    routes = site_routes(n_good=2)
    with serve(routes) as srv:
        status = main(
            [
                "watch",
                "--once",
                "-q",
                "--db",
                str(tmp_path / "m.db"),
                "--min-interval",
                "0",
                "--retries",
                "0",
                srv.url("/feed.xml"),
            ]
        )
    assert status == 1 and capsys.readouterr().err == ""


def test_io_watch_unopenable_store_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["watch", "--once", "--db", "nosuchdb://x", "http://127.0.0.1:9/feed.xml"]) == 2
    assert "cannot open the event store" in capsys.readouterr().err


def test_io_watch_rejects_non_http_feeds(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["watch", "--once", "feed.xml"]) == 2
    assert "not an http(s) feed URL: feed.xml" in capsys.readouterr().err


def test_io_watch_state_path_next_to_sqlite_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("MARSAD_DB", raising=False)
    assert default_state_path(str(tmp_path / "x.db")) == tmp_path / f"x.db{STATE_SUFFIX}"
    assert default_state_path(f"sqlite:///{tmp_path}/y.db") == tmp_path / f"y.db{STATE_SUFFIX}"
    assert default_state_path(None) == tmp_path / "data" / "marsad" / f"marsad.db{STATE_SUFFIX}"
    remote = default_state_path("postgresql://u:p@db.example/marsad")
    assert remote.parent == tmp_path / "data" / "marsad" and remote.name.startswith("watch-")
