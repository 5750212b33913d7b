"""The blocked and trusted commenter lists: admins edit them, everyone reads them.

An admin blocks or trusts by email, by IP address (hashed with the site's key before it is
stored, as comments store it), or by the IP hash shown on a comment.  Every change is audited
(``list_changes``, shown in the audit log) and reaches every worker at the next comment.
"""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from service.commenters import ListConflict, add_entry, remove_entry
from service.dashboard import bp
from service.dashboard.common import PER_PAGE, admin_required, form_errors, safe_next
from service.dashboard.forms import ActionForm, CommenterForm
from service.dashboard.params import CommentersArgs, parse
from service.extensions import db
from service.models import COMMENTER_KINDS, CommenterEntry
from service.store import ip_hash

HASH_CHARS = frozenset("0123456789abcdef")


def _page(form: CommenterForm, kind: str, status: int = 200) -> tuple[str, int]:
    args = parse(CommentersArgs, request.args)
    offset = args["offset"]
    conds = [CommenterEntry.kind == kind]
    total = db.session.scalar(select(func.count(CommenterEntry.id)).where(*conds)) or 0
    entries = db.session.scalars(
        select(CommenterEntry)
        .where(*conds)
        .order_by(CommenterEntry.created_at.desc(), CommenterEntry.id.desc())
        .limit(PER_PAGE)
        .offset(offset)
    ).all()
    counts = dict(
        db.session.execute(
            select(CommenterEntry.kind, func.count(CommenterEntry.id)).group_by(
                CommenterEntry.kind
            )
        ).all()
    )
    html = render_template(
        "dashboard/commenters.html",
        kind=kind,
        kinds=COMMENTER_KINDS,
        form=form,
        entries=entries,
        counts=counts,
        total=total,
        prev_offset=max(0, offset - PER_PAGE) if offset else None,
        next_offset=offset + PER_PAGE if offset + PER_PAGE < total else None,
    )
    return html, status


@bp.get("/commenters")
def commenters() -> Any:
    """The blocked (or trusted) commenters."""
    kind = parse(CommentersArgs, request.args)["kind"]
    return _page(CommenterForm(formdata=None, kind=kind), kind)


def _value(form: CommenterForm) -> tuple[str, str] | None:
    """(field, value) to store, or None with an error on the form."""
    raw = (form.value.data or "").strip()
    if form.field.data == "email":
        if "@" not in raw or any(ch.isspace() for ch in raw):
            form.value.errors.append(_("Enter an email address."))
            return None
        return "email", raw
    if form.field.data == "ip":
        import ipaddress

        try:
            address = str(ipaddress.ip_address(raw))
        except ValueError:
            form.value.errors.append(_("Enter an IP address such as 192.0.2.7."))
            return None
        return "ip", ip_hash(current_app.config["SECRET_KEY"], address) or ""
    value = raw.lower()
    if not (8 <= len(value) <= 64 and set(value) <= HASH_CHARS):
        form.value.errors.append(_("Enter the IP hash shown on a comment."))
        return None
    return "ip", value


@bp.post("/commenters")
@admin_required
def commenter_add() -> Any:
    """Put an email or address on the blocked or trusted list."""
    form = CommenterForm()
    back = safe_next(form.next.data)
    pair = _value(form) if form.validate_on_submit() else None
    if pair is None:
        if back:
            for error in form_errors(form):
                flash(error, "error")
            return redirect(back)
        return _page(form, form.kind.data or "blocked", 400)
    field, value = pair
    try:
        add_entry(form.kind.data, field, value, form.note.data, g.moderator.username)
    except ListConflict as err:
        message = _("Already on the list “%(list)s”.", list=_kind(err.entry.kind))
        if back:
            flash(message, "error")
            return redirect(back)
        form.value.errors.append(message)
        return _page(form, form.kind.data, 400)
    flash(_("Added to the list “%(list)s”; it applies to the next comment.",
            list=_kind(form.kind.data)), "success")  # fmt: skip
    return redirect(back or url_for("dashboard.commenters", kind=form.kind.data))


def _kind(kind: str) -> str:
    return _("Blocked commenters") if kind == "blocked" else _("Trusted commenters")


@bp.post("/commenters/<int:entry_id>/delete")
@admin_required
def commenter_delete(entry_id: int) -> Response:
    """Take an email or address off its list."""
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    entry = db.session.get(CommenterEntry, entry_id) if entry_id <= 2**31 - 1 else None
    if entry is None:
        abort(404)
    kind = entry.kind
    remove_entry(entry, g.moderator.username)
    flash(_("Removed from the list “%(list)s”.", list=_kind(kind)), "success")
    back = safe_next(request.form.get("next"))
    return redirect(back or url_for("dashboard.commenters", kind=kind))
