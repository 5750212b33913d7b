"""Fault tolerance of live ``raqib serve`` processes: crashes and concurrent writers.

The ``slow`` tests start real gunicorn servers on 127.0.0.1 (see tests/servers.py); the
PostgreSQL legs skip with a message when no server answers at ``RAQIB_TEST_POSTGRES_URL``.
Missing, corrupt and reloaded artifacts are in ``test_faults_artifacts.py``.
"""

from __future__ import annotations

import contextlib
import random
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.servers import (
    NETWORK_ERRORS,
    TEXT,
    Server,
    add_moderator,
    base_env,
    bearer,
    call,
    cli,
    pg_schema,
    postgres_unavailable,
    register_article,
    wait_for,
)


def _sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'raqib.sqlite3'}"


@contextlib.contextmanager
def _database(kind: str, tmp_path: Path, tag: str) -> Iterator[str]:
    if kind == "sqlite":
        yield _sqlite_url(tmp_path)
        return
    reason = postgres_unavailable()
    if reason:
        pytest.skip(f"PostgreSQL leg skipped: {reason}")
    with pg_schema(tag) as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def live_env(request, tmp_path):
    """Environment of servers on a fresh, migrated database (SQLite file or PostgreSQL schema)."""
    with _database(request.param, tmp_path, "faults") as url:
        env = base_env(tmp_path, RAQIB_DATABASE_URL=url, RAQIB_MODE="auto")
        cli("db", "upgrade", env=env)
        yield env


@pytest.fixture
def pg_env(tmp_path):
    """Environment of servers on a fresh, migrated PostgreSQL schema."""
    with _database("postgresql", tmp_path, "writers") as url:
        env = base_env(tmp_path, RAQIB_DATABASE_URL=url, RAQIB_MODE="auto")
        cli("db", "upgrade", env=env)
        yield env


def _post(server: Server, article: str, comment: str, name: str = "Omar"):
    body = {"article_id": article, "name": name, "comment": comment}
    return call("POST", server.url("/api/v1/comments"), json_body=body, timeout=15)


# -- a crash in the middle of a burst ---------------------------------------------------------
@pytest.mark.slow
def test_acknowledged_comments_survive_sigkill_mid_burst(live_env, servers):
    _, token = add_moderator(live_env, "mona")
    server = servers.start(live_env, workers=2)
    article = register_article(server, token)
    acked: list[tuple[int, str]] = []
    statuses: list[int] = []
    cut_off: list[BaseException] = []
    lock = threading.Lock()
    stop = threading.Event()

    def burst(thread_no: int) -> None:
        for i in range(2000):
            if stop.is_set():
                return
            comment = TEXT.format(tag=f"{thread_no}.{i}")
            try:
                r = _post(server, article, comment, name=f"Reader {thread_no}")
            except NETWORK_ERRORS as err:  # the server died under this request
                with lock:
                    cut_off.append(err)
                return
            with lock:
                statuses.append(r.status)
                if r.status == 201:
                    acked.append((r.json()["id"], comment))

    threads = [threading.Thread(target=burst, args=(n,), daemon=True) for n in range(4)]
    started = time.monotonic()
    for t in threads:
        t.start()
    # About a second of traffic, and at least a few acknowledged comments, before the crash.
    while time.monotonic() - started < 1.0 or (len(acked) < 5 and time.monotonic() - started < 15):
        time.sleep(0.05)
    server.kill()
    stop.set()
    for t in threads:
        t.join(timeout=20)
    assert not any(t.is_alive() for t in threads), "a client thread hung after the crash"
    wait_for(lambda: not server.processes(), 10, "master and workers to die")
    assert acked, "no comment was acknowledged before the crash"
    assert set(statuses) == {201}, Counter(statuses)
    with lock:
        snapshot = list(acked)

    assert "database at head" in cli("db", "upgrade", env=live_env)
    again = servers.start(live_env, workers=1)
    health = call("GET", again.url("/healthz"))
    assert health.status == 200 and health.json()["database"] == "ok"
    for comment_id, comment in snapshot:
        r = call("GET", again.url(f"/api/v1/comments/{comment_id}"), headers=bearer(token))
        assert r.status == 200, (comment_id, r.text)
        assert r.json()["comment"] == comment
        assert r.json()["decisions"][0]["automatic"] is True
    # The database takes new comments after the crash.
    assert _post(again, article, TEXT.format(tag="after")).status == 201
    if live_env["RAQIB_DATABASE_URL"].startswith("sqlite"):
        path = live_env["RAQIB_DATABASE_URL"].removeprefix("sqlite:///")
        engine = create_engine(f"sqlite:///{path}")
        with engine.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        engine.dispose()


