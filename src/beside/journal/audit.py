"""The audit log (issue 11): what happened to an account's and a household's security.

Each person reads their own account's events (sign-ins and failed ones with the address
they came from, password changes, tokens made and ended); a household's owner reads the
household's (invitations sent, cancelled and accepted, members removed or leaving, exports
and imports), with who did it. An event is written in the transaction of what it records,
so a change and its record land or vanish together. Events are kept ``KEPT`` (long enough
to look back over a year) and never hold a secret: no token, no password, no hash.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from beside.journal import entries as entry_store
from beside.journal.schema import SecurityEventKind, SecurityEventRow, UserRow

#: assumed: a year and a bit, so this month last year can be compared
KEPT = timedelta(days=400)
DETAIL_CHARS = 300


def record(
    s: Session,
    kind: SecurityEventKind,
    *,
    at: datetime,
    user_id: str | None = None,
    household_id: str | None = None,
    address: str = "",
    detail: str = "",
) -> None:
    s.add(
        SecurityEventRow(
            at=at,
            kind=kind,
            user_id=user_id,
            household_id=household_id,
            address=address[:64],
            detail=detail[:DETAIL_CHARS],
        )
    )


def household_event(
    s: Session,
    kind: SecurityEventKind,
    household_id: str,
    *,
    by: str | None,
    at: datetime,
    detail: str = "",
) -> None:
    """An event for the household's owner to read; ``by``: who did it (None: a command run
    on the server)."""
    record(s, kind, at=at, user_id=by, household_id=household_id, detail=detail)


def prune(s: Session, *, now: datetime) -> None:
    """Delete events older than ``KEPT`` (run with each sign-in: no scheduler needed)."""
    s.execute(
        delete(SecurityEventRow)
        .where(SecurityEventRow.at < now - KEPT)
        .execution_options(synchronize_session=False)
    )


def account_events(
    s: Session, user: UserRow, *, limit: int | None = None, offset: int = 0
) -> list[SecurityEventRow]:
    """The account's own events, newest first."""
    query = (
        select(SecurityEventRow)
        .where(SecurityEventRow.user_id == user.id, SecurityEventRow.household_id.is_(None))
        .order_by(SecurityEventRow.at.desc(), SecurityEventRow.id.desc())
    )
    return list(s.scalars(entry_store.paged(query, limit, offset)))


def household_events(
    s: Session, household_id: str, *, limit: int | None = None, offset: int = 0
) -> list[tuple[SecurityEventRow, str | None]]:
    """The household's events, newest first, each with the name of who acted (None: an
    account since deleted, or a command run on the server)."""
    query = (
        select(SecurityEventRow, UserRow.display_name)
        .outerjoin(UserRow, UserRow.id == SecurityEventRow.user_id)
        .where(SecurityEventRow.household_id == household_id)
        .order_by(SecurityEventRow.at.desc(), SecurityEventRow.id.desc())
    )
    return [(row, name) for row, name in s.execute(entry_store.paged(query, limit, offset))]
