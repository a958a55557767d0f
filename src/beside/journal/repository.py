"""Journal operations. The caller owns the transaction: these functions add, flush and
return rows; a request or a CLI command commits (so operations compose).

Records arrive already parsed (``records.parse``); what only the store can check lives here,
with the same rule codes: nothing in the future, no two nights or wakings of one child
overlapping, a waking inside its night.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from beside.errors import NotFound, ValidationFailed, Violation
from beside.journal.schema import (
    ChildRow,
    EpisodeRow,
    HouseholdRow,
    MembershipRow,
    NightRow,
    Role,
    UserRow,
    WakingRow,
)
from beside.records import rules
from beside.records.models import Child, Episode, Night, Waking

#: A night belongs to the evening it began: bedtimes before noon count for the day before.
EVENING_CUTOVER = timedelta(hours=12)
NEEDS_TIME_ZONE = "needs_time_zone"


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationFailed(
            [
                Violation(
                    "time_zone", "unknown_time_zone", "must be an IANA zone such as Europe/London"
                )
            ]
        ) from None


def evening_of(bedtime: datetime, tz: ZoneInfo) -> date:
    """The local date of the evening a night began (a 00:30 bedtime belongs to the day before)."""
    return (bedtime.astimezone(tz) - EVENING_CUTOVER).date()


def _aware(fields: Mapping[str, datetime | None]) -> None:
    bad = [
        Violation(k, NEEDS_TIME_ZONE, "give the time with its time zone or offset")
        for k, v in fields.items()
        if v is not None and v.tzinfo is None
    ]
    if bad:
        raise ValidationFailed(bad)


def _not_future(fields: Mapping[str, datetime | None], now: datetime) -> None:
    for name, value in fields.items():
        if value is not None:
            rules.check_not_future(value, field=name, now=now)


def create_household(s: Session, *, name: str, time_zone: str, now: datetime) -> HouseholdRow:
    zone(time_zone)
    row = HouseholdRow(name=name, time_zone=time_zone, created_at=now)
    s.add(row)
    s.flush()
    return row


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


def add_member(
    s: Session, household_id: str, user_id: str, role: Role, *, now: datetime
) -> MembershipRow:
    row = MembershipRow(household_id=household_id, user_id=user_id, role=role, created_at=now)
    s.add(row)
    s.flush()
    return row


def add_child(s: Session, household_id: str, child: Child) -> ChildRow:
    row = ChildRow(household_id=household_id, **child.model_dump())
    s.add(row)
    s.flush()
    return row


def get_child(s: Session, household_id: str, child_id: str) -> ChildRow:
    """The child, if it belongs to this household; otherwise NotFound (never 'forbidden')."""
    row = s.get(ChildRow, child_id)
    if row is None or row.household_id != household_id:
        raise NotFound("no such child")
    return row


def log_episode(
    s: Session, child: ChildRow, episode: Episode, *, by: str, now: datetime
) -> EpisodeRow:
    times = {"start": episode.start, "end": episode.end}
    _aware(times)
    _not_future(times, now)
    row = EpisodeRow(child_id=child.id, created_by=by, created_at=now, **episode.model_dump())
    s.add(row)
    s.flush()
    return row


def _overlapping_night(
    s: Session, child_id: str, start: datetime, end: datetime, exclude: str | None = None
) -> NightRow | None:
    query = select(NightRow).where(
        and_(NightRow.child_id == child_id, NightRow.bedtime < end, NightRow.wake_time > start)
    )
    if exclude is not None:
        query = query.where(NightRow.id != exclude)
    return s.scalars(query.limit(1)).first()


def log_night(
    s: Session, child: ChildRow, night: Night, *, tz: ZoneInfo, by: str, now: datetime
) -> NightRow:
    times = {
        "bedtime": night.bedtime,
        "sleep_onset": night.sleep_onset,
        "wake_time": night.wake_time,
    }
    _aware(times | {f"wakings[{i}].start": w.start for i, w in enumerate(night.wakings)})
    _not_future(times, now)
    rules.check_no_overlap([(w.start, w.end) for w in night.wakings], field="wakings")
    if _overlapping_night(s, child.id, night.bedtime, night.wake_time):
        raise ValidationFailed(
            [Violation("bedtime", rules.OVERLAPS, "overlaps another night of this child")]
        )
    row = NightRow(
        child_id=child.id,
        evening=evening_of(night.bedtime, tz),
        bedtime=night.bedtime,
        sleep_onset=night.sleep_onset,
        wake_time=night.wake_time,
        sleep_method=night.sleep_method,
        created_by=by,
        created_at=now,
    )
    if s.scalar(
        select(NightRow.id).where(NightRow.child_id == child.id, NightRow.evening == row.evening)
    ):
        raise ValidationFailed(
            [
                Violation(
                    "bedtime", rules.OVERLAPS, "this child already has a night for that evening"
                )
            ]
        )
    row.wakings = [
        WakingRow(created_by=by, created_at=now, **w.model_dump()) for w in night.wakings
    ]
    s.add(row)
    s.flush()
    return row


def log_waking(s: Session, night: NightRow, waking: Waking, *, by: str, now: datetime) -> WakingRow:
    _aware({"start": waking.start, "end": waking.end})
    _not_future({"start": waking.start, "end": waking.end}, now)
    rules.check_waking_in_night(waking.start, waking.end, night.sleep_onset, night.wake_time, 0)
    others = [(w.start, w.end) for w in night.wakings]
    rules.check_no_overlap([*others, (waking.start, waking.end)], field="wakings")
    row = WakingRow(night=night, created_by=by, created_at=now, **waking.model_dump())
    s.add(row)
    s.flush()
    return row


def list_episodes(
    s: Session,
    child: ChildRow,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[EpisodeRow]:
    query = select(EpisodeRow).where(EpisodeRow.child_id == child.id)
    if since is not None:
        query = query.where(EpisodeRow.start >= since)
    if until is not None:
        query = query.where(EpisodeRow.start < until)
    query = query.order_by(EpisodeRow.start, EpisodeRow.id).limit(limit).offset(offset)
    return list(s.scalars(query))


def night_hours(row: NightRow) -> float:
    """Hours from sleep onset to final wake, as instants (a DST change is counted right)."""
    return (row.wake_time - row.sleep_onset).total_seconds() / 3600.0


def utc_now() -> datetime:
    return datetime.now(UTC)
