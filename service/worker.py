"""The gunicorn worker of ``raqib serve``: requests are read whole before the app sees them.

With gunicorn's ``sync`` worker a client that sends half a request holds the whole worker until
the timeout kills it: as many idle connections as workers stalled the server (``/livez`` waited
35 s). ``gthread`` only moves the problem to its threads (a thread blocks in ``recv`` on a
half-sent header with no deadline). This worker is gunicorn's Tornado worker with the buffering
made explicit: Tornado's event loop reads headers and body of every connection without blocking,
with deadlines, and calls the Flask app (synchronously, as the sync worker does, or on
``--threads`` threads) only once a request is complete. Slow clients cost a socket and a
buffer, never a worker:

- headers (and the wait for the next request on a kept-alive connection) within
  ``RAQIB_HEADER_TIMEOUT`` seconds (10), a body within ``RAQIB_BODY_TIMEOUT`` (30), else the
  connection is closed;
- headers at most 64 KiB; a body over ``RAQIB_MAX_CONTENT_LENGTH`` gets the API's 413, and one
  over that plus 1 MiB is refused by Tornado before it is buffered (a bare 400, connection
  closed), so a client cannot make the server hold large bodies in memory.

A buffering proxy in front (nginx, see the README) is still the production setup: it also caps
connections per client, which no worker class can.
"""

from __future__ import annotations

import concurrent.futures
import logging
import os
import sys
from typing import Any

from gunicorn.sock import ssl_context
from gunicorn.workers.gtornado import TornadoWorker
from tornado.concurrent import dummy_executor
from tornado.httpserver import HTTPServer
from tornado.ioloop import IOLoop, PeriodicCallback
from tornado.wsgi import WSGIContainer

BODY_SLACK = 1024 * 1024
MAX_HEADER_SIZE = 64 * 1024


def _seconds(name: str, default: float) -> float:
    value = float(os.environ.get(name, default))
    if value <= 0:
        raise ValueError(f"{name} must be a positive number of seconds")
    return value


class _Container(WSGIContainer):
    """Tornado's WSGI adapter; the body is complete, so its length is always known."""

    def environ(self, request: Any) -> dict[str, Any]:
        """The WSGI environ of a complete (and, if it was chunked, de-chunked) body."""
        env = super().environ(request)
        env["CONTENT_LENGTH"] = str(len(request.body or b""))
        env.pop("HTTP_TRANSFER_ENCODING", None)
        env["wsgi.input_terminated"] = True
        return env


class BufferingWorker(TornadoWorker):
    """gunicorn's Tornado worker with header and body deadlines and bounded buffers."""

    def run(self) -> None:
        """Serve until told to stop (gunicorn's Tornado worker loop, with Raqib's limits)."""
        self.ioloop = IOLoop.current()
        self.alive = True
        self.server_alive = False
        self.callbacks = [
            PeriodicCallback(self.watchdog, 1000),
            PeriodicCallback(self.heartbeat, 1000),
        ]
        for callback in self.callbacks:
            callback.start()
        _access_log(bool(self.cfg.accesslog))

        threads = self.cfg.threads
        executor = (
            concurrent.futures.ThreadPoolExecutor(threads, thread_name_prefix="raqib")
            if threads > 1
            else dummy_executor  # the app runs on the loop's thread, one request at a time
        )
        app = _Container(self.wsgi, executor=executor)
        max_body = int(getattr(self.wsgi, "config", {}).get("MAX_CONTENT_LENGTH") or 0)
        worker = self

        class _Server(HTTPServer):
            def on_close(self, server_conn):
                worker.handle_request()
                super().on_close(server_conn)

            def add_sockets(self, sockets):
                for sock in sockets:
                    self._sockets[sock.fileno()] = sock
                    self._handlers[sock.fileno()] = _accept_one_at_a_time(
                        sock, self._handle_connection
                    )

        server = _Server(
            app,
            no_keep_alive=self.cfg.keepalive <= 0,
            ssl_options=ssl_context(self.cfg) if self.cfg.is_ssl else None,
            idle_connection_timeout=_seconds("RAQIB_HEADER_TIMEOUT", 10),
            body_timeout=_seconds("RAQIB_BODY_TIMEOUT", 30),
            max_body_size=(max_body + BODY_SLACK) if max_body else None,
            max_header_size=MAX_HEADER_SIZE,
        )
        self.server = server
        self.server_alive = True
        for sock in self.sockets:
            sock.setblocking(False)
            server.add_socket(sock)
        self.ioloop.start()


def _accept_one_at_a_time(sock: Any, callback: Any) -> Any:
    """``tornado.netutil.add_accept_handler``, taking one connection per readiness event.

    Tornado accepts up to 128 waiting connections at once: with several worker processes on
    one listening socket, the first to wake took a whole burst and served it alone while the
    others idled (measured: a third of the requests/s with three workers). One at a time, a
    busy worker leaves the rest of the queue to idle ones, as gunicorn's sync workers do.
    Returns the callable that removes the handler (``TCPServer.stop`` calls it).
    """
    loop = IOLoop.current()

    def ready(_fd: Any, _events: int) -> None:
        try:
            connection, address = sock.accept()
        except (BlockingIOError, ConnectionAbortedError):
            return  # another worker took it, or the client gave up
        callback(connection, address)

    loop.add_handler(sock, ready, IOLoop.READ)
    return lambda: loop.remove_handler(sock)


def _access_log(enabled: bool) -> None:
    """Tornado logs each request to ``tornado.access``: stdout when the access log is on."""
    logger = logging.getLogger("tornado.access")
    logger.propagate = False
    logger.handlers.clear()
    handler = logging.StreamHandler(sys.stdout if enabled else sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s [%(process)d] %(message)s"))
    logger.addHandler(handler)
    # Off: only failed requests (5xx) are still written, to the error stream.
    logger.setLevel(logging.INFO if enabled else logging.ERROR)
