"""The verdict API through the Flask test client, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from service.core import CATEGORIES

COMMENT_OK = "The coalition should explain how 300 fighters left Raqqa unnoticed."


def post_comment(client, solve_captcha, article, **fields):
    cid, answer = solve_captcha()
    body = {
        "article_id": article,
        "name": "Omar",
        "email": "omar@example.com",
        "comment": COMMENT_OK,
        "captcha_id": cid,
        "captcha_answer": answer,
    }
    body.update(fields)
    return client.post("/api/v1/comments", json={k: v for k, v in body.items() if v is not ...})


def test_article_put_creates_then_updates(client, auth):
    r = client.put("/api/v1/articles/a1", json={"title": "T", "body": "B"}, headers=auth)
    assert r.status_code == 201
    r = client.put("/api/v1/articles/a1", json={"title": "T2", "body": "B2"}, headers=auth)
    assert r.status_code == 200
    assert r.get_json()["title"] == "T2"


def test_article_put_requires_token(client):
    r = client.put("/api/v1/articles/a1", json={"title": "T"})
    assert r.status_code == 401
    assert r.get_json()["code"] == 401


def test_comment_is_stored_with_verdict(client, solve_captcha, article, auth):
    r = post_comment(client, solve_captcha, article)
    assert r.status_code == 201, r.get_json()
    body = r.get_json()
    assert body["verdict"] in ("approve", "reject")
    assert body["status"] == "pending"  # pre mode: every comment waits for a moderator
    assert set(body["scores"]) == set(CATEGORIES)
    assert all(0.0 <= v <= 1.0 for v in body["scores"].values())
    assert body["language"] == "en"
    stored = client.get(f"/api/v1/comments/{body['id']}", headers=auth).get_json()
    assert stored["comment"] == COMMENT_OK
    assert stored["email"] == "omar@example.com"
    assert stored["decisions"][0]["automatic"] is True
    assert stored["decisions"][0]["to_status"] == "pending"


def test_form_encoded_post_is_accepted(client, solve_captcha, article):
    cid, answer = solve_captcha()
    r = client.post(
        "/api/v1/comments",
        data={
            "article_id": article,
            "name": "سلمى",
            "email": "",
            "show_email": "on",
            "comment": "الله يحمي المدنيين في الرقة",
            "captcha_id": cid,
            "captcha_answer": answer,
            "submit": "Send",
        },
    )
    assert r.status_code == 201, r.get_json()
    assert r.get_json()["language"] == "ar"


@pytest.mark.parametrize(
    ("fields", "code", "field"),
    [
        ({"name": ...}, "name_required", "name"),
        ({"name": "   "}, "name_required", "name"),
        ({"name": "x" * 101}, "name_too_long", "name"),
        ({"name": "12345"}, "name_invalid", "name"),
        ({"email": "not-an-email"}, "email_invalid", "email"),
        ({"email": "a@b"}, "email_invalid", "email"),
        ({"comment": ...}, "comment_required", "comment"),
        ({"comment": " \n "}, "comment_required", "comment"),
        ({"comment": "y" * 2001}, "comment_too_long", "comment"),
        ({"captcha_id": ..., "captcha_answer": ...}, "captcha_required", "captcha_answer"),
        ({"article_id": "no-such-article"}, "article_unknown", "article_id"),
    ],
)
def test_invalid_form_is_422_with_reason_and_nothing_stored(
    client, solve_captcha, article, auth, fields, code, field
):
    r = post_comment(client, solve_captcha, article, **fields)
    assert r.status_code == 422
    body = r.get_json()
    assert body["verdict"] == "reject"
    assert {"code": code, "field": field} in [
        {"code": x["code"], "field": x["field"]} for x in body["reasons"]
    ]
    assert field in body["errors"]
    listing = client.get(f"/api/v1/articles/{article}/comments").get_json()
    assert listing["total"] == 0
    assert _count_comments(client.application) == 0


def _count_comments(app) -> int:
    from sqlalchemy import func, select

    from service.extensions import db
    from service.models import Comment

    with app.app_context():
        return db.session.scalar(select(func.count(Comment.id)))


def test_too_long_message_names_the_limit(client, solve_captcha, article):
    r = post_comment(client, solve_captcha, article, comment="y" * 2001)
    reason = r.get_json()["reasons"][0]
    assert "2000" in reason["message"]
    assert "2000" in reason["messages"]["ar"]


def test_arabic_messages_by_accept_language_and_lang_field(client, solve_captcha, article):
    cid, answer = solve_captcha()
    r = client.post(
        "/api/v1/comments",
        json={"article_id": article, "comment": "x", "captcha_id": cid, "captcha_answer": answer},
        headers={"Accept-Language": "ar-JO,ar;q=0.9,en;q=0.5"},
    )
    assert r.status_code == 422
    assert r.get_json()["reasons"][0]["message"] == "يرجى كتابة الاسم."
    r = client.post(
        "/api/v1/comments",
        json={"article_id": article, "comment": "x", "lang": "ar"},
        headers={"Accept-Language": "en"},
    )
    assert "يرجى" in r.get_json()["reasons"][0]["message"]


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        ("{not json", "application/json"),
        ("[1, 2]", "application/json"),
        ("null", "application/json"),
        ('"a string"', "application/json"),
        ("comment=hi", "text/plain"),
    ],
)
def test_malformed_body_is_400(client, article, data, content_type):
    r = client.post("/api/v1/comments", data=data, content_type=content_type)
    assert r.status_code == 400
    body = r.get_json()
    assert body["code"] == 400 and body["message"]


@pytest.mark.parametrize(
    "fields",
    [
        {"name": 42},
        {"comment": ["a", "list"]},
        {"show_email": "maybe"},
        {"article_id": {"x": 1}},
        {"email": 7},
        {"captcha_answer": "9" * 100},
    ],
)
def test_wrong_types_are_400_not_500(client, solve_captcha, article, fields):
    r = post_comment(client, solve_captcha, article, **fields)
    assert r.status_code == 400
    assert "errors" in r.get_json()


def test_captcha_right_once_then_replay_refused(client, solve_captcha, article):
    cid, answer = solve_captcha()
    base = {"article_id": article, "name": "Omar", "comment": COMMENT_OK}
    first = client.post(
        "/api/v1/comments", json={**base, "captcha_id": cid, "captcha_answer": answer}
    )
    assert first.status_code == 201
    replay = client.post(
        "/api/v1/comments", json={**base, "captcha_id": cid, "captcha_answer": answer}
    )
    assert replay.status_code == 422
    assert replay.get_json()["reasons"][0]["code"] == "captcha_invalid"


def test_captcha_wrong_answer_consumes_the_code(client, solve_captcha, article):
    cid, answer = solve_captcha("1234")
    base = {"article_id": article, "name": "Omar", "comment": COMMENT_OK, "captcha_id": cid}
    wrong = client.post("/api/v1/comments", json={**base, "captcha_answer": "9999"})
    assert wrong.get_json()["reasons"][0]["code"] == "captcha_invalid"
    # No second guess on the same code: brute force needs a new captcha each time.
    right = client.post("/api/v1/comments", json={**base, "captcha_answer": "1234"})
    assert right.status_code == 422


def test_captcha_expired(client, solve_captcha, article, app):
    from service.extensions import db
    from service.models import Captcha, utcnow

    cid, answer = solve_captcha()
    with app.app_context():
        row = db.session.get(Captcha, cid)
        row.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    r = client.post(
        "/api/v1/comments",
        json={
            "article_id": article,
            "name": "Omar",
            "comment": COMMENT_OK,
            "captcha_id": cid,
            "captcha_answer": answer,
        },
    )
    assert r.status_code == 422
    assert r.get_json()["reasons"][0]["code"] == "captcha_expired"


def test_captcha_unknown_id(client, article):
    r = client.post(
        "/api/v1/comments",
        json={
            "article_id": article,
            "name": "Omar",
            "comment": COMMENT_OK,
            "captcha_id": "nope",
            "captcha_answer": "1234",
        },
    )
    assert r.get_json()["reasons"][0]["code"] == "captcha_invalid"


def test_captcha_endpoint_gives_png_and_stores_only_a_hash(client, app):
    import base64

    from service.extensions import db
    from service.models import Captcha

    r = client.get("/api/v1/captcha")
    assert r.status_code == 200
    body = r.get_json()
    assert body["expires_in"] == 600
    assert body["image"].startswith("data:image/png;base64,")
    png = base64.b64decode(body["image"].split(",", 1)[1])
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    with app.app_context():
        row = db.session.get(Captcha, body["captcha_id"])
        assert row is not None and len(row.answer_hash) == 64
    # Refresh: another code, another id.
    assert client.get("/api/v1/captcha").get_json()["captcha_id"] != body["captcha_id"]


def test_captcha_audio_variant(client):
    body = client.get("/api/v1/captcha?audio=1").get_json()
    assert body["audio"].startswith("data:audio/wav;base64,")


@pytest.mark.parametrize("app_overrides", [{"CAPTCHA": False}])
def test_captcha_off_needs_no_code(client, article, app_overrides):
    r = client.post(
        "/api/v1/comments", json={"article_id": article, "name": "Omar", "comment": COMMENT_OK}
    )
    assert r.status_code == 201


def test_public_list_shows_only_published_and_hides_unshown_emails(
    client, solve_captcha, article, auth
):
    ids = []
    for name, email, show in [
        ("A", "a@example.com", True),
        ("B", "b@example.com", False),
        ("C", None, True),
    ]:
        r = post_comment(client, solve_captcha, article, name=name, email=email, show_email=show)
        ids.append(r.get_json()["id"])
    pending_only = client.get(f"/api/v1/articles/{article}/comments").get_json()
    assert pending_only["total"] == 0
    for cid in ids:
        r = client.post(
            f"/api/v1/comments/{cid}/decision", json={"action": "approve"}, headers=auth
        )
        assert r.status_code == 200
    listing = client.get(f"/api/v1/articles/{article}/comments")
    body = listing.get_json()
    assert body["total"] == 3
    emails = {c["name"]: c["email"] for c in body["comments"]}
    assert emails == {"A": "a@example.com", "B": None, "C": None}
    assert b"b@example.com" not in listing.data


def test_decisions_are_audited_and_delete_works_on_published(client, solve_captcha, article, auth):
    cid = post_comment(client, solve_captcha, article).get_json()["id"]
    url = f"/api/v1/comments/{cid}/decision"
    assert (
        client.post(url, json={"action": "approve"}, headers=auth).get_json()["status"]
        == "published"
    )
    r = client.post(url, json={"action": "delete", "reason": "later complaint"}, headers=auth)
    assert r.status_code == 200
    body = r.get_json()
    assert body["status"] == "deleted"
    history = [
        (d["action"], d["from_status"], d["to_status"], d["actor"]) for d in body["decisions"]
    ]
    assert history == [
        ("verdict", None, "pending", "raqib"),
        ("approve", "pending", "published", "mona"),
        ("delete", "published", "deleted", "mona"),
    ]
    assert body["decisions"][-1]["reason"] == "later complaint"
    assert client.get(f"/api/v1/articles/{article}/comments").get_json()["total"] == 0


@pytest.mark.parametrize("body", [{"action": "publish"}, {}, {"action": 3}])
def test_bad_decision_is_rejected(client, solve_captcha, article, auth, body):
    cid = post_comment(client, solve_captcha, article).get_json()["id"]
    r = client.post(f"/api/v1/comments/{cid}/decision", json=body, headers=auth)
    assert r.status_code == 400


def test_moderator_endpoints_need_a_valid_token(client, solve_captcha, article):
    cid = post_comment(client, solve_captcha, article).get_json()["id"]
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic abc"}):
        assert client.get(f"/api/v1/comments/{cid}", headers=headers).status_code == 401
        r = client.post(
            f"/api/v1/comments/{cid}/decision", json={"action": "delete"}, headers=headers
        )
        assert r.status_code == 401


def test_unknown_comment_is_404(client, auth):
    assert client.get("/api/v1/comments/999999", headers=auth).status_code == 404


def test_check_stores_nothing(client, article, app):
    r = client.post("/api/v1/check", json={"comment": COMMENT_OK, "article_id": article})
    assert r.status_code == 200
    assert r.get_json()["verdict"] in ("approve", "reject")
    assert _count_comments(app) == 0
    r = client.post(
        "/api/v1/check",
        json={"comment": COMMENT_OK, "article": {"title": "Raqqa", "body": "ISIS fighters"}},
    )
    assert r.status_code == 200
    r = client.post("/api/v1/check", json={"comment": COMMENT_OK, "article_id": "nope"})
    assert r.status_code == 422


def test_batch_check_keeps_order_and_limits_size(client, auth, app):
    items = [{"comment": f"comment number {i} about Raqqa"} for i in range(5)]
    items[2] = {"comment": "شكرا على الخبر"}
    r = client.post("/api/v1/check/batch", json={"items": items}, headers=auth)
    assert r.status_code == 200
    results = r.get_json()["results"]
    assert [x["language"] for x in results] == ["en", "en", "ar", "en", "en"]
    app.config["MAX_BATCH"] = 3
    r = client.post("/api/v1/check/batch", json={"items": items}, headers=auth)
    assert r.status_code == 413
    r = client.post("/api/v1/check/batch", json={"items": [{"comment": ""}]}, headers=auth)
    assert r.status_code == 200
    (only,) = r.get_json()["results"]
    assert only["ok"] is False and only["error"]["code"] == 422


def test_healthz_and_metrics(app, client, solve_captcha, article):
    health = client.get("/healthz").get_json()
    assert health["status"] == "ok" and health["database"] == "ok"
    # The classifier's version plus a digest of the other model files in use.
    classifier, digest = health["model_version"].split("+")
    assert classifier == app.extensions["raqib"].models["classifier"].version
    assert re.fullmatch(r"[0-9a-f]{8}", digest)
    post_comment(client, solve_captcha, article)
    text = client.get("/metrics").get_data(as_text=True)
    assert "raqib_http_requests_total" in text
    assert "raqib_verdicts_total" in text


def test_livez_needs_no_database_and_sets_nosniff(client):
    r = client.get("/livez")
    assert r.get_json() == {"status": "ok"}
    assert r.headers["X-Content-Type-Options"] == "nosniff"


def test_openapi_document_lists_the_contract(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    for path in ("/api/v1/comments", "/api/v1/check", "/api/v1/captcha", "/healthz"):
        assert path in spec["paths"]
    assert client.get("/api/docs").status_code == 200
    assert client.get("/api/docs/static/swagger-ui-bundle.js").status_code == 200


def test_oversized_body_is_413(client, article):
    r = client.post(
        "/api/v1/comments",
        data=b"{" + b" " * (3 * 1024 * 1024) + b"}",
        content_type="application/json",
    )
    assert r.status_code == 413
    assert r.get_json()["code"] == 413


def test_unknown_route_and_method_use_the_error_shape(client):
    r = client.get("/api/v1/nothing-here")
    assert r.status_code == 404 and r.get_json()["code"] == 404
    r = client.delete("/api/v1/check")
    assert r.status_code == 405 and r.get_json()["code"] == 405


@pytest.mark.parametrize("bad", ["\ud800", "a\x00b", "x\udfff"])
@pytest.mark.parametrize("field", ["comment", "name", "email"])
def test_unstorable_text_is_400_and_keeps_the_captcha(client, solve_captcha, article, bad, field):
    cid, answer = solve_captcha()
    body = {
        "article_id": article,
        "name": "Omar",
        "comment": COMMENT_OK,
        "captcha_id": cid,
        "captcha_answer": answer,
    }
    body[field] = bad
    import json as _json

    raw = _json.dumps(body)  # ensure_ascii escapes lone surrogates as \\udXXX
    r = client.post("/api/v1/comments", data=raw, content_type="application/json")
    assert r.status_code == 400
    body[field] = {"comment": COMMENT_OK, "name": "Omar", "email": "o@example.com"}[field]
    assert client.post("/api/v1/comments", json=body).status_code == 201


@pytest.mark.parametrize("bad", ["\ud800", "a\x00b"])
def test_unstorable_text_in_check_and_article_is_400(client, auth, bad):
    import json as _json

    r = client.post(
        "/api/v1/check", data=_json.dumps({"comment": bad}), content_type="application/json"
    )
    assert r.status_code == 400
    r = client.put(
        "/api/v1/articles/x",
        data=_json.dumps({"title": bad}),
        content_type="application/json",
        headers=auth,
    )
    assert r.status_code == 400


def test_arabic_comment_gets_arabic_messages_without_accept_language(client, article):
    r = client.post("/api/v1/comments", json={"article_id": article, "comment": "تعليق بدون اسم"})
    assert r.status_code == 422
    body = r.get_json()
    assert body["message"] == "في النموذج أخطاء."
    assert body["reasons"][0]["message"] == "يرجى كتابة الاسم."
    assert body["messages"]["en"] == "The form has errors."


def test_error_summary_follows_accept_language(client):
    r = client.get("/api/v1/nothing", headers={"Accept-Language": "ar"})
    assert r.status_code == 404 and r.get_json()["message"] == "غير موجود."


@pytest.mark.parametrize("query", ["limit=abc", "limit=0", "offset=-1"])
def test_bad_query_parameters_are_400_in_the_error_shape(client, article, query):
    r = client.get(f"/api/v1/articles/{article}/comments?{query}")
    assert r.status_code == 400
    assert r.get_json()["code"] == 400 and "errors" in r.get_json()


def test_database_outage_is_503_with_retry_after_not_500(client, article, monkeypatch):
    from sqlalchemy.exc import OperationalError

    import service.intake as intake_module

    def down(**_kwargs):
        raise OperationalError("INSERT", {}, Exception("connection refused"))

    monkeypatch.setattr(intake_module, "create_comment", down)
    monkeypatch.setitem(client.application.config, "CAPTCHA", False)
    r = client.post(
        "/api/v1/comments", json={"article_id": article, "name": "Omar", "comment": COMMENT_OK}
    )
    assert r.status_code == 503
    assert r.headers["Retry-After"] == "5"
    assert "nothing was stored" in r.get_json()["message"]


def test_public_list_newest_first_carries_the_article_language(client, auth, app):
    from service.core import CATEGORIES, Verdict
    from service.store import create_comment

    client.put("/api/v1/articles/ar1", json={"title": "الرقة", "language": "ar"}, headers=auth)
    with app.app_context():
        verdict = Verdict("approve", "published", (), dict.fromkeys(CATEGORIES, 0.0), "ar", "t")
        ids = [
            create_comment(
                article_id="ar1", name="سلمى", email=None, show_email=False, body=f"تعليق {i}",
                verdict=verdict, ip=None, user_agent=None, secret="s",
            ).id
            for i in range(3)
        ]  # fmt: skip
    newest = client.get("/api/v1/articles/ar1/comments?order=newest&limit=2").get_json()
    assert newest["language"] == "ar" and newest["total"] == 3
    assert [c["id"] for c in newest["comments"]] == ids[::-1][:2]
    oldest = client.get("/api/v1/articles/ar1/comments").get_json()
    assert [c["id"] for c in oldest["comments"]] == ids
    assert client.get("/api/v1/articles/ar1/comments?order=random").status_code == 400
