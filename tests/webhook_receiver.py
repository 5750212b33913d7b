"""A webhook receiver for tests: verifies Standard Webhooks signatures, records what arrived.

It listens on 127.0.0.1 (a fixed port can be reused, so it can go "down" and come back on the
same address), answers 2xx by default, and can be told to fail (``status``) or to be slow
(``delay``).  Each received request is kept with its headers, body and whether it verified.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError


@dataclass
class Received:
    """One request as the receiver saw it."""

    headers: dict[str, str]
    body: bytes
    verified: bool
    at: float

    @property
    def event(self) -> dict[str, Any]:
        """The JSON body."""
        return json.loads(self.body)

    @property
    def event_id(self) -> str:
        """The ``webhook-id`` header."""
        return self.headers.get("webhook-id", "")


@dataclass
class Receiver:
    """A live receiver; ``secret`` verifies signatures (None: accept anything)."""

    secret: str | None = None
    status: int = 204
    delay: float = 0.0
    received: list[Received] = field(default_factory=list)
    port: int = 0
    _server: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        """Where webhooks should be sent."""
        return f"http://127.0.0.1:{self.port}/hook"

    def start(self) -> Receiver:
        """Listen (on the same port as before, after a stop)."""
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's naming
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                headers = {k.lower(): v for k, v in self.headers.items()}
                verified = True
                if receiver.secret is not None:
                    try:
                        Webhook(receiver.secret).verify(body, headers)
                    except WebhookVerificationError:
                        verified = False
                with receiver._lock:
                    receiver.received.append(Received(headers, body, verified, time.time()))
                if receiver.delay:
                    time.sleep(receiver.delay)
                self.send_response(receiver.status if verified else 400)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        ThreadingHTTPServer.allow_reuse_address = True
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening: connections are refused until the next start."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def ids(self) -> list[str]:
        """The ``webhook-id`` of every request received, in order (duplicates kept)."""
        with self._lock:
            return [r.event_id for r in self.received]

    def wait_for(self, n_unique: int, timeout: float = 30.0) -> set[str]:
        """Wait until ``n_unique`` distinct event ids arrived; returns them."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            unique = set(self.ids())
            if len(unique) >= n_unique:
                return unique
            time.sleep(0.05)
        raise AssertionError(f"only {len(set(self.ids()))} of {n_unique} events arrived")
