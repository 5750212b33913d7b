"""Coral Talk's external moderation phase: ``POST /api/v1/integrations/coral``.

Coral (coralproject/talk) calls an external phase for every new or edited comment: a JSON body
``{action, comment: {body, parentID}, author: {id, role}, story: {id, url}, site: {id},
tenantID, tenantDomain}`` signed like its webhooks (``X-Coral-Signature: sha256=<hex HMAC-SHA256
of the raw body>``, several comma-separated while a rotated secret is still active).  It waits
for 204 (no opinion) or 200 ``{status?, actions?: [{actionType: "FLAG", reason}], tags?}``
within the phase's timeout, and skips the phase otherwise.

Raqib verifies the signature with ``RAQIB_CORAL_SECRET`` (comma-separated for rotation), gives
its verdict, stores the comment and verdict under the story's article (a registered article with
that URL, else ``coral:<story id>``), so that the dashboard, the audit log and retraining see
Coral's comments, and maps the verdict as configured:

* reject: ``RAQIB_CORAL_REJECT`` = ``REJECTED`` (default), ``SYSTEM_WITHHELD``, ``PREMOD`` or
  ``FLAG`` (flags only; Coral's own settings decide);
* review: ``RAQIB_CORAL_REVIEW`` = ``PREMOD`` (default), ``SYSTEM_WITHHELD``, ``FLAG``, ``NONE``;
* approve: ``RAQIB_CORAL_APPROVE`` = ``204`` (default, no opinion) or ``APPROVED``.

A comment longer than ``RAQIB_MAX_COMMENT_LENGTH`` (Raqib's own form refuses it) is not run
through the checks: their cost grows faster than the text, and Coral's readers are not bound by
Raqib's limit (issue 11: no request may stall a worker). It is held for review instead (reason
``comment_too_long``), answered as ``RAQIB_CORAL_REVIEW`` says and stored for the moderators.

Reject and review always carry FLAG actions (``COMMENT_DETECTED_SPAM`` for spam,
``COMMENT_DETECTED_TOXIC`` for every other reason: Coral knows no other detected reasons), with
Raqib's reasons in ``additionalDetails`` for Coral's moderators.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable, Mapping
from html.parser import HTMLParser
from typing import Any

from flask import Response, current_app, request
from flask_smorest import Blueprint, abort
from marshmallow import EXCLUDE, Schema, fields, validate
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from model.normalize import detect_language
from service.api import body_data, load
from service.api.schemas import ARTICLE_ID, Text
from service.core import Reason, Submission, Verdict, status_for
from service.extensions import db, limiter
from service.intake import core_article
from service.metrics import record_verdict
from service.models import Article
from service.store import create_comment

blp = Blueprint("coral", __name__, description="Coral Talk external moderation phase")

SIGNATURE_HEADER = "X-Coral-Signature"
SPAM = "COMMENT_DETECTED_SPAM"
TOXIC = "COMMENT_DETECTED_TOXIC"


class _Lenient(Schema):
    class Meta:
        # Coral adds fields between versions (tenant vs tenantID, site): ignore the unknown.
        unknown = EXCLUDE


class CoralComment(_Lenient):
    body = Text(required=True, validate=validate.Length(max=100_000))
    parentID = Text(load_default=None, allow_none=True)  # noqa: N815 - Coral's field name


class CoralAuthor(_Lenient):
    id = Text(required=True, validate=validate.Length(min=1, max=190))
    role = Text(load_default=None, allow_none=True)


class CoralStory(_Lenient):
    id = Text(required=True, validate=validate.Length(min=1, max=200))
    url = Text(required=True, validate=validate.Length(min=1, max=2048))


class CoralSite(_Lenient):
    id = Text(load_default=None, allow_none=True)


class CoralTenant(_Lenient):
    id = Text(load_default=None, allow_none=True)
    domain = Text(load_default=None, allow_none=True)


class CoralRequestIn(_Lenient):
    """Coral's External Moderation Request."""

    action = Text(required=True, validate=validate.OneOf(["NEW", "EDIT"]))
    comment = fields.Nested(CoralComment, required=True)
    author = fields.Nested(CoralAuthor, required=True)
    story = fields.Nested(CoralStory, required=True)
    site = fields.Nested(CoralSite, load_default=None, allow_none=True)
    tenantID = Text(load_default=None, allow_none=True)  # noqa: N815
    tenantDomain = Text(load_default=None, allow_none=True)  # noqa: N815
    tenant = fields.Nested(CoralTenant, load_default=None, allow_none=True)


class CoralActionOut(Schema):
    actionType = Text(validate=validate.OneOf(["FLAG"]))  # noqa: N815
    reason = Text(validate=validate.OneOf([TOXIC, SPAM]))
    additionalDetails = Text()  # noqa: N815


class CoralResponseOut(Schema):
    """Coral's External Moderation Response."""

    status = Text(
        validate=validate.OneOf(["APPROVED", "REJECTED", "PREMOD", "SYSTEM_WITHHELD", "NONE"])
    )
    actions = fields.List(fields.Nested(CoralActionOut))
    tags = fields.List(Text())


def signature_ok(secrets: Iterable[str], body: bytes, header: str | None) -> bool:
    """Whether one ``sha256=`` signature in the header is the HMAC of ``body`` with a secret."""
    if not header:
        return False
    given = [
        value.strip().lower()
        for prefix, _, value in (part.strip().partition("=") for part in header.split(","))
        if prefix == "sha256" and value
    ]
    for secret in secrets:
        expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        if any(hmac.compare_digest(expected, g) for g in given):
            return True
    return False


