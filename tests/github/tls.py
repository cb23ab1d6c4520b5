"""A TLS front for a test server, so that GitHub's CLI (https only for an Enterprise
host) can reach it: a self-signed certificate for 127.0.0.1 made with ``openssl``,
and a thread per connection copying bytes both ways."""

from __future__ import annotations

import contextlib
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path


def certificate(where: Path) -> tuple[Path, Path]:
    cert, key = where / "cert.pem", where / "key.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-keyout", str(key), "-out", str(cert), "-subj", "/CN=127.0.0.1"),
            *("-addext", "subjectAltName=IP:127.0.0.1"),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cert, key


def _pipe(source: socket.socket, sink: socket.socket) -> None:
    with contextlib.suppress(OSError):
        while chunk := source.recv(65536):
            sink.sendall(chunk)
    with contextlib.suppress(OSError):
        sink.shutdown(socket.SHUT_WR)


@contextlib.contextmanager
def tls_front(backend_port: int, cert: Path, key: Path) -> Iterator[int]:
    """Listen on a free port with TLS and forward each connection to ``backend_port``."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def serve() -> None:
        while True:
            try:
                raw, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=_relay, args=(raw,), daemon=True).start()

    def _relay(raw: socket.socket) -> None:
        try:
            client = context.wrap_socket(raw, server_side=True)
        except (OSError, ssl.SSLError):
            raw.close()
            return
        backend = socket.create_connection(("127.0.0.1", backend_port))
        back = threading.Thread(target=_pipe, args=(backend, client), daemon=True)
        back.start()
        _pipe(client, backend)
        back.join(timeout=60)
        client.close()
        backend.close()

    threading.Thread(target=serve, daemon=True).start()
    try:
        yield port
    finally:
        listener.close()
