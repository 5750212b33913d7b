"""The commenter behind a comment: their other comments, and the blocked and trusted lists.

A commenter is known by the email they typed (compared lower-cased: ``comments.email_key``) and
by the keyed hash of the address they posted from (``comments.ip_hash``); neither is proof of
identity, so the dashboard shows which of the two matched.  List changes are audited in
``list_changes`` and bump the shared list version in the same transaction, so every worker and
replica applies them from its next comment.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from service.engine import bump_wordlist_version
from service.extensions import db
from service.models import Comment, CommenterEntry, ListChange, email_key

OTHER_LIMIT = 50


@dataclass
class Commenter:
    """One comment's sender as the lists see them."""

    email: str | None
    ip_hash: str | None
    others: list[Comment] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    entries: list[CommenterEntry] = field(default_factory=list)

    @property
    def pending(self) -> list[Comment]:
        """Their other comments still waiting for a moderator (among those shown)."""
        return [c for c in self.others if c.status == "pending"]

    def on(self, kind: str) -> list[CommenterEntry]:
        """Their entries on the ``blocked`` or ``trusted`` list."""
        return [e for e in self.entries if e.kind == kind]


def same_commenter(comment: Comment):
    """The SQL condition "sent by the same email or from the same address" (None if unknown)."""
    conds = []
    if comment.email_key:
        conds.append(Comment.email_key == comment.email_key)
    if comment.ip_hash:
        conds.append(Comment.ip_hash == comment.ip_hash)
    return or_(*conds) if conds else None


def commenter_of(comment: Comment) -> Commenter:
    """The sender of ``comment`` with their other comments and list entries."""
    who = Commenter(email=comment.email_key, ip_hash=comment.ip_hash)
    cond = same_commenter(comment)
    if cond is None:
        return who
    who.others = list(
        db.session.scalars(
            select(Comment)
            .where(cond, Comment.id != comment.id)
            .order_by(Comment.created_at.desc(), Comment.id.desc())
            .limit(OTHER_LIMIT)
        )
    )
    who.counts = Counter(c.status for c in who.others)
    keys = [("email", who.email), ("ip", who.ip_hash)]
    who.entries = list(
        db.session.scalars(
            select(CommenterEntry).where(
                or_(*(
                    (CommenterEntry.field == f) & (CommenterEntry.value == v)
                    for f, v in keys if v
                ))
            )
        )
    )  # fmt: skip
    return who


def pending_of(comment: Comment) -> list[Comment]:
    """Every pending comment of the same sender, this one included, oldest first."""
    cond = same_commenter(comment)
    where = [Comment.status == "pending"]
    where.append(cond if cond is not None else Comment.id == comment.id)
    return list(db.session.scalars(select(Comment).where(*where).order_by(Comment.id)))


def record_change(actor: str, list_name: str, action: str, value: str, note: str | None) -> None:
    """Audit a list edit (not committed: it belongs to the edit's transaction)."""
    db.session.add(
        ListChange(actor=actor, list_name=list_name, action=action, value=value[:2000],
                   note=(note or "").strip() or None)
    )  # fmt: skip


class ListConflict(ValueError):
    """The email or address is already on a commenter list."""

    def __init__(self, entry: CommenterEntry):
        super().__init__(f"{entry.field} already on the {entry.kind} list")
        self.entry = entry


def add_entry(kind: str, field_: str, value: str, note: str | None, actor: str) -> CommenterEntry:
    """Put an email or IP hash on the blocked or trusted list; audited and committed."""
    value = (email_key(value) if field_ == "email" else value.strip().lower()) or ""
    if not value:
        raise ValueError("empty value")
    existing = db.session.scalar(
        select(CommenterEntry).where(CommenterEntry.field == field_, CommenterEntry.value == value)
    )
    if existing is not None:
        raise ListConflict(existing)
    entry = CommenterEntry(kind=kind, field=field_, value=value,
                           note=(note or "").strip() or None, created_by=actor)  # fmt: skip
    db.session.add(entry)
    record_change(actor, kind, "add", f"{field_}:{value}", note)
    bump_wordlist_version()
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise ListConflict(entry) from None
    return entry


def remove_entry(entry: CommenterEntry, actor: str) -> None:
    """Take an entry off its list; audited and committed."""
    record_change(actor, entry.kind, "remove", f"{entry.field}:{entry.value}", None)
    db.session.delete(entry)
    bump_wordlist_version()
    db.session.commit()
