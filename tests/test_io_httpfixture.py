"""A local HTTP server for the collecting tests (127.0.0.1, ephemeral port, daemon threads).

Routes map a path to a :class:`Route` (status, headers, body, delay); every request is logged with its
time and headers, so tests can check robots.txt, the rate limit and conditional GETs. Other test
modules import :func:`serve` from here; the one test below checks the server itself.
"""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAX_DELAY_S = 2.0  # no route sleeps longer: tests stay short


@dataclass(frozen=True)
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str | None = "text/html; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()
    delay_s: float = 0.0
    etag: str | None = None  # answers 304 to a matching If-None-Match
    send_length: bool = True  # False: no Content-Length, the body ends when the connection closes


@dataclass(frozen=True)
class Hit:
    path: str
    at: float
    headers: dict[str, str]


@dataclass
class LocalServer:
    base: str
    routes: dict[str, Route | list[Route]]
    hits: list[Hit] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path

    def paths(self) -> list[str]:
        return [h.path for h in self.hits]


def _handler(server: LocalServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # silence the default stderr log
            return

        def do_GET(self) -> None:
            server.hits.append(Hit(self.path, time.monotonic(), {k: v for k, v in self.headers.items()}))
            spec = server.routes.get(self.path)
            if isinstance(spec, list):  # a sequence of answers, the last one repeated
                route = spec.pop(0) if len(spec) > 1 else spec[0]
            else:
                route = spec if spec is not None else Route(b"not found", status=404, content_type="text/plain")
            if route.delay_s:
                time.sleep(min(route.delay_s, MAX_DELAY_S))
            if route.etag is not None and self.headers.get("If-None-Match") == route.etag:
                self.send_response(304)
                self.send_header("ETag", route.etag)
                self.end_headers()
                return
            try:
                self.send_response(route.status)
                if route.content_type:
                    self.send_header("Content-Type", route.content_type)
                if route.etag is not None:
                    self.send_header("ETag", route.etag)
                for key, value in route.headers:
                    self.send_header(key, value)
                if route.send_length and not any(k.lower() == "content-length" for k, _ in route.headers):
                    self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                self.wfile.write(route.body)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout, size limit)
                pass

    return Handler


@contextmanager
def serve(routes: dict[str, Route | list[Route]]) -> Iterator[LocalServer]:
    """Serve ``routes`` on 127.0.0.1 at an ephemeral port until the block ends."""
    holder = LocalServer("", routes)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(holder))
    httpd.daemon_threads = True
    holder.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield holder
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def test_io_httpfixture_serves_routes_and_404() -> None:
    with serve({"/a": Route(b"hello", content_type="text/plain")}) as srv:
        with urllib.request.urlopen(srv.url("/a"), timeout=5) as response:
            assert response.read() == b"hello"
        try:
            urllib.request.urlopen(srv.url("/missing"), timeout=5)
        except urllib.error.HTTPError as exc:
            assert exc.code == 404
            exc.close()
        else:
            raise AssertionError("expected a 404")
    assert srv.paths() == ["/a", "/missing"]
