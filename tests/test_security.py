"""Hostile input: SQL injection in every field, model-path traversal, email leaks, headers.

Runs through the Flask test client on SQLite and, where reachable, PostgreSQL (conftest's
``app`` fixture). Related tests elsewhere: CSRF, XSS escaping and the dashboard's security
headers in tests/test_dashboard.py; captcha replay, consumption and expiry in tests/test_api.py;
the captcha-failure cut-off in tests/test_limits.py; the production secret key in
tests/test_config.py.
"""

from __future__ import annotations

import pickle
import re
import uuid
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from sqlalchemy import func, inspect, select

from service.config import ConfigError

INJECTIONS = [
    "' OR '1'='1",
    "1; DROP TABLE comments;--",
    '") OR 1=1--',
    "' UNION SELECT email FROM comments--",
    "\u2019 OR \u20181\u2019=\u20181\u2019 -- \u201c) OR 1=1 \u201d",  # typographic quotes
    "\uff07 OR 1=1; DROP TABLE moderators; -- \u02bc",  # fullwidth and modifier apostrophes
    "%' OR name LIKE '%_%",  # LIKE wildcards
    "\\'; SELECT pg_sleep(5); --",
]
# Hostile but syntactically valid addresses: these must be stored as they are.
HOSTILE_EMAILS = [
    "o'reilly'OR'1'='1@example.com",
    "x'UNION/SELECT/email/FROM/comments--@example.com",
    "%'_'%@example.com",
]
PASSWORD = "correct horse battery"
FORM_TOKEN_RE = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
ROW_RE = re.compile(r'<li class="row[^"]*" id="c-(\d+)"')


def counts(app) -> dict[str, int]:
    """Rows per table: the schema must be intact after every attack."""
    from service.extensions import db

    with app.app_context():
        tables = db.metadata.sorted_tables
        present = set(inspect(db.engine).get_table_names())
        assert {t.name for t in tables} <= present, "a table disappeared"
        return {t.name: db.session.scalar(select(func.count()).select_from(t)) for t in tables}


def stored_comment(client, auth, comment_id: int) -> dict:
    r = client.get(f"/api/v1/comments/{comment_id}", headers=auth)
    assert r.status_code == 200
    return r.get_json()


def comment_body(article: str, captcha: tuple[str, str], **fields) -> dict:
    cid, answer = captcha
    body = {
        "article_id": article,
        "name": "Omar",
        "email": "omar@example.com",
        "comment": "The coalition should explain how 300 fighters left Raqqa.",
        "captcha_id": cid,
        "captcha_answer": answer,
    }
    body.update(fields)
    return body


# -- SQL injection: the public API ------------------------------------------------------------
def test_injection_in_stored_comment_fields_is_stored_verbatim(
    app, client, auth, article, solve_captcha
):
    before = counts(app)
    posted = 0
    for field in ("name", "comment", "email", "lang"):
        payloads = HOSTILE_EMAILS if field == "email" else INJECTIONS
        for payload in payloads:
            body = comment_body(article, solve_captcha(), **{field: payload})
            r = client.post("/api/v1/comments", json=body)
            assert r.status_code == 201, (field, payload, r.get_json())
            posted += 1
            stored = stored_comment(client, auth, r.get_json()["id"])
            if field != "lang":
                assert stored[field] == payload
    after = counts(app)
    assert after["comments"] == before["comments"] + posted
    assert after["decisions"] == before["decisions"] + posted
    assert (after["articles"], after["moderators"]) == (before["articles"], before["moderators"])


def test_injection_in_checked_comment_fields_is_refused(app, client, article, solve_captcha):
    before = counts(app)
    for field in ("article_id", "email", "captcha_id", "captcha_answer", "show_email"):
        for payload in INJECTIONS:
            body = comment_body(article, solve_captcha(), **{field: payload})
            r = client.post("/api/v1/comments", json=body)
            assert r.status_code in (400, 422), (field, payload, r.status_code, r.get_json())
    after = counts(app)
    assert {k: v for k, v in after.items() if k != "captchas"} == {
        k: v for k, v in before.items() if k != "captchas"
    }


