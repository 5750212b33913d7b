"""Issue 11 (hardening), in process: bounds before text work, JSON nesting, batch items, captcha
digits, metrics labels, docs headers, names with bidi controls.

The live-server parts (slow clients, rate limits shared by workers, the pid file) are in
tests/test_hardening_live.py; accounts and sessions in tests/test_accounts.py.
"""

from __future__ import annotations

import json

import pytest

LONG_COMMENTS = {
    "at-a": "@a" * 60_000,  # 120 KB
    "digits": "1" * 120_000,
    "arabic": "كلام " * 24_000,
}


@pytest.fixture
def text_spy(monkeypatch):
    """Records the length of every text given to language detection by the API."""
    seen: list[int] = []

    def detect(text: str) -> str:
        seen.append(len(text))
        return "en"

    monkeypatch.setattr("service.api.detect_language", detect)
    return seen


# -- 1. length limits before any text work ----------------------------------------------------
@pytest.mark.parametrize("kind", sorted(LONG_COMMENTS))
@pytest.mark.parametrize("how", ["comments-json", "comments-form", "check"])
def test_a_long_comment_is_refused_before_any_text_work(
    app, client, article, solve_captcha, text_spy, monkeypatch, kind, how
):
    def no_verdict(*_a, **_k):
        raise AssertionError("a comment over the limit reached the verdict")

    monkeypatch.setattr(app.extensions["raqib"], "moderate", no_verdict)
    cid, answer = solve_captcha()
    body = {
        "article_id": article,
        "name": "Omar",
        "comment": LONG_COMMENTS[kind],
        "captcha_id": cid,
        "captcha_answer": answer,
    }
    if how == "comments-json":
        r = client.post("/api/v1/comments", json=body)
    elif how == "comments-form":
        r = client.post("/api/v1/comments", data=body)
    else:
        r = client.post("/api/v1/check", json={"comment": body["comment"]})
    assert r.status_code == 422, r.get_data(as_text=True)[:300]
    payload = r.get_json()
    assert payload["code"] == 422 and payload["verdict"] == "reject"
    assert [x["code"] for x in payload["reasons"]] == ["comment_too_long"]
    assert text_spy and max(text_spy) <= app.config["MAX_COMMENT_LENGTH"]


def test_the_comment_limit_applies_to_the_language_of_a_valid_comment_too(client, text_spy):
    r = client.post("/api/v1/check", json={"comment": "x" * 1999})
    assert r.status_code == 200
    assert max(text_spy) == 1999


def test_a_long_email_is_invalid_before_it_is_parsed(client, article, monkeypatch):
    def no_parse(*_a, **_k):
        raise AssertionError("a 100 KB address reached the email parser")

    monkeypatch.setattr("service.api.schemas.validate_email", no_parse)
    body = {"article_id": article, "name": "Omar", "comment": "About Raqqa"}
    r = client.post("/api/v1/comments", json={**body, "email": "a" * 100_000 + "@example.com"})
    assert r.status_code == 422
    assert "email_invalid" in [x["code"] for x in r.get_json()["reasons"]]


def test_too_many_batch_items_are_refused_before_any_item_is_read(client, auth, app):
    app.config["MAX_BATCH"] = 10
    r = client.post("/api/v1/check/batch", json={"items": [1] * 11}, headers=auth)
    assert r.status_code == 413
    assert r.get_json()["code"] == 413


@pytest.mark.parametrize(
    "app_overrides", [{"RATELIMIT_ENABLED": True, "RATELIMIT_CHECK": "10 per minute"}]
)
def test_an_inline_article_costs_what_its_text_would_cost_as_comments(client, app_overrides):
    # 9 x 2,000 characters of article: ten requests' worth of the limit in one.
    article = {"title": "Raqqa", "body": "Fighters left Raqqa. " * 850}
    body = {"comment": "How did they leave?", "article": article}
    assert client.post("/api/v1/check", json=body).status_code == 200
    r = client.post("/api/v1/check", json={"comment": "How did they leave?"})
    assert r.status_code == 429
    assert r.get_json()["code"] == 429


