"""The dashboard's pages and actions (server-rendered; JSON for the script's in-place updates)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from flask import (
    abort,
    current_app,
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
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from markupsafe import Markup, escape
from sqlalchemy import Text, cast, func, or_, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from service.auth import (
    create_moderator,
    revoke_sessions,
    session_is_current,
    set_active,
    verify_password,
)
from service.core import CATEGORIES, OUTCOMES
from service.dashboard import LOCALES, RTL_LOCALES, bp, stats
from service.dashboard.forms import (
    REJECT_CODES,
    ActionForm,
    BulkForm,
    DecisionForm,
    LanguageForm,
    LoginForm,
    ModeratorForm,
    ThresholdsForm,
    WordForm,
)
from service.engine import THRESHOLDS_KEY, bump_wordlist_version
from service.extensions import db, limiter
from service.models import (
    STATUSES,
    WORD_KINDS,
    Article,
    Comment,
    Decision,
    Moderator,
    Setting,
    WordListEntry,
)
from service.store import ACTIONS, apply_decision

PER_PAGE = 50
WORDS_PER_PAGE = 100
ORDERS = ("oldest", "newest", "risk")
AUDIT_ACTIONS = ("verdict", *ACTIONS)
CODE_RE = re.compile(r"^[a-z_]{1,40}$")
STATS_DAYS = (7, 30, 90)
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
    "other": _l("Other"),
    "none": _l("No reason"),
}
FILTER_CODES: tuple[str, ...] = (*CATEGORIES, "banned_word", "suspect_word")
STATUS_LABELS: Mapping[str, Any] = {
    "pending": _l("Pending"),
    "published": _l("Published"),
    "rejected": _l("Rejected"),
    "deleted": _l("Deleted"),
}
ACTION_LABELS: Mapping[str, Any] = {
    "verdict": _l("Automatic verdict"),
    "approve": _l("Approve"),
    "reject": _l("Reject"),
    "delete": _l("Delete"),
}
ONE_DONE: Mapping[str, Any] = {
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


VERDICT_LABELS: Mapping[str, Any] = {
    "approve": _l("approve"),
    "review": _l("review"),
    "reject": _l("reject"),
}
SOURCE_LABELS: Mapping[str, Any] = {"rule": _l("rule"), "model": _l("model"), "form": _l("form")}
KIND_LABELS: Mapping[str, Any] = {
    "banned": _l("Banned words"),
    "suspect": _l("Suspect words"),
    "personality": _l("Personality watchlist"),
}
ERROR_TEXT: Mapping[int, tuple[Any, Any]] = {
    400: (_l("Bad request"), _l("The request could not be understood.")),
    403: (_l("Not allowed"), _l("Your account may not open this page.")),
    404: (_l("Not found"), _l("There is nothing at this address.")),
    405: (_l("Method not allowed"), _l("This address does not accept that kind of request.")),
    429: (_l("Too many attempts"), _l("Too many requests: wait a minute and try again.")),
    500: (_l("Something went wrong"), _l("The request was not processed. Try again later.")),
}


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


def reason_label(code: str | None) -> str:
    """The human label of a reason code in the interface language."""
    label = REASON_LABELS.get(code or "")
    return str(label) if label is not None else (code or "")


def reason_message(reason: Mapping[str, Any]) -> str:
    """A stored reason's message in the interface language (messages are stored in both)."""
    msgs = reason.get("messages") or {}
    return msgs.get(ui_lang()) or reason.get("message") or reason_label(reason.get("code"))


def when(value: datetime | None) -> str:
    """A timestamp as shown everywhere in the dashboard: UTC, to the minute."""
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%d %H:%M")


