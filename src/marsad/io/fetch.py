"""A polite HTTP fetcher: robots.txt, a per-host rate limit, bounded retries, size and type limits.

* robots.txt is read once per host (``urllib.robotparser``) and obeyed for Marsad's User-Agent: a
  missing one (4xx) allows everything, one that cannot be fetched (5xx, network) forbids the host for
  this run (RFC 9309), an unreadable one allows everything.
* Requests to one host are at least ``min_interval_s`` apart (robots.txt included).
* 5xx answers, timeouts and connection failures are retried ``retries`` times with exponential
  backoff (``backoff_s``, doubled each time, capped at ``max_backoff_s``); 4xx answers are not.
* Conditional GET: pass the ETag / Last-Modified of the last answer; a 304 gives ``not_modified``.
* A body over ``max_bytes`` (by Content-Length or as read) and an unexpected Content-Type fail.
* Text is decoded from the header charset, else ``<meta charset>``, else UTF-8, windows-1256 (when it
  reads as Arabic), ISO-8859-6.

Every failure is a :class:`FetchError` naming the URL, with ``kind`` saying which rule it broke and
``transient`` saying whether a later try may succeed.
"""

from __future__ import annotations

import http.client
import socket
import threading
import time
import urllib.error
import urllib.request
import urllib.robotparser
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.message import Message
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

from marsad.errors import InputError
from marsad.io.htmlmeta import declared_charset

USER_AGENT = "Marsad/0.1 (Arabic conflict-event monitor; +https://github.com/marsad/marsad)"
ROBOTS_AGENT = "Marsad"
HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/x-rss+xml",
    "application/feed+json",
    "text/html",  # some servers label feeds so; the feed parser decides
    "text/plain",
)
_RETRY_STATUSES = frozenset({500, 502, 503, 504})
_CHUNK = 65536

FetchErrorKind = Literal["robots", "http", "timeout", "network", "too-large", "content-type", "decode", "url"]


class FetchError(InputError):
    """A URL that could not be fetched; ``kind`` says why, ``transient`` whether retrying later may help."""

    def __init__(
        self, url: str, message: str, *, kind: FetchErrorKind, status: int | None = None, transient: bool = False
    ) -> None:
        super().__init__(f"{url}: {message}")
        self.url = url
        self.kind = kind
        self.status = status
        self.transient = transient


@dataclass(frozen=True, slots=True)
class FetchResult:
    """One answer: ``url`` is the final URL after redirects; ``body`` is empty when ``not_modified``."""

    url: str
    requested_url: str
    status: int
    body: bytes
    content_type: str | None
    charset: str | None
    etag: str | None
    last_modified: str | None
    not_modified: bool = False
    attempts: int = 1


@dataclass(frozen=True, slots=True)
class DecodedPage:
    text: str
    encoding: str


@dataclass(frozen=True, slots=True)
class FetchConfig:
    user_agent: str = USER_AGENT
    timeout_s: float = 20.0
    max_bytes: int = 5_000_000
    min_interval_s: float = 1.0
    retries: int = 2
    backoff_s: float = 1.0
    max_backoff_s: float = 30.0
    respect_robots: bool = True


