"""The journal's tables. One name per concept: ``EpisodeRow`` is the stored form of the
``records.Episode`` record.

Every entry records who logged it and when. Times are instants: stored as UTC (naive UTC in
SQLite, which keeps no offset) and given back timezone-aware, so a night across a
daylight-saving change neither loses nor doubles an hour.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from beside.records.enums import (
    Aftercare,
    CaregiverResponse,
    ChildAction,
    Outcome,
    ResettleMethod,
    SleepMethod,
    TraitLevel,
    Trigger,
)


class Role(StrEnum):
    OWNER = "owner"
    CAREGIVER = "caregiver"
    VIEWER = "viewer"
    COACH = "coach"


class UtcDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, UTC out; naive datetimes are refused (they have no instant)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: give a time zone")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _enum(cls: type[StrEnum]) -> Enum:
    return Enum(
        cls,
        name=cls.__name__.lower(),
        values_callable=lambda e: [m.value for m in e],
        native_enum=False,
        validate_strings=True,
        length=40,
    )


def new_id() -> str:
    return uuid.uuid4().hex


NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s",
    "pk": "pk_%(table_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Logged:
    """Who logged an entry, and when (the server's clock, in UTC)."""

    created_by: Mapped[str] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class Imported:
    """Where an imported entry came from: its id in the document it was imported from (a
    Beside export's id, or Baby Buddy's, as ``babybuddy:sleep:41``); NULL for entries made
    here. An export gives this as the entry's id, so that an id, once given, stays the
    entry's wherever it travels, and importing it again finds it (issue 10, item 3)."""

    import_key: Mapped[str | None] = mapped_column(String(120), nullable=True, default=None)


class HouseholdRow(Base):
    __tablename__ = "households"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(120))
    time_zone: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class UserRow(Base):
    __tablename__ = "users"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class MembershipRow(Base):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("household_id", "user_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    household_id: Mapped[str] = mapped_column(ForeignKey("households.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    role: Mapped[Role] = mapped_column(_enum(Role))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ChildRow(Imported, Base):
    __tablename__ = "children"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    household_id: Mapped[str] = mapped_column(
        ForeignKey("households.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(80))
    birth_date: Mapped[date] = mapped_column(Date)
    due_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    sensitivity: Mapped[TraitLevel] = mapped_column(_enum(TraitLevel))
    reactivity: Mapped[TraitLevel] = mapped_column(_enum(TraitLevel))
    daycare_hours: Mapped[float] = mapped_column(Float)
    older_siblings: Mapped[int] = mapped_column(Integer)


class EpisodeRow(Logged, Imported, Base):
    __tablename__ = "episodes"
    __table_args__ = (Index("ix_episodes_child_start", "child_id", "start"),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    child_id: Mapped[str] = mapped_column(ForeignKey("children.id", ondelete="CASCADE"))
    start: Mapped[datetime] = mapped_column(UtcDateTime())
    end: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    trigger: Mapped[Trigger] = mapped_column(_enum(Trigger))
    peak_distress: Mapped[float] = mapped_column(Float)
    child_action: Mapped[ChildAction] = mapped_column(_enum(ChildAction))
    response: Mapped[CaregiverResponse] = mapped_column(_enum(CaregiverResponse))
    latency_min: Mapped[float | None] = mapped_column(Float, nullable=True)
    outcome: Mapped[Outcome] = mapped_column(_enum(Outcome))
    minutes_to_calm: Mapped[float | None] = mapped_column(Float, nullable=True)
    fuss_cry_min: Mapped[float | None] = mapped_column(Float, nullable=True)
    aftercare: Mapped[Aftercare] = mapped_column(_enum(Aftercare))
    notes: Mapped[str] = mapped_column(Text, default="")


class NightRow(Logged, Imported, Base):
    __tablename__ = "nights"
    __table_args__ = (
        UniqueConstraint("child_id", "evening"),
        Index("ix_nights_child_bedtime", "child_id", "bedtime"),
    )
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    child_id: Mapped[str] = mapped_column(ForeignKey("children.id", ondelete="CASCADE"))
    evening: Mapped[date] = mapped_column(Date)
    bedtime: Mapped[datetime] = mapped_column(UtcDateTime())
    sleep_onset: Mapped[datetime] = mapped_column(UtcDateTime())
    #: NULL while the night is in progress (at most one such night per child).
    wake_time: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    sleep_method: Mapped[SleepMethod] = mapped_column(_enum(SleepMethod))
    settle_fuss_cry_min: Mapped[float | None] = mapped_column(Float, nullable=True)
    wakings: Mapped[list[WakingRow]] = relationship(
        back_populates="night", cascade="all, delete-orphan", order_by="WakingRow.start"
    )


class WakingRow(Logged, Base):
    __tablename__ = "wakings"
    __table_args__ = (Index("ix_wakings_night_start", "night_id", "start"),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    night_id: Mapped[str] = mapped_column(ForeignKey("nights.id", ondelete="CASCADE"))
    start: Mapped[datetime] = mapped_column(UtcDateTime())
    end: Mapped[datetime] = mapped_column(UtcDateTime())
    signalled: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    resettled_by: Mapped[ResettleMethod] = mapped_column(_enum(ResettleMethod))
    latency_min: Mapped[float | None] = mapped_column(Float, nullable=True)
    fuss_cry_min: Mapped[float | None] = mapped_column(Float, nullable=True)
    night: Mapped[NightRow] = relationship(back_populates="wakings")


class NapRow(Logged, Imported, Base):
    """A nap (``records.Nap``); ``end`` is NULL while the child is asleep."""

    __tablename__ = "naps"
    __table_args__ = (Index("ix_naps_child_start", "child_id", "start"),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    child_id: Mapped[str] = mapped_column(ForeignKey("children.id", ondelete="CASCADE"))
    start: Mapped[datetime] = mapped_column(UtcDateTime())
    end: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    sleep_method: Mapped[SleepMethod] = mapped_column(_enum(SleepMethod))
    notes: Mapped[str] = mapped_column(Text, default="")


class NoteRow(Imported, Base):
    __tablename__ = "notes"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    household_id: Mapped[str] = mapped_column(
        ForeignKey("households.id", ondelete="CASCADE"), index=True
    )
    child_id: Mapped[str | None] = mapped_column(
        ForeignKey("children.id", ondelete="CASCADE"), nullable=True
    )
    author_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class TokenKind(StrEnum):
    SESSION = "session"  # a browser session (pages)
    API = "api"  # a named, revocable token for programs
    #: Coach links before invitations had their own table (migration 0005 removed them).
    INVITE = "invite"
    #: A device that signed in to this account before (a cookie): the per-account lock
    #: does not apply to it, so guesses from elsewhere cannot lock the owner out (issue 11).
    DEVICE = "device"


class TokenScope(StrEnum):
    """What an API token may do (issue 11: every token could do everything its owner
    could). A page session always reads and writes, within its owner's roles."""

    READ = "read"
    READ_WRITE = "read_write"


class InvitationRow(Base):
    """An invitation to join a household in a role, for one e-mail address.

    Only the SHA-256 of its one-time link's secret is kept; resending replaces the secret,
    so an older link stops working. Pending until accepted, cancelled or expired."""

    __tablename__ = "invitations"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    household_id: Mapped[str] = mapped_column(
        ForeignKey("households.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[Role] = mapped_column(_enum(Role))
    email: Mapped[str] = mapped_column(String(254))
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by: Mapped[str | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    sent_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    accepted_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    accepted_by: Mapped[str | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class TokenRow(Base):
    """Secrets are never stored: only the SHA-256 of a random 32-byte token."""

    __tablename__ = "tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[TokenKind] = mapped_column(_enum(TokenKind))
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    household_id: Mapped[str | None] = mapped_column(
        ForeignKey("households.id", ondelete="CASCADE"), nullable=True
    )
    name: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    #: Last use, written at most every ``access.TOUCH_EVERY``: a session unused for the
    #: idle timeout ends (issue 11).
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    scope: Mapped[TokenScope] = mapped_column(
        _enum(TokenScope), default=TokenScope.READ_WRITE, server_default="read_write"
    )


class AttemptKind(StrEnum):
    LOGIN = "login"
    SIGN_UP = "sign_up"


class AttemptOutcome(StrEnum):
    PENDING = "pending"  # written before the password is checked (``journal.throttle``)
    OK = "ok"
    FAILED = "failed"
    REFUSED = "refused"  # throttled: the password was not checked


class LoginAttemptRow(Base):
    """One sign-in or sign-up attempt: what throttling counts (``journal.throttle``)."""

    __tablename__ = "login_attempts"
    __table_args__ = (
        Index("ix_login_attempts_email_at", "email", "at"),
        Index("ix_login_attempts_address_at", "address", "at"),
        Index("ix_login_attempts_at", "at"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[AttemptKind] = mapped_column(_enum(AttemptKind), default=AttemptKind.LOGIN)
    email: Mapped[str] = mapped_column(String(254))
    address: Mapped[str] = mapped_column(String(64), default="")
    #: SHA-256 of the device cookie the attempt came with, if any
    device: Mapped[str | None] = mapped_column(String(64), nullable=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    outcome: Mapped[AttemptOutcome] = mapped_column(_enum(AttemptOutcome))


class SecurityEventKind(StrEnum):
    """What the audit log records (``journal.audit``)."""

    SIGNED_IN = "signed_in"
    SIGN_IN_FAILED = "sign_in_failed"  # the right account, a wrong password
    PASSWORD_CHANGED = "password_changed"
    PASSWORD_RESET = "password_reset"  # by an administrator, from the command line
    SIGNED_OUT_EVERYWHERE = "signed_out_everywhere"
    SESSION_ENDED = "session_ended"  # from the session list (signing out is not logged)
    TOKEN_CREATED = "token_created"
    TOKEN_REVOKED = "token_revoked"
    INVITATION_SENT = "invitation_sent"
    INVITATION_RESENT = "invitation_resent"
    INVITATION_CANCELLED = "invitation_cancelled"
    INVITATION_ACCEPTED = "invitation_accepted"
    MEMBER_REMOVED = "member_removed"
    MEMBER_LEFT = "member_left"
    EXPORTED = "exported"
    IMPORTED = "imported"
    HOUSEHOLD_CHANGED = "household_changed"  # renamed, or moved to another clock


class SecurityEventRow(Base):
    """One security event: about an account (``household_id`` empty), or about a household,
    which its owner reads. ``address`` is written for sign-ins only; ``detail`` never holds
    a secret."""

    __tablename__ = "security_events"
    __table_args__ = (
        Index("ix_security_events_household_at", "household_id", "at"),
        Index("ix_security_events_user_at", "user_id", "at"),
        Index("ix_security_events_at", "at"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    kind: Mapped[SecurityEventKind] = mapped_column(_enum(SecurityEventKind))
    #: who acted (or whose account it is); emptied if the account goes
    user_id: Mapped[str | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    household_id: Mapped[str | None] = mapped_column(
        ForeignKey("households.id", ondelete="CASCADE"), nullable=True
    )
    address: Mapped[str] = mapped_column(String(64), default="")
    detail: Mapped[str] = mapped_column(String(300), default="")
