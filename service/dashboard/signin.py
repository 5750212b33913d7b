"""Signing in and out, the interface language, and the dashboard's home."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.wrappers import Response

from service.auth import revoke_sessions, verify_password
from service.dashboard import bp
from service.dashboard.common import safe_next
from service.dashboard.forms import ActionForm, LanguageForm, LoginForm
from service.extensions import db, limiter
from service.models import Moderator

_dummy_hash: list[str] = []


def _check_password(mod: Moderator | None, password: str) -> bool:
    if mod is not None:
        return verify_password(mod, password)
    # Unknown users cost one argon2 verification too, so timing does not reveal usernames.
    if not _dummy_hash:
        from service.auth import hash_password

        _dummy_hash.append(hash_password("not-a-password"))
    verify_password(Moderator(password_hash=_dummy_hash[0], active=True), password)
    return False


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    "10 per minute", methods=["POST"], key_func=lambda: "login:" + (request.remote_addr or "")
)
def login() -> Any:
    """Sign in with username and password."""
    if g.moderator is not None and request.method == "GET":
        return redirect(safe_next(request.args.get("next")) or url_for("dashboard.queue"))
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    status = 200
    if form.validate_on_submit():
        username = form.username.data.strip()
        mod = db.session.scalar(select(Moderator).where(Moderator.username == username))
        if _check_password(mod, form.password.data):
            lang = session.get("lang")
            # A new session on every sign-in: nothing (CSRF token included) survives from before.
            session.clear()
            session["moderator_id"] = mod.id
            session["sv"] = mod.session_version or 0
            if lang:
                session["lang"] = lang
            return redirect(safe_next(form.next.data) or url_for("dashboard.queue"))
        flash(_("Wrong username or password."), "error")
        status = 401
    elif request.method == "POST":
        status = 400
    return render_template("dashboard/login.html", form=form), status


@bp.post("/logout")
def logout() -> Response:
    """Sign out (POST with the CSRF token, so no other site can sign a moderator out)."""
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    if g.moderator is not None:
        # Server-side: this cookie, and every other session of the account, stop working.
        revoke_sessions(g.moderator)
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    flash(_("You are signed out."), "success")
    return redirect(url_for("dashboard.login"))


@bp.post("/language")
def language() -> Response:
    """Switch the interface language (kept in the session)."""
    form = LanguageForm()
    if form.validate_on_submit():
        session["lang"] = form.lang.data
    return redirect(safe_next(form.next.data) or url_for("dashboard.queue"))


@bp.get("/")
def index() -> Response:
    """The dashboard's home is the pending queue."""
    return redirect(url_for("dashboard.queue"))
