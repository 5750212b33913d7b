"""The JSON API blueprint (``/api/v1``) plus ``/healthz`` and ``/metrics``.

Views are thin: validate with the schemas, call the engine or the store, dump the result.
Access (a documented choice where the contract is silent): posting a comment, the single
check, the captcha and the public list of published comments are open (and rate limited);
registering articles, batch checks, reading a comment with its email and decisions need a
moderator's API token (``Authorization: Bearer``), since they are server-to-server calls.
"""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, g, request
from flask_smorest import Blueprint, abort
from marshmallow import Schema, ValidationError
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import lazyload
from webargs.flaskparser import FlaskParser

from model.normalize import detect_language
from service import captcha as captcha_codes
from service.api import schemas as s
from service.auth import token_required
from service.bodies import json_body, json_body_or_none
from service.core import Article as CoreArticle
from service.core import Submission
from service.extensions import db, limiter
from service.intake import FormProblems, accept
from service.messages import message, messages, pick_language
from service.metrics import exposition
from service.models import Article, Comment
from service.readers import captcha_address_key, captcha_reader_key, reader_address
from service.reports import resolve_reports
from service.schema import schema_problem
from service.store import StaleDecision, apply_decision, get_comment, verdict_dict


class _QueryParser(FlaskParser):
    # A query parameter of the wrong type is a malformed request (400), as for bodies.
    DEFAULT_VALIDATION_STATUS = 400


class _Blueprint(Blueprint):
    ARGUMENTS_PARSER = _QueryParser()


blp = _Blueprint("api", __name__, description="Raqib verdict API")


def engine():
    """The process's moderation engine (models loaded once in the factory)."""
    return current_app.extensions["raqib"]


def lang_of(data: Any = None) -> str:
    """The language of messages: ``lang``, Accept-Language, then the comment's own language."""
    get = getattr(data, "get", None)
    requested = get("lang") if get else None
    default = current_app.config["DEFAULT_LANGUAGE"]
    comment = get("comment") if get else None
    if isinstance(comment, str) and comment.strip():
        # A site posting from its backend sends no Accept-Language: answer an Arabic
        # comment in Arabic. Only as much text as a valid comment may have is looked at:
        # a 120 KB comment is refused as fast as a short one.
        default = detect_language(comment[: current_app.config["MAX_COMMENT_LENGTH"]])
    return pick_language(
        requested if isinstance(requested, str) else request.args.get("lang"),
        request.accept_languages if request.headers.get("Accept-Language") else None,
        default,
    )


def body_data(*, form_ok: bool = False) -> Any:
    """The raw request body: a JSON object, or form fields where the endpoint accepts forms."""
    if form_ok and request.mimetype in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        return request.form
    if request.mimetype != "application/json" and not request.is_json:
        abort(400, message="Send a JSON object (Content-Type: application/json).")
    data = json_body()
    if not isinstance(data, dict):
        abort(400, message="The body is not a JSON object.")
    return data


def load(schema: Schema, data: Any) -> dict[str, Any]:
    """Validate ``data``: 422 with reasons for form problems, 400 for a malformed body."""
    try:
        return schema.load(data)
    except ValidationError as err:
        form_error(err.messages, lang_of(data))
    raise AssertionError("unreachable")


def error_payload(errors: Any, lang: str) -> tuple[int, dict[str, Any]]:
    """The one error shape for ``errors``: 422 with reasons when every problem is a form code."""
    flat = list(_flatten(errors))
    if flat and all(isinstance(m, str) and m in s.FORM_CODES for _, m in flat):
        limits = _limits()
        reasons = []
        readable: dict[str, list[str]] = {}
        for field, code in flat:
            params = {"max": limits.get(field.rsplit(".", 1)[-1], "")}
            text_ = message(code, lang, params)
            reasons.append(
                {
                    "code": code,
                    "field": field,
                    "source": "form",
                    "message": text_,
                    "messages": messages(code, params),
                }
            )
            readable.setdefault(field, []).append(text_)
        return 422, {
            "code": 422,
            "status": "Unprocessable Entity",
            "message": message("form_errors", lang),
            "messages": messages("form_errors", {}),
            "errors": readable,
            "reasons": reasons,
            "verdict": "reject",
        }
    return 400, {
        "code": 400,
        "status": "Bad Request",
        "message": "The request body is malformed.",
        "errors": errors,
    }


