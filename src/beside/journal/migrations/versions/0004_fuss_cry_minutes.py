"""fuss/cry minutes where noted: episodes, wakings and bedtime settling

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 05:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table, column in (
        ("episodes", "fuss_cry_min"),
        ("wakings", "fuss_cry_min"),
        ("nights", "settle_fuss_cry_min"),
    ):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column(column, sa.Float(), nullable=True))


def downgrade() -> None:
    for table, column in (
        ("episodes", "fuss_cry_min"),
        ("wakings", "fuss_cry_min"),
        ("nights", "settle_fuss_cry_min"),
    ):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column(column)
