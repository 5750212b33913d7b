"""Scoring case files with the engine the service builds (``training.evaluate_policy`` and friends).

An in-memory SQLite app is created as ``raqib serve`` would create it (the personality watchlist
seeded as ``raqib init`` does), the evaluated articles are registered as the site's stories, and
every comment gets the verdict the service would give it.
"""

from __future__ import annotations

import importlib
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from service.core import Article, Submission, Verdict


def score_cases(
    cases: Sequence[Mapping[str, Any]], articles: Mapping[str, Article]
) -> tuple[list[Verdict], dict[str, float], dict[str, float], str]:
    """Verdicts from the engine the service builds, plus its reject/review thresholds."""
    [verdicts], reject, review, version = score_sets([(cases, articles)])
    return verdicts, reject, review, version


def score_sets(
    sets: Sequence[tuple[Sequence[Mapping[str, Any]], Mapping[str, Article]]],
) -> tuple[list[list[Verdict]], dict[str, float], dict[str, float], str]:
    """Verdicts for several case sets from one engine built as the service builds it."""
    from service import create_app
    from service.extensions import db

    with tempfile.TemporaryDirectory(prefix="raqib-eval-") as instance:
        app = create_app(
            {
                "DATABASE_URL": "sqlite://",
                "SECRET_KEY": "eval",
                "INSTANCE_PATH": instance,
                "MODE": "auto",
            }
        )
        with app.app_context():
            db.create_all()
            _seed_like_init()
            engine = app.extensions["raqib"]
            register_articles(
                articles[case["article_id"]] for cases, articles in sets for case in cases
            )
            reject, review = engine.thresholds()
            out = []
            for cases, articles in sets:
                items = [
                    (
                        Submission(case["comment"], name=case.get("name") or None),
                        articles[case["article_id"]],
                    )
                    for case in cases
                ]
                out.append(engine.moderate_many(items))
            version = engine.model_version
    return out, dict(reject), dict(review), version


def register_articles(articles: Iterable[Article], replace: bool = False) -> None:
    """Store the evaluated articles, as a site registers its stories before comments arrive.

    Off-topic compares a comment with the site's other recent articles (from the database):
    these are the articles of the sets being scored, whatever order they are scored in.
    ``replace`` first removes every other stored article (the next set's site has only its own).
    """
    from flask import current_app
    from sqlalchemy import select

    from service.extensions import db
    from service.models import Article as ArticleRow

    articles = list(articles)
    if replace:
        keep = {a.id for a in articles}
        for row in db.session.scalars(select(ArticleRow)).all():
            if row.id not in keep:
                db.session.delete(row)
        db.session.flush()
    seen: set[str] = set()
    for a in articles:
        if a.id not in seen and db.session.get(ArticleRow, a.id) is None:
            db.session.add(ArticleRow(id=a.id, title=a.title, body=a.body, language=a.language))
        seen.add(a.id)
    db.session.commit()
    engine = current_app.extensions.get("raqib")
    if engine is not None:
        engine.forget_recent_articles()  # the next comment sees them, not a minute later


def _seed_like_init() -> None:
    # A fresh install runs `raqib init`, which seeds the personality watchlist; without it the
    # name checks would be measured on an empty list no site ever runs with.
    try:
        seed = importlib.import_module("service.seed")
    except ImportError:
        return
    seed_watchlist = getattr(seed, "seed_watchlist", None)
    if seed_watchlist is not None:
        seed_watchlist()
