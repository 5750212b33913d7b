"""Readers' reports of published comments: filed through the public API, resolved by decisions.

A report stays open until a moderator decides the comment (approve keeps it, reject or delete
removes it); undoing that decision reopens the reports it resolved.  One report per reader
(keyed IP hash) and comment: asking again changes nothing, so a reader cannot inflate a count.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from service.extensions import db
from service.models import Comment, Decision, Report, utcnow


def file_report(comment: Comment, reason: str, note: str | None, reporter: str) -> bool:
    """Store a reader's report; False when this reader had already reported the comment."""
    exists = db.session.scalar(
        select(Report.id).where(Report.comment_id == comment.id, Report.reporter == reporter)
    )
    if exists is not None:
        return False
    db.session.add(
        Report(comment_id=comment.id, reason=reason, note=(note or "").strip() or None,
               reporter=reporter)
    )  # fmt: skip
    try:
        db.session.commit()
    except IntegrityError:
        # The same reader's second request won the race: one report is what they meant.
        db.session.rollback()
        return False
    return True


def resolve_reports(comment: Comment, decision: Decision) -> int:
    """Close the comment's open reports with a moderator's decision; how many were open."""
    closed = db.session.execute(
        update(Report)
        .where(Report.comment_id == comment.id, Report.resolved_at.is_(None))
        .values(resolved_at=utcnow(), resolved_by=decision.actor, decision_id=decision.id)
        .execution_options(synchronize_session=False)
    ).rowcount
    if closed:
        db.session.commit()
    return closed


def reopen_reports(decision: Decision) -> None:
    """Reopen the reports a decision resolved (the decision was undone); not committed."""
    db.session.execute(
        update(Report)
        .where(Report.decision_id == decision.id)
        .values(resolved_at=None, resolved_by=None, decision_id=None)
        .execution_options(synchronize_session=False)
    )


def open_report_counts(comment_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """Open reports per comment and reason, for the rows on a page."""
    ids = list(comment_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(Report.comment_id, Report.reason, func.count(Report.id))
        .where(Report.comment_id.in_(ids), Report.resolved_at.is_(None))
        .group_by(Report.comment_id, Report.reason)
    ).all()
    out: dict[int, dict[str, int]] = {}
    for cid, reason, n in rows:
        out.setdefault(cid, {})[reason] = int(n)
    return out


def open_reports_subquery():
    """(comment_id, open report count, first report time) of every comment with open reports."""
    return (
        select(
            Report.comment_id.label("comment_id"),
            func.count(Report.id).label("reports"),
            func.min(Report.created_at).label("first_report"),
        )
        .where(Report.resolved_at.is_(None))
        .group_by(Report.comment_id)
        .subquery()
    )
