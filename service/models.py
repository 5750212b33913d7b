"""Database tables (SQLAlchemy 2).  Schema changes go through Alembic (service/migrations)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from service.extensions import db

STATUSES = ("pending", "published", "rejected", "deleted")
ROLES = ("moderator", "admin")
WORD_KINDS = ("banned", "suspect", "personality")


def utcnow() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every backend.

    PostgreSQL keeps the zone; SQLite stores naive text, so values are converted to UTC on the
    way in and marked UTC on the way out: the API always serves RFC 3339 times with an offset.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(UTC)
            if dialect.name == "sqlite":
                value = value.replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


class Article(db.Model):
    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text, default="")
    # Indexed: a Coral story is matched to a registered article by its URL.
    url: Mapped[str | None] = mapped_column(String(2048), index=True)
    language: Mapped[str | None] = mapped_column(String(8))
    # Indexed: the engine reads the newest articles every minute (off-topic's other stories).
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class Comment(db.Model):
    __tablename__ = "comments"
    __table_args__ = (
        Index("ix_comments_status_created", "status", "created_at"),
        Index("ix_comments_article_status", "article_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    show_email: Mapped[bool] = mapped_column(Boolean, default=False)
    body: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8))
    ip_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    user_agent: Mapped[str | None] = mapped_column(String(512))
    fingerprint: Mapped[str] = mapped_column(String(40), index=True)
    verdict: Mapped[str] = mapped_column(String(16), index=True)  # approve | review | reject
    status: Mapped[str] = mapped_column(String(16), index=True)
    risk: Mapped[float] = mapped_column(Float, default=0.0, index=True)
    scores: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    model_version: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    # Derived on write (see _derive below): the dashboard's search and the commenter's identity.
    search: Mapped[str] = mapped_column(Text, default="")
    email_key: Mapped[str | None] = mapped_column(String(320), index=True)

    article: Mapped[Article] = relationship(lazy="joined")
    decisions: Mapped[list[Decision]] = relationship(
        back_populates="comment", order_by="Decision.id", cascade="all, delete-orphan"
    )


class Decision(db.Model):
    """The audit log: every automatic and human change of a comment's status."""

    __tablename__ = "decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    comment_id: Mapped[int] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), index=True
    )
    moderator_id: Mapped[int | None] = mapped_column(ForeignKey("moderators.id"))
    actor: Mapped[str] = mapped_column(String(100))  # "raqib" for automatic decisions
    automatic: Mapped[bool] = mapped_column(Boolean, default=False)
    action: Mapped[str] = mapped_column(String(16))  # verdict|approve|reject|delete
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)

    comment: Mapped[Comment] = relationship(back_populates="decisions")


class Captcha(db.Model):
    """A verification code: only an HMAC of the answer is stored, so any replica can verify."""

    __tablename__ = "captchas"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    answer_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Moderator(db.Model):
    __tablename__ = "moderators"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16), default="moderator")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Bumped by sign-out, password change, disabling and re-enabling: sessions issued under an
    # older version are refused (server-side revocation of signed cookies).
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    @property
    def is_admin(self) -> bool:
        """Admins manage word lists, the watchlist, moderators and thresholds."""
        return self.role == "admin"


class WordListEntry(db.Model):
    """Banned words (reject), suspect words (pending) and watchlisted personalities."""

    __tablename__ = "word_list_entries"
    __table_args__ = (UniqueConstraint("kind", "term", name="uq_word_kind_term"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    term: Mapped[str] = mapped_column(String(200))
    aliases: Mapped[str] = mapped_column(Text, default="")  # "|"-separated, any script
    language: Mapped[str | None] = mapped_column(String(8))
    note: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    search: Mapped[str] = mapped_column(Text, default="")


class Setting(db.Model):
    """Small shared state: word-list version counter, thresholds set by admins."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


COMMENTER_KINDS = ("blocked", "trusted")
COMMENTER_FIELDS = ("email", "ip")
REPORT_REASONS = ("offense", "strife", "spam", "off_topic", "personal_name", "other")


class Report(db.Model):
    """A reader's report of a published comment; open until a moderator decides the comment."""

    __tablename__ = "reports"
    __table_args__ = (
        UniqueConstraint("comment_id", "reporter", name="uq_report_comment_reporter"),
        Index("ix_reports_open", "resolved_at", "comment_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("comments.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(Text)
    reporter: Mapped[str] = mapped_column(String(64))  # keyed hash of the reader's address
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolved_by: Mapped[str | None] = mapped_column(String(100))
    decision_id: Mapped[int | None] = mapped_column(Integer)  # the decision that resolved it


class CommenterEntry(db.Model):
    """A blocked or trusted commenter, by email (lower-cased) or by keyed IP hash."""

    __tablename__ = "commenter_entries"
    __table_args__ = (
        UniqueConstraint("field", "value", name="uq_commenter_field_value"),
        CheckConstraint("kind IN ('blocked', 'trusted')", name="ck_commenter_kind"),
        CheckConstraint("field IN ('email', 'ip')", name="ck_commenter_field"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    field: Mapped[str] = mapped_column(String(8))
    value: Mapped[str] = mapped_column(String(320))
    note: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ListChange(db.Model):
    """The audit of list edits: word lists, the watchlist and the commenter lists."""

    __tablename__ = "list_changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    actor: Mapped[str] = mapped_column(String(100))
    list_name: Mapped[str] = mapped_column(String(16))  # banned|suspect|personality|blocked|trusted
    action: Mapped[str] = mapped_column(String(8))  # add | remove
    value: Mapped[str] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


class Presence(db.Model):
    """Which comment each moderator is looking at (one row per moderator, refreshed by polls)."""

    __tablename__ = "presence"

    moderator_id: Mapped[int] = mapped_column(
        ForeignKey("moderators.id", ondelete="CASCADE"), primary_key=True
    )
    comment_id: Mapped[int | None] = mapped_column(Integer, index=True)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


def search_text(*parts: str | None) -> str:
    """The normalised, searchable form of some text (the project's own normaliser)."""
    from model.normalize import normalize_text

    # Arabizi is left alone: a search for "kalb" or "7" must find what was typed.
    return "\n".join(normalize_text(p, arabizi=False) for p in parts if p)


def email_key(email: str | None) -> str | None:
    """The commenter key of an email address: trimmed and lower-cased."""
    return email.strip().lower() or None if email else None


@event.listens_for(Comment, "before_insert")
@event.listens_for(Comment, "before_update")
def _derive_comment(_mapper, _conn, comment: Comment) -> None:
    comment.search = search_text(comment.name, comment.body)
    comment.email_key = email_key(comment.email)


@event.listens_for(WordListEntry, "before_insert")
@event.listens_for(WordListEntry, "before_update")
def _derive_entry(_mapper, _conn, entry: WordListEntry) -> None:
    entry.search = search_text(entry.term, *(entry.aliases or "").split("|"), entry.note)
