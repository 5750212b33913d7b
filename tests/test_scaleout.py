"""Two ``raqib serve`` processes sharing one PostgreSQL schema and one Redis database.

What one replica does must hold on the other: a captcha is good exactly once whichever
server issued or checks it, rate limits and captcha-failure limits count across both, and a
word-list or commenter-list edit made on one applies to the other's next verdict. Skips unless
PostgreSQL and Redis answer on 127.0.0.1 (``RAQIB_TEST_POSTGRES_URL``, Redis database
``RAQIB_TEST_REDIS_DB``).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.servers import (
    ARTICLE,
    SECRET,
    Browser,
    Server,
    Servers,
    add_moderator,
    base_env,
    call,
    cli,
    flush_redis,
    pg_schema,
    postgres_unavailable,
    redis_db,
    redis_unavailable,
)

pytestmark = pytest.mark.slow

ARTICLE_ID = "raqqa"
COMMENT = "How did 300 fighters leave Raqqa without anyone noticing?"


@dataclass
class Cluster:
    """Two servers on one database and one Redis, plus an admin account."""

    a: Server
    b: Server
    env: dict[str, str]
    admin_password: str
    token: str
    tmp: Path

    @property
    def auth(self) -> dict[str, str]:
        """The admin's API token header."""
        return {"Authorization": f"Bearer {self.token}"}


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """Servers A and B (one worker each) sharing a PostgreSQL schema and a Redis database."""
    missing = postgres_unavailable() or redis_unavailable()
    if missing:
        pytest.skip(f"scale-out tests skipped: {missing}")
    tmp = tmp_path_factory.mktemp("scaleout")
    with pg_schema("scaleout") as db_url, redis_db() as redis_url, Servers(tmp) as servers:
        env = base_env(
            tmp,
            RAQIB_DATABASE_URL=db_url,
            RAQIB_REDIS_URL=redis_url,
            RAQIB_MODE="auto",
            RAQIB_CAPTCHA="on",
            RAQIB_RATELIMIT_ENABLED="on",
            RAQIB_RATELIMIT_CHECK="5 per minute",
            RAQIB_RATELIMIT_CAPTCHA_FAILURES="3 per minute",
        )
        cli("db", "upgrade", env=env)
        password, token = add_moderator(env, "admin", role="admin")
        a, b = servers.spawn(env, workers=1), servers.spawn(env, workers=1)
        a.wait_ready()
        b.wait_ready()
        r = call(
            "PUT",
            a.url(f"/api/v1/articles/{ARTICLE_ID}"),
            json_body=ARTICLE,
            headers={"Authorization": f"Bearer {token}"},
        )
        assert r.status == 201, r.text
        yield Cluster(a, b, env, password, token, tmp)


@pytest.fixture(autouse=True)
def fresh_counters(cluster):
    """Every test starts with empty rate-limit counters."""
    flush_redis()


def _form(captcha_id: str, answer: str, comment: str = COMMENT) -> dict[str, str]:
    return {
        "article_id": ARTICLE_ID,
        "name": "Omar",
        "comment": comment,
        "captcha_id": captcha_id,
        "captcha_answer": answer,
    }


def _post(server: Server, body: dict[str, str]):
    return call("POST", server.url("/api/v1/comments"), json_body=body)


def _code(reply) -> str | None:
    reasons = reply.json().get("reasons") or [{}]
    return reasons[0].get("code")