CORAL_SECRET = "coral-hardening-secret"


def _coral(client, text: str):
    """A signed Coral request for one comment."""
    import hashlib
    import hmac

    payload = json.dumps(
        {
            "action": "NEW",
            "comment": {"body": text},
            "author": {"id": "reader-1"},
            "story": {"id": "s1", "url": "https://news.example/s1"},
        }
    ).encode()
    sig = "sha256=" + hmac.new(CORAL_SECRET.encode(), payload, hashlib.sha256).hexdigest()
    headers = {"Content-Type": "application/json", "X-Coral-Signature": sig}
    return client.post("/api/v1/integrations/coral", data=payload, headers=headers)


@pytest.mark.parametrize("app_overrides", [{"CORAL_SECRET": CORAL_SECRET}])
@pytest.mark.parametrize("kind", ["at-a", "domain"])
def test_a_long_coral_comment_is_held_for_review_without_running_the_checks(
    app, client, monkeypatch, app_overrides, kind
):
    # Coral's readers are not bound by Raqib's form: 100,000 characters of "a.com " took 9 s
    # of checks (the spam and offense rules grow faster than the text).
    def no_verdict(*_a, **_k):
        raise AssertionError("a Coral comment over the limit reached the checks")

    monkeypatch.setattr(app.extensions["raqib"], "moderate", no_verdict)
    text = {"at-a": "@a" * 50_000, "domain": "a.com " * 16_666}[kind]
    r = _coral(client, text)
    assert r.status_code == 200, r.get_data(as_text=True)[:300]
    body = r.get_json()
    assert body["status"] == "PREMOD"
    assert "comment_too_long" in body["actions"][0]["additionalDetails"]
    from service.extensions import db
    from service.models import Comment

    with app.app_context():
        (c,) = db.session.query(Comment).all()
        assert (c.verdict, c.status) == ("review", "pending")
        assert [x["code"] for x in c.reasons] == ["comment_too_long"]
        assert len(c.body) == len(text.strip())


@pytest.mark.parametrize("app_overrides", [{"CORAL_SECRET": CORAL_SECRET}])
def test_a_coral_comment_at_the_limit_is_checked(app, client, app_overrides):
    text = ("About the fighters who left Raqqa. " * 60)[: app.config["MAX_COMMENT_LENGTH"]]
    assert _coral(client, text).status_code == 204
    from service.extensions import db
    from service.models import Comment

    with app.app_context():
        (c,) = db.session.query(Comment).all()
        assert c.verdict == "approve" and "comment_too_long" not in str(c.reasons)


def test_an_inline_article_is_bounded_like_a_stored_one(client, auth):
    body = "x" * 200_001
    stored = client.put("/api/v1/articles/big", json={"title": "t", "body": body}, headers=auth)
    inline = client.post(
        "/api/v1/check", json={"comment": "hi", "article": {"title": "t", "body": body}}
    )
    assert stored.status_code == inline.status_code == 400


# -- 3. deep JSON ------------------------------------------------------------------------------
JSON_ENDPOINTS = [
    ("PUT", "/api/v1/articles/deep", True),
    ("POST", "/api/v1/comments", False),
    ("POST", "/api/v1/check", False),
    ("POST", "/api/v1/check/batch", True),
    ("POST", "/api/v1/comments/1/decision", True),
]
DEEP_BODIES = {
    "100k-objects": '{"a":' * 100_000 + "1" + "}" * 100_000,
    "100k-arrays": "[" * 100_000 + "]" * 100_000,
    "40-levels-in-a-field": json.dumps({"comment": "hi", "article": {"title": "t", "body": "b"}})[
        :-1
    ]
    + ', "extra": '
    + "[" * 40
    + "]" * 40
    + "}",
}


