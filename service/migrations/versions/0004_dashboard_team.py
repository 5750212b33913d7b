"""dashboard for a team: search columns, commenter lists, reader reports, list audit, presence

Comments gain ``search`` (name and text through the project's normaliser) and ``email_key`` (the
lower-cased email), both filled here for existing rows in chunks; ``ip_hash`` gets an index so
that a commenter's other comments are one indexed read.  Word-list entries gain ``search``.

Revision ID: 0004_dashboard_team
Revises: 0003_hardening
Create Date: 2026-12-04 06:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_dashboard_team"
down_revision = "0003_hardening"
branch_labels = None
depends_on = None

_CHUNK = 1000
_comments = sa.table(
    "comments",
    sa.column("id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("body", sa.Text),
    sa.column("email", sa.String),
    sa.column("search", sa.Text),
    sa.column("email_key", sa.String),
)
_entries = sa.table(
    "word_list_entries",
    sa.column("id", sa.Integer),
    sa.column("term", sa.String),
    sa.column("aliases", sa.Text),
    sa.column("note", sa.Text),
    sa.column("search", sa.Text),
)


def _backfill(bind, table, columns, derive):
    last = 0
    while True:
        # Keyset pagination: bounded memory on a large table.
        rows = bind.execute(
            sa.select(table.c.id, *(table.c[c] for c in columns))
            .where(table.c.id > last)
            .order_by(table.c.id)
            .limit(_CHUNK)
        ).all()
        if not rows:
            break
        last = rows[-1][0]
        for row in rows:
            bind.execute(sa.update(table).where(table.c.id == row[0]).values(**derive(*row[1:])))


def upgrade():
    from service.models import email_key, search_text

    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("search", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("email_key", sa.String(length=320), nullable=True))
        batch_op.create_index(batch_op.f("ix_comments_email_key"), ["email_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_comments_ip_hash"), ["ip_hash"], unique=False)
    with op.batch_alter_table("word_list_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("search", sa.Text(), nullable=False, server_default=""))
    bind = op.get_bind()
    _backfill(
        bind,
        _comments,
        ("name", "body", "email"),
        lambda name, body, email: {
            "search": search_text(name, body),
            "email_key": email_key(email),
        },
    )
    _backfill(
        bind,
        _entries,
        ("term", "aliases", "note"),
        lambda term, aliases, note: {
            "search": search_text(term, *(aliases or "").split("|"), note),
        },
    )
    # The ORM fills these on every insert: no server default once the rows are backfilled.
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.alter_column("search", server_default=None)
    with op.batch_alter_table("word_list_entries", schema=None) as batch_op:
        batch_op.alter_column("search", server_default=None)

    op.create_table(
        "reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("comment_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("reporter", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by", sa.String(length=100), nullable=True),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["comment_id"], ["comments.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("comment_id", "reporter", name="uq_report_comment_reporter"),
    )
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.create_index("ix_reports_open", ["resolved_at", "comment_id"], unique=False)
    op.create_table(
        "commenter_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("field", sa.String(length=8), nullable=False),
        sa.Column("value", sa.String(length=320), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_by", sa.String(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('blocked', 'trusted')", name="ck_commenter_kind"),
        sa.CheckConstraint("field IN ('email', 'ip')", name="ck_commenter_field"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("field", "value", name="uq_commenter_field_value"),
    )
    op.create_table(
        "list_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("list_name", sa.String(length=16), nullable=False),
        sa.Column("action", sa.String(length=8), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("list_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_list_changes_created_at"), ["created_at"], unique=False
        )
    op.create_table(
        "presence",
        sa.Column("moderator_id", sa.Integer(), nullable=False),
        sa.Column("comment_id", sa.Integer(), nullable=True),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["moderator_id"], ["moderators.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("moderator_id"),
    )
    with op.batch_alter_table("presence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_presence_comment_id"), ["comment_id"], unique=False)


def downgrade():
    op.drop_table("presence")
    op.drop_table("list_changes")
    op.drop_table("commenter_entries")
    op.drop_table("reports")
    with op.batch_alter_table("word_list_entries", schema=None) as batch_op:
        batch_op.drop_column("search")
    with op.batch_alter_table("comments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_comments_ip_hash"))
        batch_op.drop_index(batch_op.f("ix_comments_email_key"))
        batch_op.drop_column("email_key")
        batch_op.drop_column("search")
