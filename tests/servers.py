"""Live ``raqib serve`` processes for the fault, scale-out and security tests (loopback only).

:class:`Servers` starts gunicorn through the real command line in its own session (process
group) on a free 127.0.0.1 port, waits for ``/livez`` and stops or SIGKILLs the whole group; use
it as a context manager in a fixture so every process is gone when the test ends. :func:`call`
is a tiny HTTP client (no redirects followed, no proxies) and :class:`Browser` adds a cookie jar
for the dashboard. :func:`pg_schema` and :func:`redis_db` give private, cleaned-up backends.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from email.message import Message
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

REPO = Path(__file__).resolve().parent.parent
RAQIB = Path(sys.executable).with_name("raqib")
LOOPBACK = "127.0.0.1"
PG_URL = os.environ.get("RAQIB_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_PORT = 6379
# One Redis database number for these tests (flushed before and after): override it when
# something else on this machine uses that number.
REDIS_DB = int(os.environ.get("RAQIB_TEST_REDIS_DB", "11"))
SECRET = "live-test-secret"
NETWORK_ERRORS = (OSError, http.client.HTTPException)
# Real comments mix scripts, digits and punctuation: the stored text must come back exactly.
TEXT = "Q{tag}: how did 300 fighters leave Raqqa? كيف طلع ٣٠٠ مقاتل من الرقة؟ “{tag}”"
ARTICLE = {
    "title": "International coalition: 300 ISIS fighters might have fled from Raqqa",
    "body": (
        "The International Coalition stated that dozens of foreign fighters could have been "
        "hiding among civilians and might have managed to escape Raqqa during the evacuation "
        "of 3,000 civilians. The coalition's spokesman said about 300 militants were identified "
        "as potential ISIS fighters."
    ),
    "language": "en",
}


# -- HTTP -------------------------------------------------------------------------------------
@dataclass
class Reply:
    """An HTTP response, read completely."""

    status: int
    headers: Message
    body: bytes

    @property
    def text(self) -> str:
        """The body as text."""
        return self.body.decode("utf-8", "replace")

    def json(self) -> Any:
        """The body as JSON."""
        return json.loads(self.body)


def call(
    method: str,
    url: str,
    *,
    json_body: Any = None,
    form: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
    timeout: float = 20.0,
) -> Reply:
    """One request to a loopback server; network errors propagate as ``OSError``."""
    parts = urlsplit(url)
    if parts.hostname != LOOPBACK:
        raise ValueError(f"tests only talk to {LOOPBACK}, not {parts.hostname}")
    sent = dict(headers or {})
    body: bytes | None = None
    if json_body is not None:
        body = json.dumps(json_body, ensure_ascii=False).encode()
        sent.setdefault("Content-Type", "application/json")
    elif form is not None:
        body = urlencode(form).encode()
        sent.setdefault("Content-Type", "application/x-www-form-urlencoded")
    conn = http.client.HTTPConnection(LOOPBACK, parts.port, timeout=timeout)
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        conn.request(method, path or "/", body=body, headers=sent)
        resp = conn.getresponse()
        return Reply(resp.status, resp.headers, resp.read())
    finally:
        conn.close()


@dataclass
class Browser:
    """A cookie-keeping client for the dashboard's HTML forms."""

    base: str
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, method: str, path: str, **kwargs: Any) -> Reply:
        """A request with the stored cookies; stores the cookies the server sets."""
        headers = dict(kwargs.pop("headers", None) or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        reply = call(method, self.base + path, headers=headers, **kwargs)
        for raw in reply.headers.get_all("Set-Cookie") or ():
            jar = SimpleCookie()
            jar.load(raw)
            for name, morsel in jar.items():
                self.cookies[name] = morsel.value
        return reply

    def csrf(self, path: str) -> str:
        """The CSRF token of the form on ``path``."""
        html = self.request("GET", path).text
        found = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html)
        found = found or re.search(r'name="csrf-token" content="([^"]+)"', html)
        if not found:
            raise AssertionError(f"no CSRF token on {path}")
        return found.group(1)

    def login(self, username: str, password: str) -> Reply:
        """Sign in through the login form."""
        token = self.csrf("/dashboard/login")
        form = {"username": username, "password": password, "csrf_token": token}
        return self.request("POST", "/dashboard/login", form=form)


# -- processes --------------------------------------------------------------------------------
def free_port() -> int:
    """A TCP port free on the loopback interface right now."""
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