@pytest.mark.parametrize("deep", sorted(DEEP_BODIES))
@pytest.mark.parametrize(("method", "path", "needs_token"), JSON_ENDPOINTS)
def test_deeply_nested_json_is_a_400_in_the_error_shape(
    client, auth, method, path, needs_token, deep
):
    headers = auth if needs_token else {}
    r = client.open(
        path,
        method=method,
        data=DEEP_BODIES[deep],
        content_type="application/json",
        headers=headers,
    )
    assert r.status_code == 400, r.get_data(as_text=True)[:300]
    payload = r.get_json()
    assert payload["code"] == 400 and "nested" in payload["message"]


def test_nesting_within_the_bound_is_parsed(client):
    body = {"comment": "About Raqqa", "extra": [[[["fine"]]]]}
    assert client.post("/api/v1/check", json=body).status_code == 200


def test_the_json_provider_refuses_deep_documents_everywhere(app):
    from service.bodies import JSONTooDeep

    with app.app_context():
        assert app.json.loads("[[1]]") == [[1]]
        with pytest.raises(JSONTooDeep):
            app.json.loads("[" * 33 + "]" * 33)
        with pytest.raises(ValueError):
            app.json.loads("[" * 100_000 + "]" * 100_000)


# -- 13. batch: a result or an error per item --------------------------------------------------
def test_one_bad_row_does_not_sink_the_batch(client, auth, article):
    items = [{"comment": f"Comment {i} about the fighters who left Raqqa"} for i in range(6)]
    items[1] = {"comment": "x" * 2001}
    items[3] = {"comment": "about Raqqa", "article_id": "no-such-article"}
    items[4] = "not an object"
    items[5] = {"comment": 42}
    r = client.post("/api/v1/check/batch", json={"items": items, "lang": "ar"}, headers=auth)
    assert r.status_code == 200, r.get_data(as_text=True)[:300]
    results = r.get_json()["results"]
    assert len(results) == 6
    assert [x["ok"] for x in results] == [True, False, True, False, False, False]
    assert results[0]["verdict"] in ("approve", "review", "reject")
    assert results[1]["error"]["code"] == 422
    assert [x["code"] for x in results[1]["error"]["reasons"]] == ["comment_too_long"]
    assert results[1]["error"]["reasons"][0]["message"].startswith("التعليق طويل")
    assert results[3]["error"]["reasons"][0]["code"] == "article_unknown"
    assert results[4]["error"]["code"] == results[5]["error"]["code"] == 400
    assert "verdict" not in results[4]


