"""an index on articles.created_at: every worker reads the site's newest articles each minute
(the off-topic check's "other stories")

Revision ID: 0006_articles_created_at
Revises: 0005_embed_webhooks
Create Date: 2026-12-04 15:10:00
"""

from alembic import op

revision = "0006_articles_created_at"
down_revision = "0005_embed_webhooks"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("articles") as batch_op:
        batch_op.create_index(batch_op.f("ix_articles_created_at"), ["created_at"])


def downgrade():
    with op.batch_alter_table("articles") as batch_op:
        batch_op.drop_index(batch_op.f("ix_articles_created_at"))
