"""Assembling the policy's checks for the engine: rules, word lists, names, classifiers.

This is the one place that knows which checks exist and what they need from the service
(database-backed providers, configuration); the checks themselves stay pure.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from service.core import Check
from service.engine import Engine, recent_copies
from service.models import WordListEntry
from service.policy.rules import (
    DuplicateRules,
    OffenseRules,
    SpamRules,
    StrifeRules,
    WordListCheck,
    WordLists,
)


def load_models(engine: Engine) -> None:
    """Load the trained artifacts named by the configuration into ``engine.models``."""
    engine.models.clear()


def _word_pairs(entries: Iterable[WordListEntry]) -> Iterable[tuple[str, str]]:
    for e in entries:
        for term in (e.term, *e.aliases.split("|")):
            if term.strip():
                yield e.kind, term.strip()


def build_wordlists(entries: Sequence[WordListEntry]) -> WordLists:
    """Compile the moderators' banned and suspect words (aliases included)."""
    return WordLists.build(_word_pairs(entries))


def build_checks(engine: Engine) -> list[Check]:
    """The checks run on every comment, in order."""
    domains = [d.strip() for d in engine.config.get("SITE_DOMAINS", "").split(",") if d.strip()]
    return [
        WordListCheck(lambda: engine.cached("wordlists", build_wordlists)),
        OffenseRules(),
        StrifeRules(),
        SpamRules(allowed_domains=domains),
        DuplicateRules(seen=recent_copies),
    ]
