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


Key = tuple[str, str | None]  # (fingerprint, reader's IP hash, or None for every reader)


class DuplicateRules:
    """The same text submitted again and again: ``seen(fingerprint, ip_hash)`` counts copies.

    Who counts depends on the text.  A long text (``long_chars`` normalised characters or more)
    repeated by anyone is a campaign: every reader's copies count.  A shorter one ("الله
    يرحمهم ويصبر اهلهم يا رب", "Good article, thanks") is what many honest readers write under
    the same story, so only the same reader's copies count (the keyed IP hash), and without a
    known reader it is never a duplicate.  Texts under ``min_chars`` never are.
    """

    name = "duplicate_rules"
    category = "spam"

    def __init__(
        self,
        seen: Callable[[str, str | None], int],
        min_copies: int = 2,
        min_chars: int = 20,
        seen_many: Callable[[Sequence[Key]], dict[Key, int]] | None = None,
        long_chars: int = 80,
    ):
        self.seen = seen
        self.seen_many = seen_many
        self.min_copies = min_copies
        self.min_chars = min_chars
        self.long_chars = long_chars

    def _key(self, ctx: Context) -> Key | None:
        normalised = ctx.norm.text.strip()
        if len(normalised) < self.min_chars:
            return None
        fp = fingerprint_normalized(ctx.norm.text)
        if len(normalised) >= self.long_chars:
            return fp, None
        reader = ctx.submission.ip_hash
        return (fp, reader) if reader else None

    def __call__(self, ctx: Context) -> CheckResult:
        """Flag the comment when ``min_copies`` or more copies were already submitted."""
        key = self._key(ctx)
        return CheckResult() if key is None else self._result(int(self.seen(*key)))

    def batch(self, ctxs: Sequence[Context]) -> list[CheckResult]:
        """The same for many comments, with one lookup for the whole batch when possible."""
        keys = [self._key(c) for c in ctxs]
        wanted = [k for k in set(keys) if k is not None]
        if self.seen_many is None:
            counts = {k: int(self.seen(*k)) for k in wanted}
        else:
            counts = self.seen_many(wanted)
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
