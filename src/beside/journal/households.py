"""Households: their time zone (every entry is read and checked in it) and their members."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.orm import Session

from beside.errors import NotFound, ValidationFailed, Violation
from beside.journal.schema import (
    HouseholdRow,
    MembershipRow,
    Role,
)


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # "Europe" is a folder: OSError
        raise ValidationFailed(
            [
                Violation(
                    "time_zone", "unknown_time_zone", "must be an IANA zone such as Europe/London"
                )
            ]
        ) from None


def household(s: Session, household_id: str) -> HouseholdRow:
    row = s.get(HouseholdRow, household_id)
    if row is None:
        raise NotFound("no such household")
    return row


def household_zone(s: Session, household_id: str) -> ZoneInfo:
    """The household's time zone, in which its nights belong to evenings."""
    return zone(household(s, household_id).time_zone)


def create_household(s: Session, *, name: str, time_zone: str, now: datetime) -> HouseholdRow:
    zone(time_zone)
    row = HouseholdRow(name=name, time_zone=time_zone, created_at=now)
    s.add(row)
    s.flush()
    return row


def change_household(
    s: Session, row: HouseholdRow, *, name: str | None, time_zone: str | None
) -> list[str]:
    """Rename the household, or move it to another clock (a family that moved). Entries
    already written keep their instants and the evening each night was logged for; entries
    from now on are read in the new zone. Returns what changed, for the audit log."""
    changed = []
    if time_zone is not None and time_zone != row.time_zone:
        zone(time_zone)
        changed.append(f"clock {row.time_zone} -> {time_zone}")
        row.time_zone = time_zone
    if name is not None and name != row.name:
        changed.append("renamed")
        row.name = name
    s.flush()
    return changed


def add_member(
    s: Session, household_id: str, user_id: str, role: Role, *, now: datetime
) -> MembershipRow:
    row = MembershipRow(household_id=household_id, user_id=user_id, role=role, created_at=now)
    s.add(row)
    s.flush()
    return row
