"""Taking back a moderator's own decision within a short window (the dashboard's Undo)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from service.extensions import db
from service.models import Comment, Decision, Moderator, utcnow
from service.reports import reopen_reports
from service.store import ACTIONS, last_decision
from service.webhooks import decision_undone

# The notice offers Undo for a few seconds; the server allows a minute so a slow network or a
# moderator reading the notice does not lose it.
UNDO_SECONDS = 60


def undo_decision(decision: Decision, moderator: Moderator) -> Decision | None:
    """Put the comment back to its status before ``decision``; audited and committed.

    Only the moderator's own, recent decision, and only while it is still the comment's latest
    change: if anyone decided the comment since, Undo would overwrite them, so it refuses
    (None).  Reports the decision resolved are reopened.
    """
    if decision.automatic or decision.moderator_id != moderator.id:
        return None
    if decision.action not in ACTIONS or decision.from_status is None:
        return None
    if utcnow() - decision.created_at > timedelta(seconds=UNDO_SECONDS):
        return None
    latest = last_decision(decision.comment_id)
    if latest is None or latest.id != decision.id:
        return None
    swapped = db.session.execute(
        update(Comment)
        .where(Comment.id == decision.comment_id, Comment.status == decision.to_status)
        .values(status=decision.from_status, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if swapped != 1:
        db.session.rollback()
        return None
    undo = Decision(
        comment_id=decision.comment_id,
        moderator_id=moderator.id,
        actor=moderator.username,
        automatic=False,
        action="undo",
        from_status=decision.to_status,
        to_status=decision.from_status,
        reason=f"#{decision.id}",
    )
    db.session.add(undo)
    comment = db.session.get(Comment, decision.comment_id)
    if comment is not None:
        decision_undone(comment, undo, decision)  # webhooks: outbox rows in this same transaction
    reopen_reports(decision)
    db.session.commit()
    return undo