def _issue_in_process(cluster: Cluster, code: str) -> str:
    """A captcha stored through ``service.captcha.issue`` in an app on the shared database."""
    from service import captcha, create_app
    from service.extensions import db

    app = create_app(
        {
            "DATABASE_URL": cluster.env["RAQIB_DATABASE_URL"],
            "SECRET_KEY": SECRET,
            "INSTANCE_PATH": str(cluster.tmp / "in-process"),
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        captcha_id = captcha.issue(SECRET, ttl=600, length=4, code=code)["captcha_id"]
        db.session.remove()
        db.engine.dispose()
    return captcha_id


def _issue_on_a(cluster: Cluster) -> tuple[str, str]:
    """A captcha issued by server A over HTTP, solved from its stored HMAC with the secret.

    The PNG cannot be read by a test, but four digits are only 10,000 candidates.
    """
    from sqlalchemy import create_engine, text

    r = call("GET", cluster.a.url("/api/v1/captcha"))
    assert r.status == 200, r.text
    captcha_id = r.json()["captcha_id"]
    url = cluster.env["RAQIB_DATABASE_URL"].replace("postgresql://", "postgresql+psycopg://", 1)
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            stored = conn.execute(
                text("SELECT answer_hash FROM captchas WHERE id = :id"), {"id": captcha_id}
            ).scalar_one()
    finally:
        engine.dispose()
    for n in range(10_000):
        code = f"{n:04d}"
        msg = f"{captcha_id}:{code}".encode()
        if hmac.new(SECRET.encode(), msg, hashlib.sha256).hexdigest() == stored:
            return captcha_id, code
    raise AssertionError("no 4-digit code matches the stored hash")


@pytest.mark.parametrize("issuer", ["server_a", "in_process"])
def test_captcha_verifies_once_on_either_server(cluster, issuer):
    if issuer == "server_a":
        captcha_id, answer = _issue_on_a(cluster)
    else:
        captcha_id, answer = _issue_in_process(cluster, "1234"), "1234"
    first = _post(cluster.b, _form(captcha_id, answer, f"{COMMENT} ({issuer})"))
    assert first.status == 201, first.text
    for server in (cluster.a, cluster.b):
        replay = _post(server, _form(captcha_id, answer, f"{COMMENT} (replay on {server.port})"))
        assert replay.status == 422, replay.text
        assert _code(replay) == "captcha_invalid"


def test_simultaneous_replays_on_both_servers_succeed_once(cluster):
    captcha_id = _issue_in_process(cluster, "5678")
    gate = threading.Barrier(6, timeout=30)
    replies: list[tuple[int, str | None]] = []
    lock = threading.Lock()

    def attempt(server: Server, n: int) -> None:
        gate.wait()
        r = _post(server, _form(captcha_id, "5678", f"{COMMENT} (race {n})"))
        with lock:
            replies.append((r.status, _code(r) if r.status == 422 else None))

    threads = [
        threading.Thread(target=attempt, args=(s, n), daemon=True)
        for n, s in enumerate([cluster.a, cluster.b] * 3)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(replies) == 6
    assert [r for r in replies if r[0] == 201] == [(201, None)], replies
    # The losers are told the code is spent, or cut off once the failures reach the limit.
    assert {r for r in replies if r[0] != 201} <= {(422, "captcha_invalid"), (429, None)}


def test_rate_limit_counts_requests_on_both_servers(cluster):
    body = {"comment": COMMENT, "article_id": ARTICLE_ID}
    order = [cluster.a] * 3 + [cluster.b] * 3
    replies = [call("POST", s.url("/api/v1/check"), json_body=body) for s in order]
    assert [r.status for r in replies] == [200] * 5 + [429]
    assert int(replies[-1].headers["Retry-After"]) > 0
    assert call("POST", cluster.a.url("/api/v1/check"), json_body=body).status == 429
    # A moderator's token is its own bucket, shared by both servers as well.
    assert (
        call("POST", cluster.b.url("/api/v1/check"), json_body=body, headers=cluster.auth).status
        == 200
    )


def test_captcha_failures_are_counted_on_both_servers(cluster):
    codes = []
    for server in (cluster.a, cluster.b, cluster.a):
        captcha_id = _issue_in_process(cluster, "1111")
        codes.append(_post(server, _form(captcha_id, "2222")).status)
    assert codes == [422, 422, 422]
    captcha_id = _issue_in_process(cluster, "1111")
    cut_off = _post(cluster.b, _form(captcha_id, "1111"))
    assert cut_off.status == 429
    assert int(cut_off.headers["Retry-After"]) > 0


def test_word_list_edit_on_one_server_applies_on_the_other(cluster):
    word = "zorg" + "".join(secrets.choice("bcdfghjkmnpqrstvwxz") for _ in range(6))
    comment = {
        "comment": f"What a {word} take on the coalition's statement.",
        "article_id": ARTICLE_ID,
    }

    def verdict_on_b() -> dict:
        r = call("POST", cluster.b.url("/api/v1/check"), json_body=comment, headers=cluster.auth)
        assert r.status == 200, r.text
        return r.json()

    before = verdict_on_b()  # also fills B's word-list cache
    assert "banned_word" not in {r["code"] for r in before["reasons"]}
    admin = Browser(cluster.a.base)
    assert admin.login("admin", cluster.admin_password).status == 302
    token = admin.csrf("/dashboard/words/banned")
    added = admin.request(
        "POST", "/dashboard/words/banned", form={"term": word, "aliases": "", "csrf_token": token}
    )
    assert added.status == 302, added.text[:500]
    after = verdict_on_b()
    assert after["verdict"] == "reject"
    banned = [r for r in after["reasons"] if r["code"] == "banned_word"]
    assert banned and banned[0]["spans"][0]["text"] == word


def test_commenter_blocked_on_one_server_is_rejected_by_the_other(cluster):
    email = f"troll-{secrets.token_hex(4)}@example.com"

    def post_on_b(text: str) -> dict:
        form = {**_form(_issue_in_process(cluster, "4321"), "4321", text), "email": email}
        r = _post(cluster.b, form)
        assert r.status == 201, r.text
        return r.json()

    before = post_on_b(COMMENT)  # also fills B's list cache
    assert before["status"] != "rejected", before
    admin = Browser(cluster.a.base)
    assert admin.login("admin", cluster.admin_password).status == 302
    token = admin.csrf("/dashboard/commenters")
    added = admin.request(
        "POST",
        "/dashboard/commenters",
        form={"kind": "blocked", "field": "email", "value": email.upper(), "csrf_token": token},
    )
    assert added.status == 302, added.text[:500]
    after = post_on_b(f"{COMMENT} Asking again.")
    assert after["status"] == "rejected"
    assert after["reasons"][0]["code"] == "blocked_commenter"


def test_two_servers_on_one_host_do_not_share_a_control_socket(cluster):
    # Each server logs its socket again after every fork: compare the sets of paths.
    a, b = (
        set(re.findall(r"Control socket listening at (\S+)", server.log()))
        for server in (cluster.a, cluster.b)
    )
    assert not a & b, (a, b)
