"""what nobody said is not recorded: a waking's signal may be unknown; "unknown" resettling
becomes "not_recorded"

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 08:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("wakings", schema=None) as batch_op:
        batch_op.alter_column("signalled", existing_type=sa.Boolean(), nullable=True)
    op.execute("UPDATE wakings SET resettled_by = 'not_recorded' WHERE resettled_by = 'unknown'")


def downgrade() -> None:
    op.execute("UPDATE wakings SET resettled_by = 'unknown' WHERE resettled_by = 'not_recorded'")
    op.execute("UPDATE wakings SET signalled = TRUE WHERE signalled IS NULL")
    with op.batch_alter_table("wakings", schema=None) as batch_op:
        batch_op.alter_column("signalled", existing_type=sa.Boolean(), nullable=False)
