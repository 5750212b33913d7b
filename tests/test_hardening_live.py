"""Issue 11 (hardening) through real ``raqib serve`` processes: slow clients cannot stall the
server, rate limits hold across the workers of one server without Redis, two servers on one
machine keep their pid files apart, and bodies are read whole (chunked, oversized).

Two servers run for the whole module, both with the pid file where ``raqib serve`` puts it:
``slow`` (one worker, a 3 s header timeout) and ``limited`` (three workers, rate limits on,
counters in the instance folder).
"""

from __future__ import annotations

import http.client
import json
import socket
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.servers import LOOPBACK, Server, Servers, base_env, call, cli

pytestmark = pytest.mark.slow

CHECK_LIMIT = 5
BODY = {"comment": "How did 300 fighters leave Raqqa without anyone noticing?"}


@dataclass
class Pair:
    slow: Server
    limited: Server


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hardening-live")
    with Servers(tmp) as servers:
        envs = []
        for name, settings in (
            ("slow", {"RAQIB_HEADER_TIMEOUT": "3", "RAQIB_BODY_TIMEOUT": "3"}),
            (
                "limited",
                {
                    "RAQIB_RATELIMIT_ENABLED": "on",
                    "RAQIB_RATELIMIT_CHECK": f"{CHECK_LIMIT} per minute",
                },
            ),
        ):
            folder = tmp / name
            folder.mkdir()
            env = base_env(folder, **settings)
            cli("db", "upgrade", env=env)
            envs.append(env)
        slow = servers.spawn(envs[0], workers=1, default_pidfile=True)
        limited = servers.spawn(envs[1], workers=3, default_pidfile=True)
        slow.wait_ready()
        limited.wait_ready(workers=3)
        yield Pair(slow, limited)


def _half_sent(port: int, n: int) -> list[socket.socket]:
    """``n`` connections that sent part of a request and then nothing."""
    socks = []
    for i in range(n):
        s = socket.create_connection((LOOPBACK, port), timeout=30)
        head = b"POST /api/v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        if i % 2:
            s.sendall(head)  # the headers never end
        else:
            s.sendall(head + b'Content-Length: 1000\r\n\r\n{"comm')  # nor does the body
        socks.append(s)
    return socks


# -- 2. slow clients --------------------------------------------------------------------------
def test_half_sent_requests_do_not_stall_the_server(pair):
    server = pair.slow
    socks = _half_sent(server.port, 40)
    try:
        # One worker, forty clients holding a connection each: the server still answers.
        assert call("GET", server.url("/livez"), timeout=5).status == 200
        assert call("POST", server.url("/api/v1/check"), json_body=BODY, timeout=10).status == 200
        # ... and drops each of them at its deadline.
        closed = 0
        for s in socks:
            s.settimeout(15)
            try:
                closed += s.recv(1024) == b""
            except ConnectionResetError:
                closed += 1
        assert closed == len(socks)
    finally:
        for s in socks:
            s.close()


def test_a_chunked_body_is_read_whole(pair):
    conn = http.client.HTTPConnection(LOOPBACK, pair.slow.port, timeout=10)
    try:
        payload = json.dumps(BODY).encode()
        conn.request(
            "POST",
            "/api/v1/check",
            body=iter([payload[:10], payload[10:]]),
            headers={"Content-Type": "application/json", "Transfer-Encoding": "chunked"},
            encode_chunked=True,
        )
        resp = conn.getresponse()
        assert resp.status == 200, resp.read()[:300]
        assert json.loads(resp.read())["verdict"]
    finally:
        conn.close()


def test_an_oversized_body_is_413_in_the_error_shape(pair):
    r = call(
        "POST",
        pair.slow.url("/api/v1/check"),
        json_body={"comment": "x" * (2 * 1024 * 1024 + 10)},
        timeout=20,
    )
    assert r.status == 413 and r.json()["code"] == 413


# -- 4. rate limits shared by the workers of one server ---------------------------------------
def test_a_rate_limit_holds_across_all_workers_of_a_server(pair):
    server = pair.limited
    statuses: list[int] = []
    lock = threading.Lock()

    def hammer():
        for _ in range(5):
            r = call("POST", server.url("/api/v1/check"), json_body=BODY, timeout=30)
            with lock:
                statuses.append(r.status)

    threads = [threading.Thread(target=hammer) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert len(statuses) == 30
    assert statuses.count(200) == CHECK_LIMIT, statuses
    assert statuses.count(429) == 30 - CHECK_LIMIT
    instance = Path(server.env["RAQIB_INSTANCE_PATH"])
    assert (instance / "ratelimits.sqlite3").exists()


# -- 11. pid files -----------------------------------------------------------------------------
def test_two_servers_on_one_machine_keep_their_pid_files_apart(pair):
    for server in (pair.slow, pair.limited):
        assert server.alive()
        pidfile = Path(server.env["RAQIB_INSTANCE_PATH"]) / "gunicorn.pid"
        assert int(pidfile.read_text().strip()) == server.proc.pid
        assert "Already running" not in server.log()
