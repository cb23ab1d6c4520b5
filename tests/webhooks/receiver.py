"""A real HTTP receiver on loopback that records every request a forge sends it."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    # The receiver's own sequence number, to tell which request came first.
    order: int


@dataclass
class Receiver:
    """``answers`` are popped per request: (status, delay seconds, extra headers);
    when empty, ``default`` answers."""

    url: str
    requests: list[Received] = field(default_factory=list)
    answers: list[tuple[int, float, dict[str, str]]] = field(default_factory=list)
    default: tuple[int, float, dict[str, str]] = (200, 0.0, {})
    lock: threading.Lock = field(default_factory=threading.Lock)
    counter: int = 0

    def next_answer(self) -> tuple[int, float, dict[str, str]]:
        with self.lock:
            return self.answers.pop(0) if self.answers else self.default

    def record(self, path: str, headers: dict[str, str], body: bytes) -> None:
        with self.lock:
            self.counter += 1
            self.requests.append(Received(path, headers, body, self.counter))

    def wait(self, count: int, timeout: float = 60) -> list[Received]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.requests) >= count:
                    return list(self.requests)
            time.sleep(0.05)
        raise AssertionError(f"expected {count} requests, got {len(self.requests)}")


@contextmanager
def receiver() -> Iterator[Receiver]:
    box: list[Receiver] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            hub = box[0]
            status, delay, extra = hub.next_answer()
            hub.record(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
            if delay:
                time.sleep(delay)
            answer = f"answer {status}".encode()
            try:
                self.send_response(status)
                for name, value in extra.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)
            except OSError:
                pass  # the forge gave up waiting

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    box.append(Receiver(f"http://127.0.0.1:{server.server_address[1]}/hook"))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield box[0]
    finally:
        server.shutdown()
        server.server_close()
