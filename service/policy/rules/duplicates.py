"""Duplicates: the same text submitted again and again."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

from model.normalize import normalize_text
from service.core import CheckResult, Context, Reason

DUPLICATE_SCORE = 0.90


def fingerprint(text: str) -> str:
    """The key of "the same text": sha1 of the normalised text (matches what the store keeps)."""
    return fingerprint_normalized(normalize_text(text))


def fingerprint_normalized(normalised: str) -> str:
    """:func:`fingerprint` of a text already normalised (``ctx.norm.text``)."""
    return hashlib.sha1(normalised.encode("utf-8", "surrogatepass")).hexdigest()  # noqa: S324


class DuplicateRules:
    """The same text submitted again and again: ``seen(fingerprint)`` counts prior copies.

    Short texts ("شكرا", "Good article") are left alone: many honest readers write them, so
    their repetition says nothing about a spammer.
    """

    name = "duplicate_rules"
    category = "spam"

    def __init__(
        self,
        seen: Callable[[str], int],
        min_copies: int = 2,
        min_chars: int = 20,
        seen_many: Callable[[Sequence[str]], dict[str, int]] | None = None,
    ):
        self.seen = seen
        self.seen_many = seen_many
        self.min_copies = min_copies
        self.min_chars = min_chars

    def _key(self, ctx: Context) -> str | None:
        normalised = ctx.norm.text
        if len(normalised.strip()) < self.min_chars:
            return None
        return fingerprint_normalized(normalised)

    def __call__(self, ctx: Context) -> CheckResult:
        """Flag the comment when ``min_copies`` or more copies were already submitted."""
        key = self._key(ctx)
        return CheckResult() if key is None else self._result(int(self.seen(key)))

    def batch(self, ctxs: Sequence[Context]) -> list[CheckResult]:
        """The same for many comments, with one lookup for the whole batch when possible."""
        keys = [self._key(c) for c in ctxs]
        if self.seen_many is None:
            counts = {k: int(self.seen(k)) for k in set(keys) if k is not None}
        else:
            counts = self.seen_many([k for k in set(keys) if k is not None])
        return [CheckResult() if k is None else self._result(counts.get(k, 0)) for k in keys]

    def _result(self, copies: int) -> CheckResult:
        if copies < self.min_copies:
            return CheckResult()
        return CheckResult(
            scores={self.category: DUPLICATE_SCORE},
            reasons=[
                Reason(
                    code=self.category,
                    source="rule",
                    score=DUPLICATE_SCORE,
                    params={"cue": "duplicate", "copies": str(copies)},
                )
            ],
        )
