"""A small HTTP relay between a laptop and the team server, for a join interrupted at an exact
moment: every request is passed on unchanged, until the first pull (``/ophalen``) arrives; then
``at_pull`` runs (it kills the server, or lets the test kill the laptop) and the connection is
dropped without an answer, as a dead server drops it. Real sockets, a real server behind it."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer

_NOT_PASSED = {"host", "content-length", "connection", "keep-alive", "transfer-encoding"}


class _Relay(BaseHTTPRequestHandler):
    server: _RelayServer

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base's name)
        return

    def _relay(self) -> None:
        relay = self.server
        if self.path.endswith("/ophalen") and not relay.pulled.is_set():
            relay.pulled.set()
            relay.at_pull()
            self.close_connection = True
            return  # no answer: the connection ends as a dead server's does
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        request = urllib.request.Request(relay.target + self.path, data=body, method=self.command)
        for name, value in self.headers.items():
            if name.lower() not in _NOT_PASSED:
                request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                status, data = answer.status, answer.read()
                kind = answer.headers.get("Content-Type", "application/json")
        except urllib.error.HTTPError as exc:
            status, data = exc.code, exc.read()
            kind = exc.headers.get("Content-Type", "application/json")
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = _relay
    do_POST = _relay


class _RelayServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, target: str, at_pull: Callable[[], None]) -> None:
        super().__init__(("127.0.0.1", 0), _Relay)
        self.target, self.at_pull = target.rstrip("/"), at_pull
        self.pulled = threading.Event()

    @property
    def address(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@contextmanager
def relay(target: str, at_pull: Callable[[], None]) -> Iterator[_RelayServer]:
    """A relay to ``target`` on a free loopback port while the block runs."""
    server = _RelayServer(target, at_pull)
    thread = threading.Thread(target=server.serve_forever, name="relay", daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
