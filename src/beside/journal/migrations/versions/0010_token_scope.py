"""token scope: an API token reads only, or reads and writes; tokens made before could do
everything, so they keep read_write; a session's last use starts at its creation (issue 11)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 08:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tokens", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("scope", sa.String(length=40), nullable=False, server_default="read_write")
        )
    op.execute("UPDATE tokens SET used_at = created_at WHERE used_at IS NULL")


def downgrade() -> None:
    with op.batch_alter_table("tokens", schema=None) as batch_op:
        batch_op.drop_column("scope")
