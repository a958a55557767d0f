"""nights in progress: wake_time may be NULL until the morning

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 14:05:00
"""

from alembic import op

import beside.journal.schema

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("nights", schema=None) as batch_op:
        batch_op.alter_column(
            "wake_time",
            existing_type=beside.journal.schema.UtcDateTime(timezone=True),
            nullable=True,
        )


def downgrade() -> None:
    op.execute("DELETE FROM nights WHERE wake_time IS NULL")
    with op.batch_alter_table("nights", schema=None) as batch_op:
        batch_op.alter_column(
            "wake_time",
            existing_type=beside.journal.schema.UtcDateTime(timezone=True),
            nullable=False,
        )
