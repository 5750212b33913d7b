# ruff: noqa: F811 - the dashboard tests' fixtures are imported by name
"""The webhooks admin pages through the test client, CSRF on: endpoints, secret shown once,
test events, rotation, the delivery log and retry; admins only; Arabic."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from service.extensions import db
from service.webhooks import delivery as dl
from service.webhooks.models import WebhookDelivery, WebhookEndpoint
from tests.test_dashboard import accounts, admin, app, login, page_token  # noqa: F401
from tests.webhook_receiver import Receiver

SECRET_RE = re.compile(r'id="new-secret">(whsec_[^<]+)<')


@pytest.fixture
def receiver():
    r = Receiver().start()
    yield r
    r.stop()


def add_endpoint(client, url: str, events=("comment.created", "comment.approved")):
    token = page_token(client, "/dashboard/admin/webhooks")
    return client.post(
        "/dashboard/admin/webhooks",
        data={"url": url, "events": list(events), "description": "site", "csrf_token": token},
    )


def test_admin_adds_an_endpoint_and_sees_its_secret_once(admin, app):
    r = add_endpoint(admin, "https://news.example/raqib-hook")
    assert r.status_code == 200
    secret = SECRET_RE.search(r.get_data(as_text=True)).group(1)
    with app.app_context():
        ep = db.session.scalar(select(WebhookEndpoint))
        assert ep.secret == secret
        assert ep.events == ["comment.created", "comment.approved"]
    again = admin.get(f"/dashboard/admin/webhooks/{ep.id}").get_data(as_text=True)
    assert secret not in again
    listing = admin.get("/dashboard/admin/webhooks").get_data(as_text=True)
    assert "https://news.example/raqib-hook" in listing and secret not in listing


@pytest.mark.parametrize(
    ("url", "events"),
    [
        ("ftp://news.example/x", ["comment.created"]),
        ("https://news.example/x", []),
        ("https://news.example/x", ["comment.exploded"]),
        ("", ["comment.created"]),
    ],
)
def test_bad_endpoints_are_refused_with_the_reason(admin, app, url, events):
    r = add_endpoint(admin, url, events)
    assert r.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(WebhookEndpoint)) is None


def test_moderators_cannot_open_webhooks(client, accounts):
    assert login(client, "sami").status_code == 302
    assert client.get("/dashboard/admin/webhooks").status_code == 403
    assert client.get("/dashboard/admin/webhooks/1").status_code == 403


def test_forms_without_a_csrf_token_are_refused(admin, app):
    r = admin.post("/dashboard/admin/webhooks", data={"url": "https://x.example/h"})
    assert r.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(WebhookEndpoint)) is None


def test_test_event_reaches_the_receiver_and_the_log_shows_it(admin, app, receiver):
    r = add_endpoint(admin, receiver.url)
    receiver.secret = SECRET_RE.search(r.get_data(as_text=True)).group(1)
    with app.app_context():
        ep_id = db.session.scalar(select(WebhookEndpoint.id))
    page = f"/dashboard/admin/webhooks/{ep_id}"
    r = admin.post(f"{page}/test", data={"csrf_token": page_token(admin, page)})
    assert r.status_code == 302
    with app.app_context():
        dl.deliver_due("t", dl.Settings(timeout=2, lease=5))
    assert receiver.received[0].verified
    assert receiver.received[0].event["type"] == "webhook.test"
    html = admin.get(page).get_data(as_text=True)
    assert "webhook.test" in html and "HTTP 204" in html


def test_failed_delivery_can_be_retried_from_the_log(admin, app, receiver):
    receiver.status = 500
    add_endpoint(admin, receiver.url)
    with app.app_context():
        ep_id = db.session.scalar(select(WebhookEndpoint.id))
    page = f"/dashboard/admin/webhooks/{ep_id}"
    admin.post(f"{page}/test", data={"csrf_token": page_token(admin, page)})
    with app.app_context():
        dl.deliver_due("t", dl.Settings(timeout=2, lease=5, retry_for=0))
        d = db.session.scalar(select(WebhookDelivery))
        assert d.status == "failed"
    html = admin.get(f"{page}?status=failed").get_data(as_text=True)
    assert "HTTP 500" in html
    receiver.status = 200
    r = admin.post(
        f"/dashboard/admin/webhooks/deliveries/{d.id}/retry",
        data={"csrf_token": page_token(admin, page)},
    )
    assert r.status_code == 302
    with app.app_context():
        dl.deliver_due("t", dl.Settings(timeout=2, lease=5))
        assert db.session.get(WebhookDelivery, d.id).status == "delivered"


def test_edit_pause_rotate_and_remove(admin, app):
    add_endpoint(admin, "https://news.example/a")
    with app.app_context():
        ep = db.session.scalar(select(WebhookEndpoint))
        ep_id, old = ep.id, ep.secret
    page = f"/dashboard/admin/webhooks/{ep_id}"
    r = admin.post(
        page,
        data={
            "url": "https://news.example/b",
            "events": ["comment.deleted"],
            "csrf_token": page_token(admin, page),
        },
    )  # "active" unticked: paused
    assert r.status_code == 302
    r = admin.post(f"{page}/rotate", data={"csrf_token": page_token(admin, page)})
    new = SECRET_RE.search(r.get_data(as_text=True)).group(1)
    with app.app_context():
        ep = db.session.get(WebhookEndpoint, ep_id)
        assert (ep.url, ep.events, ep.active) == (
            "https://news.example/b",
            ["comment.deleted"],
            False,
        )
        assert (ep.secret, ep.previous_secret) == (new, old)
    r = admin.post(f"{page}/delete", data={"csrf_token": page_token(admin, page)})
    assert r.status_code == 302
    with app.app_context():
        assert db.session.get(WebhookEndpoint, ep_id) is None


def test_pages_in_arabic(admin, app):
    token = page_token(admin, "/dashboard/queue")
    admin.post("/dashboard/language", data={"lang": "ar", "csrf_token": token})
    html = admin.get("/dashboard/admin/webhooks").get_data(as_text=True)
    assert 'dir="rtl"' in html and "إشعارات الويب" in html and "إضافة عنوان استقبال" in html
    r = add_endpoint(admin, "ftp://x.example/")
    assert "يجب أن يكون العنوان" in r.get_data(as_text=True)
