"""What every dashboard page shares: labels, request hooks, time zone, errors, helpers."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from functools import wraps
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask import (
    abort,
    current_app,
    g,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import format_timedelta, get_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import BadRequest, HTTPException
from werkzeug.wrappers import Response

from service.auth import session_is_current
from service.core import CATEGORIES
from service.dashboard import LOCALES, RTL_LOCALES, bp
from service.dashboard.forms import DELETE_CODES, REJECT_CODES, LanguageForm
from service.engine import bump_wordlist_version
from service.extensions import db
from service.models import STATUSES, Moderator

PER_PAGE = 50
# Endpoints reachable without signing in.
PUBLIC_ENDPOINTS = frozenset({"dashboard.login", "dashboard.language", "dashboard.static"})

REASON_LABELS: Mapping[str, Any] = {
    "offense": _l("Offense"),
    "strife": _l("Sectarian or racial strife"),
    "off_topic": _l("Off topic"),
    "spam": _l("Spam"),
    "personal_name": _l("Names a personality"),
    "banned_word": _l("Banned word"),
    "suspect_word": _l("Suspect word"),
    "blocked_commenter": _l("Blocked commenter"),
    "reader_reports": _l("Reported by readers"),
    "author_request": _l("The author asked"),
    "legal": _l("Legal request"),
    "other": _l("Other"),
    "none": _l("No reason"),
}
FILTER_CODES: tuple[str, ...] = (*CATEGORIES, "banned_word", "suspect_word", "blocked_commenter")
STATUS_LABELS: Mapping[str, Any] = {
    "pending": _l("Pending"),
    "published": _l("Published"),
    "rejected": _l("Rejected"),
    "deleted": _l("Deleted"),
    "reported": _l("Reported"),
    "all": _l("All"),
}
ACTION_LABELS: Mapping[str, Any] = {
    "verdict": _l("Automatic verdict"),
    "approve": _l("Approve"),
    "reject": _l("Reject"),
    "delete": _l("Delete"),
    "undo": _l("Undo"),
}
# What a decision did, for "rejected by sami 2 minutes ago".
DONE_BY: Mapping[str, Any] = {
    "verdict": _l("%(status)s by Raqib %(ago)s"),
    "approve": _l("Approved by %(who)s %(ago)s"),
    "reject": _l("Rejected by %(who)s %(ago)s"),
    "delete": _l("Deleted by %(who)s %(ago)s"),
    "undo": _l("Put back to %(status)s by %(who)s %(ago)s"),
}
# The automatic verdict in words a moderator acts on.
OUTCOME_LABELS: Mapping[str, Any] = {
    "approve": _l("Clean"),
    "review": _l("Needs review"),
    "reject": _l("Breaks the policy"),
}
SOURCE_LABELS: Mapping[str, Any] = {"rule": _l("rule"), "model": _l("model"), "form": _l("form")}
KIND_LABELS: Mapping[str, Any] = {
    "banned": _l("Banned words"),
    "suspect": _l("Suspect words"),
    "personality": _l("Personality watchlist"),
    "blocked": _l("Blocked commenters"),
    "trusted": _l("Trusted commenters"),
}
# The shipped watchlist's "kind" column, kept as the entry's note.
NOTE_LABELS: Mapping[str, Any] = {
    "activist": _l("activist"),
    "actor": _l("actor"),
    "athlete": _l("athlete"),
    "business": _l("business person"),
    "celebrity": _l("celebrity"),
    "footballer": _l("footballer"),
    "head_of_government": _l("head of government"),
    "head_of_state": _l("head of state"),
    "journalist": _l("journalist"),
    "militant": _l("militant"),
    "military": _l("military"),
    "minister": _l("minister"),
    "politician": _l("politician"),
    "religious": _l("religious figure"),
    "royal": _l("royal"),
    "singer": _l("singer"),
    "writer": _l("writer"),
}
ERROR_TEXT: Mapping[int, tuple[Any, Any]] = {
    400: (_l("Bad request"), _l("The request could not be understood.")),
    403: (_l("Not allowed"), _l("Your account may not open this page.")),
    404: (_l("Not found"), _l("There is nothing at this address.")),
    405: (_l("Method not allowed"), _l("This address does not accept that kind of request.")),
    409: (_l("Changed meanwhile"), _l("Someone changed this while you were looking.")),
    429: (_l("Too many attempts"), _l("Too many requests: wait a minute and try again.")),
    500: (_l("Something went wrong"), _l("The request was not processed. Try again later.")),
    503: (_l("Temporarily unavailable"), _l("The database did not answer. Try again shortly.")),
}


class BadQuery(BadRequest):
    """A query parameter with a value the page cannot use (400 with the fields' reasons)."""

    def __init__(self, errors: Mapping[str, Any]):
        super().__init__()
        self.errors = {k: [str(m) for m in (v if isinstance(v, list) else [v])]
                       for k, v in errors.items()}  # fmt: skip


# -- helpers ----------------------------------------------------------------------------------
def ui_lang() -> str:
    """The interface language of this request ("en" or "ar")."""
    locale = get_locale()
    lang = locale.language if locale is not None else "en"
    return lang if lang in LOCALES else "en"


def wants_json() -> bool:
    """Whether the caller is the dashboard's script (fetch with ``Accept: application/json``)."""
    return request.accept_mimetypes.best == "application/json"


def safe_next(target: str | None) -> str | None:
    """``target`` when it is a path inside the dashboard, else None (no open redirects)."""
    if not target or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/dashboard/"):
        return None
    return target


def _label(table: Mapping[str, Any], key: str | None) -> str:
    # A page shows the same few labels hundreds of times (every row's menus): translate each
    # once per request (measured: 100 ms of a 50-row queue page went to repeated lookups).
    key = key or ""
    cache: dict[tuple[int, str], str] = g.setdefault("_labels", {})
    hit = cache.get((id(table), key))
    if hit is None:
        label = table.get(key)
        hit = cache[(id(table), key)] = str(label) if label is not None else key
    return hit


def reason_label(code: str | None) -> str:
    """The human label of a reason code in the interface language."""
    return _label(REASON_LABELS, code)


def status_label(status: str | None) -> str:
    """The label of a status (or a queue tab)."""
    return _label(STATUS_LABELS, status)


def reason_message(reason: Mapping[str, Any]) -> str:
    """A stored reason's message in the interface language (messages are stored in both)."""
    msgs = reason.get("messages") or {}
    return msgs.get(ui_lang()) or reason.get("message") or reason_label(reason.get("code"))


def site_zone() -> ZoneInfo:
    """The site's time zone (``RAQIB_TIMEZONE``): every time and day in the dashboard uses it."""
    return ZoneInfo(current_app.config.get("TIMEZONE") or "UTC")


def local(value: datetime) -> datetime:
    """A stored (UTC) time in the site's zone."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(site_zone())


def when(value: datetime | None) -> str:
    """A timestamp as shown everywhere in the dashboard: the site's zone, to the minute."""
    if value is None:
        return ""
    return local(value).strftime("%Y-%m-%d %H:%M")


def iso(value: datetime | None) -> str:
    """A timestamp for ``<time datetime>``: RFC 3339 with the offset."""
    return local(value).isoformat(timespec="seconds") if value is not None else ""


def zone_label() -> str:
    """The site's zone as shown beside times: its name and current UTC offset."""
    if "_zone_label" not in g:
        zone = site_zone()
        offset = datetime.now(zone).strftime("%z")
        g._zone_label = f"{zone.key} (UTC{offset[:3]}:{offset[3:]})"
    return g._zone_label


def ago(value: datetime | None) -> str:
    """How long ago, in words of the interface language ("2 minutes ago")."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    delta = value - datetime.now(UTC)
    if abs(delta) < timedelta(seconds=10):
        return _("just now")
    return format_timedelta(delta, add_direction=True, threshold=1.1)


def done_by(action: str, who: str, at: datetime | None, status: str | None = None) -> str:
    """"Rejected by sami 2 minutes ago" for a decision."""
    template = DONE_BY.get(action) or DONE_BY["verdict"]
    return str(template) % {"who": who, "ago": ago(at), "status": status_label(status)}


def day_start(day: date) -> datetime:
    """Midnight of ``day`` in the site's zone (an aware datetime)."""
    return datetime.combine(day, time.min, tzinfo=site_zone())


def day_end(day: date) -> datetime:
    """Midnight after ``day`` in the site's zone."""
    return day_start(day + timedelta(days=1))


def note_label(note: str | None) -> str:
    """A word-list note: the shipped watchlist's kinds in words, anything else as written."""
    label = NOTE_LABELS.get(note or "")
    return str(label) if label is not None else (note or "")


def actor_label(actor: str | None) -> str:
    """Who made a change: Raqib itself, the shipped lists, or a moderator's name."""
    if actor == "raqib":
        return _("Raqib (automatic)")
    if actor == "seed":
        return _("Shipped with Raqib")
    return actor or ""


def url_with(**changes: Any) -> str:
    """The current page's URL with some query parameters changed (None removes one)."""
    args = request.args.to_dict()
    for key, value in changes.items():
        if value is None or value == "":
            args.pop(key, None)
        else:
            args[key] = value
    return url_for(request.endpoint or "dashboard.queue", **(request.view_args or {}), **args)


def current_path() -> str:
    """The current path with its query, for ``next`` fields of forms."""
    return request.full_path.rstrip("?")


def admin_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Only admins may open the view: others get 403."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not g.moderator.is_admin:
            abort(403)
        return view(*args, **kwargs)

    return wrapper


def commit_lists() -> None:
    """Commit a word-list, watchlist or threshold change so that every worker reloads it."""
    bump_wordlist_version()
    db.session.commit()


def form_errors(form) -> list[str]:
    """A form's errors as flat, translated strings."""
    return [str(e) for errors in form.errors.values() for e in errors]


def arrow() -> str:
    """"from → to" in the reading direction of the interface."""
    return "←" if ui_lang() in RTL_LOCALES else "→"


def decision_reason(decision) -> str:
    """An audit entry's reason with reason codes shown as labels in the interface language."""
    reason = decision.reason or ""
    if decision.automatic:
        # The automatic entry lists the verdict's reason codes, or the bare verdict.
        if reason in OUTCOME_LABELS:
            return str(OUTCOME_LABELS[reason])
        return ", ".join(reason_label(c.strip()) for c in reason.split(",") if c.strip())
    if decision.action == "undo":
        return _("Undid decision %(ref)s", ref=reason)
    code, sep, note = reason.partition(":")
    if code in REASON_LABELS:
        return reason_label(code) + (sep + note if sep else "")
    return reason


def top_code(comment) -> str:
    """The reason code to preselect when rejecting: the comment's strongest category."""
    for reason in comment.reasons or ():
        code = reason.get("code")
        # A banned word is the moderators' own list of offensive words.
        code = "offense" if code == "banned_word" else code
        if code in REJECT_CODES:
            return code
    return "other"


def list_change_value(value: str) -> str:
    """A list change's value for people: "email:x" and "ip:<hash>" spelled out."""
    field, sep, rest = value.partition(":")
    if sep and field == "email":
        return rest
    if sep and field == "ip":
        return _("address %(hash)s…", hash=rest[:12])
    return value.replace("|", " | ")


# -- request hooks, template context ----------------------------------------------------------
def signed_in() -> Moderator | None:
    """The active moderator of this session, if any."""
    moderator_id = session.get("moderator_id")
    if moderator_id is None:
        return None
    mod = db.session.get(Moderator, moderator_id)
    if mod is not None and session_is_current(mod, session.get("sv")):
        return mod
    # A disabled account, or a session revoked server-side, ends at the next request.
    session.pop("moderator_id", None)
    return None


@bp.before_request
def load_moderator() -> Response | None:
    """Find the signed-in moderator; send everyone else to the login page."""
    g.moderator = None
    if request.endpoint == "dashboard.static":
        return None
    g.moderator = signed_in()
    if g.moderator is None and request.endpoint not in PUBLIC_ENDPOINTS:
        if wants_json():
            return make_response(jsonify(ok=False, code=401, message=_("Please sign in.")), 401)
        if request.method != "GET":
            return redirect(url_for("dashboard.login"), 303)
        return redirect(url_for("dashboard.login", next=current_path()))
    return None


@bp.context_processor
def template_helpers() -> dict[str, Any]:
    """Names every dashboard template may use."""
    from service.dashboard.actions import pending_undo
    from service.dashboard.evidence import highlight, isolate, merged_reasons

    lang = ui_lang()
    return {
        "ui_lang": lang,
        "ui_dir": "rtl" if lang in RTL_LOCALES else "ltr",
        "moderator": g.get("moderator"),
        "reason_label": reason_label,
        "reason_message": reason_message,
        "status_label": status_label,
        "action_label": lambda a: _label(ACTION_LABELS, a),
        "outcome_label": lambda v: _label(OUTCOME_LABELS, v),
        "source_label": lambda s: _label(SOURCE_LABELS, s),
        "kind_label": lambda k: _label(KIND_LABELS, k),
        "note_label": note_label,
        "actor_label": actor_label,
        "when": when,
        "iso": iso,
        "ago": ago,
        "done_by": done_by,
        "zone_label": zone_label,
        "arrow": arrow(),
        "highlight": highlight,
        "isolate": isolate,
        "merged_reasons": merged_reasons,
        "decision_reason": decision_reason,
        "top_code": top_code,
        "list_change_value": list_change_value,
        "pending_undo": pending_undo,
        "url_with": url_with,
        "current_path": current_path,
        "statuses": STATUSES,
        "reject_codes": REJECT_CODES,
        "delete_codes": DELETE_CODES,
        "language_form": LanguageForm,
        "ngettext": ngettext,
    }


def render_error(error: HTTPException) -> Response:
    """The dashboard's error page (or JSON for the script), in the interface language."""
    code = error.code or 500
    if "moderator" not in g:
        # Errors raised before the blueprint's hooks ran (CSRF) still show who is signed in.
        try:
            g.moderator = signed_in()
        except SQLAlchemyError:
            db.session.rollback()
            g.moderator = None
    title, message = ERROR_TEXT.get(code, (error.name, error.description or ""))
    if isinstance(error, CSRFError):
        title = _l("The form has expired")
        message = _l(
            "The form was not sent by this dashboard page or it is too old. "
            "Go back, reload the page and try again."
        )
    schema = (getattr(error, "data", None) or {}).get("schema")
    if schema:
        # Not an outage that passes: nothing works until someone runs the migrations.
        message = schema
    errors = getattr(error, "errors", None) or {}
    if wants_json():
        body = {"ok": False, "code": code, "message": str(message)}
        if errors:
            body["errors"] = errors
        response = make_response(jsonify(body), code)
    else:
        html = render_template(
            "dashboard/error.html", code=code, title=title, message=message, errors=errors
        )
        response = make_response(html, code)
    # Retry-After (429) and Allow (405) must survive.
    for name, value in error.get_headers():
        if name.lower() not in ("content-type", "content-length"):
            response.headers[name] = value
    return response

