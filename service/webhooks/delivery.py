"""Delivering outbox events: claim by lease, POST signed, log the attempt, retry with backoff.

Any number of workers may run (one per replica is fine): a delivery is claimed by a
compare-and-swap on its lease, so two workers never hold it at once.  A worker killed while
sending (``kill -9``) leaves its lease to run out; the delivery is then sent again, with the
same ``webhook-id``: delivery is *at least once*, and receivers deduplicate on that id.
"""

from __future__ import annotations

import json
import logging
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import requests
from sqlalchemy import delete, or_, select, update

from service.extensions import db
from service.models import utcnow
from service.webhooks import signing
from service.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent

log = logging.getLogger("raqib.webhooks")

USER_AGENT = "Raqib-Webhooks/1"
EXCERPT = 500  # bytes of a receiver's answer kept in the log


@dataclass(frozen=True)
class Settings:
    """Delivery settings (``RAQIB_WEBHOOK_*``)."""

    timeout: float = 10.0
    lease: float = 60.0
    backoff: float = 10.0
    backoff_max: float = 3600.0
    retry_for: float = 3 * 24 * 3600.0
    retention_days: int = 30

    @classmethod
    def from_config(cls, cfg: Mapping[str, Any]) -> Settings:
        """The settings of an app's configuration."""
        return cls(
            timeout=float(cfg["WEBHOOK_TIMEOUT"]),
            lease=float(cfg["WEBHOOK_LEASE"]),
            backoff=float(cfg["WEBHOOK_BACKOFF"]),
            backoff_max=float(cfg["WEBHOOK_BACKOFF_MAX"]),
            retry_for=float(cfg["WEBHOOK_RETRY_FOR"]),
            retention_days=int(cfg["WEBHOOK_RETENTION_DAYS"]),
        )


def backoff_delay(
    attempts: int, base: float, cap: float, rand: Callable[[], float] = random.random
) -> float:
    """Seconds before the next try: doubling from ``base`` up to ``cap``, jittered to 50-100%."""
    delay = min(cap, base * 2 ** max(0, attempts - 1))
    # Jitter spreads the retries of many deliveries that failed together (a receiver outage).
    return delay * (0.5 + rand() / 2)


def body_of(event: WebhookEvent) -> bytes:
    """The exact bytes sent and signed for an event."""
    return json.dumps(event.payload, ensure_ascii=False, separators=(",", ":")).encode()


def due(limit: int = 8) -> list[int]:
    """Ids of deliveries that may be sent now (pending, due, unleased, endpoint active)."""
    now = utcnow()
    return list(
        db.session.scalars(
            select(WebhookDelivery.id)
            .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
            .where(
                WebhookDelivery.status == "pending",
                WebhookDelivery.next_attempt_at <= now,
                or_(WebhookDelivery.lease_until.is_(None), WebhookDelivery.lease_until < now),
                WebhookEndpoint.active,
            )
            .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
            .limit(limit)
        )
    )


def claim(owner: str, settings: Settings) -> int | None:
    """Take the lease of one due delivery; its id, or None when nothing is due."""
    candidates = due()
    db.session.rollback()  # end the read before the writes below
    for delivery_id in candidates:
        now = utcnow()
        taken = db.session.execute(
            update(WebhookDelivery)
            .where(
                WebhookDelivery.id == delivery_id,
                WebhookDelivery.status == "pending",
                or_(WebhookDelivery.lease_until.is_(None), WebhookDelivery.lease_until < now),
            )
            .values(lease_until=now + timedelta(seconds=settings.lease), lease_owner=owner)
            .execution_options(synchronize_session=False)
        ).rowcount
        db.session.commit()
        if taken == 1:
            return delivery_id
    return None


@dataclass
class Outcome:
    """What one HTTP attempt gave."""

    status_code: int | None
    error: str | None
    excerpt: str | None
    duration_ms: int

    @property
    def ok(self) -> bool:
        """2xx is success; anything else (redirects included) is retried."""
        return self.status_code is not None and 200 <= self.status_code < 300


