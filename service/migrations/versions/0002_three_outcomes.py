"""three outcomes: stored verdicts gain 'review'

Before this revision a verdict was ``approve`` or ``reject``, and an uncertain comment (a category
in the review band, or a suspect word) was stored as ``approve`` with the reasons that made it
uncertain.  Only reasons at or above the review band were ever stored, so "approve with reasons"
is exactly "review": those rows become ``review``.  Downgrade folds ``review`` back into
``approve``.

Revision ID: 0002_three_outcomes
Revises: 4a70cc539276
Create Date: 2026-12-04 05:00:00
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0002_three_outcomes"
down_revision = "4a70cc539276"
branch_labels = None
depends_on = None

_comments = sa.table(
    "comments",
    sa.column("id", sa.Integer),
    sa.column("verdict", sa.String),
    sa.column("reasons", sa.Text),
)
_CHUNK = 1000


def _has_reasons(raw) -> bool:
    if raw is None:
        return False
    value = json.loads(raw) if isinstance(raw, str) else raw
    return bool(value)


def upgrade():
    bind = op.get_bind()
    last = 0
    while True:
        # Keyset pagination in chunks: bounded memory on a large table, and JSON decoded in
        # Python so the same code runs on SQLite (text) and PostgreSQL (json, no equality).
        rows = bind.execute(
            sa.select(_comments.c.id, sa.cast(_comments.c.reasons, sa.Text))
            .where(_comments.c.verdict == "approve", _comments.c.id > last)
            .order_by(_comments.c.id)
            .limit(_CHUNK)
        ).all()
        if not rows:
            break
        last = rows[-1][0]
        ids = [i for i, reasons in rows if _has_reasons(reasons)]
        if ids:
            bind.execute(
                sa.update(_comments).where(_comments.c.id.in_(ids)).values(verdict="review")
            )
    op.create_index("ix_comments_verdict", "comments", ["verdict"])


def downgrade():
    op.drop_index("ix_comments_verdict", table_name="comments")
    bind = op.get_bind()
    bind.execute(
        sa.update(_comments).where(_comments.c.verdict == "review").values(verdict="approve")
    )
