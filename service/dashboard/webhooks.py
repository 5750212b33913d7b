"""Admin pages for webhooks: endpoints (URL, secret, events), test events, the delivery log.

Routes attach to the dashboard blueprint when ``init_dashboard`` imports this module.  Texts
live in their own Babel domain (``translations/ar/LC_MESSAGES/webhooks.po``) and fall back to
the dashboard's catalogue for shared words.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import Domain
from flask_babel import gettext as default_gettext
from flask_wtf import FlaskForm
from markupsafe import Markup
from werkzeug.wrappers import Response
from wtforms import BooleanField, SelectMultipleField, StringField, widgets
from wtforms.validators import DataRequired, Length, Optional

from service.dashboard import bp
from service.dashboard.common import admin_required
from service.dashboard.forms import SelectChoice
from service.extensions import db
from service.webhooks.admin import (
    EndpointError,
    create_endpoint,
    deliveries,
    endpoint_rows,
    rotate_secret,
    send_test,
    update_endpoint,
)
from service.webhooks.delivery import retry_now
from service.webhooks.models import DELIVERY_STATUSES, WebhookDelivery, WebhookEndpoint
from service.webhooks.outbox import EVENT_TYPES

DOMAIN = Domain(
    translation_directories=[str(Path(__file__).resolve().parent.parent / "translations")],
    domain="webhooks",
)
PER_PAGE = 50


def wt(text: str, **variables: Any) -> str:
    """Translate a webhooks text; shared words come from the dashboard's own catalogue."""
    translated = DOMAIN.get_translations().gettext(text)
    if translated == text:
        return default_gettext(text, **variables)
    return translated % variables if variables else translated


wl = DOMAIN.lazy_gettext


@bp.context_processor
def _webhooks_helpers() -> dict[str, Any]:
    return {"wt": wt}


