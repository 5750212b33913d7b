"""Storing comments and moderators' decisions; shared by the API and the dashboard.

A comment and its first audit entry (the automatic verdict) are committed in one transaction
before the API answers 201, so an acknowledged comment survives a crash or restart.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select, update

from service.core import Reason, Verdict
from service.extensions import db
from service.messages import messages
from service.models import Comment, Decision, Moderator, utcnow
from service.policy.rules import fingerprint
from service.webhooks import comment_decided, comment_stored

ACTIONS: Mapping[str, str] = {"approve": "published", "reject": "rejected", "delete": "deleted"}


def ip_hash(secret: str, ip: str | None) -> str | None:
    """A keyed hash of the client address: enough to spot floods, useless if the table leaks."""
    if not ip:
        return None
    return hmac.new(secret.encode(), ip.encode(), hashlib.sha256).hexdigest()[:32]


def reason_dict(reason: Reason, lang: str | None = None) -> dict[str, Any]:
    """A reason as stored and as served: both messages, plus ``message`` in ``lang``."""
    msgs = messages(reason.code, reason.params)
    out: dict[str, Any] = {
        "code": reason.code,
        "source": reason.source,
        "messages": msgs,
        "message": msgs.get(lang or "en", msgs["en"]),
        "spans": [{"start": s.start, "end": s.end, "text": s.text} for s in reason.spans],
    }
    if reason.score is not None:
        out["score"] = round(float(reason.score), 4)
    if reason.field:
        out["field"] = reason.field
    return out


def verdict_dict(verdict: Verdict, lang: str) -> dict[str, Any]:
    """The verdict body of the API."""
    return {
        "verdict": verdict.verdict,
        "status": verdict.status,
        "reasons": [reason_dict(r, lang) for r in verdict.reasons],
        "scores": dict(verdict.scores),
        "language": verdict.language,
        "model_version": verdict.model_version,
    }


def create_comment(
    *,
    article_id: str,
    name: str,
    email: str | None,
    show_email: bool,
    body: str,
    verdict: Verdict,
    ip: str | None,
    user_agent: str | None,
    secret: str,
) -> Comment:
    """Store a comment with its verdict and the automatic audit entry, committed."""
    comment = Comment(
        article_id=article_id,
        name=name.strip(),
        email=email.strip() if email else None,
        show_email=bool(show_email and email),
        body=body,
        language=verdict.language,
        ip_hash=ip_hash(secret, ip),
        user_agent=(user_agent or "")[:512] or None,
        fingerprint=fingerprint(body),
        verdict=verdict.verdict,
        status=verdict.status,
        risk=max(verdict.scores.values(), default=0.0),
        scores=dict(verdict.scores),
        reasons=[reason_dict(r) for r in verdict.reasons],
        model_version=verdict.model_version,
    )
    comment.decisions.append(
        Decision(
            actor="raqib",
            automatic=True,
            action="verdict",
            from_status=None,
            to_status=verdict.status,
            reason=", ".join(sorted({r.code for r in verdict.reasons})) or verdict.verdict,
        )
    )
    db.session.add(comment)
    comment_stored(comment)  # webhooks: outbox rows in this same transaction
    db.session.commit()
    return comment


MAX_ID = 2**31 - 1  # PostgreSQL INTEGER: larger ids cannot exist, and must not reach the driver


def get_comment(comment_id: int) -> Comment | None:
    """The comment with this id, or None (also for ids outside the column's range)."""
    if not 0 < comment_id <= MAX_ID:
        return None
    return db.session.get(Comment, comment_id)


class StaleDecision(Exception):  # noqa: N818 - a condition the caller reports, not a bug
    """The comment's status is no longer the one the moderator saw: nothing was changed."""

    def __init__(self, comment: Comment, last: Decision | None):
        super().__init__(f"comment {comment.id} is {comment.status} now")
        self.comment = comment
        self.status = comment.status
        self.last = last  # the latest decision (human or automatic), who made the change

    def current(self) -> dict[str, Any]:
        """The comment's current state, as the API's 409 body reports it."""
        last = self.last
        return {
            "status": self.status,
            "action": last.action if last else None,
            "actor": last.actor if last else None,
            "at": last.created_at.isoformat() if last else None,
        }


def last_decision(comment_id: int) -> Decision | None:
    """The latest audit entry of a comment (its current status came from it)."""
    return db.session.scalar(
        select(Decision)
        .where(Decision.comment_id == comment_id)
        .order_by(Decision.id.desc())
        .limit(1)
    )


def apply_decision(
    comment: Comment,
    action: str,
    moderator: Moderator,
    reason: str | None = None,
    expected_status: str | None = None,
) -> Decision:
    """Approve, reject or delete a comment (any status, any time), audited; committed.

    The status changes by compare-and-swap on its previous value, so two moderators deciding
    the same comment at once are serialised: the second decision's ``from`` is the first one's
    ``to``, and the audit trail always ends at the comment's current status.  With
    ``expected_status`` (the status the moderator saw) a comment that has changed since raises
    :class:`StaleDecision` instead: the last click does not silently win.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    to_status = ACTIONS[action]
    for _ in range(10):
        db.session.refresh(comment)
        from_status = comment.status
        if expected_status is not None and from_status != expected_status:
            raise StaleDecision(comment, last_decision(comment.id))
        swapped = db.session.execute(
            update(Comment)
            .where(Comment.id == comment.id, Comment.status == from_status)
            .values(status=to_status, updated_at=utcnow())
            .execution_options(synchronize_session=False)
        ).rowcount
        if swapped == 1:
            decision = Decision(
                comment_id=comment.id,
                moderator_id=moderator.id,
                actor=moderator.username,
                automatic=False,
                action=action,
                from_status=from_status,
                to_status=to_status,
                reason=(reason or "").strip() or None,
            )
            db.session.add(decision)
            comment_decided(comment, decision)  # webhooks: outbox rows in this same transaction
            db.session.commit()
            db.session.refresh(comment)
            return decision
        db.session.rollback()
    raise RuntimeError(f"comment {comment.id} kept changing; decision not applied")
