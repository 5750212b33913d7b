"""The embed's script and its no-JavaScript fallback page (``/embed/<article_id>``).

The fallback is a complete HTML form (the seed's fields, the verification code with Refresh
and an audio alternative) and the published thread, newest first; it works without any script,
so a site can put it in ``<noscript><iframe>``.  A successful post redirects (303) to the page
with the "received" notice, so reloading never sends the comment twice.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    current_app,
    g,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from marshmallow import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import lazyload
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from service import captcha as captcha_codes
from service.api import schemas as s
from service.embed.strings import pick, strings_for
from service.errors import _DEFAULT_MESSAGES
from service.extensions import db, limiter
from service.intake import FormProblems, accept
from service.messages import message
from service.models import Article, Comment

STATIC = Path(__file__).resolve().parent / "static"
PER_PAGE = 20
FIELDS = ("name", "email", "comment", "captcha_answer")

bp = Blueprint(
    "embed",
    __name__,
    template_folder="templates",
    static_folder=str(STATIC),
    static_url_path="/embed/static",
)


@bp.get("/embed.js")
@limiter.exempt
def script() -> Response:
    """The embed script (cached for an hour; revalidated by ETag)."""
    response = send_from_directory(STATIC, "embed.js", max_age=3600)
    response.headers["Content-Type"] = "text/javascript; charset=utf-8"
    return response


def _article(article_id: str) -> Article | None:
    if not s.ARTICLE_ID.regex.match(article_id):
        return None
    return db.session.get(Article, article_id)


def _closed() -> tuple[str, int]:
    lang = pick(request.args.get("lang"), request.accept_languages.best_match(("ar", "en")))
    return render_template("embed/closed.html", lang=lang, text=strings_for(lang)["closed"]), 404


def render_error(error: HTTPException) -> Response:
    """The embed pages' errors as a small HTML page in the reader's language (not JSON)."""
    lang = pick(request.values.get("lang"), request.accept_languages.best_match(("ar", "en")))
    en, ar = _DEFAULT_MESSAGES.get(error.code or 500, (error.name, error.name))
    html = render_template("embed/closed.html", lang=lang, text=ar if lang == "ar" else en)
    response = Response(html, error.code or 500, content_type="text/html; charset=utf-8")
    for name, value in error.get_headers():
        if name.lower() not in ("content-type", "content-length"):
            response.headers[name] = value
    return response


def _lang(article: Article) -> str:
    return pick(
        request.values.get("lang"),
        article.language,
        request.accept_languages.best_match(("ar", "en")),
        default=current_app.config["DEFAULT_LANGUAGE"],
    )


def _page(article: Article, lang: str, **context: Any) -> str:
    cfg = current_app.config
    try:
        page = max(1, int(request.args.get("page", 1)))
    except ValueError:
        page = 1
    where = (Comment.article_id == article.id, Comment.status == "published")
    total = db.session.scalar(select(func.count(Comment.id)).where(*where)) or 0
    comments = db.session.scalars(
        select(Comment)
        .options(lazyload(Comment.article))
        .where(*where)
        .order_by(Comment.created_at.desc(), Comment.id.desc())
        .limit(PER_PAGE)
        .offset((page - 1) * PER_PAGE)
    ).all()
    code = None
    if cfg["CAPTCHA"]:
        code = captcha_codes.issue(
            cfg["SECRET_KEY"],
            ttl=cfg["CAPTCHA_TTL"],
            length=cfg["CAPTCHA_LENGTH"],
            audio=bool(context.pop("audio", False)),
        )
    context.pop("audio", None)
    return render_template(
        "embed/page.html",
        article=article,
        lang=lang,
        t=strings_for(lang, cfg["SITE_NAME"]),
        code=code,
        comments=comments,
        total=total,
        page=page,
        older=page + 1 if page * PER_PAGE < total else None,
        newer=page - 1 if page > 1 else None,
        limits={"name": cfg["MAX_NAME_LENGTH"], "comment": cfg["MAX_COMMENT_LENGTH"]},
        **context,
    )


@bp.get("/embed/<string:article_id>")
def page(article_id: str) -> Any:
    """The form and the published thread, for readers without JavaScript."""
    article = _article(article_id)
    if article is None:
        return _closed()
    lang = _lang(article)
    return _page(article, lang, sent=request.args.get("sent"), values={}, errors={})


@bp.post("/embed/<string:article_id>")
@limiter.limit(lambda: current_app.config["RATELIMIT_COMMENTS"])
@limiter.limit(
    lambda: current_app.config["RATELIMIT_CAPTCHA_FAILURES"],
    key_func=lambda: "ip:" + (request.remote_addr or "unknown"),
    scope="captcha-failures",
    deduct_when=lambda response: bool(g.get("captcha_failed")),
)
def post(article_id: str) -> Any:
    """Send the form: errors shown on the form (422), or 303 to the "received" notice."""
    article = _article(article_id)
    if article is None:
        return _closed()
    lang = _lang(article)
    values = {k: request.form.get(k, "") for k in ("name", "email", "comment")}
    values["show_email"] = request.form.get("show_email") == "on"
    if "refresh" in request.form or "audio" in request.form:
        # The Refresh link and the audio button keep what the reader typed.
        return _page(article, lang, values=values, errors={}, audio="audio" in request.form)
    schema = s.CommentIn()
    schema.limits = {  # type: ignore[attr-defined]
        "name": current_app.config["MAX_NAME_LENGTH"],
        "comment": current_app.config["MAX_COMMENT_LENGTH"],
    }
    form = {**request.form.to_dict(), "article_id": article.id}
    try:
        data = schema.load(form)
        accepted = accept(data, ip=request.remote_addr, user_agent=request.user_agent.string)
    except ValidationError as err:
        return _invalid(article, lang, values, err.messages)
    except FormProblems as err:
        return _invalid(article, lang, values, err.problems)
    status = accepted.verdict.status
    return redirect(url_for("embed.page", article_id=article.id, lang=lang, sent=status), 303)


def _invalid(article: Article, lang: str, values: dict[str, Any], problems: Any):
    limits = {"name": current_app.config["MAX_NAME_LENGTH"], "comment": 0}
    limits["comment"] = current_app.config["MAX_COMMENT_LENGTH"]
    errors: dict[str, list[str]] = {}
    for field, codes in (problems or {}).items():
        for code in codes if isinstance(codes, list) else [codes]:
            if isinstance(code, str) and code in s.FORM_CODES:
                text = message(code, lang, {"max": limits.get(field, "")})
            else:
                text = message("form_errors", lang)
            errors.setdefault(field if field in FIELDS else "form", []).append(text)
    return _page(article, lang, values=values, errors=errors), 422