class MultiCheckboxField(SelectMultipleField):
    """Checkboxes for a multiple choice (the subscribed events)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class EndpointForm(FlaskForm):
    url = StringField(wl("URL"), validators=[DataRequired(), Length(max=2048)])
    description = StringField(wl("Description"), validators=[Optional(), Length(max=200)])
    events = MultiCheckboxField(
        wl("Events"), choices=[SelectChoice(e, e) for e in EVENT_TYPES], default=list(EVENT_TYPES)
    )
    active = BooleanField(wl("Active"), default=True)


class ActionOnly(FlaskForm):
    """Nothing but the CSRF token (rotate, test, retry, delete)."""


def _production() -> bool:
    return current_app.config["ENV"] == "production"


def _endpoint(endpoint_id: int) -> WebhookEndpoint:
    endpoint = db.session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None:
        abort(404)
    return endpoint


def _checked(form: FlaskForm) -> None:
    if not form.validate_on_submit():
        abort(400)


def _list_page(form: EndpointForm, status: int = 200, secret: str | None = None):
    html = render_template(
        "dashboard/webhooks.html", form=form, rows=endpoint_rows(), new_secret=secret
    )
    return html, status


@bp.route("/admin/webhooks", methods=["GET", "POST"])
@admin_required
def webhooks() -> Any:
    """Webhook endpoints: list with delivery counts, add one (its secret is shown once)."""
    form = EndpointForm()
    if request.method == "GET":
        return _list_page(form)
    if not form.validate_on_submit():
        return _list_page(form, 400)
    try:
        endpoint = create_endpoint(
            form.url.data,
            form.events.data or [],
            description=form.description.data,
            created_by=g.moderator.username,
            production=_production(),
        )
    except EndpointError as err:
        form.url.errors.append(wt(str(err)))
        return _list_page(form, 400)
    flash(wt("Endpoint added."), "success")
    # Rendered, not redirected: the secret must not travel in a cookie or a URL.
    return _list_page(EndpointForm(formdata=None), 200, endpoint.secret)


@bp.route("/admin/webhooks/<int:endpoint_id>", methods=["GET", "POST"])
@admin_required
def webhook(endpoint_id: int) -> Any:
    """One endpoint: change it, rotate its secret, send a test, read its delivery log."""
    endpoint = _endpoint(endpoint_id)
    form = EndpointForm(obj=endpoint if request.method == "GET" else None)
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                update_endpoint(
                    endpoint,
                    url=form.url.data,
                    events=form.events.data or [],
                    description=form.description.data,
                    active=bool(form.active.data),
                    production=_production(),
                )
                flash(wt("Endpoint saved."), "success")
                return redirect(url_for("dashboard.webhook", endpoint_id=endpoint.id))
            except EndpointError as err:
                db.session.rollback()
                form.url.errors.append(wt(str(err)))
        status = 400
    return _detail_page(endpoint, form, status)


def _detail_page(
    endpoint: WebhookEndpoint, form: EndpointForm, status: int = 200, secret: str | None = None
):
    wanted = request.args.get("status", "")
    wanted = wanted if wanted in DELIVERY_STATUSES else ""
    try:
        offset = max(0, int(request.args.get("offset", 0)))
    except ValueError:
        offset = 0
    rows, total = deliveries(endpoint.id, status=wanted, limit=PER_PAGE, offset=offset)
    html = render_template(
        "dashboard/webhook.html",
        endpoint=endpoint,
        form=form,
        rows=rows,
        total=total,
        status=wanted,
        statuses=DELIVERY_STATUSES,
        offset=offset,
        prev_offset=max(0, offset - PER_PAGE) if offset else None,
        next_offset=offset + PER_PAGE if offset + PER_PAGE < total else None,
        new_secret=secret,
        status_text=status_text,
    )
    return html, status


def status_text(status: str) -> str:
    """A delivery status in the interface language."""
    return {
        "pending": wt("waiting"),
        "delivered": wt("delivered"),
        "failed": wt("failed"),
    }.get(status, status)


@bp.post("/admin/webhooks/<int:endpoint_id>/rotate")
@admin_required
def webhook_rotate(endpoint_id: int) -> Any:
    """A new secret (shown once); the old one keeps signing for 24 hours."""
    _checked(ActionOnly())
    endpoint = _endpoint(endpoint_id)
    secret = rotate_secret(endpoint)
    flash(wt("New secret made; the old one also signs for 24 hours."), "success")
    return _detail_page(endpoint, EndpointForm(formdata=None, obj=endpoint), 200, secret)


@bp.post("/admin/webhooks/<int:endpoint_id>/test")
@admin_required
def webhook_test(endpoint_id: int) -> Response:
    """Queue a ``webhook.test`` event for this endpoint."""
    _checked(ActionOnly())
    event = send_test(_endpoint(endpoint_id), g.moderator.username)
    flash(wt("Test event %(id)s queued.", id=event.event_id), "success")
    return redirect(url_for("dashboard.webhook", endpoint_id=endpoint_id))


@bp.post("/admin/webhooks/<int:endpoint_id>/delete")
@admin_required
def webhook_delete(endpoint_id: int) -> Response:
    """Remove an endpoint and its delivery log."""
    _checked(ActionOnly())
    endpoint = _endpoint(endpoint_id)
    db.session.delete(endpoint)
    db.session.commit()
    flash(wt("Endpoint removed."), "success")
    return redirect(url_for("dashboard.webhooks"))


@bp.post("/admin/webhooks/deliveries/<int:delivery_id>/retry")
@admin_required
def webhook_retry(delivery_id: int) -> Response:
    """Send a failed or waiting delivery again now."""
    _checked(ActionOnly())
    delivery = db.session.get(WebhookDelivery, delivery_id)
    if delivery is None:
        abort(404)
    endpoint_id = delivery.endpoint_id
    if retry_now(delivery_id):
        flash(wt("Delivery queued for another attempt."), "success")
    return redirect(url_for("dashboard.webhook", endpoint_id=endpoint_id))


def events_label(events: list[str]) -> Markup:
    """The subscribed events as code chips."""
    return Markup(" ").join(Markup("<code>{}</code>").format(e) for e in events)