def test_injection_in_check_fields_is_scored_or_refused(app, client):
    before = counts(app)
    fields = {
        "comment": True,
        "name": True,
        "lang": True,
        "article_id": False,
        "article.title": True,
        "article.body": True,
        "article.language": False,
    }
    for field, ok in fields.items():
        for payload in INJECTIONS:
            body: dict = {"comment": "How did 300 fighters leave Raqqa?"}
            if field.startswith("article."):
                body["article"] = {"title": "Raqqa", "body": "Fighters left Raqqa."}
                body["article"][field.split(".")[1]] = payload
            else:
                body[field] = payload
            r = client.post("/api/v1/check", json=body)
            expected = {200} if ok else {400, 422}
            assert r.status_code in expected, (field, payload, r.status_code, r.get_json())
            if field == "comment":
                for reason in r.get_json()["reasons"]:
                    for span in reason["spans"]:
                        assert payload[span["start"] : span["end"]] == span["text"]
    assert counts(app) == before


def test_injection_in_article_fields_is_stored_verbatim_or_refused(app, client, auth):
    from service.extensions import db
    from service.models import Article

    created = 0
    for field in ("title", "body", "url", "language"):
        for i, payload in enumerate(INJECTIONS):
            body = {"title": "Raqqa", "body": "Fighters left Raqqa.", field: payload}
            r = client.put(f"/api/v1/articles/{field}-{i}", json=body, headers=auth)
            if field == "language":
                assert r.status_code in (400, 422), (payload, r.get_json())
                continue
            assert r.status_code == 201, (payload, r.get_json())
            created += 1
            assert r.get_json()[field] == payload
            with app.app_context():
                assert getattr(db.session.get(Article, f"{field}-{i}"), field) == payload
    assert counts(app)["articles"] == created


def test_injection_in_article_id_path_is_refused(app, client, auth, article):
    before = counts(app)
    for payload in INJECTIONS:
        path = quote(payload, safe="")
        r = client.put(f"/api/v1/articles/{path}", json={"title": "T"}, headers=auth)
        assert r.status_code in (400, 404), (payload, r.status_code)
        r = client.get(f"/api/v1/articles/{path}/comments")
        assert r.status_code == 404, (payload, r.status_code)
    assert counts(app) == before


def test_injection_in_public_list_query_is_refused_or_ignored(app, client, auth, article):
    before = counts(app)
    for param in ("limit", "offset", "lang", "order"):
        for payload in INJECTIONS:
            r = client.get(f"/api/v1/articles/{article}/comments?" + urlencode({param: payload}))
            if param in ("limit", "offset", "order"):  # validated parameters: refused
                assert r.status_code in (400, 422), (payload, r.status_code)
            else:
                assert r.status_code == 200, (payload, r.status_code)
                assert r.get_json()["total"] == 0
    assert counts(app) == before


def test_injection_in_decision_reason_is_audited_verbatim(
    app, client, auth, article, solve_captcha
):
    r = client.post("/api/v1/comments", json=comment_body(article, solve_captcha()))
    cid = r.get_json()["id"]
    before = counts(app)
    actions = ["approve", "reject", "delete"]
    for i, payload in enumerate(INJECTIONS):
        r = client.post(
            f"/api/v1/comments/{cid}/decision",
            json={"action": actions[i % 3], "reason": payload},
            headers=auth,
        )
        assert r.status_code == 200, (payload, r.get_json())
        assert r.get_json()["decisions"][-1]["reason"] == payload
        bad = client.post(
            f"/api/v1/comments/{cid}/decision", json={"action": payload}, headers=auth
        )
        assert bad.status_code in (400, 422), (payload, bad.status_code)
        path = quote(payload, safe="")
        missing = client.post(
            f"/api/v1/comments/{path}/decision", json={"action": "approve"}, headers=auth
        )
        assert missing.status_code == 404, (payload, missing.status_code)
    reasons = [d["reason"] for d in stored_comment(client, auth, cid)["decisions"][1:]]
    assert reasons == INJECTIONS
    after = counts(app)
    assert after["decisions"] == before["decisions"] + len(INJECTIONS)
    assert after["comments"] == before["comments"]


# -- SQL injection: the dashboard -------------------------------------------------------------
@pytest.fixture
def signed_in(app, client):
    """The test client signed in to the dashboard as an admin (CSRF on, like a browser)."""
    from service.auth import create_moderator

    app.config["WTF_CSRF_ENABLED"] = True
    with app.app_context():
        create_moderator("huda", role="admin", password=PASSWORD)
    token = FORM_TOKEN_RE.search(client.get("/dashboard/login").get_data(as_text=True))
    r = client.post(
        "/dashboard/login",
        data={"username": "huda", "password": PASSWORD, "csrf_token": token.group(1)},
    )
    assert r.status_code == 302
    return client


