from __future__ import annotations

import itertools

import pytest

from marsad.io.fetch import FEED_TYPES, FetchConfig, Fetcher, FetchError, decode_page
from tests.test_io_httpfixture import Route, serve

ARABIC = "قصفت طائرات حربية أطراف بلدة في ريف إدلب الجنوبي صباح اليوم، وأفاد مسعفون بإصابة مدنيين."
PAGE = f"<html><head><title>خبر</title></head><body><p>{ARABIC}</p></body></html>".encode()
ROBOTS = Route(b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")


def _fetcher(**kwargs: object) -> Fetcher:
    defaults: dict[str, object] = {"timeout_s": 2.0, "min_interval_s": 0.0, "retries": 2, "backoff_s": 0.01}
    defaults.update(kwargs)
    return Fetcher(FetchConfig(**defaults))  # type: ignore[arg-type]  # test helper


def test_io_fetch_page_with_user_agent_and_cached_robots() -> None:
    with serve({"/robots.txt": ROBOTS, "/a": Route(PAGE), "/b": Route(PAGE)}) as srv:
        fetcher = _fetcher()
        first = fetcher.fetch(srv.url("/a"))
        fetcher.fetch(srv.url("/b"))
    assert first.status == 200 and first.body == PAGE and first.charset == "utf-8"
    assert srv.paths() == ["/robots.txt", "/a", "/b"]
    assert "Marsad" in srv.hits[1].headers["User-Agent"]


def test_io_fetch_robots_forbidden_path_is_a_clear_error() -> None:
    with serve({"/robots.txt": ROBOTS, "/private/x": Route(PAGE)}) as srv:
        fetcher = _fetcher()
        with pytest.raises(FetchError) as info:
            fetcher.fetch(srv.url("/private/x"))
        assert not fetcher.allowed(srv.url("/private/y")) and fetcher.allowed(srv.url("/public"))
    assert info.value.kind == "robots" and srv.url("/private/x") in str(info.value)
    assert "robots.txt" in info.value.message
    assert "/private/x" not in srv.paths()


def test_io_fetch_missing_robots_allows_and_broken_robots_forbids_host() -> None:
    with serve({"/a": Route(PAGE)}) as srv:  # robots.txt answers 404
        assert _fetcher().fetch(srv.url("/a")).status == 200
    broken = {"/robots.txt": Route(b"oops", status=500), "/a": Route(PAGE)}
    with serve(broken) as srv, pytest.raises(FetchError) as info:
        _fetcher(retries=0).fetch(srv.url("/a"))
    assert info.value.kind == "robots" and "could not be read" in info.value.message


def test_io_fetch_rate_limit_spaces_requests_to_one_host() -> None:
    with serve({"/robots.txt": ROBOTS, "/a": Route(PAGE)}) as srv:
        fetcher = _fetcher(min_interval_s=0.15)
        for _ in range(3):
            fetcher.fetch(srv.url("/a"))
    times = [h.at for h in srv.hits]
    assert len(times) == 4  # robots.txt + 3 pages
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert min(gaps) >= 0.14, gaps


def test_io_fetch_follows_redirects() -> None:
    routes = {"/old": Route(b"", status=301, headers=(("Location", "/new"),)), "/new": Route(PAGE)}
    with serve(routes) as srv:
        result = _fetcher().fetch(srv.url("/old"))
    assert result.url == srv.url("/new") and result.requested_url == srv.url("/old") and result.body == PAGE


def test_io_fetch_redirect_into_forbidden_path_is_refused() -> None:
    routes = {"/robots.txt": ROBOTS, "/go": Route(b"", status=302, headers=(("Location", "/private/p"),))}
    with serve(routes) as srv, pytest.raises(FetchError) as info:
        _fetcher().fetch(srv.url("/go"))
    assert info.value.kind == "robots" and "/private/p" not in srv.paths()


def test_io_fetch_404_is_not_retried() -> None:
    with serve({}) as srv, pytest.raises(FetchError) as info:
        _fetcher().fetch(srv.url("/gone"))
    assert info.value.status == 404 and not info.value.transient
    assert srv.url("/gone") in info.value.message and "HTTP 404" in info.value.message
    assert srv.paths().count("/gone") == 1


def test_io_fetch_500_is_retried_with_backoff_then_succeeds() -> None:
    slept: list[float] = []
    with serve({"/flaky": [Route(b"down", status=500), Route(b"down", status=503), Route(PAGE)]}) as srv:
        fetcher = Fetcher(FetchConfig(min_interval_s=0.0, retries=2, backoff_s=0.01), sleep=slept.append)
        result = fetcher.fetch(srv.url("/flaky"))
    assert result.body == PAGE and result.attempts == 3
    assert slept == [0.01, 0.02]  # exponential


def test_io_fetch_500_retries_are_bounded() -> None:
    with serve({"/down": Route(b"down", status=500)}) as srv, pytest.raises(FetchError) as info:
        _fetcher(retries=2).fetch(srv.url("/down"))
    assert srv.paths().count("/down") == 3
    assert info.value.transient and "after 3 attempts" in info.value.message and "HTTP 500" in info.value.message


def test_io_fetch_slow_response_times_out() -> None:
    with serve({"/slow": Route(PAGE, delay_s=1.0)}) as srv, pytest.raises(FetchError) as info:
        _fetcher(timeout_s=0.3, retries=0).fetch(srv.url("/slow"))
    assert info.value.kind == "timeout" and "timed out after 0.3 s" in info.value.message


def test_io_fetch_oversized_response_is_refused() -> None:
    big = b"<html><body>" + b"x" * 5000 + b"</body></html>"
    with serve({"/big": Route(big), "/big-stream": Route(big, send_length=False)}) as srv:
        fetcher = _fetcher(max_bytes=1000)
        for path in ("/big", "/big-stream"):
            with pytest.raises(FetchError) as info:
                fetcher.fetch(srv.url(path))
            assert info.value.kind == "too-large" and "limit" in info.value.message


def test_io_fetch_unexpected_content_type_is_refused() -> None:
    routes = {
        "/img": Route(b"\x89PNG", content_type="image/png"),
        "/feed": Route(b"<rss/>", content_type="application/rss+xml"),
    }
    with serve(routes) as srv:
        fetcher = _fetcher()
        with pytest.raises(FetchError) as info:
            fetcher.fetch(srv.url("/img"))
        assert fetcher.fetch(srv.url("/feed"), accept=FEED_TYPES).body == b"<rss/>"
    assert info.value.kind == "content-type" and "image/png" in info.value.message


def test_io_fetch_conditional_get_gives_not_modified() -> None:
    with serve({"/feed": Route(b"<rss/>", content_type="application/rss+xml", etag='"v1"')}) as srv:
        fetcher = _fetcher()
        first = fetcher.fetch(srv.url("/feed"), accept=FEED_TYPES)
        second = fetcher.fetch(srv.url("/feed"), accept=FEED_TYPES, etag=first.etag)
    assert first.etag == '"v1"' and not first.not_modified
    assert second.not_modified and second.status == 304 and second.body == b""
    assert srv.hits[-1].headers.get("If-None-Match") == '"v1"'


def test_io_fetch_windows_1256_page_is_decoded() -> None:
    html = f'<html><head><meta charset="windows-1256"></head><body><p>{ARABIC}</p></body></html>'
    body = html.encode("cp1256")
    routes = {
        "/header": Route(body, content_type="text/html; charset=windows-1256"),
        "/meta": Route(body, content_type="text/html"),
        "/none": Route(f"<html><body><p>{ARABIC}</p></body></html>".encode("cp1256"), content_type="text/html"),
    }
    with serve(routes) as srv:
        fetcher = _fetcher()
        for path in routes:
            result = fetcher.fetch(srv.url(path))
            page = decode_page(result.body, charset=result.charset, url=result.url)
            assert ARABIC in page.text and page.encoding == "windows-1256", path


def test_io_fetch_iso_8859_6_fallback_and_undecodable() -> None:
    text = "قصف على البلدة صباح اليوم"
    assert decode_page(text.encode("iso-8859-6"), charset="iso-8859-6", url="u").text == text
    with pytest.raises(FetchError) as info:
        decode_page(b"caf\xe9 na\xefve " * 10, charset=None, url="http://h.example/p")
    assert "http://h.example/p" in info.value.message and info.value.kind == "decode"


def test_io_fetch_refuses_other_schemes() -> None:
    with pytest.raises(FetchError) as info:
        _fetcher().fetch("file:///etc/passwd")
    assert info.value.kind == "url"


def test_io_fetch_read_input_urls_go_through_the_polite_fetcher() -> None:
    from marsad.io.readers import ReadError, Record, read_input

    page = f"<html><body><article><p>{ARABIC} {ARABIC}</p></article></body></html>".encode("cp1256")
    routes = {"/robots.txt": ROBOTS, "/a": Route(page, content_type="text/html; charset=windows-1256")}
    with serve(routes) as srv:
        [rec] = list(read_input(srv.url("/a")))
        [err] = list(read_input(srv.url("/private/b")))
    assert isinstance(rec, Record) and ARABIC in rec.text and rec.encoding == "windows-1256"
    assert isinstance(err, ReadError) and "robots.txt" in err.message and srv.url("/private/b") in err.message
    assert "Marsad" in srv.hits[-1].headers["User-Agent"]
