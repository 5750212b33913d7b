"""The moderators' word lists: banned words reject, suspect words hold for review."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from service.core import CheckResult, Context, Reason
from service.policy.lexicon import Entry, Lexicon
from service.policy.rules.common import name_matches, tokens_of

_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff]")


def _word_entry(kind: str, term: str) -> Entry | None:
    term = term.strip()
    affix = ""
    if term.endswith("*"):
        term, affix = term.rstrip("*").strip(), "*"
    if not term:
        return None
    arabic = bool(_ARABIC_SCRIPT.search(term))
    # Moderators write the base word; its everyday attached and plural forms should match too.
    affix += "ps" if arabic else "s"
    return Entry(term, 3, "ar" if arabic else "en", kind, "moderator", affix)


@dataclass(frozen=True, slots=True)
class WordLists:
    """The moderators' banned (reject) and suspect (hold for review) words, compiled."""

    banned: Lexicon
    suspect: Lexicon

    @classmethod
    def build(cls, entries: Iterable[tuple[str, str]]) -> WordLists:
        """Compile ``(kind, term)`` pairs; kinds other than banned/suspect are ignored.

        A trailing ``*`` makes a prefix ("scam*" matches "scammers").
        """
        banned: list[Entry] = []
        suspect: list[Entry] = []
        for kind, term in entries:
            target = {"banned": banned, "suspect": suspect}.get(kind)
            entry = _word_entry(kind, term) if target is not None else None
            if entry is not None:
                target.append(entry)
        return cls(Lexicon(banned), Lexicon(suspect))

    @classmethod
    def empty(cls) -> WordLists:
        """No words at all."""
        return cls(Lexicon(()), Lexicon(()))


class WordListCheck:
    """Banned words reject, suspect words hold the comment for a moderator."""

    name = "word_lists"

    def __init__(self, provider: Callable[[], WordLists]):
        self.provider = provider

    def __call__(self, ctx: Context) -> CheckResult:
        """Look the comment and the name up in the current word lists."""
        lists = self.provider()
        result = CheckResult()
        for lexicon, code in ((lists.banned, "banned_word"), (lists.suspect, "suspect_word")):
            if not len(lexicon):
                continue
            for m in lexicon.find(ctx.norm, tokens_of(ctx)):
                span = ctx.span(m.start, m.end)
                result.reasons.append(
                    Reason(code=code, source="rule", spans=(span,), params={"term": span.text})
                )
            for _, text in name_matches(lexicon, ctx.submission.name):
                result.reasons.append(
                    Reason(code=code, source="rule", field="name", params={"term": text})
                )
        codes = {r.code for r in result.reasons}
        if "banned_word" in codes:
            result.scores["offense"] = 1.0
        if "suspect_word" in codes:
            result.hold = True
        return result
