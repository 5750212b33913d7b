"""The moderation engine of one process: models loaded once, checks assembled, policy built.

``create_app`` makes one :class:`Engine` and keeps it at ``app.extensions["raqib"]``.  It is
the only place that touches the database on behalf of the checks (word lists, the watchlist,
duplicate counts), through small provider callables, so the checks themselves stay pure.
Word lists are cached per process and reloaded when the shared version counter in the
``settings`` table changes, which makes a moderator's edit effective in every worker and every
replica at the next comment, without a restart.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from model.semantic_relevance import OTHER_ARTICLES, RECENT_BODY_CHARS
from service.core import Article, Check, Policy, Submission, Verdict, moderate, moderate_many
from service.extensions import db
from service.models import Article as ArticleRow
from service.models import Comment, CommenterEntry, Setting, WordListEntry, utcnow

log = logging.getLogger(__name__)

WORDLIST_VERSION_KEY = "wordlists_version"
THRESHOLDS_KEY = "thresholds"
WATCHLIST_SEEDED_KEY = "watchlist_seeded"
# The site's recent stories (off-topic's "this story or another?") are re-read this often.
RECENT_ARTICLES_TTL = 60.0
RECENT_ARTICLES = OTHER_ARTICLES + 1  # the article itself may be among them


@dataclass
class Engine:
    """Holds what every request needs for a verdict; one instance per process."""

    config: dict[str, Any]
    checks: list[Check] = field(default_factory=list)
    model_version: str = "rules-0.1"
    models: dict[str, Any] = field(default_factory=dict)
    _cache: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _recent: tuple[float, list[Article]] | None = None

    def policy(self) -> Policy:
        """The current policy: checks, thresholds (configuration + admins' overrides), mode."""
        reject, review = self.thresholds()
        return Policy(
            checks=self.checks,
            reject=reject,
            review=review,
            mode=self.config["MODE"],
            model_version=self.model_version,
            operating_points=self.models.get("operating_points"),
        )

    def thresholds(self) -> tuple[dict[str, float], dict[str, float]]:
        """Reject and review thresholds: configuration, overridden by admins in the dashboard."""
        return self.cached_setting(THRESHOLDS_KEY, self._merge_thresholds)

    def _merge_thresholds(self, stored: Any) -> tuple[dict[str, float], dict[str, float]]:
        reject = dict(self.config["REJECT"])
        review = dict(self.config["REVIEW"])
        if isinstance(stored, dict):
            reject.update({k: float(v) for k, v in (stored.get("reject") or {}).items()})
            review.update({k: float(v) for k, v in (stored.get("review") or {}).items()})
        return reject, review

    def moderate(self, submission: Submission, article: Article | None) -> Verdict:
        """A verdict for one comment under the current policy."""
        with _version_snapshot():
            return self._lists_apply(submission, moderate(submission, article, self.policy()))

    def moderate_many(self, items: Iterable[tuple[Submission, Article | None]]) -> list[Verdict]:
        """Verdicts for many comments, scored in batches by the classifiers."""
        items = list(items)
        with _version_snapshot():
            verdicts = moderate_many(items, self.policy())
            return [self._lists_apply(s, v) for (s, _), v in zip(items, verdicts, strict=True)]

    def _lists_apply(self, submission: Submission, verdict: Verdict) -> Verdict:
        # The commenter lists act whatever the mode: a blocked sender's comment (rejected by
        # the check) is not left for a moderator, and a trusted sender's clean comment is
        # published without waiting.  Everything else keeps the mode's status.
        if any(r.code == "blocked_commenter" for r in verdict.reasons):
            return replace(verdict, status="rejected")
        if (
            verdict.verdict == "approve"
            and verdict.status != "published"
            and (submission.email or submission.ip_hash)
            and self.commenter_lists().trusted(submission)
        ):
            return replace(verdict, status="published")
        return verdict

    def commenter_lists(self) -> Any:
        """The blocked and trusted commenters (``service.policy.commenters.CommenterLists``)."""
        from service.policy.commenters import CommenterLists

        return self._cached("commenters", lambda: CommenterLists.build(_commenter_entries()))

    # -- providers used by checks -------------------------------------------------------
    def recent_articles(self) -> list[Article]:
        """The site's most recently registered articles, newest first (re-read every minute).

        Every worker and replica reads the same rows, so a comment's off-topic score does not
        depend on which worker scores it.
        """
        now = time.monotonic()
        hit = self._recent
        if hit is not None and now - hit[0] < RECENT_ARTICLES_TTL:
            return hit[1]
        try:
            rows = db.session.execute(
                select(ArticleRow.id, ArticleRow.title,
                       func.substr(ArticleRow.body, 1, RECENT_BODY_CHARS), ArticleRow.language)
                # Coral's placeholder stories have no title: nothing to compare with.
                .where(ArticleRow.title != "")
                .order_by(ArticleRow.created_at.desc(), ArticleRow.id)
                .limit(RECENT_ARTICLES)
            ).all()
        except SQLAlchemyError:
            db.session.rollback()
            # Keep the last list for the next minute: no re-query per comment during an outage.
            stale = hit[1] if hit is not None else []
            self._recent = (now, stale)
            return stale
        value = [Article(id=r[0], title=r[1] or "", body=r[2] or "", language=r[3]) for r in rows]
        self._recent = (now, value)
        return value

    def forget_recent_articles(self) -> None:
        """Re-read the recent articles at the next comment (after articles were registered)."""
        self._recent = None

    def cached(self, key: str, build: Callable[[Sequence[WordListEntry]], Any]) -> Any:
        """A compiled view of the word lists, rebuilt only when their version changes."""
        return self._cached(key, lambda: build(_entries()))

    def cached_setting(self, key: str, build: Callable[[Any], Any]) -> Any:
        """A value derived from one ``settings`` row, rebuilt when the shared version changes."""
        return self._cached(key, lambda: build(setting(key)))

    def _cached(self, key: str, make: Callable[[], Any]) -> Any:
        version = _SNAPSHOT.get()
        if version is None:
            version = wordlist_version()
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None and hit[0] == version:
                return hit[1]
        value = make()
        with self._lock:
            self._cache[key] = (version, value)
        return value


# One verdict reads the shared version once, however many cached views its checks consult.
_SNAPSHOT: ContextVar[int | None] = ContextVar("raqib_wordlist_version", default=None)


@contextmanager
def _version_snapshot() -> Iterator[None]:
    token = _SNAPSHOT.set(wordlist_version())
    try:
        yield
    finally:
        _SNAPSHOT.reset(token)


def _entries() -> Sequence[WordListEntry]:
    try:
        return db.session.scalars(select(WordListEntry).order_by(WordListEntry.id)).all()
    except SQLAlchemyError:
        db.session.rollback()
        return []


def _commenter_entries() -> Sequence[CommenterEntry]:
    try:
        return db.session.scalars(select(CommenterEntry).order_by(CommenterEntry.id)).all()
    except SQLAlchemyError:
        db.session.rollback()
        return []


def setting(key: str) -> Any:
    """The value of one ``settings`` row (None when absent or unreachable)."""
    try:
        row = db.session.get(Setting, key)
    except SQLAlchemyError:
        db.session.rollback()
        return None
    return row.value if row is not None else None


def wordlist_version() -> int:
    """The shared word-list version (0 when never changed or the table is unreachable)."""
    try:
        row = db.session.get(Setting, WORDLIST_VERSION_KEY)
    except SQLAlchemyError:
        db.session.rollback()
        return 0
    return int(row.value) if row is not None else 0


def bump_wordlist_version() -> None:
    """Mark word lists or thresholds changed (call inside the transaction that changes them)."""
    row = db.session.get(Setting, WORDLIST_VERSION_KEY, with_for_update=True)
    if row is None:
        db.session.add(Setting(key=WORDLIST_VERSION_KEY, value=1))
    else:
        row.value = int(row.value) + 1


def recent_copies_many(
    keys: Sequence[tuple[str, str | None]], hours: int = 24
) -> dict[tuple[str, str | None], int]:
    """:func:`recent_copies` for many (fingerprint, reader) keys in one grouped query."""
    if not keys:
        return {}
    since = utcnow() - timedelta(hours=hours)
    try:
        rows = db.session.execute(
            select(Comment.fingerprint, Comment.ip_hash, func.count(Comment.id))
            .where(
                Comment.fingerprint.in_(sorted({fp for fp, _ in keys})),
                Comment.created_at >= since,
            )
            .group_by(Comment.fingerprint, Comment.ip_hash)
        ).all()
    except SQLAlchemyError:
        db.session.rollback()
        return {}
    out: dict[tuple[str, str | None], int] = {}
    for fp, reader, n in rows:
        out[(fp, None)] = out.get((fp, None), 0) + int(n)
        if reader is not None:
            out[(fp, reader)] = out.get((fp, reader), 0) + int(n)
    return {k: out.get(k, 0) for k in keys}


def recent_copies(fingerprint: str, ip_hash: str | None = None, hours: int = 24) -> int:
    """Comments with this text fingerprint in the last ``hours`` (from one reader if given)."""
    since = utcnow() - timedelta(hours=hours)
    conds = [Comment.fingerprint == fingerprint, Comment.created_at >= since]
    if ip_hash is not None:
        conds.append(Comment.ip_hash == ip_hash)
    try:
        return db.session.scalar(select(func.count(Comment.id)).where(*conds)) or 0
    except SQLAlchemyError:
        db.session.rollback()
        return 0