def base_env(tmp: Path, **settings: str) -> dict[str, str]:
    """The environment of a test server: no inherited ``RAQIB_*``, captcha and limits off."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("RAQIB_") and k != "PROMETHEUS_MULTIPROC_DIR"
    }
    instance = tmp / "instance"
    metrics = tmp / "metrics"
    # gunicorn's control socket goes to $XDG_RUNTIME_DIR: keep it out of the user's home.
    runtime = tmp / "run"
    for folder in (instance, metrics, runtime):
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    env.update(
        RAQIB_SECRET_KEY=SECRET,
        RAQIB_INSTANCE_PATH=str(instance),
        RAQIB_DATABASE_URL=f"sqlite:///{tmp / 'raqib.sqlite3'}",
        RAQIB_CAPTCHA="off",
        RAQIB_RATELIMIT_ENABLED="off",
        RAQIB_ACCESSLOG="off",
        # Most live tests need no webhook worker beside gunicorn (test_webhooks_live turns it on).
        RAQIB_WEBHOOK_WORKER="off",
        PROMETHEUS_MULTIPROC_DIR=str(metrics),
        XDG_RUNTIME_DIR=str(runtime),
    )
    env.update(settings)
    return env


def raqib(
    *args: str, env: Mapping[str, str], stdin: str | None = None, timeout: float = 60.0
) -> subprocess.CompletedProcess[str]:
    """Run the ``raqib`` command to completion (output captured as text)."""
    return subprocess.run(
        [str(RAQIB), *args],
        env=dict(env),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def cli(*args: str, env: Mapping[str, str], stdin: str | None = None) -> str:
    """Run a ``raqib`` command in this process with ``env``'s settings; its output, or fail.

    The same click command as the installed script, without a new interpreter: the models are
    already loaded here, which keeps the set of live-server tests fast.
    """
    from click.testing import CliRunner

    from service.cli import main

    # Exactly the RAQIB_* settings of ``env``: none of this process's own leak in.
    overrides: dict[str, str | None] = {k: None for k in os.environ if k.startswith("RAQIB_")}
    overrides.update({k: v for k, v in env.items() if k.startswith("RAQIB_")})
    result = CliRunner().invoke(main, list(args), input=stdin, env=overrides)
    if result.exit_code != 0:
        raise AssertionError(
            f"raqib {' '.join(args)} -> {result.exit_code}\n{result.output}\n{result.exception!r}"
        )
    return result.output


def add_moderator(env: Mapping[str, str], name: str, role: str = "moderator") -> tuple[str, str]:
    """Create an account with ``raqib moderator add``; returns (password, API token)."""
    password = secrets.token_urlsafe(12)
    out = cli("moderator", "add", name, "--role", role, "--password-stdin", env=env, stdin=password)
    return password, out.split("api token: ")[1].strip()


def wait_for(predicate: Callable[[], object], timeout: float, what: str,
             interval: float = 0.1) -> None:
    """Poll ``predicate`` until it is true, failing with ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {what}")


def bearer(token: str) -> dict[str, str]:
    """The Authorization header of an API token."""
    return {"Authorization": f"Bearer {token}"}


def register_article(server: Server, token: str, article_id: str = "raqqa") -> str:
    """PUT :data:`ARTICLE` on a live server under ``article_id``."""
    r = call("PUT", server.url(f"/api/v1/articles/{article_id}"), json_body=ARTICLE,
             headers=bearer(token))
    assert r.status in (200, 201), r.text
    return article_id


