"""Admin pages: moderator accounts and the thresholds."""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.wrappers import Response

from service.auth import create_moderator, set_active
from service.core import CATEGORIES
from service.dashboard import bp
from service.dashboard.common import admin_required, commit_lists
from service.dashboard.forms import ActionForm, ModeratorForm, ThresholdsForm
from service.engine import THRESHOLDS_KEY
from service.extensions import db
from service.models import Moderator, Setting


def _moderators_page(form: ModeratorForm, status: int = 200, token: str | None = None):
    moderators = db.session.scalars(select(Moderator).order_by(Moderator.username)).all()
    html = render_template(
        "dashboard/moderators.html", form=form, moderators=moderators, new_token=token
    )
    return html, status


@bp.route("/admin/moderators", methods=["GET", "POST"])
@admin_required
def moderators() -> Any:
    """Moderator accounts: list, add (the API token is shown once), disable."""
    form = ModeratorForm()
    if request.method == "GET":
        return _moderators_page(form)
    if not form.validate_on_submit():
        return _moderators_page(form, 400)
    try:
        mod, token = create_moderator(
            form.username.data, role=form.role.data, password=form.password.data
        )
    except ValueError:
        db.session.rollback()
        form.username.errors.append(_("This username is taken."))
        return _moderators_page(form, 400)
    flash(_("Account “%(name)s” created.", name=mod.username), "success")
    # Rendered, not redirected: the token must not travel in a cookie or a URL.
    return _moderators_page(ModeratorForm(formdata=None), 200, token)


@bp.post("/admin/moderators/<int:moderator_id>/active")
@admin_required
def moderator_active(moderator_id: int) -> Response:
    """Disable or re-enable an account (never your own, never the last admin)."""
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    mod = db.session.get(Moderator, moderator_id) if moderator_id <= 2**31 - 1 else None
    if mod is None:
        abort(404)
    if mod.id == g.moderator.id:
        flash(_("You cannot disable your own account."), "error")
        return redirect(url_for("dashboard.moderators"))
    set_active(mod, not mod.active)
    if mod.active:
        flash(_("Account “%(name)s” enabled.", name=mod.username), "success")
    else:
        flash(_("Account “%(name)s” disabled.", name=mod.username), "success")
    return redirect(url_for("dashboard.moderators"))


@bp.route("/admin/thresholds", methods=["GET", "POST"])
@admin_required
def thresholds() -> Any:
    """Reject and review thresholds per category (0..1, review <= reject)."""
    engine = current_app.extensions["raqib"]
    form = ThresholdsForm()
    status = 200
    if request.method == "POST":
        if request.form.get("reset"):
            if not ActionForm().validate_on_submit():
                abort(400)
            row = db.session.get(Setting, THRESHOLDS_KEY)
            if row is not None:
                db.session.delete(row)
            commit_lists()
            flash(_("Thresholds reset to the configured defaults."), "success")
            return redirect(url_for("dashboard.thresholds"))
        if form.validate_on_submit():
            row = db.session.get(Setting, THRESHOLDS_KEY)
            if row is None:
                db.session.add(Setting(key=THRESHOLDS_KEY, value=form.values()))
            else:
                row.value = form.values()
            commit_lists()
            flash(_("Thresholds saved; they apply to the next comment."), "success")
            return redirect(url_for("dashboard.thresholds"))
        status = 400
    else:
        reject, review = engine.thresholds()
        for category in CATEGORIES:
            rj, rv = form.pair(category)
            rj.data, rv.data = reject.get(category), review.get(category)
    html = render_template(
        "dashboard/thresholds.html",
        form=form,
        categories=CATEGORIES,
        defaults=(engine.config["REJECT"], engine.config["REVIEW"]),
    )
    return html, status
