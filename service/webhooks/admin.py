"""Managing endpoints (dashboard and CLI): create, change, rotate, test; delivery statistics."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from sqlalchemy import func, select

from service.extensions import db
from service.models import utcnow
from service.webhooks.models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from service.webhooks.outbox import EVENT_TYPES, TEST_EVENT, enqueue
from service.webhooks.signing import new_secret

ROTATION_OVERLAP = timedelta(hours=24)


class EndpointError(ValueError):
    """The endpoint cannot be saved; the message says why."""


def check_url(url: str, *, production: bool) -> str:
    """A receiver URL: http(s) with a host; https only in production."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or len(url) > 2048:
        raise EndpointError("The URL must be an http:// or https:// address.")
    if production and parts.scheme != "https":
        raise EndpointError("In production webhooks go to https:// addresses only.")
    if parts.username or parts.password:
        raise EndpointError("Put no credentials in the URL: the signature authenticates.")
    return url


def check_events(events: Sequence[str]) -> list[str]:
    """The subscribed event types, in canonical order; at least one."""
    chosen = [e for e in EVENT_TYPES if e in set(events)]
    if not chosen or len(chosen) != len(set(events)):
        raise EndpointError("Choose one or more of: " + ", ".join(EVENT_TYPES) + ".")
    return chosen


def create_endpoint(
    url: str,
    events: Sequence[str],
    *,
    description: str | None = None,
    created_by: str | None = None,
    production: bool = False,
) -> WebhookEndpoint:
    """Add an endpoint with a fresh secret; committed."""
    endpoint = WebhookEndpoint(
        url=check_url(url, production=production),
        events=check_events(events),
        description=(description or "").strip()[:200] or None,
        secret=new_secret(),
        active=True,
        created_by=created_by,
    )
    db.session.add(endpoint)
    db.session.commit()
    return endpoint


def update_endpoint(
    endpoint: WebhookEndpoint,
    *,
    url: str,
    events: Sequence[str],
    description: str | None,
    active: bool,
    production: bool = False,
) -> None:
    """Change an endpoint; pausing it holds its deliveries until it is active again."""
    endpoint.url = check_url(url, production=production)
    endpoint.events = check_events(events)
    endpoint.description = (description or "").strip()[:200] or None
    endpoint.active = active
    db.session.commit()


def rotate_secret(endpoint: WebhookEndpoint) -> str:
    """A new secret; the old one keeps signing alongside it for 24 hours."""
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_secret_until = utcnow() + ROTATION_OVERLAP
    endpoint.secret = new_secret()
    db.session.commit()
    return endpoint.secret


def send_test(endpoint: WebhookEndpoint, actor: str) -> WebhookEvent:
    """Queue a ``webhook.test`` event for this endpoint only."""
    event = enqueue(
        TEST_EVENT,
        {"message": "A test from Raqib's dashboard.", "actor": actor},
        endpoint_ids=[endpoint.id],
    )
    db.session.commit()
    assert event is not None  # noqa: S101 - one explicit target always makes an event
    return event


@dataclass
class EndpointRow:
    """An endpoint with its delivery counts by status."""

    endpoint: WebhookEndpoint
    pending: int = 0
    delivered: int = 0
    failed: int = 0


def endpoint_rows() -> list[EndpointRow]:
    """Every endpoint with its delivery counts."""
    endpoints = db.session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id)).all()
    counts = db.session.execute(
        select(
            WebhookDelivery.endpoint_id, WebhookDelivery.status, func.count(WebhookDelivery.id)
        ).group_by(WebhookDelivery.endpoint_id, WebhookDelivery.status)
    ).all()
    rows = {e.id: EndpointRow(e) for e in endpoints}
    for endpoint_id, status, n in counts:
        if endpoint_id in rows and status in ("pending", "delivered", "failed"):
            setattr(rows[endpoint_id], status, int(n))
    return list(rows.values())


def deliveries(
    endpoint_id: int, *, status: str = "", limit: int = 50, offset: int = 0
) -> tuple[list[WebhookDelivery], int]:
    """An endpoint's deliveries, newest first, with their attempts; and how many in all."""
    conds = [WebhookDelivery.endpoint_id == endpoint_id]
    if status:
        conds.append(WebhookDelivery.status == status)
    total = db.session.scalar(select(func.count(WebhookDelivery.id)).where(*conds)) or 0
    rows = (
        db.session.scalars(
            select(WebhookDelivery)
            .where(*conds)
            .order_by(WebhookDelivery.id.desc())
            .limit(limit)
            .offset(offset)
        )
        .unique()
        .all()
    )
    return list(rows), total