class _Text(HTMLParser):
    BREAKS = frozenset({"br", "p", "div", "li", "blockquote"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.BREAKS:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def plain_text(body: str) -> str:
    """The comment as text: Coral sends HTML when the phase's format is HTML."""
    if "<" not in body and "&" not in body:
        return body.strip()
    parser = _Text()
    parser.feed(body)
    parser.close()
    return re.sub(r"\n{3,}", "\n\n", "".join(parser.parts)).strip()


def coral_response(verdict: Verdict, settings: Mapping[str, str]) -> dict[str, Any] | None:
    """Coral's response for a verdict under the configured mapping; None means 204."""
    if verdict.verdict == "approve":
        return None if settings["CORAL_APPROVE"] == "204" else {"status": "APPROVED"}
    choice = settings["CORAL_REJECT"] if verdict.verdict == "reject" else settings["CORAL_REVIEW"]
    by_reason: dict[str, list[str]] = {}
    for reason in verdict.reasons:
        score = f" {reason.score:.2f}" if reason.score is not None else ""
        by_reason.setdefault(SPAM if reason.code == "spam" else TOXIC, []).append(
            f"{reason.code}{score} ({reason.source})"
        )
    if not by_reason:
        by_reason[TOXIC] = [verdict.verdict]
    actions = [
        {
            "actionType": "FLAG",
            "reason": coral_reason,
            "additionalDetails": f"Raqib {verdict.verdict}: " + "; ".join(details)[:400],
        }
        for coral_reason, details in by_reason.items()
    ]
    body: dict[str, Any] = {"actions": actions}
    if choice != "FLAG":
        body["status"] = choice
    return body


def too_long(text: str, limit: int) -> Verdict:
    """A review verdict for a comment over the length limit, without running the checks."""
    policy = current_app.extensions["raqib"].policy()
    reason = Reason("comment_too_long", "form", field="comment", params={"max": str(limit)})
    return Verdict(
        verdict="review",
        status=status_for("review", policy.mode),
        reasons=(reason,),
        scores={},
        # Language detection reads a bounded prefix, as for the API's own forms.
        language=detect_language(text[:limit]),
        model_version=policy.model_version,
    )


def story_article(story: Mapping[str, str]) -> tuple[Article, bool]:
    """The story's article: one registered with its URL, else ``coral:<story id>``.

    Returns the article and whether it is a real one (with a title) that off-topic and names
    can be judged against; a placeholder only groups the story's comments.
    """
    url = story["url"].split("#", 1)[0]
    article = db.session.scalar(select(Article).where(Article.url == url).limit(1))
    if article is not None:
        return article, bool(article.title)
    candidate = f"coral:{story['id']}"
    if not ARTICLE_ID.regex.match(candidate):
        candidate = "coral:" + hashlib.sha256(url.encode()).hexdigest()[:40]
    for _ in range(3):
        article = db.session.get(Article, candidate)
        if article is not None:
            return article, bool(article.title)
        db.session.add(Article(id=candidate, title="", body="", url=url))
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()  # the story's first two comments raced
    article = db.session.get(Article, candidate)
    if article is None:
        abort(409, message="The story's article is being created by another request; retry.")
    return article, bool(article.title)


@blp.route("/api/v1/integrations/coral", methods=["POST"])
@blp.doc(
    requestBody={"content": {"application/json": {"schema": CoralRequestIn}}},
    parameters=[
        {
            "in": "header",
            "name": SIGNATURE_HEADER,
            "required": True,
            "schema": {"type": "string"},
            "description": "sha256=<hex HMAC-SHA256 of the body with the phase's secret>",
        }
    ],
)
@blp.response(200, CoralResponseOut)
@blp.alt_response(204, description="No opinion: Coral goes on with its own settings")
@blp.alt_response(401, description="Missing or wrong signature")
@blp.alt_response(404, description="The integration is not configured")
@limiter.limit(lambda: current_app.config["RATELIMIT_CORAL"])
def coral_phase():
    """Moderate a comment for Coral Talk: verdict, stored, answered in Coral's terms."""
    cfg = current_app.config
    secrets = [x.strip() for x in cfg["CORAL_SECRET"].split(",") if x.strip()]
    if not secrets:
        abort(404, message="The Coral integration is not configured (RAQIB_CORAL_SECRET).")
    raw = request.get_data(cache=True)
    if not signature_ok(secrets, raw, request.headers.get(SIGNATURE_HEADER)):
        abort(401, message=f"Missing or wrong {SIGNATURE_HEADER}.")
    data = load(CoralRequestIn(), body_data())
    text = plain_text(data["comment"]["body"])
    if not text:
        return Response(status=204)
    article, judged = story_article(data["story"])
    if len(text) > cfg["MAX_COMMENT_LENGTH"]:
        verdict = too_long(text, cfg["MAX_COMMENT_LENGTH"])
    else:
        verdict = current_app.extensions["raqib"].moderate(
            Submission(comment=text), core_article(article) if judged else None
        )
    create_comment(
        article_id=article.id,
        name=f"coral:{data['author']['id']}",
        email=None,
        show_email=False,
        body=text,
        verdict=verdict,
        ip=request.remote_addr,
        user_agent=request.user_agent.string,
        secret=cfg["SECRET_KEY"],
    )
    record_verdict(verdict.verdict, verdict.status, verdict.reasons)
    answer = coral_response(verdict, cfg)
    if answer is None:
        return Response(status=204)
    return answer
