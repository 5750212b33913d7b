"""Moderators' decisions from Raqib's database as labelled training data.

Labels, per comment (its latest *human* decision wins; automatic decisions are Raqib's own
verdicts and never become labels, so the model does not learn from itself):

* approved by a moderator, or published and never rejected -> negative for every category;
* rejected by a moderator with a reason that names a category (the reason code ``offense``,
  ``strife``, ``spam``, or a common English/Arabic word for it) -> positive for that category,
  other categories unknown;
* rejected without a recognisable reason, deleted, or still pending -> not used.

The rows come back as :class:`training.datasets.Example` with ``source = "feedback"`` so they
go through the same splits, training and per-dataset evaluation as the public sets.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import create_engine, select
from sqlalchemy.engine import Engine

from model.normalize import detect_language, normalize_text
from training.dataset_base import Example

SOURCE = "feedback"
LICENCE = "the site's own moderation decisions (not redistributable)"
CATEGORIES: tuple[str, ...] = ("offense", "strife", "spam")
REPO = Path(__file__).resolve().parent.parent

# Reason words per category, matched on normalised tokens (so إساءة and اساءه both match).
_REASON_WORDS: dict[str, tuple[str, ...]] = {
    "offense": ("offense", "offence", "offensive", "insult", "insulting", "abuse", "abusive",
                "profanity", "profane", "obscene", "إساءة", "مسيء", "شتم", "شتيمة", "سب",
                "إهانة", "بذيء"),
    "strife": ("strife", "hate", "hateful", "sectarian", "racist", "racism", "incitement",
               "فتنة", "طائفي", "طائفية", "عنصري", "عنصرية", "تحريض", "كراهية"),
    "spam": ("spam", "ad", "ads", "advert", "advertising", "advertisement", "promotion",
             "promotional", "scam", "إعلان", "سبام", "ترويج", "احتيال", "دعاية"),
}
_WORDS = {normalize_text(w): cat for cat, words in _REASON_WORDS.items() for w in words}
_TOKEN_RE = re.compile(r"[^\W_]+")


def reason_categories(reason: str | None) -> set[str]:
    """Categories a moderator's free-text rejection reason names ("off_topic" etc. ignored)."""
    if not reason:
        return set()
    tokens = _TOKEN_RE.findall(normalize_text(reason.replace("_", " ")))
    return {_WORDS[t] for t in tokens if t in _WORDS}


def labels_for(status: str, decisions: Iterable[tuple[str, bool, str | None]]) -> dict | None:
    """Labels of one comment from its status and (action, automatic, reason) decisions."""
    human = [(action, reason) for action, automatic, reason in decisions if not automatic]
    if human:
        action, reason = human[-1]
        if action == "approve":
            return dict.fromkeys(CATEGORIES, 0)
        if action == "reject":
            cats = reason_categories(reason)
            return dict.fromkeys(sorted(cats), 1) or None
        return None
    if status == "published":
        return dict.fromkeys(CATEGORIES, 0)
    return None


def default_database_url() -> str:
    """RAQIB_DATABASE_URL, else the app's default SQLite file in its instance folder."""
    url = os.environ.get("RAQIB_DATABASE_URL")
    if not url:
        instance = Path(os.environ.get("RAQIB_INSTANCE_PATH") or REPO / "instance")
        url = f"sqlite:///{instance / 'raqib.sqlite3'}"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def load_feedback(url: str | None = None, *, engine: Engine | None = None) -> list[Example]:
    """Labelled examples from the moderators' decisions in the database at ``url``."""
    from service.models import Comment, Decision

    own = engine is None
    engine = engine or create_engine(url or default_database_url())
    comments = Comment.__table__
    decisions = Decision.__table__
    try:
        with engine.connect() as conn:
            history: dict[int, list[tuple[str, bool, str | None]]] = {}
            rows = conn.execute(select(decisions.c.comment_id, decisions.c.action,
                                       decisions.c.automatic, decisions.c.reason)
                                .order_by(decisions.c.id))
            for comment_id, action, automatic, reason in rows:
                history.setdefault(comment_id, []).append((action, bool(automatic), reason))
            out = []
            for cid, body, language, status in conn.execute(
                select(comments.c.id, comments.c.body, comments.c.language, comments.c.status)
                .order_by(comments.c.id)
            ):
                labels = labels_for(status, history.get(cid, []))
                if not labels or not (body or "").strip():
                    continue
                lang = language if language in ("ar", "en") else detect_language(body)
                out.append(Example(text=body.strip(), labels=labels, language=lang,
                                   source=SOURCE, split="train", licence=LICENCE))
    finally:
        if own:
            engine.dispose()
    return out
