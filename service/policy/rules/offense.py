"""Offense: insults, profanity and vulgarity from the offense lexicon."""

from __future__ import annotations

from functools import lru_cache

from service.core import CheckResult, Context
from service.policy.lexicon import Lexicon, load
from service.policy.rules.common import lexicon_result


@lru_cache(maxsize=1)
def offense_lexicon() -> Lexicon:
    """The packaged English and Arabic offense lexicon."""
    return load("offense_en.tsv", "offense_ar.tsv")


class OffenseRules:
    """Insults, profanity and vulgarity from the offense lexicon, in the comment and the name."""

    name = "offense_rules"
    category = "offense"

    def __init__(self, lexicon: Lexicon | None = None):
        self.lexicon = lexicon if lexicon is not None else offense_lexicon()

    def __call__(self, ctx: Context) -> CheckResult:
        """Score the comment and the commenter's name."""
        return lexicon_result(self.lexicon, ctx, self.category)
