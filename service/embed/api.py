"""The embed's JSON endpoints (``/api/v1/embed``), in the OpenAPI document with the rest.

``GET /api/v1/embed/articles/<id>`` tells the script how to render: the reader's language and
its texts, whether the article is known, whether a verification code is needed, the limits.
``POST /api/v1/embed/articles`` registers an article from the page (``RAQIB_EMBED_REGISTER``).
"""

from __future__ import annotations

from typing import Any

from flask import current_app, request
from flask_smorest import Blueprint, abort
from marshmallow import EXCLUDE, Schema, fields, validate

from service.api import body_data, load
from service.api.schemas import ARTICLE_ID, Text
from service.embed.origins import parse
from service.embed.register import NotAllowed, register
from service.embed.strings import pick, strings_for
from service.extensions import db, limiter
from service.models import Article

blp = Blueprint("embed_api", __name__, description="The embeddable comment form and thread")


class ConfigArgs(Schema):
    class Meta:
        unknown = EXCLUDE

    lang = Text(load_default=None, validate=validate.Length(max=35))
    page_lang = Text(load_default=None, validate=validate.Length(max=35))


class LimitsOut(Schema):
    name = fields.Integer()
    comment = fields.Integer()


class EmbedConfigOut(Schema):
    article_id = Text()
    known = fields.Boolean(metadata={"description": "Whether the article is registered"})
    lang = Text(metadata={"description": "The reader's language: ar or en"})
    article_language = Text(allow_none=True)
    captcha = fields.Boolean()
    hints = fields.Boolean(metadata={"description": "Whether /check hints are offered"})
    register = Text(validate=validate.OneOf(["off", "signed", "origin"]))
    mode = Text(validate=validate.OneOf(["pre", "auto"]))
    limits = fields.Nested(LimitsOut)
    strings = fields.Dict(keys=Text(), values=Text())


class EmbedArticleIn(Schema):
    class Meta:
        unknown = EXCLUDE

    article_id = Text(required=True, validate=ARTICLE_ID)
    title = Text(required=True, validate=validate.Length(min=1, max=1000))
    url = Text(load_default=None, allow_none=True, validate=validate.Length(max=2048))
    language = Text(load_default=None, allow_none=True, validate=validate.OneOf(["ar", "en"]))
    body = Text(load_default="", allow_none=True, validate=validate.Length(max=200_000))
    signature = Text(load_default=None, allow_none=True, validate=validate.Length(max=128))


class EmbedArticleOut(Schema):
    article_id = Text()
    outcome = Text(validate=validate.OneOf(["created", "updated", "unchanged"]))
    language = Text(allow_none=True)


@blp.route("/api/v1/embed/articles/<string:article_id>", methods=["GET"])
@blp.arguments(ConfigArgs, location="query")
@blp.response(200, EmbedConfigOut)
def embed_config(args: dict[str, Any], article_id: str):
    """How the embed renders for this article: language, texts, captcha, limits."""
    if not ARTICLE_ID.regex.match(article_id):
        abort(400, message="article_id may use letters, digits and . _ : ~ - (1-128).")
    cfg = current_app.config
    article = db.session.get(Article, article_id)
    article_language = article.language if article is not None else None
    lang = pick(args["lang"], article_language, args["page_lang"], default=cfg["DEFAULT_LANGUAGE"])
    return {
        "article_id": article_id,
        "known": article is not None,
        "lang": lang,
        "article_language": article_language,
        "captcha": bool(cfg["CAPTCHA"]),
        "hints": True,
        "register": cfg["EMBED_REGISTER"],
        "mode": cfg["MODE"],
        "limits": {"name": cfg["MAX_NAME_LENGTH"], "comment": cfg["MAX_COMMENT_LENGTH"]},
        "strings": strings_for(lang, cfg["SITE_NAME"]),
    }


@blp.route("/api/v1/embed/articles", methods=["POST"])
@blp.doc(requestBody={"content": {"application/json": {"schema": EmbedArticleIn}}})
@blp.response(200, EmbedArticleOut)
@blp.alt_response(201, schema=EmbedArticleOut, description="Created")
@blp.alt_response(403, description="Registration from pages is off, unsigned or off-site")
@limiter.limit(lambda: current_app.config["RATELIMIT_CHECK"])
def embed_register(data: dict[str, Any] | None = None):
    """Register the embedding page's article (signed data-attributes or an allowed origin)."""
    data = load(EmbedArticleIn(), body_data())
    cfg = current_app.config
    try:
        done = register(
            data,
            mode=cfg["EMBED_REGISTER"],
            secret=cfg["EMBED_SECRET"],
            origin_ok=parse(cfg["SITE_DOMAINS"]).allows(request.headers.get("Origin")),
        )
    except NotAllowed as err:
        abort(403, message=str(err))
    body = {
        "article_id": done.article.id,
        "outcome": done.outcome,
        "language": done.article.language,
    }
    return body, 201 if done.outcome == "created" else 200