def _host_key(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _media_type(content_type: str | None) -> str | None:
    return content_type.split(";", 1)[0].strip().lower() if content_type else None


@dataclass(slots=True)
class _RobotsEntry:
    parser: urllib.robotparser.RobotFileParser | None
    allow_all: bool
    deny_reason: str | None = None


@dataclass(slots=True)
class Fetcher:
    """Fetches URLs politely. One instance per run: it keeps the robots.txt cache and the host clocks.

    ``sleep`` and ``clock`` can be replaced (tests); they default to ``time.sleep`` / ``time.monotonic``.
    """

    config: FetchConfig = field(default_factory=FetchConfig)
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    _robots: dict[str, _RobotsEntry] = field(default_factory=dict)
    _last_request: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _opener: urllib.request.OpenerDirector | None = None
    requests_made: int = 0

    # --- public -------------------------------------------------------------------------------
    def fetch(
        self,
        url: str,
        *,
        accept: tuple[str, ...] = HTML_TYPES,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> FetchResult:
        """GET ``url`` under the rules above; raise :class:`FetchError` naming it when that fails."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise FetchError(url, "not an http(s) URL", kind="url")
        if self.config.respect_robots:
            self._check_robots(url)
        headers = {"User-Agent": self.config.user_agent, "Accept": ", ".join(accept) + ", */*;q=0.1"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        attempt = 0
        while True:
            attempt += 1
            try:
                result = self._once(url, headers, accept=accept)
                return _with_attempts(result, attempt)
            except FetchError as exc:
                if not exc.transient or attempt > self.config.retries:
                    if attempt > 1:
                        raise FetchError(
                            url,
                            f"{exc.message.split(': ', 1)[-1]} (after {attempt} attempts)",
                            kind=exc.kind,
                            status=exc.status,
                            transient=exc.transient,
                        ) from exc
                    raise
                delay = min(self.config.backoff_s * (2 ** (attempt - 1)), self.config.max_backoff_s)
                self.sleep(delay)

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets Marsad fetch ``url`` (fetching robots.txt when not yet cached)."""
        try:
            self._check_robots(url)
        except FetchError:
            return False
        return True

    # --- internals ----------------------------------------------------------------------------
    def _wait_turn(self, url: str) -> None:
        host = _host_key(url)
        with self._lock:
            last = self._last_request.get(host)
            now = self.clock()
            if last is not None:
                wait = self.config.min_interval_s - (now - last)
                if wait > 0:
                    self.sleep(wait)
                    now = self.clock()
            self._last_request[host] = now
            self.requests_made += 1

    def _check_robots(self, url: str) -> None:
        host = _host_key(url)
        entry = self._robots.get(host)
        if entry is None:
            entry = self._load_robots(host)
            self._robots[host] = entry
        if entry.deny_reason is not None:
            raise FetchError(url, entry.deny_reason, kind="robots")
        if entry.allow_all or entry.parser is None:
            return
        if not entry.parser.can_fetch(ROBOTS_AGENT, url):
            raise FetchError(url, f"robots.txt of {host} forbids this path for {ROBOTS_AGENT}; skipped", kind="robots")

    def _load_robots(self, host: str) -> _RobotsEntry:
        robots_url = f"{host}/robots.txt"
        headers = {"User-Agent": self.config.user_agent, "Accept": "text/plain"}
        try:
            result = self._once(robots_url, headers, accept=("text/plain",), check_type=False)
        except FetchError as exc:
            if exc.status is not None and 400 <= exc.status < 500:
                return _RobotsEntry(None, allow_all=True)
            if exc.kind in ("too-large", "decode"):
                return _RobotsEntry(None, allow_all=True)
            return _RobotsEntry(
                None,
                allow_all=False,
                deny_reason=f"robots.txt of {host} could not be read ({exc.message.split(': ', 1)[-1]}); "
                "not fetching from this host in this run",
            )
        parser = urllib.robotparser.RobotFileParser(robots_url)
        parser.parse(result.body.decode("utf-8", errors="replace").splitlines())
        return _RobotsEntry(parser, allow_all=False)

    def _once(
        self, url: str, headers: Mapping[str, str], *, accept: tuple[str, ...], check_type: bool = True
    ) -> FetchResult:
        self._wait_turn(url)
        request = urllib.request.Request(url, headers=dict(headers))
        timeout = self.config.timeout_s
        deadline = time.monotonic() + timeout * 3  # the whole body, however slowly it trickles in
        if self._opener is None:
            self._opener = urllib.request.build_opener(_PoliteRedirects(self))
        try:
            with self._opener.open(request, timeout=timeout) as response:
                final_url = response.geturl()
                status = int(response.status)
                message: Message = response.headers
                content_type = message.get("Content-Type")
                media = _media_type(content_type)
                if check_type and media is not None and not any(media == t for t in accept):
                    raise FetchError(
                        url,
                        f"unexpected content type {media!r} (expected {', '.join(accept[:3])}...); skipped",
                        kind="content-type",
                        status=status,
                    )
                length = message.get("Content-Length")
                if length and length.isdigit() and int(length) > self.config.max_bytes:
                    raise FetchError(
                        url,
                        f"response of {int(length) / 1e6:.1f} MB is over the {self.config.max_bytes / 1e6:.1f} MB "
                        "limit; skipped",
                        kind="too-large",
                        status=status,
                    )
                body = _read_bounded(response, url=url, max_bytes=self.config.max_bytes, deadline=deadline)
                return FetchResult(
                    url=final_url,
                    requested_url=url,
                    status=status,
                    body=body,
                    content_type=content_type,
                    charset=message.get_content_charset(),
                    etag=message.get("ETag"),
                    last_modified=message.get("Last-Modified"),
                )
        except urllib.error.HTTPError as exc:
            exc.close()
            if exc.code == 304:
                return FetchResult(
                    url=url,
                    requested_url=url,
                    status=304,
                    body=b"",
                    content_type=None,
                    charset=None,
                    etag=exc.headers.get("ETag") if exc.headers else None,
                    last_modified=exc.headers.get("Last-Modified") if exc.headers else None,
                    not_modified=True,
                )
            raise FetchError(
                url,
                f"HTTP {exc.code} {exc.reason}",
                kind="http",
                status=exc.code,
                transient=exc.code in _RETRY_STATUSES or exc.code == 429,
            ) from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError | socket.timeout):
                raise _timeout(url, timeout) from exc
            raise FetchError(url, f"could not connect ({exc.reason})", kind="network", transient=True) from exc
        except TimeoutError as exc:
            raise _timeout(url, timeout) from exc
        except (http.client.HTTPException, ConnectionError, OSError) as exc:
            raise FetchError(url, f"connection failed ({exc})", kind="network", transient=True) from exc


class _PoliteRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects (at most 5) obey robots.txt and the rate limit of the host they lead to."""

    max_redirections = 5

    def __init__(self, fetcher: Fetcher) -> None:
        super().__init__()
        self._fetcher = fetcher

    def redirect_request(
        self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: http.client.HTTPMessage, newurl: str
    ) -> urllib.request.Request | None:
        if urlsplit(newurl).scheme not in ("http", "https"):
            raise FetchError(req.full_url, f"redirected to a non-http(s) URL {newurl!r}", kind="url")
        if self._fetcher.config.respect_robots:
            self._fetcher._check_robots(newurl)
        self._fetcher._wait_turn(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _timeout(url: str, timeout: float) -> FetchError:
    return FetchError(url, f"timed out after {timeout:g} s", kind="timeout", transient=True)


def _with_attempts(result: FetchResult, attempts: int) -> FetchResult:
    if attempts == 1:
        return result
    return FetchResult(
        result.url,
        result.requested_url,
        result.status,
        result.body,
        result.content_type,
        result.charset,
        result.etag,
        result.last_modified,
        result.not_modified,
        attempts,
    )


def _read_bounded(response: http.client.HTTPResponse, *, url: str, max_bytes: int, deadline: float) -> bytes:
    chunks: list[bytes] = []
    total = 0
    while True:
        if time.monotonic() > deadline:
            raise FetchError(url, "body took too long to arrive; skipped", kind="timeout", transient=True)
        chunk = response.read(min(_CHUNK, max_bytes + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        if total > max_bytes:
            raise FetchError(url, f"response is over the {max_bytes / 1e6:.1f} MB limit; skipped", kind="too-large")
    return b"".join(chunks)


def _arabic_share(text: str) -> float:
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for ch in letters if 0x0600 <= ord(ch) <= 0x06FF) / len(letters)


def decode_page(body: bytes, *, charset: str | None, url: str) -> DecodedPage:
    """Decode a fetched page: header charset, ``<meta charset>``, UTF-8, windows-1256, ISO-8859-6."""
    if body.startswith(b"\xef\xbb\xbf"):
        return DecodedPage(body[3:].decode("utf-8", errors="replace"), "utf-8-sig")
    tried: list[str] = []
    for declared in (charset, declared_charset(body)):
        if not declared:
            continue
        try:
            return DecodedPage(body.decode(declared), _canonical_name(declared))
        except (LookupError, UnicodeDecodeError):
            tried.append(declared)
    try:
        return DecodedPage(body.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        tried.append("utf-8")
    for fallback in ("windows-1256", "iso-8859-6"):
        try:
            text = body.decode(fallback)
        except UnicodeDecodeError:
            tried.append(fallback)
            continue
        if _arabic_share(text) >= 0.5:
            return DecodedPage(text, fallback)
        tried.append(fallback)
    raise FetchError(url, f"cannot decode the page (tried {', '.join(tried)})", kind="decode")


def _canonical_name(charset: str) -> str:
    import codecs

    try:
        name = codecs.lookup(charset).name
    except LookupError:
        return charset.lower()
    return {"cp1256": "windows-1256", "iso8859-6": "iso-8859-6", "utf-8": "utf-8"}.get(name, name)


def url_without_fragment(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))
