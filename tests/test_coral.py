"""Contract tests of the Coral Talk external moderation phase with requests recorded as Coral
builds and signs them (tests/fixtures/coral, made by record.js with Node's crypto, as Coral)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from service.api.coral import coral_response, plain_text, signature_ok
from service.core import CATEGORIES, Reason, Verdict
from service.extensions import db
from service.models import Article, Comment

FIXTURES = Path(__file__).parent / "fixtures" / "coral"
URL = "/api/v1/integrations/coral"
# Coral's own response validation (phases/external.ts, Joi): what it accepts.
CORAL_STATUSES = {"APPROVED", "NONE", "PREMOD", "REJECTED", "SYSTEM_WITHHELD"}
CORAL_REASONS = {"COMMENT_DETECTED_TOXIC", "COMMENT_DETECTED_SPAM"}


def recorded(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


SECRET = recorded("new_en")["secret"]


@pytest.fixture
def app_overrides():
    return {"CORAL_SECRET": SECRET}


def send(client, name: str, **header_changes):
    case = recorded(name)
    headers = {**case["headers"], **header_changes}
    return client.post(URL, data=case["body"].encode(), headers=headers)


def assert_coral_accepts(body: dict) -> None:
    """The response passes Coral's validation of an External Moderation Response."""
    assert set(body) <= {"status", "actions", "tags"}
    if "status" in body:
        assert body["status"] in CORAL_STATUSES
    for action in body.get("actions", []):
        assert set(action) <= {"actionType", "reason", "additionalDetails"}
        assert action["actionType"] == "FLAG" and action["reason"] in CORAL_REASONS
        assert isinstance(action.get("additionalDetails", ""), str)


def stored(app) -> list[Comment]:
    with app.app_context():
        rows = db.session.scalars(select(Comment).order_by(Comment.id)).all()
        for c in rows:
            _ = c.decisions
        return rows


def test_an_ordinary_comment_gets_no_opinion_and_is_stored(client, app):
    r = send(client, "new_en")
    assert r.status_code == 204 and r.data == b""
    (c,) = stored(app)
    assert c.article_id == "coral:245b3856-b0a0-4d2f-a6bb-58c71f18d6a6"
    assert c.name == "coral:baf4e943-3594-4fcc-b2ba-3e8de7a76352"
    assert c.body.startswith("How did 300 fighters") and c.verdict == "approve"
    assert c.user_agent.startswith("Coral Moderation")
    assert c.decisions[0].automatic  # audited like every comment
    with app.app_context():
        article = db.session.get(Article, c.article_id)
        assert article.url == "https://news.example/world/raqqa-2017"


def test_an_arabic_insult_is_rejected_with_a_toxic_flag(client, app):
    r = send(client, "new_ar_offensive")
    assert r.status_code == 200
    body = r.get_json()
    assert_coral_accepts(body)
    assert body["status"] == "REJECTED"
    assert body["actions"][0]["reason"] == "COMMENT_DETECTED_TOXIC"
    assert "offense" in body["actions"][0]["additionalDetails"]
    (c,) = stored(app)
    assert c.verdict == "reject" and c.language == "ar"


def test_spam_reply_signed_with_two_secrets_is_flagged_as_spam(client, app):
    r = send(client, "reply_spam")
    assert r.status_code == 200
    body = r.get_json()
    assert_coral_accepts(body)
    assert "COMMENT_DETECTED_SPAM" in {a["reason"] for a in body["actions"]}


def test_an_html_edit_in_the_nested_tenant_shape_is_read_as_text(client, app):
    r = send(client, "edit_html_tenant_nested")
    assert r.status_code in (200, 204)
    (c,) = stored(app)
    assert c.body == "Edited: the civilians deserve answers.\nSecond paragraph & more."


def test_a_registered_article_with_the_story_url_is_used(client, app, auth):
    article = {
        "title": "International coalition: 300 ISIS fighters might have fled from Raqqa",
        "body": "Col. Ryan Dillon said about 300 militants fled Raqqa among civilians.",
        "url": "https://news.example/world/raqqa-2017",
        "language": "en",
    }
    assert client.put("/api/v1/articles/raqqa", json=article, headers=auth).status_code == 201
    send(client, "new_en")
    (c,) = stored(app)
    assert c.article_id == "raqqa"


def test_a_coral_comment_decided_by_a_moderator_becomes_a_training_label(client, app, auth):
    from training.feedback import load_feedback

    send(client, "new_ar_offensive")
    (c,) = stored(app)
    r = client.post(
        f"/api/v1/comments/{c.id}/decision", json={"action": "reject", "reason": "offense"},
        headers=auth,
    )  # fmt: skip
    assert r.status_code == 200 and r.get_json()["status"] == "rejected"
    with app.app_context():
        examples = load_feedback(engine=db.engine)
    (example,) = [e for e in examples if e.text == c.body]
    assert example.labels == {"offense": 1} and example.language == "ar"