def send(url: str, body: bytes, headers: Mapping[str, str], timeout: float) -> Outcome:
    """POST once; never raises for network or HTTP errors."""
    started = time.monotonic()
    code: int | None = None
    error: str | None = None
    excerpt: str | None = None
    try:
        with requests.post(
            url,
            data=body,
            headers=dict(headers),
            timeout=(min(5.0, timeout), timeout),
            allow_redirects=False,  # a redirect is not an acknowledgement
            stream=True,
        ) as resp:
            code = resp.status_code
            excerpt = resp.raw.read(EXCERPT, decode_content=True).decode("utf-8", "replace")
    except (requests.RequestException, OSError) as err:
        error = f"{type(err).__name__}: {err}"[:500]
    return Outcome(code, error, excerpt, int((time.monotonic() - started) * 1000))


def attempt(
    delivery_id: int, owner: str, settings: Settings, post: Callable[..., Outcome] = send
) -> Outcome | None:
    """Send a claimed delivery once and record the attempt; None if it vanished."""
    delivery = db.session.get(WebhookDelivery, delivery_id)
    if delivery is None:
        return None
    event, endpoint = delivery.event, delivery.endpoint
    now = utcnow()
    secrets = [endpoint.secret]
    if endpoint.previous_secret and (endpoint.previous_secret_until or now) > now:
        secrets.append(endpoint.previous_secret)
    body = body_of(event)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "Raqib-Event": event.type,
        **signing.headers(event.event_id, body, now, secrets),
    }
    url = endpoint.url
    db.session.rollback()  # no transaction stays open while the receiver thinks
    outcome = post(url, body, headers, settings.timeout)
    record(delivery_id, owner, outcome, settings, started_at=now)
    return outcome


def record(
    delivery_id: int, owner: str, outcome: Outcome, settings: Settings, *, started_at=None
) -> None:
    """Log an attempt and move the delivery on: delivered, retry later, or failed."""
    delivery = db.session.get(WebhookDelivery, delivery_id)
    if delivery is None:
        return
    now = utcnow()
    db.session.add(
        WebhookAttempt(
            delivery_id=delivery_id,
            started_at=started_at or now,
            duration_ms=outcome.duration_ms,
            status_code=outcome.status_code,
            error=outcome.error,
            response_excerpt=outcome.excerpt,
            worker=owner[:64],
        )
    )
    delivery.attempts += 1
    delivery.last_status_code = outcome.status_code
    delivery.last_error = outcome.error or (None if outcome.ok else f"HTTP {outcome.status_code}")
    if outcome.ok:
        delivery.status = "delivered"
        delivery.delivered_at = now
    elif delivery.lease_owner == owner:
        # Only the lease holder reschedules: if this lease ran out and another worker took the
        # delivery over, that worker decides what happens next.
        age = (now - delivery.created_at).total_seconds()
        if age >= settings.retry_for:
            delivery.status = "failed"
        else:
            delay = backoff_delay(delivery.attempts, settings.backoff, settings.backoff_max)
            delivery.next_attempt_at = now + timedelta(seconds=delay)
    if delivery.lease_owner == owner or outcome.ok:
        delivery.lease_until = None
        delivery.lease_owner = None
    db.session.commit()


def deliver_due(owner: str, settings: Settings, limit: int = 1000) -> int:
    """Send every delivery due now, one after another; how many were attempted."""
    done = 0
    while done < limit:
        delivery_id = claim(owner, settings)
        if delivery_id is None:
            break
        attempt(delivery_id, owner, settings)
        done += 1
    return done


def retry_now(delivery_id: int) -> bool:
    """Put a failed or waiting delivery back in line for one immediate attempt.

    A delivery past its retry period that fails again is marked failed again at once.
    """
    changed = db.session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.id == delivery_id, WebhookDelivery.status != "delivered")
        .values(status="pending", next_attempt_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return changed == 1


def sweep(settings: Settings) -> int:
    """Drop events older than the retention period whose deliveries are all finished."""
    cutoff = utcnow() - timedelta(days=settings.retention_days)
    unfinished = select(WebhookDelivery.event_id).where(WebhookDelivery.status == "pending")
    gone = db.session.execute(
        delete(WebhookEvent)
        .where(WebhookEvent.created_at < cutoff, WebhookEvent.id.not_in(unfinished))
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return gone
