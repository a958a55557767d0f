"""security events: an audit log of sign-ins, password and token changes, invitations,
members leaving, exports and imports, which an account's holder and a household's owner
read (issue 11)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 11:20:00
"""

import sqlalchemy as sa
from alembic import op

from beside.journal.schema import UtcDateTime

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


KIND = sa.Enum(
    "signed_in",
    "sign_in_failed",
    "password_changed",
    "password_reset",
    "signed_out_everywhere",
    "session_ended",
    "token_created",
    "token_revoked",
    "invitation_sent",
    "invitation_resent",
    "invitation_cancelled",
    "invitation_accepted",
    "member_removed",
    "member_left",
    "exported",
    "imported",
    name="securityeventkind",
    native_enum=False,
    length=40,
)


def upgrade() -> None:
    op.create_table(
        "security_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", UtcDateTime(), nullable=False),
        sa.Column("kind", KIND, nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=True),
        sa.Column("household_id", sa.String(length=32), nullable=True),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("detail", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_security_events_user_id"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["household_id"], ["households.id"],
            name=op.f("fk_security_events_household_id"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_security_events")),
    )  # fmt: skip
    op.create_index("ix_security_events_household_at", "security_events", ["household_id", "at"])
    op.create_index("ix_security_events_user_at", "security_events", ["user_id", "at"])
    op.create_index("ix_security_events_at", "security_events", ["at"])


def downgrade() -> None:
    op.drop_table("security_events")
