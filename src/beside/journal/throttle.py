"""Throttling sign-in and sign-up guesses, without letting them lock the owner out.

What the outside review found (issue 11): failures were counted per e-mail only, so five bad
guesses by anyone locked the real owner out, indefinitely; nothing limited one address
trying many accounts; the table was never pruned; and on PostgreSQL concurrent guesses were
all checked against the limit at once, because each counted before any had written.

The rules, over the last ``WINDOW`` (OWASP's "Blocking Brute Force Attacks"; the device
cookie is its "Slow Down Online Guessing Attacks with Device Cookies"):

- **per device**: a device that signed in to this account before carries a cookie. Only
  its own failures count against it (``DEVICE_FAILURES``), so the owner's phone keeps
  working whatever others try; after that many it is treated as a stranger.
- **per address**: ``ADDRESS_FAILURES`` failed sign-ins from one address, to any accounts,
  and it must wait.
- **per account**, for strangers: after ``ACCOUNT_FAILURES``, the account is not shut; it
  is slowed to one checked attempt per ``SLOW_PATH`` for everyone without its device
  cookie, so the right password still gets in (slowly, if someone keeps guessing).
- **sign-ups**: ``SIGN_UPS`` per address.

Counting is made atomic by order, not by locks: an attempt is written and committed as
``pending`` *before* it is judged (``open_attempt``), then judged against every attempt
committed before the judging (``verdict``), its own left out. Of n concurrent guesses,
the k-th to commit sees at least k-1 others, so no more than the limit pass, on SQLite and
on PostgreSQL alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, delete, func, select, update
from sqlalchemy.orm import Session

from beside.errors import TooManyAttempts
from beside.journal.schema import AttemptKind, AttemptOutcome, LoginAttemptRow

WINDOW = timedelta(minutes=15)
ACCOUNT_FAILURES = 5
ADDRESS_FAILURES = 20
DEVICE_FAILURES = 5
SLOW_PATH = timedelta(minutes=1)
SIGN_UP_WINDOW = timedelta(hours=1)
SIGN_UPS = 5
#: Attempts older than this are of no use to any rule and are deleted.
KEPT = timedelta(days=1)

_COUNTED = (AttemptOutcome.PENDING, AttemptOutcome.FAILED)
WAIT = "too many attempts; try again in a few minutes"


@dataclass(frozen=True, slots=True)
class Client:
    """Where an attempt comes from: the client's address (as the server sees it, or as a
    trusted proxy says) and the digest of its device cookie, if it sent one."""

    address: str = "local"
    device: str | None = None


def open_attempt(
    s: Session, *, kind: AttemptKind, email: str, client: Client, now: datetime
) -> int:
    """Write the attempt as pending; the caller commits it before ``verdict``."""
    row = LoginAttemptRow(
        kind=kind,
        email=email,
        address=client.address[:64],
        device=client.device,
        at=now,
        outcome=AttemptOutcome.PENDING,
    )
    s.add(row)
    s.flush()
    return row.id


def _count(s: Session, attempt_id: int, since: datetime, *where: ColumnElement[bool]) -> int:
    return (
        s.scalar(
            select(func.count())
            .select_from(LoginAttemptRow)
            .where(LoginAttemptRow.id != attempt_id, LoginAttemptRow.at >= since, *where)
        )
        or 0
    )


def login_verdict(
    s: Session, attempt_id: int, *, email: str, client: Client, trusted: bool, now: datetime
) -> None:
    """Raise ``TooManyAttempts`` if this sign-in may not be checked now. ``trusted``: the
    attempt carries a device cookie of this account."""
    since = now - WINDOW
    login = LoginAttemptRow.kind == AttemptKind.LOGIN
    counted = LoginAttemptRow.outcome.in_(_COUNTED)
    mine = LoginAttemptRow.device == client.device
    if trusted and _count(s, attempt_id, since, login, counted, mine) < DEVICE_FAILURES:
        return
    if _count(s, attempt_id, since, login, counted, LoginAttemptRow.address == client.address) >= (
        ADDRESS_FAILURES
    ):
        raise TooManyAttempts(WAIT, retry_after_s=int(WINDOW.total_seconds()))
    if _count(s, attempt_id, since, login, counted, LoginAttemptRow.email == email) < (
        ACCOUNT_FAILURES
    ):
        return
    # The slow path: one checked attempt per SLOW_PATH for the account.
    recent = _count(
        s,
        attempt_id,
        now - SLOW_PATH,
        login,
        LoginAttemptRow.email == email,
        LoginAttemptRow.outcome != AttemptOutcome.REFUSED,
    )
    if recent:
        raise TooManyAttempts(WAIT, retry_after_s=int(SLOW_PATH.total_seconds()))


def sign_up_verdict(s: Session, attempt_id: int, *, client: Client, now: datetime) -> None:
    """Raise ``TooManyAttempts`` past ``SIGN_UPS`` sign-ups from one address per hour."""
    made = _count(
        s,
        attempt_id,
        now - SIGN_UP_WINDOW,
        LoginAttemptRow.kind == AttemptKind.SIGN_UP,
        LoginAttemptRow.address == client.address,
        LoginAttemptRow.outcome != AttemptOutcome.REFUSED,
    )
    if made >= SIGN_UPS:
        raise TooManyAttempts(
            "too many new accounts from here; try again later",
            retry_after_s=int(SIGN_UP_WINDOW.total_seconds()),
        )


def close_attempt(s: Session, attempt_id: int, outcome: AttemptOutcome, *, now: datetime) -> None:
    """Record how the attempt ended, and delete attempts older than ``KEPT``."""
    s.execute(
        update(LoginAttemptRow)
        .where(LoginAttemptRow.id == attempt_id)
        .values(outcome=outcome)
        .execution_options(synchronize_session=False)
    )
    s.execute(
        delete(LoginAttemptRow)
        .where(LoginAttemptRow.at < now - KEPT)
        .execution_options(synchronize_session=False)
    )
