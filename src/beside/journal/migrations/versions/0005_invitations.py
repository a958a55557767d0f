"""invitations with a role and an e-mail address; the old coach links go

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 08:00:00
"""

import sqlalchemy as sa
from alembic import op

from beside.journal.schema import UtcDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

ROLE = sa.Enum("owner", "caregiver", "viewer", "coach", name="role", native_enum=False, length=40)


def upgrade() -> None:
    op.create_table(
        "invitations",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("household_id", sa.String(length=32), nullable=False),
        sa.Column("role", ROLE, nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("invited_by", sa.String(length=32), nullable=True),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("sent_at", UtcDateTime(), nullable=False),
        sa.Column("expires_at", UtcDateTime(), nullable=False),
        sa.Column("accepted_at", UtcDateTime(), nullable=True),
        sa.Column("accepted_by", sa.String(length=32), nullable=True),
        sa.Column("cancelled_at", UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["household_id"], ["households.id"],
            name=op.f("fk_invitations_household_id"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["invited_by"], ["users.id"], name=op.f("fk_invitations_invited_by"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["accepted_by"], ["users.id"], name=op.f("fk_invitations_accepted_by"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invitations")),
        sa.UniqueConstraint("digest", name=op.f("uq_invitations_digest")),
    )  # fmt: skip
    op.create_index(
        op.f("ix_invitations_household_id"), "invitations", ["household_id"], unique=False
    )
    # A coach link made before this table named no e-mail address: anyone holding it could
    # join. They stop working; the owner sends a new invitation.
    op.execute("DELETE FROM tokens WHERE kind = 'invite'")


def downgrade() -> None:
    op.drop_index(op.f("ix_invitations_household_id"), table_name="invitations")
    op.drop_table("invitations")
