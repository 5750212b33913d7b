"""hardening: a session version per moderator, so sessions can be revoked server-side

Every signed-in session carries the version it was issued under; signing out, changing the
password, disabling or re-enabling the account bump it, and older cookies stop working.

Revision ID: 0003_hardening
Revises: 0002_three_outcomes
Create Date: 2026-12-04 06:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_hardening"
down_revision = "0002_three_outcomes"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("moderators") as batch:
        batch.add_column(
            sa.Column("session_version", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade():
    with op.batch_alter_table("moderators") as batch:
        batch.drop_column("session_version")
