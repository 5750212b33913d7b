"""Registering an article from the page itself (``RAQIB_EMBED_REGISTER``).

* ``off`` (default): only the site's backend registers articles (``PUT /api/v1/articles/ID``).
* ``signed``: the page carries ``data-signature``, a hex HMAC-SHA256 keyed with
  ``RAQIB_EMBED_SECRET`` over ``article_id \\n title \\n url \\n language`` (empty strings for
  absent values), made by the site's templates; a signed request may create or update.
* ``origin``: a request from one of ``RAQIB_SITE_DOMAINS`` may create an unknown article (never
  change a known one); signed requests may still update.  An ``Origin`` header is easy to forge
  outside a browser, so this mode trusts anyone who can reach Raqib to *create* articles.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError

from service.extensions import db
from service.models import Article


def signature(secret: str, article_id: str, title: str, url: str | None, lang: str | None) -> str:
    """The ``data-signature`` a site's template puts on the page."""
    message = "\n".join((article_id, title, url or "", lang or "")).encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


class NotAllowed(Exception):
    """This page may not register this article; the message says why."""


@dataclass(frozen=True)
class Registered:
    """The article and what happened: ``created``, ``updated`` or ``unchanged``."""

    article: Article
    outcome: str


def register(data: dict[str, Any], *, mode: str, secret: str, origin_ok: bool) -> Registered:
    """Create (or, when signed, update) an article from an embedding page."""
    if mode == "off":
        raise NotAllowed("Articles are registered by the site's backend (RAQIB_EMBED_REGISTER).")
    signed = bool(secret and data.get("signature")) and hmac.compare_digest(
        signature(secret, data["article_id"], data["title"], data["url"], data["language"]),
        str(data["signature"]).lower(),
    )
    if not signed and (mode == "signed" or not origin_ok):
        raise NotAllowed("The page's registration is not signed or not from the site's domains.")
    fields = {k: data[k] for k in ("title", "url", "language")}
    for _ in range(3):
        article = db.session.get(Article, data["article_id"])
        if article is not None:
            if not signed:
                return Registered(article, "unchanged")
            for key, value in fields.items():
                setattr(article, key, value)
            if data.get("body"):
                article.body = data["body"]
            db.session.commit()
            return Registered(article, "updated")
        article = Article(id=data["article_id"], body=data.get("body") or "", **fields)
        db.session.add(article)
        try:
            db.session.commit()
            return Registered(article, "created")
        except IntegrityError:
            db.session.rollback()  # another page view registered it first
    raise NotAllowed("The article is being registered by another request; retry.")