@pytest.mark.parametrize(
    "signature",
    [
        None,
        "",
        "sha256=",
        "sha256=" + "0" * 64,
        "sha1=" + "0" * 40,
        "5be850c381feef0491466983b8294bc1fe306aa0bf9be494a4c90d68403946a2",  # no prefix
    ],
)
def test_missing_or_wrong_signatures_are_refused_and_nothing_is_stored(client, app, signature):
    case = recorded("new_en")
    headers = {k: v for k, v in case["headers"].items() if k != "X-Coral-Signature"}
    if signature is not None:
        headers["X-Coral-Signature"] = signature
    r = client.post(URL, data=case["body"].encode(), headers=headers)
    assert r.status_code == 401
    assert r.get_json()["code"] == 401
    assert stored(app) == []


def test_a_body_changed_after_signing_is_refused(client, app):
    case = recorded("new_en")
    tampered = case["body"].replace("How did", "Why did").encode()
    r = client.post(URL, data=tampered, headers=case["headers"])
    assert r.status_code == 401


@pytest.mark.parametrize(
    "payload",
    [
        b"not json",
        b"[]",
        json.dumps({"action": "NEW"}).encode(),
        json.dumps(
            {
                "action": "DELETE",
                "comment": {"body": "x"},
                "author": {"id": "a"},
                "story": {"id": "s", "url": "u"},
            }
        ).encode(),  # fmt: skip
        json.dumps(
            {
                "action": "NEW",
                "comment": {"body": 5},
                "author": {"id": "a"},
                "story": {"id": "s", "url": "u"},
            }
        ).encode(),  # fmt: skip
    ],
)
def test_malformed_signed_bodies_are_400(client, app, payload):
    from service.api.coral import hashlib, hmac

    sig = "sha256=" + hmac.new(SECRET.encode(), payload, hashlib.sha256).hexdigest()
    r = client.post(URL, data=payload, headers={"Content-Type": "application/json",
                                                 "X-Coral-Signature": sig})  # fmt: skip
    assert r.status_code == 400
    assert stored(app) == []


def test_without_a_secret_the_endpoint_is_off(tmp_path):
    from tests.conftest import make_app

    app = make_app(tmp_path, f"sqlite:///{tmp_path / 'off.sqlite3'}")
    r = send(app.test_client(), "new_en")
    assert r.status_code == 404


def verdict(outcome: str, *codes: str) -> Verdict:
    reasons = tuple(Reason(c, "rule", 0.9) for c in codes)
    return Verdict(outcome, "pending", reasons, dict.fromkeys(CATEGORIES, 0.0), "en", "t")


SETTINGS = {"CORAL_REJECT": "REJECTED", "CORAL_REVIEW": "PREMOD", "CORAL_APPROVE": "204"}


@pytest.mark.parametrize(
    ("outcome", "setting", "value", "status"),
    [
        ("reject", "CORAL_REJECT", "REJECTED", "REJECTED"),
        ("reject", "CORAL_REJECT", "SYSTEM_WITHHELD", "SYSTEM_WITHHELD"),
        ("reject", "CORAL_REJECT", "FLAG", None),
        ("review", "CORAL_REVIEW", "PREMOD", "PREMOD"),
        ("review", "CORAL_REVIEW", "FLAG", None),
        ("review", "CORAL_REVIEW", "NONE", "NONE"),
    ],
)
def test_the_mapping_follows_the_configuration(outcome, setting, value, status):
    body = coral_response(verdict(outcome, "strife", "spam"), {**SETTINGS, setting: value})
    assert_coral_accepts(body)
    assert body.get("status") == status
    assert {a["reason"] for a in body["actions"]} == {
        "COMMENT_DETECTED_TOXIC",
        "COMMENT_DETECTED_SPAM",
    }


@pytest.mark.parametrize(
    ("value", "expected"), [("204", None), ("APPROVED", {"status": "APPROVED"})]
)
def test_approval_is_no_opinion_or_approved(value, expected):
    assert coral_response(verdict("approve"), {**SETTINGS, "CORAL_APPROVE": value}) == expected


def test_mapping_setting_reaches_the_endpoint(tmp_path):
    from tests.conftest import make_app

    app = make_app(
        tmp_path, f"sqlite:///{tmp_path / 'f.sqlite3'}", CORAL_SECRET=SECRET, CORAL_REJECT="flag"
    )
    body = send(app.test_client(), "new_ar_offensive").get_json()
    assert "status" not in body and body["actions"]


def test_signature_check_accepts_any_active_secret():
    body = b'{"a": 1}'
    import hashlib
    import hmac

    new = hmac.new(b"new", body, hashlib.sha256).hexdigest()
    assert signature_ok(["old", "new"], body, f"sha256=aaaa, sha256={new}")
    assert not signature_ok(["old"], body, f"sha256={new}")


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("plain text", "plain text"),
        ("a<br>b", "a\nb"),
        ("<script>alert(1)</script>x", "alert(1)x"),
        ("&lt;b&gt; &amp;", "<b> &"),
    ],
)
def test_html_bodies_become_text(html, text):
    assert plain_text(html) == text