def test_injection_in_dashboard_search_matches_literally(
    app, signed_in, auth, article, solve_captcha
):
    client = signed_in
    ids = {}
    for i, payload in enumerate([*INJECTIONS, "a plain comment about Raqqa"]):
        body = comment_body(
            article,
            solve_captcha(),
            comment=f"Reader {i} says: {payload}",
            email=f"reader{i}@example.com",
        )
        r = client.post("/api/v1/comments", json=body)
        assert r.status_code == 201
        ids[r.get_json()["id"]] = body
    before = counts(app)
    for payload in INJECTIONS:
        r = client.get("/dashboard/queue?" + urlencode({"q": payload}))
        assert r.status_code == 200, payload
        shown = {int(i) for i in ROW_RE.findall(r.get_data(as_text=True))}
        expected = {
            cid
            for cid, body in ids.items()
            if any(payload.lower() in body[k].lower() for k in ("comment", "name", "email"))
        }
        assert shown == expected, payload
        assert len(shown) < len(ids)
        for param in (
            "article",
            "reason",
            "lang",
            "verdict",
            "since",
            "until",
            "order",
            "status",
            "offset",
        ):
            r = client.get("/dashboard/queue?" + urlencode({param: payload}))
            # Not a value these filters take: refused like an API parameter, never run.
            assert r.status_code == 400, (param, payload)
        for path, param, status in (
            ("/dashboard/words/banned", "q", 200),
            ("/dashboard/audit", "actor", 200),
            ("/dashboard/audit", "comment", 400),
            ("/dashboard/stats", "days", 400),
        ):
            r = client.get(f"{path}?" + urlencode({param: payload}))
            assert r.status_code == status, (path, param, payload)
    assert counts(app) == before


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
@pytest.mark.parametrize(
    "surface", ["comment", "name", "article_title", "public_list", "dashboard_search"]
)
def test_nul_character_is_refused_not_a_server_error_on_postgresql(
    app, signed_in, auth, article, solve_captcha, surface
):
    client = signed_in
    nul = "Raqqa\x00' OR '1'='1"
    if surface in ("comment", "name"):
        r = client.post(
            "/api/v1/comments", json=comment_body(article, solve_captcha(), **{surface: nul})
        )
    elif surface == "article_title":
        r = client.put("/api/v1/articles/nul", json={"title": nul}, headers=auth)
    elif surface == "public_list":
        r = client.get(f"/api/v1/articles/{quote(nul, safe='')}/comments")
    else:
        r = client.get("/dashboard/queue?" + urlencode({"q": nul}))
    assert r.status_code < 500


# -- path traversal in model paths ------------------------------------------------------------
def _traversal(tmp_path: Path, kind: str) -> tuple[str, str]:
    """A hostile model path and the file it really leads to."""
    if kind == "dotdot":
        hostile = "../../../../etc/passwd"
        return hostile, str(Path(hostile).resolve())
    if kind == "directory":
        return str(tmp_path), str(tmp_path.resolve())
    link = tmp_path / "relevance.joblib"
    link.symlink_to("/etc/passwd")
    return str(link), "/etc/passwd"


