"""Writing events into the outbox, inside the caller's transaction (never committed here)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from service.extensions import db
from service.models import Comment, Decision, utcnow
from service.webhooks.models import WebhookDelivery, WebhookEndpoint, WebhookEvent

EVENT_TYPES: tuple[str, ...] = (
    "comment.created",
    "comment.approved",
    "comment.rejected",
    "comment.deleted",
)
TEST_EVENT = "webhook.test"
# A moderator's Undo: not subscribed to on its own; it follows the event of the undone decision.
UNDO_EVENT = "comment.undone"
# A decision's action, or the status a comment is stored with, and the event it makes.
DECISION_EVENTS: Mapping[str, str] = {
    "approve": "comment.approved",
    "reject": "comment.rejected",
    "delete": "comment.deleted",
}
ARRIVAL_EVENTS: Mapping[str, str] = {
    "published": "comment.approved",
    "rejected": "comment.rejected",
}


def new_event_id() -> str:
    """A globally unique event id (``webhook-id``): receivers deduplicate on it."""
    return "evt_" + uuid.uuid4().hex


def _active() -> list[tuple[int, list[str]]]:
    rows = db.session.execute(
        select(WebhookEndpoint.id, WebhookEndpoint.events).where(WebhookEndpoint.active)
    ).all()
    return [(i, list(events or ())) for i, events in rows]


def subscribers(event_type: str, active: list[tuple[int, list[str]]] | None = None) -> list[int]:
    """Ids of the active endpoints subscribed to ``event_type``."""
    # The subscription list is JSON (portable across SQLite and PostgreSQL): filtered here, on
    # a table of a handful of rows.
    rows = _active() if active is None else active
    return [i for i, events in rows if event_type == TEST_EVENT or event_type in events]


def enqueue(
    event_type: str,
    data: dict[str, Any],
    *,
    comment_id: int | None = None,
    endpoint_ids: list[int] | None = None,
) -> WebhookEvent | None:
    """Add an event and its deliveries to the session (the caller commits); None if unwanted."""
    targets = subscribers(event_type) if endpoint_ids is None else endpoint_ids
    if not targets:
        return None
    now = utcnow()
    event = WebhookEvent(
        event_id=new_event_id(),
        type=event_type,
        comment_id=comment_id,
        payload={},
        created_at=now,
    )
    db.session.add(event)
    db.session.flush()  # the event's sequence number is its primary key
    event.payload = {
        "id": event.event_id,
        "type": event_type,
        "created_at": now.isoformat(),
        "sequence": event.id,
        "data": data,
    }
    for endpoint_id in targets:
        db.session.add(
            WebhookDelivery(
                event_id=event.id,
                endpoint_id=endpoint_id,
                status="pending",
                attempts=0,
                next_attempt_at=now,
                created_at=now,
            )
        )
    return event


def public_comment(comment: Comment, status: str) -> dict[str, Any]:
    """A comment as webhooks carry it: the public fields plus status and verdict.

    The email is included only where its owner ticked "show email", as in the public list:
    a webhook receiver is the site's backend, but the address was given for moderators only.
    """
    created = comment.created_at or utcnow()
    return {
        "id": comment.id,
        "article_id": comment.article_id,
        "name": comment.name,
        "email": comment.email if comment.show_email else None,
        "comment": comment.body,
        "language": comment.language,
        "verdict": comment.verdict,
        "status": status,
        "created_at": created.isoformat(),
    }


def comment_stored(comment: Comment) -> None:
    """Outbox entries for a new comment: ``comment.created``, plus approved/rejected on arrival.

    In ``auto`` mode a comment can be published or rejected by the automatic verdict; then the
    same transaction also emits ``comment.approved`` or ``comment.rejected`` (``automatic``),
    so a receiver that renders comments needs only the approved/rejected/deleted events.
    """
    types = ["comment.created"]
    if comment.status in ARRIVAL_EVENTS:
        types.append(ARRIVAL_EVENTS[comment.status])
    active = _active()
    targets = {t: subscribers(t, active) for t in types}
    if not any(targets.values()):
        return
    db.session.flush()  # the comment's id
    for event_type in types:
        if not targets[event_type]:
            continue
        decision = None
        if event_type != "comment.created":
            decision = {
                "action": "approve" if comment.status == "published" else "reject",
                "from_status": None,
                "to_status": comment.status,
                "actor": "raqib",
                "automatic": True,
                "reason": None,
            }
        enqueue(
            event_type,
            {"comment": public_comment(comment, comment.status), "decision": decision},
            comment_id=comment.id,
            endpoint_ids=targets[event_type],
        )


def decision_data(decision: Decision) -> dict[str, Any]:
    """A decision as webhooks carry it."""
    return {
        "action": decision.action,
        "from_status": decision.from_status,
        "to_status": decision.to_status,
        "actor": decision.actor,
        "automatic": bool(decision.automatic),
        "reason": decision.reason,
    }


def comment_decided(comment: Comment, decision: Decision) -> None:
    """Outbox entry for a moderator's decision (approve, reject, delete)."""
    event_type = DECISION_EVENTS.get(decision.action)
    if event_type is None:
        return
    enqueue(
        event_type,
        {
            "comment": public_comment(comment, decision.to_status),
            "decision": decision_data(decision),
        },
        comment_id=comment.id,
    )


def decision_undone(comment: Comment, undo: Decision, undone: Decision) -> None:
    """Outbox entry for an Undo (``comment.undone``), with the comment's restored status.

    It goes to the endpoints subscribed to the undone decision's event: a site told that a
    comment was approved must learn that it is no longer published, or it keeps showing it.
    """
    undone_type = DECISION_EVENTS.get(undone.action)
    if undone_type is None:
        return
    enqueue(
        UNDO_EVENT,
        {
            "comment": public_comment(comment, undo.to_status),
            "decision": {**decision_data(undo), "undoes": undone_type},
        },
        comment_id=comment.id,
        endpoint_ids=subscribers(undone_type),
    )