def highlight(text: str, reasons: Iterable[Mapping[str, Any]] | None) -> Markup:
    """The comment as HTML with evidence spans in ``<mark>``; every piece of it is escaped.

    Spans index the original comment, so it is sliced at their offsets and each slice escaped
    separately; overlapping spans are split at every boundary and a slice inside several
    spans is marked once with all their reason codes.
    """
    n = len(text)
    spans: list[tuple[int, int, str]] = []
    for reason in reasons or ():
        if not isinstance(reason, Mapping):
            continue
        code = str(reason.get("code") or "")
        for span in reason.get("spans") or ():
            try:
                start, end = int(span["start"]), int(span["end"])
            except (KeyError, TypeError, ValueError):
                continue
            quoted = span.get("text")
            if 0 <= start < end <= n and (quoted is None or text[start:end] == quoted):
                spans.append((start, end, code))
    if not spans:
        return escape(text)
    cuts = sorted({0, n, *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out: list[Markup] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        piece = text[a:b]
        codes = list(dict.fromkeys(c for s, e, c in spans if s <= a and b <= e))
        if not codes:
            out.append(escape(piece))
            continue
        first = codes[0] if CODE_RE.match(codes[0]) else "other"
        out.append(
            Markup('<mark class="ev ev-{}" title="{}">{}</mark>').format(
                first, ", ".join(reason_label(c) for c in codes), piece
            )
        )
    return Markup("").join(out)


def decision_reason(decision: Decision) -> str:
    """An audit entry's reason with reason codes shown as labels in the interface language."""
    reason = decision.reason or ""
    if decision.automatic:
        # The automatic entry lists the verdict's reason codes, or the bare verdict.
        if reason in VERDICT_LABELS:
            return str(VERDICT_LABELS[reason])
        return ", ".join(reason_label(c.strip()) for c in reason.split(",") if c.strip())
    code, sep, note = reason.partition(":")
    if code in REASON_LABELS:
        return reason_label(code) + (sep + note if sep else "")
    return reason


def top_code(comment: Comment) -> str:
    """The reason code to preselect when rejecting: the comment's strongest category."""
    for reason in comment.reasons or ():
        code = reason.get("code")
        # A banned word is the moderators' own list of offensive words.
        code = "offense" if code == "banned_word" else code
        if code in REJECT_CODES:
            return code
    return "other"


def parse_day(raw: str | None) -> date | None:
    """A ``YYYY-MM-DD`` query parameter, or None when absent or malformed."""
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def day_start(day: date) -> datetime:
    """Midnight UTC of ``day``."""
    return datetime.combine(day, time.min, tzinfo=UTC)


def offset_arg() -> int:
    """The ``offset`` query parameter (rows to skip), never negative."""
    try:
        return max(0, int(request.args.get("offset", 0)))
    except ValueError:
        return 0


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
    lang = ui_lang()
    return {
        "ui_lang": lang,
        "ui_dir": "rtl" if lang in RTL_LOCALES else "ltr",
        "moderator": g.get("moderator"),
        "language_form": LanguageForm(formdata=None, lang=lang),
        "action_form": ActionForm(formdata=None),
        "reason_label": reason_label,
        "reason_message": reason_message,
        "status_label": lambda s: str(STATUS_LABELS.get(s, s)),
        "action_label": lambda a: str(ACTION_LABELS.get(a, a)),
        "verdict_label": lambda v: str(VERDICT_LABELS.get(v, v)),
        "source_label": lambda s: str(SOURCE_LABELS.get(s, s)),
        "kind_label": lambda k: str(KIND_LABELS.get(k, k)),
        "highlight": highlight,
        "when": when,
        "url_with": url_with,
        "current_path": current_path,
        "top_code": top_code,
        "decision_reason": decision_reason,
        "reject_codes": REJECT_CODES,
        "statuses": STATUSES,
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
    if wants_json():
        response = make_response(jsonify(ok=False, code=code, message=str(message)), code)
    else:
        html = render_template("dashboard/error.html", code=code, title=title, message=message)
        response = make_response(html, code)
    # Retry-After (429) and Allow (405) must survive.
    for name, value in error.get_headers():
        if name.lower() not in ("content-type", "content-length"):
            response.headers[name] = value
    return response


# -- sign in and out, language ----------------------------------------------------------------
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


# -- the queue --------------------------------------------------------------------------------
@dataclass
class QueueFilters:
    """The queue's tab, order and filters, read from the query string."""

    status: str = "pending"
    order: str = "oldest"
    article: str = ""
    reason: str = ""
    lang: str = ""
    verdict: str = ""
    since: date | None = None
    until: date | None = None
    q: str = ""
    offset: int = 0

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> QueueFilters:
        """Read the filters, ignoring values that are not valid."""
        status = args.get("status", "pending")
        status = status if status in STATUSES else "pending"
        default_order = "oldest" if status == "pending" else "newest"
        order = args.get("order", default_order)
        reason = args.get("reason", "")
        return cls(
            status=status,
            order=order if order in ORDERS else default_order,
            article=args.get("article", "")[:128],
            reason=reason if CODE_RE.match(reason) else "",
            lang=args.get("lang", "") if args.get("lang") in ("ar", "en") else "",
            verdict=args.get("verdict", "") if args.get("verdict") in OUTCOMES else "",
            since=parse_day(args.get("since")),
            until=parse_day(args.get("until")),
            q=args.get("q", "").strip()[:200],
            offset=offset_arg(),
        )

    def where(self) -> list[Any]:
        """The SQL conditions of the filters."""
        conds: list[Any] = [Comment.status == self.status]
        if self.article:
            conds.append(Comment.article_id == self.article)
        if self.reason:
            # Reasons are a JSON list stored as text on both SQLite and PostgreSQL; matching the
            # serialised key works on both without dialect-specific JSON functions.
            pattern = '%"code": "' + self.reason.replace("_", "\\_") + '"%'
            conds.append(cast(Comment.reasons, Text).like(pattern, escape="\\"))
        if self.lang:
            conds.append(Comment.language == self.lang)
        if self.verdict:
            conds.append(Comment.verdict == self.verdict)
        if self.since:
            conds.append(Comment.created_at >= day_start(self.since))
        if self.until:
            conds.append(Comment.created_at < day_start(self.until + timedelta(days=1)))
        if self.q:
            found = [
                Comment.body.icontains(self.q, autoescape=True),
                Comment.name.icontains(self.q, autoescape=True),
                Comment.email.icontains(self.q, autoescape=True),
            ]
            if self.q.lstrip("#").isdigit():
                found.append(Comment.id == int(self.q.lstrip("#")))
            conds.append(or_(*found))
        return conds

    def order_by(self) -> list[Any]:
        """The SQL ordering; ties broken by id so pages never overlap."""
        if self.order == "risk":
            return [Comment.risk.desc(), Comment.created_at, Comment.id]
        if self.order == "newest":
            return [Comment.created_at.desc(), Comment.id.desc()]
        return [Comment.created_at, Comment.id]


@bp.get("/queue")
def queue() -> str:
    """The review queue: one tab per status, filters, search, 50 comments a page."""
    f = QueueFilters.from_args(request.args)
    conds = f.where()
    total = db.session.scalar(select(func.count(Comment.id)).where(*conds)) or 0
    # Comment.article is loaded by a join in this same query: no query per row.
    comments = db.session.scalars(
        select(Comment).where(*conds).order_by(*f.order_by()).limit(PER_PAGE).offset(f.offset)
    ).all()
    counts = dict(
        db.session.execute(
            select(Comment.status, func.count(Comment.id)).group_by(Comment.status)
        ).all()
    )
    articles = db.session.execute(
        select(Article.id, Article.title, func.count(Comment.id))
        .join(Comment, Comment.article_id == Article.id)
        .where(Comment.status == f.status)
        .group_by(Article.id, Article.title)
        .order_by(func.count(Comment.id).desc(), Article.id)
        .limit(100)
    ).all()
    return render_template(
        "dashboard/queue.html",
        f=f,
        comments=comments,
        total=total,
        counts=counts,
        articles=articles,
        per_page=PER_PAGE,
        prev_offset=max(0, f.offset - PER_PAGE) if f.offset else None,
        next_offset=f.offset + PER_PAGE if f.offset + PER_PAGE < total else None,
        orders=ORDERS,
        filter_codes=FILTER_CODES,
        bulk_form=BulkForm(formdata=None),
    )


@bp.get("/comments/<int:comment_id>")
def comment(comment_id: int) -> str:
    """One comment: highlighted evidence, reasons, scores, identity and its audit trail."""
    item = db.session.scalar(
        select(Comment).where(Comment.id == comment_id).options(selectinload(Comment.decisions))
    )
    if item is None:
        abort(404)
    reject_thresholds, review_thresholds = current_app.extensions["raqib"].thresholds()
    return render_template(
        "dashboard/comment.html",
        c=item,
        categories=CATEGORIES,
        reject_thresholds=reject_thresholds,
        review_thresholds=review_thresholds,
        back=safe_next(request.args.get("next")) or url_for("dashboard.queue"),
    )


def _decided(comments: Iterable[Comment]) -> list[dict[str, Any]]:
    return [
        {"id": c.id, "status": c.status, "status_label": str(STATUS_LABELS[c.status])}
        for c in comments
    ]


def _failed(form, fallback: str) -> Response:
    errors = form_errors(form)
    if wants_json():
        return make_response(jsonify(ok=False, code=400, message=" ".join(errors)), 400)
    for error in errors:
        flash(error, "error")
    return redirect(safe_next(form.next.data) or fallback)


@bp.post("/comments/<int:comment_id>/decision")
def decide(comment_id: int) -> Response:
    """Approve, reject (with a reason code) or delete one comment, at any time; audited."""
    item = db.session.get(Comment, comment_id)
    if item is None:
        abort(404)
    form = DecisionForm()
    fallback = url_for("dashboard.comment", comment_id=comment_id)
    if not form.validate_on_submit():
        return _failed(form, fallback)
    action = form.action.data
    apply_decision(item, action, g.moderator, form.reason_text())
    message = str(ONE_DONE[action]) % {"id": item.id}
    if wants_json():
        return jsonify(ok=True, message=message, results=_decided([item]))
    flash(message, "success")
    return redirect(safe_next(form.next.data) or fallback)


@bp.post("/comments/bulk")
def bulk() -> Response:
    """Apply one action to the selected comments."""
    form = BulkForm()
    fallback = url_for("dashboard.queue")
    if not form.validate_on_submit():
        return _failed(form, fallback)
    action = form.action.data
    items = db.session.scalars(
        select(Comment).where(Comment.id.in_(form.ids.data)).order_by(Comment.id)
    ).all()
    for item in items:
        apply_decision(item, action, g.moderator, form.reason_text())
    message = many_done(action, len(items))
    if wants_json():
        return jsonify(ok=True, message=message, results=_decided(items))
    flash(message, "success")
    return redirect(safe_next(form.next.data) or fallback)


# -- audit log --------------------------------------------------------------------------------
@bp.get("/audit")
def audit() -> str:
    """Every automatic and human decision: who, when, from -> to, why; filterable."""
    actor = request.args.get("actor", "")[:100]
    action = request.args.get("action", "")
    action = action if action in AUDIT_ACTIONS else ""
    since, until = parse_day(request.args.get("since")), parse_day(request.args.get("until"))
    comment_id = request.args.get("comment", "")
    offset = offset_arg()
    conds: list[Any] = []
    if actor:
        conds.append(Decision.actor == actor)
    if action:
        conds.append(Decision.action == action)
    if since:
        conds.append(Decision.created_at >= day_start(since))
    if until:
        conds.append(Decision.created_at < day_start(until + timedelta(days=1)))
    if comment_id.isdigit():
        conds.append(Decision.comment_id == int(comment_id))
    total = db.session.scalar(select(func.count(Decision.id)).where(*conds)) or 0
    rows = db.session.scalars(
        select(Decision)
        .where(*conds)
        .options(joinedload(Decision.comment))
        .order_by(Decision.created_at.desc(), Decision.id.desc())
        .limit(PER_PAGE)
        .offset(offset)
    ).all()
    actors = db.session.scalars(
        select(Decision.actor).distinct().order_by(Decision.actor).limit(200)
    ).all()
    return render_template(
        "dashboard/audit.html",
        rows=rows,
        total=total,
        offset=offset,
        per_page=PER_PAGE,
        prev_offset=max(0, offset - PER_PAGE) if offset else None,
        next_offset=offset + PER_PAGE if offset + PER_PAGE < total else None,
        actors=actors,
        actions=AUDIT_ACTIONS,
        filters={
            "actor": actor,
            "action": action,
            "since": since.isoformat() if since else "",
            "until": until.isoformat() if until else "",
            "comment": comment_id if comment_id.isdigit() else "",
        },
    )


# -- word lists and the watchlist -------------------------------------------------------------
@bp.get("/words")
def words_index() -> Response:
    """The word lists start with the banned words."""
    return redirect(url_for("dashboard.words", kind="banned"))


@bp.get("/watchlist")
def watchlist() -> Response:
    """The personality watchlist is the word list of kind ``personality``."""
    return redirect(url_for("dashboard.words", kind="personality"))


def _words_page(kind: str, form: WordForm, status: int = 200) -> tuple[str, int]:
    q = request.args.get("q", "").strip()[:200]
    offset = offset_arg()
    conds: list[Any] = [WordListEntry.kind == kind]
    if q:
        conds.append(
            or_(
                WordListEntry.term.icontains(q, autoescape=True),
                WordListEntry.aliases.icontains(q, autoescape=True),
            )
        )
    total = db.session.scalar(select(func.count(WordListEntry.id)).where(*conds)) or 0
    entries = db.session.scalars(
        select(WordListEntry)
        .where(*conds)
        .order_by(WordListEntry.term, WordListEntry.id)
        .limit(WORDS_PER_PAGE)
        .offset(offset)
    ).all()
    counts = dict(
        db.session.execute(
            select(WordListEntry.kind, func.count(WordListEntry.id)).group_by(WordListEntry.kind)
        ).all()
    )
    html = render_template(
        "dashboard/words.html",
        kind=kind,
        kinds=WORD_KINDS,
        form=form,
        entries=entries,
        total=total,
        counts=counts,
        q=q,
        prev_offset=max(0, offset - WORDS_PER_PAGE) if offset else None,
        next_offset=offset + WORDS_PER_PAGE if offset + WORDS_PER_PAGE < total else None,
    )
    return html, status


def _duplicate(kind: str, names: list[str]) -> WordListEntry | None:
    """An entry of ``kind`` that already covers one of ``names`` after normalisation."""
    from model.normalize import normalize_text

    wanted = {normalize_text(n) for n in names if n.strip()}
    for entry in db.session.scalars(select(WordListEntry).where(WordListEntry.kind == kind)):
        known = [entry.term, *(entry.aliases or "").split("|")]
        if wanted & {normalize_text(k) for k in known if k.strip()}:
            return entry
    return None


@bp.route("/words/<kind>", methods=["GET", "POST"])
def words(kind: str) -> Any:
    """A word list (banned, suspect) or the watchlist; admins add entries here."""
    if kind not in WORD_KINDS:
        abort(404)
    form = WordForm()
    if request.method == "GET":
        return _words_page(kind, form)
    if not g.moderator.is_admin:
        abort(403)
    if not form.validate_on_submit():
        return _words_page(kind, form, 400)
    term = form.term.data.strip()
    aliases = form.alias_list()
    same = _duplicate(kind, [term, *aliases])
    if same is not None:
        form.term.errors.append(_("Already on this list as “%(term)s”.", term=same.term))
        return _words_page(kind, form, 400)
    db.session.add(
        WordListEntry(
            kind=kind,
            term=term,
            aliases="|".join(aliases),
            language=form.language.data or None,
            note=(form.note.data or "").strip() or None,
            created_by=g.moderator.username,
        )
    )
    try:
        commit_lists()
    except IntegrityError:
        db.session.rollback()
        form.term.errors.append(_("Already on this list."))
        return _words_page(kind, form, 400)
    flash(_("“%(term)s” added; it applies to the next comment.", term=term), "success")
    return redirect(url_for("dashboard.words", kind=kind))


@bp.post("/words/entry/<int:entry_id>/delete")
@admin_required
def word_delete(entry_id: int) -> Response:
    """Remove an entry from a word list or the watchlist."""
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    entry = db.session.get(WordListEntry, entry_id)
    if entry is None:
        abort(404)
    kind, term = entry.kind, entry.term
    db.session.delete(entry)
    commit_lists()
    flash(_("“%(term)s” removed.", term=term), "success")
    return redirect(url_for("dashboard.words", kind=kind))


# -- admin: moderators and thresholds ---------------------------------------------------------
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
    mod = db.session.get(Moderator, moderator_id)
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


# -- statistics -------------------------------------------------------------------------------
@bp.get("/stats")
def stats_page() -> str:
    """Comments per day, reasons, and how often moderators agree with the machine."""
    try:
        days = int(request.args.get("days", 30))
    except ValueError:
        days = 30
    days = days if days in STATS_DAYS else 30
    rtl = ui_lang() in RTL_LOCALES
    dates, series = stats.comments_per_day(days)
    labels = {s: str(STATUS_LABELS[s]) for s in STATUSES}
    per_day = stats.stacked_bars(dates, series, labels, _("Comments per day by status"))
    reasons = stats.reason_counts(days)
    reason_chart = stats.hbars(
        [(reason_label(code), float(n), str(n)) for code, n in reasons.most_common(12)],
        _("Reasons given by the automatic verdict"),
        rtl=rtl,
    )
    report = stats.agreement(days)
    agreement_chart = stats.hbars(
        [
            (reason_label(a.code), a.rate or 0.0, f"{a.rate:.0%} ({a.agreed}/{a.reviewed})")
            for a in report.by_code
            if a.rate is not None
        ],
        _("Agreement of moderators with the automatic verdict"),
        maximum=1.0,
        rtl=rtl,
        css="bar-agree",
    )
    return render_template(
        "dashboard/stats.html",
        days=days,
        choices=STATS_DAYS,
        per_day=per_day,
        series=series,
        totals={s: sum(v) for s, v in series.items()},
        reasons=reasons,
        reason_chart=reason_chart,
        report=report,
        agreement_chart=agreement_chart,
    )


@bp.route("/<path:_unknown>", methods=["GET", "POST"])
def not_found(_unknown: str) -> Response:
    """Unknown dashboard addresses get the dashboard's own 404 page."""
    abort(404)