@pytest.mark.parametrize("kind", ["dotdot", "directory", "symlink"])
@pytest.mark.parametrize("variable", ["RAQIB_RELEVANCE_PATH", "RAQIB_NER_PATH"])
def test_model_path_traversal_is_refused_at_start(tmp_path, monkeypatch, variable, kind):
    from service import create_app

    hostile, target = _traversal(tmp_path, kind)
    monkeypatch.setenv(variable, hostile)
    with pytest.raises(ConfigError) as refused:
        create_app(
            {
                "SECRET_KEY": "k",
                "INSTANCE_PATH": str(tmp_path / "instance"),
                "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            }
        )
    # The operator sees where the path really led.
    assert target in str(refused.value)


class _RunsCode:
    """Unpickling this creates a directory: proof that the file's code ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        import os

        return (os.mkdir, (str(self.marker),))


@pytest.mark.parametrize("variable", ["RAQIB_RELEVANCE_PATH", "RAQIB_NER_PATH"])
def test_pickle_outside_the_model_directory_is_never_unpickled(tmp_path, monkeypatch, variable):
    from service import create_app

    marker = tmp_path / "code-ran"
    hostile = tmp_path / "evil.joblib"
    hostile.write_bytes(pickle.dumps(_RunsCode(marker)))
    monkeypatch.setenv(variable, str(hostile))
    with pytest.raises(ConfigError):
        create_app(
            {
                "SECRET_KEY": "k",
                "INSTANCE_PATH": str(tmp_path / "instance"),
                "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            }
        )
    assert not marker.exists(), "the artifact's code ran while loading it"


# -- no email leaks ---------------------------------------------------------------------------
def test_no_public_endpoint_leaks_a_hidden_email(app, client, auth, article, solve_captcha):
    tag = uuid.uuid4().hex[:10]
    hidden = [f"hidden.{tag}.{i}@example.org" for i in range(3)]
    shown = f"shown.{tag}@example.org"
    texts = {}
    for i, (email, show) in enumerate([(e, False) for e in hidden] + [(shown, True)]):
        text = f"Reader number {i} wonders how 300 fighters left Raqqa"
        r = client.post(
            "/api/v1/comments",
            json=comment_body(
                article,
                solve_captcha(),
                email=email,
                comment=text,
                show_email=show,
                name=f"Reader {i}",
            ),
        )
        assert r.status_code == 201, r.get_json()
        cid = r.get_json()["id"]
        texts[cid] = (email, text)
        r = client.post(
            f"/api/v1/comments/{cid}/decision", json={"action": "approve"}, headers=auth
        )
        assert r.status_code == 200
    doc = client.get("/api/v1/openapi.json").get_json()
    seen: dict[str, str] = {}

    def fetch(method: str, path: str, **kwargs) -> None:
        r = client.open(path, method=method, **kwargs)
        assert r.status_code < 500, (path, r.status_code)
        seen[f"{method} {path}"] = r.get_data(as_text=True) + str(r.headers)

    paths = set()
    for template, operations in doc["paths"].items():
        if "get" in operations:  # every GET of the contract, without credentials
            for cid in texts:
                paths.add(
                    template.replace("{article_id}", article).replace("{comment_id}", str(cid))
                )
    assert f"/api/v1/articles/{article}/comments" in paths
    for path in sorted(paths):
        fetch("GET", path)
    for path in (
        "/dashboard/login",
        "/metrics",
        "/healthz",
        "/livez",
        "/api/v1/openapi.json",
        "/api/docs",
        f"/api/v1/articles/{article}/comments?limit=200",
    ):
        fetch("GET", path)
    for cid, (_, text) in texts.items():
        fetch("POST", "/api/v1/check", json={"comment": text, "article_id": article})
        fetch("GET", f"/api/v1/comments/{cid}")  # no token: 401, nothing else
    public = seen[f"GET /api/v1/articles/{article}/comments"]
    assert shown in public, "the owner asked to show this email"
    for email in hidden:
        local = email.split("@")[0]
        leaks = [where for where, body in seen.items() if local in body]
        assert not leaks, (email, leaks)
    # The moderators' API does show it: the search above can find an email when it is there.
    for cid, (email, _) in texts.items():
        assert stored_comment(client, auth, cid)["email"] == email


# -- security headers -------------------------------------------------------------------------
SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def _headers_ok(r) -> None:
    csp = r.headers.get("Content-Security-Policy", "")
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, r.headers
    assert r.headers.get("X-Frame-Options") == "DENY"
    assert r.headers.get("Referrer-Policy") == "same-origin"
    assert r.headers.get("X-Content-Type-Options") == "nosniff"


@pytest.mark.parametrize(
    ("method", "path", "data", "status"),
    [
        ("GET", "/dashboard/login", None, 200),
        ("POST", "/dashboard/login", {"username": "huda", "password": "x"}, 400),  # no CSRF
        ("GET", "/dashboard/no/such/page", None, 302),
        ("GET", "/dashboard/queue", None, 302),
    ],
)
@SQLITE_ONLY
def test_security_headers_for_signed_out_visitors(client, method, path, data, status):
    r = client.open(path, method=method, data=data)
    assert r.status_code == status
    _headers_ok(r)
    assert r.headers.get("Cache-Control") == "no-store"


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/dashboard/comments/999999", 404),
        ("POST", "/dashboard/comments/999999/decision", 400),  # no CSRF token
    ],
)
@SQLITE_ONLY
def test_security_headers_on_dashboard_errors(signed_in, method, path, status):
    r = signed_in.open(path, method=method)
    assert r.status_code == status
    assert "text/html" in r.headers["Content-Type"]
    _headers_ok(r)


@pytest.mark.parametrize(("method", "path"), [("PUT", "/dashboard/queue"), ("GET", "/dashboard")])
@SQLITE_ONLY
def test_security_headers_when_routing_fails_under_dashboard(client, method, path):
    r = client.open(path, method=method)
    assert r.status_code in (308, 405)
    _headers_ok(r)