@dataclass
class Server:
    """One ``raqib serve`` process group (the gunicorn master leads it)."""

    proc: subprocess.Popen[bytes]
    port: int
    pidfile: Path
    log_path: Path
    env: dict[str, str]

    @property
    def base(self) -> str:
        """The server's root URL."""
        return f"http://{LOOPBACK}:{self.port}"

    def url(self, path: str) -> str:
        """An absolute URL on this server."""
        return self.base + path

    def log(self) -> str:
        """Everything the server printed so far."""
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def alive(self) -> bool:
        """Whether the master process still runs."""
        return self.proc.poll() is None

    def _children_and_group(self) -> tuple[set[int], set[int]]:
        children, group = set(), set()
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                # After "(command name)": state, ppid, pgrp, ...
                state, ppid, pgrp = stat.read_text().rsplit(")", 1)[1].split()[:3]
            except (OSError, ValueError):
                continue
            pid = int(stat.parent.name)
            if state == "Z":
                continue
            if int(ppid) == self.proc.pid:
                children.add(pid)
            if int(pgrp) == self.proc.pid and pid != self.proc.pid:
                group.add(pid)
        return children, group

    def worker_pids(self) -> set[int]:
        """The current worker processes (children of the master)."""
        return self._children_and_group()[0]

    def processes(self) -> set[int]:
        """Every live process of the server's group, the master included while it runs."""
        return self._children_and_group()[1] | ({self.proc.pid} if self.alive() else set())

    def wait_ready(self, timeout: float = 90.0, workers: int = 1) -> None:
        """Wait until ``/livez`` answers and ``workers`` workers run; fail with the log."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.alive():
                raise AssertionError(f"raqib serve exited {self.proc.returncode}:\n{self.log()}")
            try:
                if call("GET", self.url("/livez"), timeout=2).status == 200 and (
                    len(self.worker_pids()) >= workers
                ):
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"raqib serve not ready after {timeout:.0f} s:\n{self.log()}")

    def kill(self) -> None:
        """SIGKILL the master and every worker at once (a crash, a power cut)."""
        if self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        # Workers orphaned by a master that died on its own are still in its process group.
        for pid in self._children_and_group()[1]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)

    def stop(self, timeout: float = 25.0) -> None:
        """Graceful shutdown (SIGTERM to the master), then SIGKILL for whatever is left."""
        if self.proc.poll() is None:
            self.proc.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=timeout)
        self.kill()


class Servers:
    """Starts servers and stops all of them on exit (use as a context manager in fixtures)."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.started: list[Server] = []

    def __enter__(self) -> Servers:
        return self

    def __exit__(self, *exc: object) -> None:
        # The tests are done with them: no need to wait for a graceful shutdown.
        for server in self.started:
            server.kill()

    def spawn(
        self,
        env: Mapping[str, str],
        *,
        workers: int = 2,
        threads: int = 1,
        default_pidfile: bool = False,
    ) -> Server:
        """Start ``raqib serve`` without waiting for it (see :meth:`Server.wait_ready`).

        ``default_pidfile`` leaves the pid file where ``raqib serve`` puts it by itself (the
        instance folder) instead of a file of the test's own.
        """
        n = len(self.started)
        port = free_port()
        pidfile = self.tmp / f"gunicorn-{n}.pid"
        pid_args = ["--pidfile", str(pidfile)]
        if default_pidfile:
            pidfile, pid_args = Path(env["RAQIB_INSTANCE_PATH"]) / "gunicorn.pid", []
        log_path = self.tmp / f"server-{n}.log"
        with log_path.open("ab") as log:
            proc = subprocess.Popen(
                [
                    str(RAQIB),
                    "serve",
                    "--host",
                    LOOPBACK,
                    "--port",
                    str(port),
                    "--workers",
                    str(workers),
                    "--threads",
                    str(threads),
                    *pid_args,
                ],
                env=dict(env),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                # Its own process group: the test can SIGKILL master and workers together.
                start_new_session=True,
            )
        server = Server(proc, port, pidfile, log_path, dict(env))
        self.started.append(server)
        return server

    def start(self, env: Mapping[str, str], *, workers: int = 2, threads: int = 1) -> Server:
        """Start ``raqib serve`` and wait until every worker answers."""
        server = self.spawn(env, workers=workers, threads=threads)
        server.wait_ready(workers=workers)
        return server


# -- backends ---------------------------------------------------------------------------------
def _driver_url(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


def postgres_unavailable() -> str | None:
    """Why the test PostgreSQL server cannot be used, or None when it answers."""
    from sqlalchemy import create_engine, text

    engine = create_engine(_driver_url(PG_URL), connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as err:  # noqa: BLE001 - any failure means "no server here"
        return f"no PostgreSQL reachable at {PG_URL} ({type(err).__name__})"
    finally:
        engine.dispose()
    return None


def redis_unavailable() -> str | None:
    """Why the test Redis server cannot be used, or None when it answers."""
    try:
        import redis
    except ImportError:
        return "the redis package is not installed"
    client = redis.Redis(host=LOOPBACK, port=REDIS_PORT, socket_timeout=2, socket_connect_timeout=2)
    try:
        client.ping()
    except Exception as err:  # noqa: BLE001 - any failure means "no server here"
        return f"no Redis reachable at {LOOPBACK}:{REDIS_PORT} ({type(err).__name__})"
    finally:
        client.close()
    return None


@contextlib.contextmanager
def pg_schema(tag: str) -> Iterator[str]:
    """A fresh PostgreSQL schema for live servers, dropped afterwards; yields its URL."""
    from sqlalchemy import create_engine, text

    schema = f"raqib_{tag}_{os.getpid()}_{secrets.token_hex(3)}"
    engine = create_engine(_driver_url(PG_URL))
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in PG_URL else "?"
    try:
        yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    finally:
        with engine.begin() as conn:
            # Killed servers may leave sessions behind for a moment: do not wait on their locks.
            conn.execute(text("SET lock_timeout = '10s'"))
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        engine.dispose()


@contextlib.contextmanager
def redis_db(number: int = REDIS_DB) -> Iterator[str]:
    """One Redis database number, flushed before and after; yields its URL."""
    import redis

    client = redis.Redis(host=LOOPBACK, port=REDIS_PORT, db=number, socket_timeout=5)
    client.flushdb()
    try:
        yield f"redis://{LOOPBACK}:{REDIS_PORT}/{number}"
    finally:
        client.flushdb()
        client.close()


def flush_redis(number: int = REDIS_DB) -> None:
    """Empty one Redis database (rate-limit counters) between tests."""
    import redis

    client = redis.Redis(host=LOOPBACK, port=REDIS_PORT, db=number, socket_timeout=5)
    try:
        client.flushdb()
    finally:
        client.close()
