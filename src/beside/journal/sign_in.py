"""Signing in and signing up in steps, so that the slow part holds nothing.

An argon2 hash takes about 150 ms. Sign-up and sign-in used to hash inside the request's
write transaction: on SQLite that is the write lock, and four anonymous sign-up loops
pushed a family's quick log from 10 ms to 670 ms (issue 11). Here the steps are separate,
each its own short transaction, with the hash between them on a worker thread:

1. ``begin``: write the attempt as pending (``journal.throttle``), commit;
2. ``judge``: throttling's verdict, and the account's hash (a read);
3. ``check``: the hash, holding no transaction;
4. ``finish``: the outcome, a hash upgraded if made with weaker parameters, and for a new
   device, its cookie.

``access.log_in`` runs the same steps in one session, for the command line and tests.
Sign-up answers the same whether the address had an account or not (``register``), and
takes as long: the hash is made before the address is looked up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from beside.errors import AuthFailed, TooManyAttempts
from beside.journal import accounts as account_store
from beside.journal import audit, throttle
from beside.journal.access import (
    check_email,
    digest,
    issue_token,
    password_hasher,
    token_usable,
    unknown_hash,
    verify_password,
)
from beside.journal.schema import (
    AttemptKind,
    AttemptOutcome,
    SecurityEventKind,
    TokenKind,
    TokenRow,
    UserRow,
)
from beside.journal.throttle import Client

DEVICE_TTL = timedelta(days=365)
NOT_RECOGNISED = "email or password not recognised"


@dataclass(frozen=True, slots=True)
class Candidate:
    """An attempt allowed to be checked, and what to check it against."""

    attempt_id: int
    email: str
    user_id: str | None
    password_hash: str
    trusted: bool
    address: str = ""


@dataclass(frozen=True, slots=True)
class Checked:
    ok: bool
    #: a hash of the same password with today's parameters, when the stored one is weaker
    new_hash: str | None = None


def begin(s: Session, *, email: str, client: Client, now: datetime) -> int:
    return throttle.open_attempt(
        s,
        kind=AttemptKind.LOGIN,
        email=account_store.normalise_email(email),
        client=client,
        now=now,
    )


def judge(s: Session, attempt_id: int, *, email: str, client: Client, now: datetime) -> Candidate:
    """The candidate, or ``TooManyAttempts`` with the attempt recorded as refused."""
    email = account_store.normalise_email(email)
    user = account_store.find_user(s, email)
    trusted = user is not None and _device_of(s, user.id, client, now)
    try:
        throttle.login_verdict(s, attempt_id, email=email, client=client, trusted=trusted, now=now)
    except TooManyAttempts:
        throttle.close_attempt(s, attempt_id, AttemptOutcome.REFUSED, now=now)
        raise
    if user is None:
        # An unknown email costs one hash too: it answered in 5-8 ms against 150-180 ms
        # for a known one, which told anyone which emails have an account (issue 11).
        return Candidate(attempt_id, email, None, unknown_hash(), False, client.address)
    return Candidate(attempt_id, email, user.id, user.password_hash, trusted, client.address)


def _device_of(s: Session, user_id: str, client: Client, now: datetime) -> bool:
    if client.device is None:
        return False
    row = s.scalars(select(TokenRow).where(TokenRow.digest == client.device)).first()
    return row is not None and row.user_id == user_id and token_usable(row, TokenKind.DEVICE, now)


def check(candidate: Candidate, password: str) -> Checked:
    """The slow part: no session, no lock."""
    ok = verify_password(candidate.password_hash, password) and candidate.user_id is not None
    if ok and password_hasher.check_needs_rehash(candidate.password_hash):
        return Checked(True, password_hasher.hash(password))
    return Checked(ok)


def finish(s: Session, candidate: Candidate, checked: Checked, *, now: datetime) -> UserRow:
    """The account, or ``AuthFailed``; the attempt's outcome is written either way (the
    caller commits a failure too), and in the account's audit log when it has one."""
    outcome = AttemptOutcome.OK if checked.ok else AttemptOutcome.FAILED
    throttle.close_attempt(s, candidate.attempt_id, outcome, now=now)
    audit.prune(s, now=now)
    user = s.get(UserRow, candidate.user_id) if checked.ok and candidate.user_id else None
    if candidate.user_id is not None:
        audit.record(
            s,
            SecurityEventKind.SIGNED_IN if user else SecurityEventKind.SIGN_IN_FAILED,
            at=now,
            user_id=candidate.user_id,
            address=candidate.address,
        )
    if user is None:
        s.flush()
        raise AuthFailed(NOT_RECOGNISED)
    if checked.new_hash is not None and user.password_hash == candidate.password_hash:
        user.password_hash = checked.new_hash  # made with weaker parameters (issue 11)
    s.flush()
    return user


def device_cookie(s: Session, user: UserRow, candidate: Candidate, *, now: datetime) -> str | None:
    """A new device secret for a client that signed in without one of this account's, to
    be set as a cookie; None when it has one already."""
    if candidate.trusted:
        return None
    return issue_token(s, user, kind=TokenKind.DEVICE, now=now, name="device", ttl=DEVICE_TTL)


def device_digest(secret: str | None) -> str | None:
    return digest(secret) if secret else None


REGISTERED = (
    "if this address had no account, it has one now: sign in with it. If it had one, "
    "nothing has changed: sign in with its password"
)


def begin_sign_up(s: Session, *, email: str, client: Client, now: datetime) -> int:
    check_email(email)
    return throttle.open_attempt(
        s,
        kind=AttemptKind.SIGN_UP,
        email=account_store.normalise_email(email),
        client=client,
        now=now,
    )


def register(
    s: Session,
    attempt_id: int,
    *,
    email: str,
    display_name: str,
    password_hash: str,
    client: Client,
    now: datetime,
) -> None:
    """Make the account if the address has none; the same answer either way (issue 11:
    sign-up said when an e-mail had an account). ``TooManyAttempts`` past the sign-up
    limit, with the attempt recorded as refused."""
    try:
        throttle.sign_up_verdict(s, attempt_id, client=client, now=now)
    except TooManyAttempts:
        throttle.close_attempt(s, attempt_id, AttemptOutcome.REFUSED, now=now)
        raise
    if account_store.find_user(s, email) is None:
        account_store.create_user(
            s, email=email, display_name=display_name, password_hash=password_hash, now=now
        )
    throttle.close_attempt(s, attempt_id, AttemptOutcome.OK, now=now)