def form_error(errors: Any, lang: str) -> None:
    """Abort with the one error shape: 422 when every problem is a form code, else 400."""
    code, payload = error_payload(errors, lang)
    if code == 422:
        abort(
            422,
            message=payload["message"],
            errors=payload["errors"],
            reasons=payload["reasons"],
            verdict="reject",
        )
    abort(400, message=payload["message"], errors=errors)


def _flatten(errors: Any, prefix: str = ""):
    if isinstance(errors, dict):
        for key, value in errors.items():
            yield from _flatten(value, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(errors, list):
        for item in errors:
            if isinstance(item, (dict, list)):
                yield from _flatten(item, prefix)
            else:
                yield prefix, item
    else:
        yield prefix, errors


def _limits() -> dict[str, int]:
    cfg = current_app.config
    return {"name": cfg["MAX_NAME_LENGTH"], "comment": cfg["MAX_COMMENT_LENGTH"]}


def _schema(cls: type[Schema]) -> Schema:
    schema = cls()
    schema.limits = _limits()  # type: ignore[attr-defined]
    return schema


def _core_article(article: Article) -> CoreArticle:
    return CoreArticle(
        id=article.id, title=article.title, body=article.body or "", language=article.language
    )


def _client_ip() -> str | None:
    # The reader a trusted site names, else the connection's address.
    return reader_address()


# -- articles ---------------------------------------------------------------------------------
@blp.route("/api/v1/articles/<string:article_id>", methods=["PUT"])
@blp.doc(
    requestBody={"content": {"application/json": {"schema": s.ArticleIn}}},
    security=[{"bearer": []}],
)
@blp.response(200, s.ArticleOut)
@blp.alt_response(201, schema=s.ArticleOut, description="Created")
@token_required()
def put_article(article_id: str):
    """Create or replace an article: the subject comments are judged against."""
    if not s.ARTICLE_ID.regex.match(article_id):
        abort(400, message="article_id may use letters, digits and . _ : ~ - (1-128).")
    data = load(s.ArticleIn(), body_data())
    fields = {k: data[k] for k in ("title", "body", "url", "language")}
    for _ in range(3):
        article = db.session.get(Article, article_id)
        created = article is None
        if created:
            article = Article(id=article_id, **fields)
            db.session.add(article)
        else:
            for key, value in fields.items():
                setattr(article, key, value)
        try:
            db.session.commit()
            return article, 201 if created else 200
        except IntegrityError:
            # Two first PUTs of one id raced: the other created it; update it instead.
            db.session.rollback()
    abort(409, message="The article is being changed by another request; retry.")


@blp.route("/api/v1/articles/<string:article_id>/comments", methods=["GET"])
@blp.arguments(s.PublicPageArgs, location="query")
@blp.response(200, s.PublicListOut)
def public_comments(args: dict[str, Any], article_id: str):
    """Published comments of an article, oldest (or newest) first; emails only where shown."""
    article = db.session.get(Article, article_id)
    if article is None:
        abort(404, message="Unknown article.")
    where = (Comment.article_id == article_id, Comment.status == "published")
    total = db.session.scalar(select(func.count(Comment.id)).where(*where))
    rows = db.session.scalars(
        select(Comment)
        .options(lazyload(Comment.article))  # the public list never shows the article body
        .where(*where)
        .order_by(
            *(
                (Comment.created_at.desc(), Comment.id.desc())
                if args["order"] == "newest"
                else (Comment.created_at, Comment.id)
            )
        )
        .limit(args["limit"])
        .offset(args["offset"])
    ).all()
    return {
        "article_id": article_id,
        "language": article.language,
        "total": total,
        "comments": rows,
    }


# -- captcha ----------------------------------------------------------------------------------
@blp.route("/api/v1/captcha", methods=["GET"])
@blp.arguments(s.CaptchaArgs, location="query")
@blp.response(200, s.CaptchaOut)
@limiter.limit(lambda: current_app.config["RATELIMIT_CAPTCHA"])
def get_captcha(args: dict[str, bool]):
    """A new verification code as a PNG (the form's Refresh link asks again)."""
    cfg = current_app.config
    return captcha_codes.issue(
        cfg["SECRET_KEY"],
        ttl=cfg["CAPTCHA_TTL"],
        length=cfg["CAPTCHA_LENGTH"],
        audio=args["audio"],
    )


# -- comments ---------------------------------------------------------------------------------
@blp.route("/api/v1/comments", methods=["POST"])
@blp.doc(
    requestBody={
        "content": {
            "application/json": {"schema": s.CommentIn},
            "application/x-www-form-urlencoded": {"schema": s.CommentIn},
        }
    }
)
@blp.response(201, s.CommentCreatedOut)
@blp.alt_response(422, description="The form is invalid; nothing was stored")
@limiter.limit(lambda: current_app.config["RATELIMIT_COMMENTS"])
@limiter.limit(
    lambda: current_app.config["RATELIMIT_CAPTCHA_FAILURES"],
    key_func=captcha_reader_key,
    scope="captcha-failures",
    deduct_when=lambda response: bool(g.get("captcha_failed")),
)
@limiter.limit(
    lambda: current_app.config["RATELIMIT_CAPTCHA_FAILURES_ADDRESS"],
    key_func=captcha_address_key,
    scope="captcha-failures-address",
    deduct_when=lambda response: bool(g.get("captcha_failed")),
)
def post_comment():
    """Moderate a comment from the site's form and store it with its verdict."""
    raw = body_data(form_ok=True)
    data = load(_schema(s.CommentIn), raw)
    lang = lang_of(data)
    try:
        accepted = accept(data, ip=_client_ip(), user_agent=request.user_agent.string)
    except FormProblems as err:
        form_error(err.problems, lang)
        raise  # unreachable: form_error aborts
    return {"id": accepted.comment.id, **verdict_dict(accepted.verdict, lang)}, 201


@blp.route("/api/v1/comments/<int:comment_id>", methods=["GET"])
@blp.doc(security=[{"bearer": []}])
@blp.response(200, s.CommentOut)
@token_required()
def read_comment(comment_id: int):
    """A stored comment with its verdict, status and decision history (moderators only)."""
    comment = get_comment(comment_id)
    if comment is None:
        abort(404, message="Unknown comment.")
    return comment


@blp.route("/api/v1/comments/<int:comment_id>/decision", methods=["POST"])
@blp.doc(
    requestBody={"content": {"application/json": {"schema": s.DecisionIn}}},
    security=[{"bearer": []}],
)
@blp.response(200, s.CommentOut)
@blp.alt_response(409, description="The comment changed since expected_status: nothing done")
@token_required()
def decide(comment_id: int):
    """Approve, reject or delete a comment (any time, also once published); audited."""
    data = load(s.DecisionIn(), body_data(form_ok=True))
    comment = get_comment(comment_id)
    if comment is None:
        abort(404, message="Unknown comment.")
    try:
        decision = apply_decision(
            comment, data["action"], g.moderator, data["reason"], data["expected_status"]
        )
    except StaleDecision as stale:
        now = stale.current()
        abort(
            409,
            message=f"The comment is {now['status']} now ({now['action']} by {now['actor']} "
            f"at {now['at']}); nothing was changed. Send expected_status={now['status']} to "
            "decide anyway.",
            current=now,
        )
    resolve_reports(comment, decision)
    return comment


# -- checks without storage -------------------------------------------------------------------
def _check_item(data: dict[str, Any], articles: dict[str, Article | None]):
    article: CoreArticle | None = None
    if data.get("article_id"):
        aid = data["article_id"]
        if aid not in articles:
            articles[aid] = db.session.get(Article, aid)
        if articles[aid] is None:
            return None
        article = _core_article(articles[aid])
    elif data.get("article"):
        inline = data["article"]
        article = CoreArticle(
            id="", title=inline["title"], body=inline["body"], language=inline["language"]
        )
    return Submission(comment=data["comment"], name=data.get("name")), article


def check_cost() -> int:
    """What one ``/check`` costs against its rate limit: 1, plus 1 per started
    ``RAQIB_MAX_COMMENT_LENGTH`` characters of an inline article's title and body.

    An inline article is vectorised and searched for names on the request (a stored one once
    per process), and that costs about as much per character as a comment: so its text is
    charged like the comments it could have been, and an open caller gets no more text
    processed per minute through an inline article than through comments.
    """
    data = json_body_or_none()
    article = data.get("article") if isinstance(data, dict) else None
    if not isinstance(article, dict):
        return 1
    size = sum(len(v) for v in (article.get("title"), article.get("body")) if isinstance(v, str))
    return 1 + -(-size // current_app.config["MAX_COMMENT_LENGTH"])


@blp.route("/api/v1/check", methods=["POST"])
@blp.doc(requestBody={"content": {"application/json": {"schema": s.CheckIn}}})
@blp.response(200, s.VerdictOut)
@limiter.limit(lambda: current_app.config["RATELIMIT_CHECK"], cost=lambda: check_cost())
def check():
    """The verdict a comment would get, stored nowhere (lets the site warn before posting)."""
    data = load(_schema(s.CheckIn), body_data())
    item = _check_item(data, {})
    if item is None:
        form_error({"article_id": ["article_unknown"]}, lang_of(data))
    return verdict_dict(engine().moderate(*item), lang_of(data))


@blp.route("/api/v1/check/batch", methods=["POST"])
@blp.doc(
    requestBody={"content": {"application/json": {"schema": s.BatchIn}}},
    security=[{"bearer": []}],
)
@blp.response(200, s.BatchOut)
@token_required()
def check_batch():
    """Verdicts for up to ``RAQIB_MAX_BATCH`` comments, in order, stored nowhere.

    Each result is a verdict (``ok: true``) or that item's error in the one error shape
    (``ok: false, error: {code, message, reasons?, errors}``): one bad row does not sink the
    others. Only a body that is not a batch at all (or too many items) fails as a whole.
    """
    data = body_data()
    limit = current_app.config["MAX_BATCH"]
    items = data.get("items")
    # Counted before any item is looked at: the size bound comes first.
    if isinstance(items, list) and len(items) > limit:
        abort(413, message=f"At most {limit} items per batch.")
    data = load(s.BatchIn(), data)
    lang = lang_of(data)
    schema = _schema(s.CheckIn)
    articles: dict[str, Article | None] = {}
    results: list[dict[str, Any] | None] = [None] * len(data["items"])
    todo: list[tuple[int, tuple[Submission, CoreArticle | None]]] = []
    for i, raw in enumerate(data["items"]):
        if not isinstance(raw, dict):
            results[i] = _item_error({"_schema": ["An item must be a JSON object."]}, lang)
            continue
        try:
            item = schema.load(raw)
        except ValidationError as err:
            results[i] = _item_error(err.messages, lang)
            continue
        pair = _check_item(item, articles)
        if pair is None:
            results[i] = _item_error({"article_id": ["article_unknown"]}, lang)
        else:
            todo.append((i, pair))
    verdicts = engine().moderate_many([pair for _, pair in todo]) if todo else []
    for (i, _), verdict in zip(todo, verdicts, strict=True):
        results[i] = {"ok": True, **verdict_dict(verdict, lang)}
    return {"results": results}


def _item_error(errors: Any, lang: str) -> dict[str, Any]:
    _, payload = error_payload(errors, lang)
    return {"ok": False, "error": payload}


# -- operations -------------------------------------------------------------------------------
@blp.route("/healthz", methods=["GET"])
@blp.response(200, s.HealthOut)
@limiter.exempt
def healthz():
    """Liveness and readiness: the model version and whether the database answers."""
    problem = None
    try:
        db.session.execute(text("SELECT 1"))
        problem = schema_problem(db.session.connection())
        database = "ok" if problem is None else "not migrated"
    except SQLAlchemyError:
        db.session.rollback()
        database = "unavailable"
    body = {
        "status": "ok" if database == "ok" else "degraded",
        "model_version": engine().model_version,
        "database": database,
    }
    if problem:
        body["message"] = problem
    return body, 200 if database == "ok" else 503


@blp.route("/livez", methods=["GET"])
@blp.response(200, s.LiveOut)
@limiter.exempt
def livez():
    """Liveness only (no database): also the bare-Flask baseline of the load benchmark."""
    return {"status": "ok"}


@blp.route("/metrics", methods=["GET"])
@blp.doc(responses={200: {"description": "Prometheus text format"}})
@limiter.exempt
def metrics():
    """Prometheus metrics (requests, latency, verdicts by reason)."""
    payload, content_type = exposition()
    return Response(payload, content_type=content_type)


from service.api import reports as _reports  # noqa: E402,F401 - registers the report endpoint
