"""The commenter lists as a check: a blocked sender's comment is rejected (``blocked_commenter``).

Moderators block or trust a commenter by email (compared lower-cased) or by the keyed hash of
the address the comment came from.  The lists live in the database (``commenter_entries``) and
reach this check through a provider from the engine, cached per process and reloaded when the
shared list version changes, like the word lists.  Trust is not a score: the engine publishes a
trusted commenter's clean (``approve``) comments, see :meth:`service.engine.Engine.moderate`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from service.core import CheckResult, Context, Reason, Submission

CODE = "blocked_commenter"


@dataclass(frozen=True)
class CommenterLists:
    """Blocked and trusted emails and IP hashes."""

    blocked_emails: frozenset[str] = frozenset()
    blocked_ips: frozenset[str] = frozenset()
    trusted_emails: frozenset[str] = frozenset()
    trusted_ips: frozenset[str] = frozenset()

    @classmethod
    def build(cls, entries: Iterable) -> CommenterLists:
        """From ``CommenterEntry`` rows (kind blocked|trusted, field email|ip, value)."""
        sets: dict[tuple[str, str], set[str]] = {}
        for e in entries:
            sets.setdefault((e.kind, e.field), set()).add(e.value.strip().lower())
        return cls(
            blocked_emails=frozenset(sets.get(("blocked", "email"), ())),
            blocked_ips=frozenset(sets.get(("blocked", "ip"), ())),
            trusted_emails=frozenset(sets.get(("trusted", "email"), ())),
            trusted_ips=frozenset(sets.get(("trusted", "ip"), ())),
        )

    def blocked(self, submission: Submission) -> str | None:
        """How the sender is blocked ("email" or "ip"), or None."""
        email = (submission.email or "").strip().lower()
        if email and email in self.blocked_emails:
            return "email"
        if submission.ip_hash and submission.ip_hash.lower() in self.blocked_ips:
            return "ip"
        return None

    def trusted(self, submission: Submission) -> bool:
        """Whether the sender is on the trusted list (and not blocked)."""
        if self.blocked(submission):
            return False
        email = (submission.email or "").strip().lower()
        ip = (submission.ip_hash or "").lower()
        return bool(email and email in self.trusted_emails) or bool(ip and ip in self.trusted_ips)


class CommenterCheck:
    """Rejects comments from blocked senders; everyone else passes untouched."""

    name = "commenters"

    def __init__(self, lists: Callable[[], CommenterLists]):
        self.lists = lists

    def __call__(self, ctx: Context) -> CheckResult:
        """A ``blocked_commenter`` reason (which rejects by itself) for a blocked sender."""
        sub = ctx.submission
        if not (sub.email or sub.ip_hash):
            return CheckResult()
        how = self.lists().blocked(sub)
        if how is None:
            return CheckResult()
        field = "email" if how == "email" else None
        return CheckResult(reasons=[Reason(code=CODE, source="rule", field=field)])
