"""Fault tolerance of live ``raqib serve`` processes: missing, corrupt and reloaded artifacts.

Split from ``test_faults.py`` (crashes and concurrent writers) so that pytest-xdist, which runs
each file whole in one process, can give the two halves of these slow tests to both workers.
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest

from tests.servers import (
    NETWORK_ERRORS,
    REPO,
    TEXT,
    Server,
    add_moderator,
    base_env,
    call,
    cli,
    free_port,
    raqib,
    register_article,
    wait_for,
)


@pytest.fixture
def sqlite_env(tmp_path):
    """Environment of servers on a fresh, migrated SQLite file."""
    env = base_env(tmp_path, RAQIB_MODE="auto")
    cli("db", "upgrade", env=env)
    return env


# -- missing or corrupt model artifacts -------------------------------------------------------
def _artifact(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"{kind}.joblib"
    if kind == "garbage":
        path.write_bytes(b"not a joblib file\x00\xff")
    elif kind == "truncated":
        # A half-copied artifact: the start of a real one.
        path.write_bytes((REPO / "model" / "relevance.joblib").read_bytes()[:65536])
    return path


@pytest.mark.slow
@pytest.mark.parametrize(
    ("variable", "kind"),
    [
        ("RAQIB_RELEVANCE_PATH", "missing"),
        ("RAQIB_RELEVANCE_PATH", "truncated"),
        ("RAQIB_NER_PATH", "garbage"),
    ],
)
def test_serve_refuses_missing_or_corrupt_artifact_and_exits(tmp_path, variable, kind):
    path = _artifact(tmp_path, kind)
    env = base_env(tmp_path, **{variable: str(path)})
    port = free_port()
    # The server must exit by itself (not restart workers forever): the timeout is a hang
    # guard, not a speed assertion.
    done = raqib(
        "serve",
        "--port",
        str(port),
        "--workers",
        "1",
        "--pidfile",
        str(tmp_path / "pid"),
        env=env,
        timeout=45,
    )
    assert done.returncode != 0
    assert "Traceback" not in done.stderr + done.stdout
    message = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(message) == 1, done.stderr
    assert "model artifact" in message[0] and str(path) in message[0]
    assert not (tmp_path / "pid").exists()
    with pytest.raises(OSError):
        call("GET", f"http://127.0.0.1:{port}/livez", timeout=2)


# -- reloading models in a running server ----------------------------------------------------
class Poller(threading.Thread):
    """Asks for verdicts in a loop and records every outcome, until stopped."""

    def __init__(self, server: Server, article: str) -> None:
        super().__init__(daemon=True)
        self.server, self.article = server, article
        # (sent, answered, status or error, model_version)
        self.outcomes: list[tuple[float, float, int | str, str | None]] = []
        self.halt = threading.Event()

    def run(self) -> None:
        body = {"comment": TEXT.format(tag="poll"), "article_id": self.article}
        while not self.halt.is_set() and len(self.outcomes) < 5000:
            sent = time.monotonic()
            try:
                r = call("POST", self.server.url("/api/v1/check"), json_body=body, timeout=30)
                version = r.json().get("model_version") if r.status == 200 else None
                self.outcomes.append((sent, time.monotonic(), r.status, version))
            except NETWORK_ERRORS as err:
                self.outcomes.append((sent, time.monotonic(), repr(err), None))
            time.sleep(0.02)

    def since(self, moment: float) -> list[tuple[float, float, int | str, str | None]]:
        """Outcomes of the requests sent after ``moment``."""
        return [o for o in self.outcomes if o[0] >= moment]


@pytest.mark.slow
def test_reload_keeps_serving_through_bad_and_good_artifacts(sqlite_env, servers, tmp_path):
    _, token = add_moderator(sqlite_env, "mona")
    server = servers.start(sqlite_env, workers=2)
    article = register_article(server, token)
    version = call("GET", server.url("/healthz")).json()["model_version"]
    workers = server.worker_pids()
    poller = Poller(server, article)
    poller.start()
    try:
        wait_for(lambda: len(poller.outcomes) >= 3, 20, "the first verdicts")
        bad = _artifact(tmp_path, "truncated")
        refused = raqib(
            "reload",
            "--pidfile",
            str(server.pidfile),
            env={**sqlite_env, "RAQIB_RELEVANCE_PATH": str(bad)},
        )
        assert refused.returncode != 0
        assert "running models stay" in refused.stderr and str(bad) in refused.stderr
        mark = time.monotonic()
        wait_for(lambda: len(poller.since(mark)) >= 5, 20, "verdicts after the refused reload")
        assert server.worker_pids() == workers, "a refused reload must leave the workers alone"

        reloaded = raqib("reload", "--pidfile", str(server.pidfile), env=sqlite_env)
        assert reloaded.returncode == 0, reloaded.stderr
        assert "sent SIGHUP" in reloaded.stdout
        wait_for(lambda: not workers & server.worker_pids(), 60, "the old workers to exit")
        gone = time.monotonic()
        wait_for(lambda: len(server.worker_pids()) == 2, 60, "two new workers")
        wait_for(lambda: len(poller.since(gone)) >= 5, 60, "verdicts from the new workers")
    finally:
        poller.halt.set()
        poller.join(timeout=40)
    assert server.alive()
    failed = [o for o in poller.outcomes if o[2] != 200]
    assert not failed, failed[:5]
    assert {o[3] for o in poller.outcomes} == {version}
    # Requests sent while no worker was up waited for the new ones instead of failing.
    assert poller.since(gone)


def test_the_served_app_freezes_its_loaded_models_out_of_the_garbage_collector(tmp_path):
    """A full collection would scan every model object; the WSGI entry point freezes them."""
    import subprocess
    import sys

    env = base_env(tmp_path, RAQIB_SEMANTIC="off")
    subprocess.run([sys.executable, "-m", "service.cli", "db", "upgrade"], env=env, cwd=REPO,
                   check=True, capture_output=True)
    probe = ("import gc, json, service.wsgi; "
             "print(json.dumps([gc.get_freeze_count(), len(gc.get_objects())]))")
    done = subprocess.run([sys.executable, "-c", probe], env=env, cwd=REPO, check=True,
                          capture_output=True, text=True, timeout=120)
    frozen, still_tracked = json.loads(done.stdout.strip().splitlines()[-1])
    assert frozen > 50_000  # the models, lexicons and the app
    assert still_tracked < frozen / 10  # what the next requests allocate starts from here
