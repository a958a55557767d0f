"""One's own sessions and tokens: listing them, ending one or all, changing the password.

Issue 11 found 30-day sessions nobody could see or end from elsewhere, and no way to
change a password at all: a phone left at a friend's stayed signed in for a month. Here a
person sees every page session and API token they hold, with when each was last used, ends
any of them, or all at once ("sign out everywhere"); a new password ends every other
session and token, since whoever knew the old one may hold one. Checks of a token on each
request are ``journal.access``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from beside.errors import NotFound
from beside.journal import audit
from beside.journal import entries as entry_store
from beside.journal.access import SESSION_IDLE, TOUCH_EVERY, digest
from beside.journal.schema import SecurityEventKind, TokenKind, TokenRow, UserRow

#: What "sign out everywhere" and a new password end. Device cookies are not credentials
#: (they only spare a known phone the account's slow path, ``journal.sign_in``).
SIGNED_IN = (TokenKind.SESSION, TokenKind.API)


def tokens_of(
    s: Session,
    user: UserRow,
    kind: TokenKind,
    *,
    now: datetime,
    idle: timedelta = SESSION_IDLE,
    limit: int | None = None,
    offset: int = 0,
) -> list[TokenRow]:
    """The user's sessions or API tokens, the last used first."""
    query = (
        select(TokenRow)
        .where(TokenRow.user_id == user.id, TokenRow.kind == kind)
        .order_by(TokenRow.used_at.desc(), TokenRow.created_at.desc(), TokenRow.id.desc())
    )
    if kind is TokenKind.SESSION:  # ended sessions are of no use to anyone: only live ones
        query = query.where(
            TokenRow.revoked_at.is_(None),
            or_(TokenRow.expires_at.is_(None), TokenRow.expires_at > now),
            TokenRow.used_at > now - idle,
        )
    return list(s.scalars(entry_store.paged(query, limit, offset)))


def revoke(s: Session, user: UserRow, token_id: int, kind: TokenKind, *, now: datetime) -> None:
    """End one of the user's sessions or tokens; another's, or another kind, is not found."""
    row = s.get(TokenRow, token_id)
    if row is None or row.user_id != user.id or row.kind != kind:
        raise NotFound(f"no such {'session' if kind is TokenKind.SESSION else 'token'}")
    if row.revoked_at is None:
        row.revoked_at = now
        ended = SecurityEventKind.SESSION_ENDED
        if kind is not TokenKind.SESSION:
            ended = SecurityEventKind.TOKEN_REVOKED
        audit.record(s, ended, at=now, user_id=user.id, detail=_named(row))
    s.flush()


def _named(row: TokenRow) -> str:
    return f"{row.kind.value} {row.id}" + (f" {row.name!r}" if row.name else "")


def end_session(s: Session, token: str, *, now: datetime) -> None:
    """Log out: the session token stops working at once (an unknown token is ignored)."""
    row = s.scalars(select(TokenRow).where(TokenRow.digest == digest(token))).first()
    if row is not None and row.kind == TokenKind.SESSION and row.revoked_at is None:
        row.revoked_at = now
        s.flush()


def sign_out_everywhere(s: Session, user: UserRow, *, now: datetime) -> int:
    """End every session and API token of the user; how many ended."""
    ended = _end_all(s, user, now=now)
    audit.record(
        s, SecurityEventKind.SIGNED_OUT_EVERYWHERE, at=now, user_id=user.id, detail=f"{ended}"
    )
    return ended


def _end_all(s: Session, user: UserRow, *, now: datetime, keep: int | None = None) -> int:
    """End every session and API token of the user but ``keep`` (the one asking, when a
    password change should not sign the person out where they are); how many ended."""
    query = update(TokenRow).where(
        TokenRow.user_id == user.id,
        TokenRow.kind.in_(SIGNED_IN),
        TokenRow.revoked_at.is_(None),
    )
    if keep is not None:
        query = query.where(TokenRow.id != keep)
    ended = s.execute(query.values(revoked_at=now).returning(TokenRow.id)).all()
    s.flush()
    return len(ended)


def set_password(
    s: Session,
    user: UserRow,
    password_hash: str,
    *,
    now: datetime,
    keep: int | None = None,
    reset: bool = False,
) -> int:
    """A new password (hashed by ``access.hash_password``, off any transaction): every
    other session and token ends. How many ended. ``reset``: set by an administrator."""
    user.password_hash = password_hash
    ended = _end_all(s, user, now=now, keep=keep)
    kind = SecurityEventKind.PASSWORD_RESET if reset else SecurityEventKind.PASSWORD_CHANGED
    audit.record(s, kind, at=now, user_id=user.id, detail=f"{ended} signed out")
    return ended


def touch(s: Session, token_id: int, *, now: datetime) -> None:
    """Write a token's last use, unless written within ``TOUCH_EVERY`` (one statement: two
    requests at once write it once, and neither waits for the other's answer)."""
    s.execute(
        update(TokenRow)
        .where(
            TokenRow.id == token_id,
            or_(TokenRow.used_at.is_(None), TokenRow.used_at <= now - TOUCH_EVERY),
        )
        .values(used_at=now)
    )
