"""naps: day sleep, from falling asleep to waking (end NULL while asleep)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 13:00:00
"""

import sqlalchemy as sa
from alembic import op

import beside.journal.schema

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

SLEEP_METHODS = (
    "responsive_settling",
    "gradual_retreat",
    "graduated_extinction",
    "extinction",
    "none",
    "not_recorded",
)


def upgrade() -> None:
    op.create_table(
        "naps",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("child_id", sa.String(length=32), nullable=False),
        sa.Column("start", beside.journal.schema.UtcDateTime(timezone=True), nullable=False),
        sa.Column("end", beside.journal.schema.UtcDateTime(timezone=True), nullable=True),
        sa.Column(
            "sleep_method",
            sa.Enum(*SLEEP_METHODS, name="sleepmethod", native_enum=False, length=40),
            nullable=False,
        ),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=32), nullable=False),
        sa.Column("created_at", beside.journal.schema.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["child_id"], ["children.id"], name=op.f("fk_naps_child_id"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name=op.f("fk_naps_created_by")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_naps")),
    )
    op.create_index("ix_naps_child_start", "naps", ["child_id", "start"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_naps_child_start", table_name="naps")
    op.drop_table("naps")
