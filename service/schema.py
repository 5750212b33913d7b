"""Whether the database schema is the one this code expects (Alembic head).

A fresh database that nobody ran ``raqib db upgrade`` on used to look healthy (``/healthz`` 200)
while every request failed as "database unavailable". :func:`schema_problem` names the problem
instead; ``/healthz``, the API's database-error answer and every ``raqib`` command that needs
the database use it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
NOT_MIGRATED = "schema not migrated: run `raqib db upgrade`"


@lru_cache(maxsize=1)
def expected_heads() -> frozenset[str]:
    """The head revisions of the migrations shipped with this code."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return frozenset(ScriptDirectory.from_config(cfg).get_heads())


def schema_problem(connection: Connection) -> str | None:
    """None when the schema is usable, else a one-line message saying what to run.

    Tables created without Alembic (``db.create_all()``, as the tests do) count as usable when
    every table exists; a database that Alembic manages must be at the shipped head.
    """
    from service.extensions import db

    present = set(inspect(connection).get_table_names())
    current = None
    if "alembic_version" in present:
        current = frozenset(MigrationContext.configure(connection).get_current_heads())
    at = f" (the database is at {', '.join(sorted(current)) or 'nothing'})" if current else ""
    if not set(db.metadata.tables) <= present:
        return NOT_MIGRATED + at
    if current is not None and current != expected_heads():
        return NOT_MIGRATED + (at or " (the database is at nothing)")
    return None
