"""Accounts, found by their email as the person typed it, compared without case."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from beside.errors import NotFound, ValidationFailed, Violation
from beside.journal.schema import (
    UserRow,
)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user(s: Session, email: str) -> UserRow | None:
    """The account with this email (compared case-insensitively), if any."""
    return s.scalars(select(UserRow).where(UserRow.email == normalise_email(email))).first()


def user_by_email(s: Session, email: str) -> UserRow:
    user = find_user(s, email)
    if user is None:
        raise NotFound(f"no account with the email {email}")
    return user


def create_user(
    s: Session, *, email: str, display_name: str, password_hash: str, now: datetime
) -> UserRow:
    email = normalise_email(email)
    if find_user(s, email) is not None:
        raise ValidationFailed([Violation("email", "taken", "an account with this email exists")])
    row = UserRow(
        email=email, display_name=display_name, password_hash=password_hash, created_at=now
    )
    s.add(row)
    s.flush()
    return row