# -- many writers on PostgreSQL ---------------------------------------------------------------
@pytest.mark.slow
def test_concurrent_writers_and_decisions_on_postgresql(pg_env, servers):
    _, token = add_moderator(pg_env, "mona")
    server = servers.start(pg_env, workers=3)
    article = register_article(server, token)
    threads_n, per_thread = 8, 25
    lock = threading.Lock()
    pool: list[int] = []
    posted: list[tuple[int, str]] = []
    decided: list[tuple[int, str, str]] = []
    statuses: Counter[tuple[str, int]] = Counter()
    failures: list[BaseException] = []
    deadline = time.monotonic() + 90

    def writer(thread_no: int) -> None:
        rng = random.Random(thread_no)
        for i in range(per_thread):
            if time.monotonic() > deadline:
                return
            comment = TEXT.format(tag=f"w{thread_no}.{i}")
            try:
                r = _post(server, article, comment, name=f"Writer {thread_no}")
                with lock:
                    statuses["post", r.status] += 1
                    if r.status == 201:
                        posted.append((r.json()["id"], comment))
                        pool.append(r.json()["id"])
                    # Decide on a recent comment, often one another thread is deciding on too.
                    target = rng.choice(pool[-6:]) if pool else None
                if target is None:
                    continue
                action = rng.choice(["approve", "delete", "reject"])
                reason = f"writer {thread_no} decision {i}"
                d = call(
                    "POST",
                    server.url(f"/api/v1/comments/{target}/decision"),
                    json_body={"action": action, "reason": reason},
                    headers=bearer(token),
                    timeout=15,
                )
                with lock:
                    statuses["decide", d.status] += 1
                    if d.status == 200:
                        decided.append((target, action, reason))
            except NETWORK_ERRORS as err:
                with lock:
                    failures.append(err)
                return

    threads = [threading.Thread(target=writer, args=(n,), daemon=True) for n in range(threads_n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=max(1.0, deadline - time.monotonic()))
    assert not any(t.is_alive() for t in threads), "writers still blocked: deadlock or stall"
    assert not failures, failures[:3]
    assert {status for (_, status) in statuses} <= {200, 201}, statuses
    assert statuses["post", 201] == threads_n * per_thread

    engine = create_engine(
        pg_env["RAQIB_DATABASE_URL"].replace("postgresql://", "postgresql+psycopg://", 1)
    )
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT id, body FROM comments")).all()
            audit = conn.execute(
                text("SELECT comment_id, action, reason, automatic FROM decisions")
            ).all()
    finally:
        engine.dispose()
    assert len(rows) == len(posted)
    assert Counter(body for _, body in rows) == Counter(body for _, body in posted)
    assert max(Counter(body for _, body in rows).values()) == 1
    assert sorted(rows) == sorted(posted)
    automatic = Counter(cid for cid, _, _, auto in audit if auto)
    assert automatic == Counter(cid for cid, _ in posted)
    manual = Counter((cid, action, reason) for cid, action, reason, auto in audit if not auto)
    assert manual == Counter(decided)
    assert len(decided) >= threads_n * (per_thread - 1)


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
@pytest.mark.parametrize("app_overrides", [{"CAPTCHA": False}])
def test_simultaneous_decisions_keep_the_audit_trail_consistent(
    app, client, auth, article, monkeypatch, app_overrides
):
    import service.api as api

    r = client.post(
        "/api/v1/comments",
        json={"article_id": article, "name": "Omar", "comment": TEXT.format(tag=1)},
    )
    cid = r.get_json()["id"]
    real_get = api.get_comment
    gate = threading.Barrier(2, timeout=3)

    def get_then_wait(comment_id: int):
        comment = real_get(comment_id)
        # Both moderators have the comment on screen before either decides (a row lock taken
        # while reading would break the barrier instead, which is fine).
        with contextlib.suppress(threading.BrokenBarrierError):
            gate.wait()
        return comment

    monkeypatch.setattr(api, "get_comment", get_then_wait)
    statuses: dict[str, int] = {}

    def decide(action: str) -> None:
        reply = app.test_client().post(
            f"/api/v1/comments/{cid}/decision", json={"action": action}, headers=auth
        )
        statuses[action] = reply.status_code

    threads = [threading.Thread(target=decide, args=(a,)) for a in ("approve", "delete")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    monkeypatch.undo()
    assert statuses == {"approve": 200, "delete": 200}
    stored = client.get(f"/api/v1/comments/{cid}", headers=auth).get_json()
    trail = stored["decisions"]
    assert len(trail) == 3
    for earlier, later in zip(trail, trail[1:], strict=False):
        assert later["from_status"] == earlier["to_status"], trail
    assert stored["status"] == trail[-1]["to_status"]
