"""Webhooks in process: the outbox written with comments and decisions, signing, delivery,
retries with backoff, leases, pausing, rotation (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from service.config import ConfigError
from service.core import CATEGORIES, Verdict
from service.extensions import db
from service.models import Article, Moderator, utcnow
from service.store import apply_decision, create_comment
from service.webhooks import delivery as dl
from service.webhooks.admin import (
    EndpointError,
    check_url,
    create_endpoint,
    endpoint_rows,
    rotate_secret,
    send_test,
    update_endpoint,
)
from service.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent
from service.webhooks.outbox import EVENT_TYPES
from tests.webhook_receiver import Receiver

FAST = dl.Settings(timeout=2.0, lease=5.0, backoff=0.01, backoff_max=0.02, retry_for=3600)


@pytest.fixture
def ctx(app):
    with app.app_context():
        db.session.add(Article(id="w1", title="Raqqa", body="", language="en"))
        db.session.add(Moderator(username="mona", role="moderator"))
        db.session.commit()
        yield app


@pytest.fixture
def receiver():
    r = Receiver().start()
    yield r
    r.stop()


def store(status: str = "pending", *, show_email: bool = False, body: str = "A comment"):
    verdict = Verdict("approve", status, (), dict.fromkeys(CATEGORIES, 0.0), "en", "t-1")
    return create_comment(
        article_id="w1",
        name="Omar",
        email="omar@example.com",
        show_email=show_email,
        body=body,
        verdict=verdict,
        ip="127.0.0.1",
        user_agent="test",
        secret="s",
    )


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def moderator() -> Moderator:
    return db.session.scalar(select(Moderator).where(Moderator.username == "mona"))


def endpoint(url: str = "http://127.0.0.1:9/hook", events=EVENT_TYPES) -> WebhookEndpoint:
    return create_endpoint(url, list(events), created_by="test")


def test_without_endpoints_nothing_is_written(ctx):
    store()
    assert count(WebhookEvent) == 0 and count(WebhookDelivery) == 0


def test_a_comment_and_its_event_are_committed_together(ctx):
    ep = endpoint()
    comment = store()
    event = db.session.scalar(select(WebhookEvent))
    assert event.type == "comment.created" and event.comment_id == comment.id
    data = event.payload["data"]["comment"]
    assert data["id"] == comment.id and data["comment"] == "A comment"
    assert data["status"] == "pending"
    assert data["email"] is None  # not ticked "show email": the address stays private
    assert event.payload["id"] == event.event_id and event.payload["sequence"] == event.id
    (d,) = db.session.scalars(select(WebhookDelivery)).all()
    assert (d.endpoint_id, d.status, d.attempts) == (ep.id, "pending", 0)


def test_email_travels_only_when_shown(ctx):
    endpoint()
    store(show_email=True)
    event = db.session.scalar(select(WebhookEvent))
    assert event.payload["data"]["comment"]["email"] == "omar@example.com"


def test_a_decision_that_fails_to_commit_leaves_no_event(ctx, monkeypatch):
    endpoint(events=["comment.approved"])
    comment = store()

    def broken():
        raise RuntimeError("disk full")

    monkeypatch.setattr(db.session, "commit", broken)
    with pytest.raises(RuntimeError):
        apply_decision(comment, "approve", moderator())
    monkeypatch.undo()
    db.session.rollback()
    assert count(WebhookEvent) == 0
    assert db.session.get(type(comment), comment.id).status == "pending"


@pytest.mark.parametrize(
    ("action", "event_type", "status"),
    [
        ("approve", "comment.approved", "published"),
        ("reject", "comment.rejected", "rejected"),
        ("delete", "comment.deleted", "deleted"),
    ],
)
def test_each_decision_emits_its_event(ctx, action, event_type, status):
    endpoint()
    comment = store()
    apply_decision(comment, action, moderator(), "spam: a note")
    event = db.session.scalars(select(WebhookEvent).order_by(WebhookEvent.id.desc())).first()
    assert event.type == event_type
    assert event.payload["data"]["comment"]["status"] == status
    decision = event.payload["data"]["decision"]
    assert decision == {
        "action": action,
        "from_status": "pending",
        "to_status": status,
        "actor": "mona",
        "automatic": False,
        "reason": "spam: a note",
    }


@pytest.mark.parametrize(
    ("action", "undone_type"),
    [
        ("approve", "comment.approved"),
        ("reject", "comment.rejected"),
        ("delete", "comment.deleted"),
    ],
)
def test_an_undo_tells_those_who_were_told_of_the_decision(ctx, action, undone_type):
    from service.undo import undo_decision

    told = endpoint(events=[undone_type])
    endpoint(events=["comment.created"])  # never told of decisions: not told of their undoing
    comment = store()
    decision = apply_decision(comment, action, moderator())
    undo = undo_decision(decision, moderator())
    assert undo is not None
    event = db.session.scalars(select(WebhookEvent).order_by(WebhookEvent.id.desc())).first()
    assert event.type == "comment.undone"
    assert event.payload["data"]["comment"]["status"] == "pending"  # no longer to be shown
    assert event.payload["data"]["decision"] == {
        "action": "undo",
        "from_status": decision.to_status,
        "to_status": "pending",
        "actor": "mona",
        "automatic": False,
        "reason": f"#{decision.id}",
        "undoes": undone_type,
    }
    (d,) = db.session.scalars(select(WebhookDelivery).where(WebhookDelivery.event_id == event.id))
    assert d.endpoint_id == told.id


def test_a_refused_undo_sends_nothing(ctx):
    from service.undo import undo_decision

    endpoint()
    comment = store()
    first = apply_decision(comment, "approve", moderator())
    apply_decision(comment, "reject", moderator())  # decided since: the Undo is refused
    before = count(WebhookEvent)
    assert undo_decision(first, moderator()) is None
    assert count(WebhookEvent) == before


def test_the_undone_event_arrives_signed(ctx, receiver):
    from service.undo import undo_decision

    ep = endpoint(receiver.url, events=["comment.approved"])
    receiver.secret = ep.secret
    comment = store()
    undo_decision(apply_decision(comment, "approve", moderator()), moderator())
    dl.deliver_due("t", FAST)
    assert [r.event["type"] for r in receiver.received] == ["comment.approved", "comment.undone"]
    assert all(r.verified for r in receiver.received)
    seqs = [r.event["sequence"] for r in receiver.received]
    assert seqs == sorted(seqs)


def test_only_subscribed_and_active_endpoints_get_deliveries(ctx):
    only_deleted = endpoint(events=["comment.deleted"])
    paused = endpoint()
    update_endpoint(paused, url=paused.url, events=EVENT_TYPES, description=None, active=False)
    comment = store()
    assert count(WebhookEvent) == 0
    apply_decision(comment, "delete", moderator())
    (d,) = db.session.scalars(select(WebhookDelivery)).all()
    assert d.endpoint_id == only_deleted.id


def test_auto_mode_publication_also_emits_approved(ctx):
    endpoint()
    store(status="published")
    types = db.session.scalars(select(WebhookEvent.type).order_by(WebhookEvent.id)).all()
    assert types == ["comment.created", "comment.approved"]


def test_sequence_grows_with_each_decision_on_a_comment(ctx):
    endpoint()
    comment = store()
    apply_decision(comment, "approve", moderator())
    apply_decision(comment, "delete", moderator())
    seqs = [e.payload["sequence"] for e in db.session.scalars(select(WebhookEvent))]
    assert seqs == sorted(seqs) and len(set(seqs)) == 3


def test_delivery_is_signed_and_verifies(ctx, receiver):
    ep = endpoint(receiver.url)
    receiver.secret = ep.secret
    store()
    assert dl.deliver_due("t", FAST) == 1
    (got,) = receiver.received
    assert got.verified
    assert got.event["type"] == "comment.created"
    assert got.headers["webhook-id"] == got.event["id"]
    assert got.headers["raqib-event"] == "comment.created"
    d = db.session.scalar(select(WebhookDelivery))
    assert (d.status, d.attempts, d.last_status_code) == ("delivered", 1, 204)
    assert d.lease_owner is None


def test_a_tampered_body_or_an_old_timestamp_does_not_verify(ctx, receiver):
    ep = endpoint(receiver.url)
    store()
    dl.deliver_due("t", FAST)
    got = receiver.received[0]
    hook = Webhook(ep.secret)
    with pytest.raises(WebhookVerificationError):
        hook.verify(got.body.replace(b"A comment", b"A c0mment"), got.headers)
    stamp = str(int(got.headers["webhook-timestamp"]) - 600)
    old = dict(got.headers, **{"webhook-timestamp": stamp})
    with pytest.raises(WebhookVerificationError):
        hook.verify(got.body, old)


def test_an_error_answer_is_retried_later_and_logged(ctx, receiver):
    receiver.status = 500
    endpoint(receiver.url)
    store()
    slow = dl.Settings(timeout=2.0, lease=5.0, backoff=30, backoff_max=60, retry_for=3600)
    dl.deliver_due("t", slow)
    d = db.session.scalar(select(WebhookDelivery))
    assert (d.status, d.attempts, d.last_status_code) == ("pending", 1, 500)
    assert d.next_attempt_at > utcnow() + timedelta(seconds=10)
    assert dl.deliver_due("t", slow) == 0  # not due yet
    (a,) = db.session.scalars(select(WebhookAttempt)).all()
    assert a.status_code == 500 and a.response_excerpt == "ok"


def test_receiver_down_then_back_gets_the_event(ctx, receiver):
    ep = endpoint(receiver.url)
    receiver.secret = ep.secret
    store()
    receiver.stop()
    dl.deliver_due("t", dl.Settings(timeout=2.0, lease=5.0, backoff=30, retry_for=3600))
    d = db.session.scalar(select(WebhookDelivery))
    assert d.status == "pending" and "Connection" in (d.last_error or "")
    receiver.start()
    d.next_attempt_at = utcnow()
    db.session.commit()
    assert dl.deliver_due("t", FAST) == 1
    d = db.session.scalar(select(WebhookDelivery))
    assert (d.status, d.attempts) == ("delivered", 2)
    assert [r.verified for r in receiver.received] == [True]


def test_a_retry_hours_later_is_signed_afresh_inside_the_replay_window(ctx, receiver):
    ep = endpoint(receiver.url)
    receiver.secret = ep.secret
    store()
    hours_ago = utcnow() - timedelta(hours=3)  # the receiver was down for hours
    db.session.scalar(select(WebhookEvent)).created_at = hours_ago
    d = db.session.scalar(select(WebhookDelivery))
    d.created_at, d.attempts = hours_ago, 9
    db.session.commit()
    assert dl.deliver_due("t", FAST) == 1
    (got,) = receiver.received
    # Each attempt is signed when sent: receivers that refuse old timestamps still accept it.
    assert got.verified
    assert abs(int(got.headers["webhook-timestamp"]) - utcnow().timestamp()) < 60


def test_after_the_retry_period_a_delivery_fails_and_can_be_retried(ctx, receiver):
    receiver.status = 503
    endpoint(receiver.url)
    store()
    dl.deliver_due("t", dl.Settings(timeout=2.0, lease=5.0, retry_for=0))
    d = db.session.scalar(select(WebhookDelivery))
    assert d.status == "failed"
    receiver.status = 200
    assert dl.retry_now(d.id)
    assert dl.deliver_due("t", FAST) == 1
    assert db.session.scalar(select(WebhookDelivery.status)) == "delivered"
    assert endpoint_rows()[0].delivered == 1


def test_a_lease_is_exclusive_until_it_runs_out(ctx):
    endpoint()
    store()
    first = dl.claim("a", FAST)
    assert first is not None
    assert dl.claim("b", FAST) is None
    d = db.session.get(WebhookDelivery, first)
    d.lease_until = utcnow() - timedelta(seconds=1)  # worker "a" died holding it
    db.session.commit()
    assert dl.claim("b", FAST) == first


def test_a_late_answer_from_a_dead_lease_does_not_reschedule(ctx):
    endpoint()
    store()
    delivery_id = dl.claim("a", FAST)
    d = db.session.get(WebhookDelivery, delivery_id)
    d.lease_owner = "b"  # "b" took over after "a"'s lease ran out
    db.session.commit()
    dl.record(delivery_id, "a", dl.Outcome(500, None, None, 5), FAST)
    d = db.session.get(WebhookDelivery, delivery_id)
    assert d.lease_owner == "b" and d.attempts == 1


def test_a_paused_endpoint_holds_its_deliveries(ctx, receiver):
    ep = endpoint(receiver.url)
    store()
    update_endpoint(ep, url=ep.url, events=EVENT_TYPES, description=None, active=False)
    assert dl.deliver_due("t", FAST) == 0
    update_endpoint(ep, url=ep.url, events=EVENT_TYPES, description=None, active=True)
    assert dl.deliver_due("t", FAST) == 1


def test_after_rotation_both_secrets_sign_for_a_day(ctx, receiver):
    ep = endpoint(receiver.url)
    old = ep.secret
    new = rotate_secret(ep)
    assert new != old
    send_test(ep, "mona")
    dl.deliver_due("t", FAST)
    got = receiver.received[0]
    assert got.event["type"] == "webhook.test"
    assert len(got.headers["webhook-signature"].split(" ")) == 2
    Webhook(old).verify(got.body, got.headers)
    Webhook(new).verify(got.body, got.headers)


@pytest.mark.parametrize(
    ("attempts", "expected"), [(1, 10.0), (2, 20.0), (3, 40.0), (9, 2560.0), (10, 3600.0)]
)
def test_backoff_doubles_up_to_its_cap(attempts, expected):
    assert dl.backoff_delay(attempts, 10, 3600, rand=lambda: 1.0) == expected
    assert dl.backoff_delay(attempts, 10, 3600, rand=lambda: 0.0) == expected / 2


@pytest.mark.parametrize(
    "url",
    ["ftp://example.com/x", "javascript:alert(1)", "https://user:pw@example.com/", "", "http://"],
)
def test_bad_receiver_urls_are_refused(url):
    with pytest.raises(EndpointError):
        check_url(url, production=False)


def test_production_needs_https():
    with pytest.raises(EndpointError):
        check_url("http://example.com/hook", production=True)
    assert check_url(" https://example.com/hook ", production=True) == "https://example.com/hook"


@pytest.mark.parametrize(
    "overrides",
    [
        {"WEBHOOK_LEASE": 10, "WEBHOOK_TIMEOUT": 10},
        {"WEBHOOK_POLL": 0},
        {"CORAL_REJECT": "DELETE"},
        {"EMBED_REGISTER": "always"},
        {"EMBED_REGISTER": "signed", "EMBED_SECRET": ""},
    ],
)
def test_unusable_integration_settings_are_refused(tmp_path, overrides):
    from service import create_app

    config = {"SECRET_KEY": "k", "DATABASE_URL": f"sqlite:///{tmp_path}/c.db", "LOAD_MODELS": False}
    with pytest.raises(ConfigError):
        create_app({**config, **overrides})


def test_sweep_drops_old_finished_events_only(ctx):
    endpoint()
    store()
    store()
    events = db.session.scalars(select(WebhookEvent).order_by(WebhookEvent.id)).all()
    for e in events:
        e.created_at = utcnow() - timedelta(days=40)
    first_delivery = db.session.scalar(
        select(WebhookDelivery).where(WebhookDelivery.event_id == events[0].id)
    )
    first_delivery.status = "delivered"
    db.session.commit()
    assert dl.sweep(dl.Settings(retention_days=30)) == 1
    assert [e.id for e in db.session.scalars(select(WebhookEvent))] == [events[1].id]


def _docs_verify():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "docs" / "webhooks" / "verify.py"
    spec = importlib.util.spec_from_file_location("docs_verify", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.verify


def test_the_readmes_receiver_code_verifies_real_deliveries(ctx, receiver):
    """docs/webhooks/verify.py and verify.js (shown in the README) accept what Raqib sends."""
    import json
    import shutil
    import subprocess
    from pathlib import Path

    ep = endpoint(receiver.url)
    store()
    dl.deliver_due("t", FAST)
    got = receiver.received[0]
    verify = _docs_verify()
    assert verify(ep.secret, got.headers, got.body)["type"] == "comment.created"
    with pytest.raises(ValueError):
        verify(ep.secret, got.headers, got.body + b" ")
    node = shutil.which("node")
    if node is None:
        return
    js = Path(__file__).resolve().parent.parent / "docs" / "webhooks" / "verify.js"
    script = (
        f"const {{verify}} = require({json.dumps(str(js))});"
        "const [secret, headers, body] = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "process.stdout.write(verify(secret, headers, Buffer.from(body, 'utf8')).type);"
        "try { verify(secret, headers, Buffer.from(body + ' ')); process.exit(3); } catch (e) {}"
    )
    args = json.dumps([ep.secret, got.headers, got.body.decode()])
    out = subprocess.run([node, "-e", script], input=args, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout == "comment.created"