def test_the_batch_shape_is_in_the_openapi_document(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    schemas = spec["components"]["schemas"]
    item = schemas["BatchItemOut"]["properties"]
    assert {"ok", "error", "verdict", "reasons"} <= set(item)
    assert {"code", "message", "reasons", "errors"} <= set(schemas["ItemErrorOut"]["properties"])


# -- 6. captcha answers in any decimal digits -------------------------------------------------
@pytest.mark.parametrize(
    "typed",
    ["٤٨٢١", "۴۸۲۱", "４８２１", " 4 8 2 1 ", "4٨2۱"],
    ids=["arabic-indic", "persian", "full-width", "spaced", "mixed"],
)
def test_captcha_answers_in_other_digits_are_folded(client, solve_captcha, article, typed):
    cid, _ = solve_captcha("4821")
    body = {
        "article_id": article,
        "name": "سلمى",
        "comment": "الله يحمي المدنيين في الرقة",
        "captcha_id": cid,
        "captcha_answer": typed,
    }
    r = client.post("/api/v1/comments", json=body)
    assert r.status_code == 201, r.get_json()


def test_a_wrong_answer_in_arabic_digits_is_still_wrong(client, solve_captcha, article):
    cid, _ = solve_captcha("4821")
    body = {"article_id": article, "name": "Omar", "comment": "About Raqqa"}
    r = client.post("/api/v1/comments", json={**body, "captcha_id": cid, "captcha_answer": "٤٨٢٢"})
    assert r.status_code == 422 and r.get_json()["reasons"][0]["code"] == "captcha_invalid"


# -- 12. metrics labels, docs headers, names with bidi controls -------------------------------
def test_unknown_http_methods_share_one_metrics_series(client):
    for i in range(5):
        assert client.open("/livez", method=f"BREW{i}").status_code == 405
    text = client.get("/metrics").get_data(as_text=True)
    assert 'method="BREW' not in text
    assert 'method="other"' in text


@pytest.mark.parametrize("path", ["/api/docs", "/api/docs/static/swagger-ui-bundle.js"])
def test_api_docs_get_the_dashboards_security_headers(client, path):
    from service.dashboard import SECURITY_HEADERS

    r = client.get(path)
    assert r.status_code == 200
    for name, value in SECURITY_HEADERS.items():
        assert r.headers.get(name) == value, name


def test_api_docs_page_has_no_inline_script(client):
    import re

    html = client.get("/api/docs").get_data(as_text=True)
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts and all("src=" in attrs and not body.strip() for attrs, body in scripts)
    init = re.search(r'<script src="([^"]*swagger-init[^"]*)"', html).group(1)
    assert client.get(init).status_code == 200


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Admin\u202e nimdA", "Admin nimdA"),
        ("\u2067سلمى\u2069", "سلمى"),
        ("Omar\u200f\u202d", "Omar"),
    ],
)
def test_bidi_controls_are_stripped_from_names(
    client, auth, solve_captcha, article, typed, stored
):
    cid, answer = solve_captcha()
    body = {
        "article_id": article,
        "name": typed,
        "comment": "About the fighters who left Raqqa",
        "captcha_id": cid,
        "captcha_answer": answer,
    }
    r = client.post("/api/v1/comments", json=body)
    assert r.status_code == 201, r.get_json()
    got = client.get(f"/api/v1/comments/{r.get_json()['id']}", headers=auth).get_json()
    assert got["name"] == stored


def test_a_name_of_bidi_controls_only_is_no_name(client, article):
    body = {"article_id": article, "name": "\u202e\u202d", "comment": "About Raqqa"}
    r = client.post("/api/v1/comments", json=body)
    assert r.status_code == 422
    assert r.get_json()["reasons"][0]["code"] == "name_required"


# -- 5. a trusted site names its readers -------------------------------------------------------
def _form(article, captcha, comment="About the fighters who left Raqqa", **extra):
    cid, answer = captcha
    return {
        "article_id": article,
        "name": "Omar",
        "comment": comment,
        "captcha_id": cid,
        "captcha_answer": answer,
        **extra,
    }


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"X-Raqib-Reader-IP": "203.0.113.7"}, 401),
        ({"X-Raqib-Reader-IP": "203.0.113.7", "Authorization": "Bearer rqb_invented"}, 401),
        ({"X-Raqib-Reader-IP": "not an address", "auth": True}, 400),
        ({"X-Raqib-Reader-IP": "203.0.113.7, 10.0.0.1", "auth": True}, 400),
        ({"X-Raqib-Reader-IP": "2001:db8::7", "auth": True}, 200),
    ],
)
def test_the_reader_header_needs_a_valid_token_and_an_address(client, auth, headers, status):
    headers = dict(headers)
    if headers.pop("auth", False):
        headers.update(auth)
    r = client.post("/api/v1/check", json={"comment": "About Raqqa"}, headers=headers)
    assert r.status_code == status
    assert r.get_json()["code" if status != 200 else "verdict"]


@pytest.mark.parametrize(
    "app_overrides", [{"RATELIMIT_ENABLED": True, "RATELIMIT_COMMENTS": "2 per minute"}]
)
def test_a_sites_backend_gets_limits_per_reader(app, client, auth, article, solve_captcha):
    def post(reader: str, n: int):
        headers = {**auth, "X-Raqib-Reader-IP": reader}
        body = _form(article, solve_captcha(), comment=f"Comment {n} of {reader} about Raqqa")
        return client.post("/api/v1/comments", json=body, headers=headers)

    assert [post("198.51.100.1", n).status_code for n in range(3)] == [201, 201, 429]
    assert post("198.51.100.2", 0).status_code == 201
    from service.extensions import db
    from service.models import Comment

    with app.app_context():
        hashes = [c.ip_hash for c in db.session.query(Comment).order_by(Comment.id)]
    assert hashes[0] == hashes[1] != hashes[2]


