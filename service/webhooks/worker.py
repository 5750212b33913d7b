"""The delivery worker process (``raqib webhooks deliver``) and its supervisor.

A few threads each claim one due delivery at a time, so a slow receiver does not hold up the
others.  SIGTERM or SIGINT stops claiming; attempts in flight finish (at most the timeout).
``--supervise`` (what ``raqib serve`` starts) runs the worker as a child and starts it again
when it dies, whatever killed it.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Sequence

from flask import Flask
from sqlalchemy.exc import SQLAlchemyError

from service.extensions import db
from service.webhooks.delivery import Settings, attempt, claim, sweep

log = logging.getLogger("raqib.webhooks")

SWEEP_EVERY = 3600.0


def owner_id(thread: int) -> str:
    """Who holds a lease: host, process and thread, for the delivery log."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{thread}"


def _loop(app: Flask, n: int, stop: threading.Event, settings: Settings, poll: float) -> None:
    owner = owner_id(n)
    last_sweep = 0.0
    while not stop.is_set():
        try:
            with app.app_context():
                if n == 0 and time.monotonic() - last_sweep > SWEEP_EVERY:
                    last_sweep = time.monotonic()
                    sweep(settings)
                delivery_id = claim(owner, settings)
                if delivery_id is not None:
                    attempt(delivery_id, owner, settings)
                    continue
        except SQLAlchemyError as err:
            # The database is away: nothing is lost (the outbox is in it); try again later.
            log.warning("webhook worker %s: database error: %s", owner, err)
            with app.app_context():
                db.session.rollback()
            stop.wait(poll * 5)
            continue
        except Exception:  # noqa: BLE001 - a bug in one attempt must not stop deliveries
            log.exception("webhook worker %s: unexpected error", owner)
        stop.wait(poll)


def run(
    app: Flask,
    *,
    concurrency: int,
    poll: float,
    stop: threading.Event | None = None,
    exit_with_parent: bool = False,
) -> None:
    """Deliver until ``stop`` is set (or SIGTERM/SIGINT when run in the main thread).

    ``exit_with_parent``: stop when the parent process is gone (the supervisor was killed).
    """
    stop = stop or threading.Event()
    parent = os.getppid()
    settings = Settings.from_config(app.config)
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
    threads = [
        threading.Thread(
            target=_loop, args=(app, n, stop, settings, poll), name=f"webhooks-{n}", daemon=True
        )
        for n in range(concurrency)
    ]
    for t in threads:
        t.start()
    log.info("webhook worker %s delivering with %d threads", os.getpid(), concurrency)
    while not stop.is_set():
        stop.wait(1.0)
        if exit_with_parent and os.getppid() != parent:
            stop.set()
    for t in threads:
        t.join(timeout=settings.timeout + 5)


def supervise(argv: Sequence[str], stop: threading.Event | None = None) -> int:
    """Run ``argv`` (the worker) and start it again whenever it exits, until SIGTERM/SIGINT."""
    stop = stop or threading.Event()
    child: list[subprocess.Popen[bytes]] = []

    def _stop(*_: object) -> None:
        stop.set()
        if child and child[0].poll() is None:
            child[0].terminate()

    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, _stop)
    delay = 1.0
    parent = os.getppid()
    while not stop.is_set():
        started = time.monotonic()
        proc = subprocess.Popen([*argv, "--exit-with-parent"])  # noqa: S603 - our own command
        child[:] = [proc]
        while proc.poll() is None:
            if os.getppid() != parent:  # the server died without stopping us: so do we
                _stop()
            stop.wait(1.0)
        code = proc.wait()
        if stop.is_set():
            break
        # A worker that dies at once (bad configuration) is restarted ever more slowly.
        delay = 1.0 if time.monotonic() - started > 60 else min(delay * 2, 60.0)
        print(
            f"raqib webhooks: worker {proc.pid} exited ({code}); restarting in {delay:.0f} s",
            file=sys.stderr,
            flush=True,
        )
        stop.wait(delay)
    return 0
