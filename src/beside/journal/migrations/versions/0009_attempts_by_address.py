"""attempts by address and device: sign-in throttling per account, per address and per
device, with sign-ups counted too; an attempt is written before its password is checked
(outcome pending), so concurrent guesses count against each other (issue 11)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 20:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("login_attempts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=40), nullable=False, server_default="login")
        )
        batch_op.add_column(
            sa.Column("address", sa.String(length=64), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("device", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column("outcome", sa.String(length=40), nullable=False, server_default="failed")
        )
    op.execute("UPDATE login_attempts SET outcome = 'ok' WHERE ok")
    with op.batch_alter_table("login_attempts", schema=None) as batch_op:
        batch_op.drop_column("ok")
        batch_op.create_index("ix_login_attempts_address_at", ["address", "at"], unique=False)
        batch_op.create_index("ix_login_attempts_at", ["at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("login_attempts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("ok", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.execute("UPDATE login_attempts SET ok = (outcome = 'ok')")
    with op.batch_alter_table("login_attempts", schema=None) as batch_op:
        batch_op.drop_index("ix_login_attempts_at")
        batch_op.drop_index("ix_login_attempts_address_at")
        batch_op.drop_column("outcome")
        batch_op.drop_column("device")
        batch_op.drop_column("address")
        batch_op.drop_column("kind")
