"""Webhook delivery by real worker processes: the receiver down for a while, ``kill -9`` of the
worker in the middle of a request, and the worker that ``raqib serve`` starts and restarts.

Delivery is at least once: every event arrives, each request verifies, and the only events
that arrive twice are those in flight when the worker was killed, with the same ``webhook-id``.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.servers import RAQIB, Servers, base_env, call, cli, wait_for
from tests.webhook_receiver import Receiver

pytestmark = pytest.mark.slow

FAST = {
    "RAQIB_WEBHOOK_TIMEOUT": "1",
    "RAQIB_WEBHOOK_LEASE": "3",
    "RAQIB_WEBHOOK_BACKOFF": "0.2",
    "RAQIB_WEBHOOK_BACKOFF_MAX": "1",
    "RAQIB_WEBHOOK_POLL": "0.1",
    "RAQIB_WEBHOOK_CONCURRENCY": "2",
}


def _start_worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [str(RAQIB), "webhooks", "deliver"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _statuses(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text("SELECT status, COUNT(*) FROM webhook_deliveries GROUP BY status")
            ).all()
    finally:
        engine.dispose()
    return {status: int(n) for status, n in rows}


def _make_events(env: dict[str, str], n: int) -> None:
    """Store ``n`` comments and approve each (2n events), as the API and dashboard would."""
    from service.core import CATEGORIES, Verdict
    from service.extensions import db
    from service.models import Article
    from service.store import apply_decision, create_comment
    from tests.conftest import make_app

    tmp = Path(env["RAQIB_INSTANCE_PATH"]).parent
    app = make_app(tmp, env["RAQIB_DATABASE_URL"], LOAD_MODELS=False)
    with app.app_context():
        db.session.merge(Article(id="live", title="Raqqa", body="", language="en"))
        db.session.commit()
        from service.auth import create_moderator

        mod, _ = create_moderator("mod-" + os.urandom(3).hex())
        verdict = Verdict("approve", "pending", (), dict.fromkeys(CATEGORIES, 0.0), "en", "t")
        for i in range(n):
            c = create_comment(
                article_id="live", name="Omar", email=None, show_email=False,
                body=f"comment {i}", verdict=verdict, ip=None, user_agent=None, secret="s",
            )  # fmt: skip
            apply_decision(c, "approve", mod)
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def receiver():
    r = Receiver().start()
    yield r
    r.stop()


def test_receiver_down_and_worker_killed_mid_request_lose_nothing(tmp_path, receiver):
    env = base_env(tmp_path, **FAST)
    cli("db", "upgrade", env=env)
    out = cli("webhooks", "add", receiver.url, env=env)
    receiver.secret = out.split("secret: ")[1].strip()
    _make_events(env, 6)  # 12 events
    url = env["RAQIB_DATABASE_URL"]
    assert _statuses(url) == {"pending": 12}

    receiver.stop()  # the receiver is down
    log = tmp_path / "worker.log"
    worker = _start_worker(env, log)
    try:
        wait_for(lambda: _attempted(url) >= 6, 60, "failed attempts while the receiver is down")
        assert _statuses(url) == {"pending": 12}

        receiver.delay = 0.8  # back, but slow: the worker will be killed mid-request
        receiver.start()
        wait_for(lambda: len(receiver.ids()) >= 1, 30, "a request to arrive")
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
        in_flight = set(receiver.ids())
        receiver.delay = 0.0

        worker = _start_worker(env, log)
        events = receiver.wait_for(12, timeout=60)
        wait_for(lambda: _statuses(url) == {"delivered": 12}, 30, "all deliveries recorded")
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=20)
    assert worker.returncode == 0, log.read_text()
    assert len(events) == 12
    assert all(r.verified for r in receiver.received)
    ids = receiver.ids()
    duplicated = {i for i in ids if ids.count(i) > 1}
    # At least once: what was in flight at the kill may come twice, nothing else does.
    assert duplicated <= in_flight
    assert {r.event["type"] for r in receiver.received} == {"comment.created", "comment.approved"}


def _attempted(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT COUNT(*) FROM webhook_attempts")).scalar() or 0)
    finally:
        engine.dispose()


def _deliver_workers(group: set[int]) -> list[int]:
    found = []
    for pid in group:
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"deliver" in cmd and b"--supervise" not in cmd:
            found.append(pid)
    return found


def test_raqib_serve_runs_the_worker_and_restarts_it_when_killed(tmp_path, receiver):
    env = base_env(tmp_path, RAQIB_WEBHOOK_WORKER="on", RAQIB_MODE="auto", **FAST)
    cli("db", "upgrade", env=env)
    out = cli("webhooks", "add", receiver.url, "--event", "comment.created", env=env)
    receiver.secret = out.split("secret: ")[1].strip()
    out = cli("moderator", "add", "ops", "--no-password", env=env)
    token = out.split("api token: ")[1].strip()
    with Servers(tmp_path) as servers:
        server = servers.start(env, workers=1)
        auth = {"Authorization": f"Bearer {token}"}
        article = {"title": "Raqqa"}
        r = call("PUT", server.url("/api/v1/articles/a1"), json_body=article, headers=auth)
        assert r.status == 201, r.text

        def post(text_: str) -> None:
            body = {"article_id": "a1", "name": "Omar", "comment": text_}
            r = call("POST", server.url("/api/v1/comments"), json_body=body)
            assert r.status == 201, r.text

        post("How did 300 fighters leave Raqqa unnoticed?")
        receiver.wait_for(1, timeout=60)
        (first,) = _deliver_workers(server.processes())
        os.kill(first, signal.SIGKILL)
        wait_for(
            lambda: [p for p in _deliver_workers(server.processes()) if p != first],
            30,
            "the supervisor to start a new worker",
        )
        post("Who let the convoy through?")
        receiver.wait_for(2, timeout=60)
    assert all(r.verified for r in receiver.received)
