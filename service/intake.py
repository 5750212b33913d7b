"""Accepting a comment from the site's form: the article, the verification code, the verdict,
storage.  Shared by the JSON API (``POST /api/v1/comments``) and the embed's HTML form.

Form problems are raised as :class:`FormProblems` (field -> reason codes); each surface shows
them in its own way (a 422 JSON body, or the form again with messages).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app, g

from service import captcha as captcha_codes
from service.core import Article as CoreArticle
from service.core import Submission, Verdict
from service.extensions import db
from service.metrics import record_verdict
from service.models import Article, Comment
from service.store import create_comment, ip_hash


class FormProblems(Exception):
    """The form cannot be accepted; ``problems`` maps fields to reason codes."""

    def __init__(self, problems: dict[str, list[str]]):
        super().__init__(problems)
        self.problems = problems


@dataclass(frozen=True)
class Accepted:
    """A stored comment and the verdict it was given."""

    comment: Comment
    verdict: Verdict


def core_article(article: Article) -> CoreArticle:
    """The article as the moderation core sees it."""
    return CoreArticle(
        id=article.id, title=article.title, body=article.body or "", language=article.language
    )


def accept(data: dict[str, Any], *, ip: str | None, user_agent: str | None) -> Accepted:
    """Check the article and the code, moderate, store; raises :class:`FormProblems`.

    The verification code is checked (and consumed) only once the rest of the form is valid,
    so a commenter who fixes another field keeps the code.
    """
    cfg = current_app.config
    problems: dict[str, list[str]] = {}
    article = db.session.get(Article, data["article_id"])
    if article is None:
        problems["article_id"] = ["article_unknown"]
    if cfg["CAPTCHA"] and not (data.get("captcha_id") and data.get("captcha_answer")):
        problems["captcha_answer"] = ["captcha_required"]
    if problems or article is None:
        raise FormProblems(problems)
    if cfg["CAPTCHA"]:
        wrong = captcha_codes.verify(cfg["SECRET_KEY"], data["captcha_id"], data["captcha_answer"])
        if wrong:
            # Counted per client address: guessing codes costs a fresh captcha each time and
            # is cut off after a few failures (RAQIB_RATELIMIT_CAPTCHA_FAILURES).
            g.captcha_failed = True
            raise FormProblems({"captcha_answer": [wrong]})
    submission = Submission(
        comment=data["comment"],
        name=data["name"],
        email=data.get("email"),
        ip_hash=ip_hash(cfg["SECRET_KEY"], ip),  # the commenter lists (block, trust)
    )
    verdict = current_app.extensions["raqib"].moderate(submission, core_article(article))
    comment = create_comment(
        article_id=article.id,
        name=data["name"],
        email=data.get("email"),
        show_email=bool(data.get("show_email")),
        body=data["comment"],
        verdict=verdict,
        ip=ip,
        user_agent=user_agent,
        secret=cfg["SECRET_KEY"],
    )
    record_verdict(verdict.verdict, verdict.status, verdict.reasons)
    return Accepted(comment, verdict)
