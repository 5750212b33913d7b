"""Deciding comments: one at a time, in bulk, for a whole commenter, and Undo.

Every decision carries the status the moderator saw (``seen``); when the comment has changed
since, nothing is changed and the moderator is told who changed it and when (409), with a way
to decide anyway.  Bulk approve publishes only comments Raqib found clean unless the moderator
ticks the override; decided rows are skipped rather than decided twice.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from typing import Any

from flask import (
    abort,
    flash,
    g,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import select
from werkzeug.wrappers import Response

from service.commenters import pending_of
from service.dashboard import bp
from service.dashboard.common import done_by, form_errors, safe_next, status_label, wants_json
from service.dashboard.forms import ActionForm, BulkForm, DecisionForm, RejectPendingForm
from service.extensions import db
from service.models import Comment, Decision
from service.reports import resolve_reports
from service.store import StaleDecision, apply_decision, get_comment
from service.undo import UNDO_SECONDS, undo_decision

# How long the notice offers Undo (the server accepts it for UNDO_SECONDS).
UNDO_NOTICE_SECONDS = 10
ONE_DONE = {
    "approve": _l("Comment #%(id)d approved."),
    "reject": _l("Comment #%(id)d rejected."),
    "delete": _l("Comment #%(id)d deleted."),
}


def many_done(action: str, n: int) -> str:
    """The message after a bulk action (Arabic has six plural forms: ngettext picks one)."""
    if action == "approve":
        return ngettext("%(num)d comment approved.", "%(num)d comments approved.", n)
    if action == "reject":
        return ngettext("%(num)d comment rejected.", "%(num)d comments rejected.", n)
    return ngettext("%(num)d comment deleted.", "%(num)d comments deleted.", n)


def result(c: Comment) -> dict[str, Any]:
    """A decided row for the script: its new status."""
    return {"id": c.id, "status": c.status, "status_label": status_label(c.status)}


def conflict_text(stale: StaleDecision) -> str:
    """"Rejected by sami 2 minutes ago" for a comment that changed under the moderator."""
    last = stale.last
    if last is None:
        return _("This comment is %(status)s now.", status=status_label(stale.status))
    who = last.actor if not last.automatic else "Raqib"
    return done_by(last.action, who, last.created_at, stale.status)


def remember_undo(decisions: Sequence[Decision]) -> dict[str, Any] | None:
    """Offer Undo for these decisions: in the JSON answer, and in the session for plain forms."""
    if not decisions:
        return None
    ids = ",".join(str(d.id) for d in decisions)
    session["undo"] = {"ids": ids, "at": time.time()}
    return {"url": url_for("dashboard.undo"), "decisions": ids, "seconds": UNDO_NOTICE_SECONDS}


def pending_undo() -> dict[str, Any] | None:
    """The Undo a plain-form page should offer once, right after a decision (then forgotten)."""
    offer = session.pop("undo", None)
    if not isinstance(offer, dict) or time.time() - float(offer.get("at", 0)) > UNDO_SECONDS:
        return None
    return offer


def _failed(form, fallback: str) -> Response:
    errors = form_errors(form)
    if wants_json():
        return make_response(jsonify(ok=False, code=400, message=" ".join(errors)), 400)
    for error in errors:
        flash(error, "error")
    return redirect(safe_next(form.next.data) or fallback)


def _conflict(item: Comment, stale: StaleDecision, form: DecisionForm) -> Response:
    text = conflict_text(stale)
    question = _("%(what)s. Apply your decision anyway?", what=text)
    if wants_json():
        body = {
            "ok": False,
            "code": 409,
            "message": question,
            "conflict": {"id": item.id, **result(item), "seen": stale.status, "text": text},
        }
        return make_response(jsonify(body), 409)
    html = render_template("dashboard/conflict.html", c=item, form=form, text=text,
                           current=stale.status)  # fmt: skip
    return make_response(html, 409)


@bp.post("/comments/<int:comment_id>/decision")
def decide(comment_id: int) -> Response:
    """Approve, reject (with a reason code) or delete (with its own reason) one comment."""
    item = get_comment(comment_id)
    if item is None:
        abort(404)
    form = DecisionForm()
    fallback = url_for("dashboard.comment", comment_id=comment_id)
    if not form.validate_on_submit():
        return _failed(form, fallback)
    action = form.action.data
    try:
        decision = apply_decision(item, action, g.moderator, form.reason_text(), form.expected())
    except StaleDecision as stale:
        return _conflict(item, stale, form)
    resolve_reports(item, decision)
    message = str(ONE_DONE[action]) % {"id": item.id}
    undo = remember_undo([decision])
    if wants_json():
        session.pop("undo", None)
        return jsonify(ok=True, message=message, results=[result(item)], undo=undo)
    flash(message, "success")
    return redirect(safe_next(form.next.data) or fallback)


def decide_many(
    items: Iterable[Comment],
    action: str,
    reason: str | None,
    seen: dict[int, str],
    include_flagged: bool,
) -> tuple[list[tuple[Comment, Decision]], list[Comment], list[Comment]]:
    """Decide each comment; returns (decided, skipped as flagged, skipped as changed)."""
    done: list[tuple[Comment, Decision]] = []
    flagged: list[Comment] = []
    stale: list[Comment] = []
    for item in items:
        publishing = action == "approve" and item.status != "published"
        if publishing and item.verdict != "approve" and not include_flagged:
            flagged.append(item)
            continue
        try:
            decision = apply_decision(item, action, g.moderator, reason, seen.get(item.id))
        except StaleDecision:
            stale.append(item)
            continue
        resolve_reports(item, decision)
        done.append((item, decision))
    return done, flagged, stale


def _many_message(action: str, done: int, flagged: int, stale: int) -> str:
    parts = [many_done(action, done)]
    if flagged:
        parts.append(
            ngettext(
                "%(num)d comment that Raqib flagged was not approved: open it, or tick “Also "
                "approve comments Raqib flagged”.",
                "%(num)d comments that Raqib flagged were not approved: open them, or tick "
                "“Also approve comments Raqib flagged”.",
                flagged,
            )
        )
    if stale:
        parts.append(
            ngettext(
                "%(num)d comment had been decided meanwhile and was left as it is.",
                "%(num)d comments had been decided meanwhile and were left as they are.",
                stale,
            )
        )
    return " ".join(parts)


def _many_response(action, done, flagged, stale, next_url: str) -> Response:
    message = _many_message(action, len(done), len(flagged), len(stale))
    undo = remember_undo([d for _, d in done])
    skipped = [{"id": c.id, "why": "flagged"} for c in flagged]
    skipped += [{**result(c), "why": "changed"} for c in stale]
    if wants_json():
        session.pop("undo", None)
        return jsonify(ok=True, message=message, results=[result(c) for c, _ in done],
                       skipped=skipped, undo=undo)  # fmt: skip
    flash(message, "success" if done else "error")
    return redirect(next_url)


@bp.post("/comments/bulk")
def bulk() -> Response:
    """Apply one action to the selected comments (flagged and changed ones are skipped)."""
    form = BulkForm()
    fallback = url_for("dashboard.queue")
    if not form.validate_on_submit():
        return _failed(form, fallback)
    items = db.session.scalars(
        select(Comment).where(Comment.id.in_(form.ids.data)).order_by(Comment.id)
    ).unique().all()
    done, flagged, stale = decide_many(
        items, form.action.data, form.reason_text(), form.seen_map(), form.include_flagged.data
    )
    return _many_response(
        form.action.data, done, flagged, stale, safe_next(form.next.data) or fallback
    )


@bp.post("/comments/<int:comment_id>/reject-commenter")
def reject_commenter(comment_id: int) -> Response:
    """Reject every pending comment of this comment's sender (same email or address)."""
    item = get_comment(comment_id)
    if item is None:
        abort(404)
    form = RejectPendingForm()
    back = url_for("dashboard.comment", comment_id=comment_id)
    if not form.validate_on_submit():
        flash(" ".join(form_errors(form)), "error")
        return redirect(back)
    pending = pending_of(item)
    seen = {c.id: "pending" for c in pending}
    done, _flagged, stale = decide_many(pending, "reject", form.reason_code.data, seen, True)
    return _many_response("reject", done, [], stale, back)


@bp.post("/undo")
def undo() -> Response:
    """Take back the moderator's own decisions of the last minute (if nobody decided since)."""
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    raw = request.form.get("decisions", "")
    ids = [int(p) for p in raw.split(",") if p.isascii() and p.isdigit() and len(p) <= 10][:200]
    decisions = db.session.scalars(
        select(Decision).where(Decision.id.in_(ids)).order_by(Decision.id.desc())
    ).all()
    undone, refused = [], 0
    for decision in decisions:
        if undo_decision(decision, g.moderator) is None:
            refused += 1
        else:
            undone.append(decision.comment_id)
    items = db.session.scalars(select(Comment).where(Comment.id.in_(undone))).unique().all()
    for c in items:
        db.session.refresh(c)
    message = ngettext("%(num)d decision undone.", "%(num)d decisions undone.", len(undone))
    if refused:
        message += " " + ngettext(
            "%(num)d could not be undone: too late, or someone decided since.",
            "%(num)d could not be undone: too late, or someone decided since.",
            refused,
        )
    if wants_json():
        return jsonify(ok=bool(undone), message=message, results=[result(c) for c in items])
    flash(message, "success" if undone else "error")
    return redirect(safe_next(request.form.get("next")) or url_for("dashboard.queue"))