@pytest.mark.parametrize(
    "app_overrides", [{"RATELIMIT_ENABLED": True, "RATELIMIT_CAPTCHA_FAILURES": "3 per minute"}]
)
def test_the_captcha_lockout_is_per_named_reader(client, auth, article, solve_captcha):
    def attempt(reader: str, right: bool):
        cid, answer = solve_captcha("1111")
        body = _form(article, (cid, answer if right else "2222"))
        headers = {**auth, "X-Raqib-Reader-IP": reader}
        return client.post("/api/v1/comments", json=body, headers=headers).status_code

    assert [attempt("198.51.100.9", False) for _ in range(4)] == [422, 422, 422, 429]
    assert attempt("198.51.100.9", True) == 429
    assert attempt("198.51.100.10", True) == 201


@pytest.mark.parametrize(
    "app_overrides",
    [
        {
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_CAPTCHA_FAILURES": "3 per minute",
            "RATELIMIT_CAPTCHA_FAILURES_ADDRESS": "5 per minute",
        }
    ],
)
def test_one_reader_behind_a_shared_address_does_not_lock_out_the_others(
    client, article, solve_captcha
):
    def attempt(browser: str, right: bool):
        cid, answer = solve_captcha("1111")
        body = _form(article, (cid, answer if right else "2222"))
        return client.post("/api/v1/comments", json=body, headers={"User-Agent": browser})

    assert [attempt("Firefox A", False).status_code for _ in range(4)] == [422, 422, 422, 429]
    assert attempt("Chrome B", True).status_code == 201
    # Changing the browser on every guess still meets the address's ceiling.
    codes = [attempt(f"Bot {i}", False).status_code for i in range(3)]
    assert codes == [422, 422, 429]


# -- 4. counters shared by the workers of one server -------------------------------------------
def _hammer(uri: str, n: int) -> None:
    from service.ratelimit import SQLiteStorage

    storage = SQLiteStorage(uri)
    for _ in range(n):
        storage.incr("shared", 60)


def test_the_counters_file_counts_every_hit_of_concurrent_processes(tmp_path):
    import multiprocessing

    from service.ratelimit import SQLiteStorage, storage_uri

    uri = storage_uri(tmp_path / "counters.sqlite3")
    ctx = multiprocessing.get_context("fork")
    procs = [ctx.Process(target=_hammer, args=(uri, 250)) for _ in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=60)
    assert all(p.exitcode == 0 for p in procs)
    storage = SQLiteStorage(uri)
    assert storage.get("shared") == 1000
    assert storage.get_expiry("shared") > storage.get_expiry("absent")
    storage.clear("shared")
    assert storage.get("shared") == 0


def test_an_expired_window_starts_again(tmp_path):
    from service.ratelimit import SQLiteStorage, storage_uri

    storage = SQLiteStorage(storage_uri(tmp_path / "c.sqlite3"))
    assert [storage.incr("k", 0) for _ in range(3)] == [1, 1, 1]
    assert [storage.incr("j", 60, amount=2) for _ in range(2)] == [2, 4]
    assert storage.check() and storage.reset() == 2


def test_limits_use_the_shared_file_unless_redis_is_configured(tmp_path):
    from service import create_app

    base = {"SECRET_KEY": "k", "INSTANCE_PATH": str(tmp_path)}
    local = create_app(base).config["RATELIMIT_STORAGE_URI"]
    assert local == f"raqib+sqlite://{tmp_path.resolve()}/ratelimits.sqlite3"
    shared = create_app({**base, "REDIS_URL": "redis://127.0.0.1:6379/12"})
    assert shared.config["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/12"
