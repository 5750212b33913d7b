"""The signed-in moderator's own account: changing the password (``/dashboard/account``).

Kept apart from ``views.py``: its routes register on the dashboard blueprint when
``init_dashboard`` imports this module. A password change ends every other session of the
account (the session version is bumped) and keeps this one; the policy is the one of
``service.auth.password_problem``.
"""

from __future__ import annotations

from typing import Any

from flask import flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from service.auth import (
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    set_password,
    verify_password,
)
from service.dashboard import bp
from service.extensions import limiter


class PasswordChangeForm(FlaskForm):
    current = PasswordField(
        _l("Current password"), validators=[DataRequired(), Length(max=MAX_PASSWORD_LENGTH)]
    )
    new = PasswordField(
        _l("New password"),
        validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=MAX_PASSWORD_LENGTH)],
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[DataRequired(), EqualTo("new", message=_l("The two new passwords differ."))],
    )


def _account_key() -> str:
    # Per account, not per address: a stolen session cannot guess the current password fast.
    return f"password-change:{session.get('moderator_id')}"


@bp.route("/account", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"], key_func=_account_key)
def account() -> Any:
    """Change your own password (the current one is asked for again)."""
    form = PasswordChangeForm()
    status = 200
    if request.method == "POST":
        status = 400
        if form.validate_on_submit():
            mod = g.moderator
            if not verify_password(mod, form.current.data):
                form.current.errors.append(_("The current password is wrong."))
            else:
                try:
                    set_password(mod, form.new.data)
                except ValueError as err:
                    form.new.errors.append(str(err))
                else:
                    # The change ended every session of the account: this one goes on.
                    session["sv"] = mod.session_version
                    flash(_("Password changed; your other sessions have ended."), "success")
                    return redirect(url_for("dashboard.account"))
    return render_template(
        "dashboard/account.html", form=form, min_length=MIN_PASSWORD_LENGTH
    ), status
