"""Seed data loaded into the database once: the personality watchlist."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from service.engine import WATCHLIST_SEEDED_KEY as SEEDED_KEY
from service.engine import bump_wordlist_version
from service.extensions import db
from service.models import Setting, WordListEntry
from service.policy.names import WATCHLIST_PATH, load_seed_watchlist


def seed_watchlist(path: Path = WATCHLIST_PATH) -> int:
    """Insert the shipped watchlist once; moderators' later removals are never undone."""
    if db.session.get(Setting, SEEDED_KEY) is not None:
        return 0
    existing = set(
        db.session.scalars(select(WordListEntry.term).where(WordListEntry.kind == "personality"))
    )
    added = 0
    for row in load_seed_watchlist(path):
        term = (row.get("name_en") or row.get("name_ar") or "").strip()
        if not term or term in existing:
            continue
        aliases = [row.get("name_ar", ""), *(row.get("aliases") or "").split("|")]
        db.session.add(
            WordListEntry(
                kind="personality",
                term=term,
                aliases="|".join(a.strip() for a in aliases if a and a.strip()),
                note=row.get("kind") or None,
                created_by="seed",
            )
        )
        existing.add(term)
        added += 1
    db.session.add(Setting(key=SEEDED_KEY, value=added))
    bump_wordlist_version()
    db.session.commit()
    return added
