"""One comment: its evidence, reasons, scores, history, reports and the commenter behind it."""

from __future__ import annotations

from flask import abort, current_app, g, render_template, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from service.commenters import commenter_of
from service.core import CATEGORIES
from service.dashboard import bp
from service.dashboard.common import safe_next
from service.dashboard.evidence import weak_spans
from service.dashboard.forms import CommenterForm, RejectPendingForm
from service.dashboard.live import touch_presence, viewers_of
from service.extensions import db
from service.models import Comment, Report
from service.store import MAX_ID


@bp.get("/comments/<int:comment_id>")
def comment(comment_id: int) -> str:
    """One comment: highlighted evidence, reasons, scores, identity and its audit trail."""
    if not 0 < comment_id <= MAX_ID:
        abort(404)
    item = db.session.scalar(
        select(Comment).where(Comment.id == comment_id).options(selectinload(Comment.decisions))
    )
    if item is None:
        abort(404)
    touch_presence(g.moderator, item.id)
    reject_thresholds, review_thresholds = current_app.extensions["raqib"].thresholds()
    reports = db.session.scalars(
        select(Report).where(Report.comment_id == item.id).order_by(Report.id.desc()).limit(50)
    ).all()
    commenter = commenter_of(item)
    block_form = CommenterForm(formdata=None, kind="blocked", next=request.full_path)
    return render_template(
        "dashboard/comment.html",
        c=item,
        categories=CATEGORIES,
        reject_thresholds=reject_thresholds,
        review_thresholds=review_thresholds,
        back=safe_next(request.args.get("next")) or url_for("dashboard.queue"),
        weak=weak_spans([item]),
        reports=reports,
        open_reports=[r for r in reports if r.resolved_at is None],
        commenter=commenter,
        reject_pending_form=RejectPendingForm(formdata=None),
        block_form=block_form,
        viewers=viewers_of([item.id], g.moderator).get(item.id, []),
    )
