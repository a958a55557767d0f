"""Journal operations. The caller owns the transaction: these functions add, flush and
return rows; a request or a CLI command commits (so operations compose).

Records arrive already parsed (``records.parse``); what only the store can check lives here,
with the same rule codes: nothing in the future, no two nights or wakings of one child
overlapping, a waking inside its night.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, selectinload

from beside.errors import NotFound, ValidationFailed, Violation
from beside.journal import sleep_times
from beside.journal.schema import (
    ChildRow,
    EpisodeRow,
    HouseholdRow,
    MembershipRow,
    NapRow,
    NightRow,
    Role,
    UserRow,
    WakingRow,
)
from beside.records import rules
from beside.records.ages import evening_of
from beside.records.models import Child, Episode, Night, Waking
from beside.records.parse import parse_record

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)
E = TypeVar("E", EpisodeRow, NightRow, NapRow)
Q = TypeVar("Q", bound=Select[*tuple[Any, ...]])
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


def household(s: Session, household_id: str) -> HouseholdRow:
    row = s.get(HouseholdRow, household_id)
    if row is None:
        raise NotFound("no such household")
    return row


def household_zone(s: Session, household_id: str) -> ZoneInfo:
    """The household's time zone, in which its nights belong to evenings."""
    return zone(household(s, household_id).time_zone)


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


def check_times(fields: Mapping[str, datetime | None], *, now: datetime, born: date) -> None:
    """The store's rules for an entry's times: real instants, none in the future, none
    before the child was born."""
    _aware(fields)
    _not_future(fields, now)
    for name, value in fields.items():
        if value is not None:
            rules.check_after_birth(value, born, field=name)


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
    rules.check_born_by(child.birth_date, field="birth_date")
    row = ChildRow(household_id=household_id, **child.model_dump())
    s.add(row)
    s.flush()
    return row


def paged(query: Q, limit: int | None, offset: int) -> Q:
    """One page of a list query (in SQL: a household's whole list is never loaded to be
    cut); ``limit`` None is every row."""
    return query.limit(limit).offset(offset) if limit is not None else query.offset(offset)


def children_of(
    s: Session, household_id: str, *, limit: int | None = None, offset: int = 0
) -> list[ChildRow]:
    """A household's children by name (then id, so that the order is total)."""
    query = select(ChildRow).where(ChildRow.household_id == household_id)
    return list(s.scalars(paged(query.order_by(ChildRow.name, ChildRow.id), limit, offset)))


def get_child(s: Session, household_id: str, child_id: str) -> ChildRow:
    """The child, if it belongs to this household; otherwise NotFound (never 'forbidden')."""
    row = s.get(ChildRow, child_id)
    if row is None or row.household_id != household_id:
        raise NotFound("no such child")
    return row


def child_by_ref(s: Session, household_id: str, ref: str) -> ChildRow:
    """A child of the household by id or, if unambiguous, by name (for the command line)."""
    row = s.get(ChildRow, ref)
    if row is not None and row.household_id == household_id:
        return row
    named = list(
        s.scalars(
            select(ChildRow).where(ChildRow.household_id == household_id, ChildRow.name == ref)
        )
    )
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        raise ValidationFailed(
            [Violation("child", "ambiguous", f"{len(named)} children are called {ref}: use the id")]
        )
    raise NotFound(f"no child {ref!r} in this household")


def check_episode(episode: Episode, *, now: datetime, born: date) -> None:
    """What the store adds to the record's own rules: real instants, none in the future or
    before the child's birth."""
    check_times({"start": episode.start, "end": episode.end}, now=now, born=born)


def log_episode(
    s: Session, child: ChildRow, episode: Episode, *, by: str, now: datetime
) -> EpisodeRow:
    check_episode(episode, now=now, born=child.birth_date)
    row = EpisodeRow(child_id=child.id, created_by=by, created_at=now, **episode.model_dump())
    s.add(row)
    s.flush()
    return row


def check_night_alone(night: Night, *, now: datetime, born: date) -> None:
    """The store's rules for one night on its own: real instants, none in the future or
    before the birth, its wakings apart."""
    times = {
        "bedtime": night.bedtime,
        "sleep_onset": night.sleep_onset,
        "wake_time": night.wake_time,
    }
    _aware(times | {f"wakings[{i}].start": w.start for i, w in enumerate(night.wakings)})
    _not_future(times | {f"wakings[{i}].end": w.end for i, w in enumerate(night.wakings)}, now)
    rules.check_after_birth(night.bedtime, born, field="bedtime")
    rules.check_no_overlap([(w.start, w.end) for w in night.wakings], field="wakings")


def check_nights_apart(nights: Sequence[Night], tz: ZoneInfo) -> list[tuple[int, Violation]]:
    """The rules between one child's nights, for nights not stored yet (an import): no two
    overlap, one night an evening. Returns (index, violation) for each night that breaks one.
    """
    bad: list[tuple[int, Violation]] = []
    order = sorted(range(len(nights)), key=lambda i: nights[i].bedtime)
    evenings: set[date] = set()
    previous: Night | None = None
    for i in order:
        night = nights[i]
        evening = evening_of(night.bedtime, tz)
        if previous is not None and (
            previous.wake_time is None or night.bedtime < previous.wake_time
        ):
            bad.append((i, Violation("bedtime", rules.OVERLAPS, "overlaps another night")))
        elif evening in evenings:
            bad.append(
                (i, Violation("bedtime", rules.OVERLAPS, "another night is on that evening"))
            )
        evenings.add(evening)
        previous = night
    return bad


def _check_night(
    s: Session, child: ChildRow, night: Night, *, now: datetime, exclude: str | None = None
) -> None:
    check_night_alone(night, now=now, born=child.birth_date)
    other = sleep_times.overlapping_night(s, child.id, night.bedtime, night.wake_time, exclude)
    if other is not None:
        message = (
            "a night of this child is still in progress: end it first"
            if other.wake_time is None
            else "overlaps another night of this child"
        )
        raise ValidationFailed([Violation("bedtime", rules.OVERLAPS, message)])
    if sleep_times.overlapping_nap(s, child.id, night.bedtime, night.wake_time) is not None:
        raise ValidationFailed(
            [Violation("bedtime", rules.OVERLAPS, "overlaps a nap of this child")]
        )


def _same_evening(s: Session, child_id: str, evening: date, exclude: str | None) -> None:
    query = select(NightRow.id).where(NightRow.child_id == child_id, NightRow.evening == evening)
    if exclude is not None:
        query = query.where(NightRow.id != exclude)
    if s.scalar(query):
        raise ValidationFailed(
            [
                Violation(
                    "bedtime", rules.OVERLAPS, "this child already has a night for that evening"
                )
            ]
        )


def log_night(
    s: Session, child: ChildRow, night: Night, *, tz: ZoneInfo, by: str, now: datetime
) -> NightRow:
    """Store a night (complete, or in progress when ``wake_time`` is None)."""
    _check_night(s, child, night, now=now)
    row = NightRow(child_id=child.id, created_by=by, created_at=now)
    _fill_night(s, row, night, tz=tz, by=by, now=now)
    s.add(row)
    s.flush()
    return row


def _fill_night(
    s: Session, row: NightRow, night: Night, *, tz: ZoneInfo, by: str, now: datetime
) -> None:
    evening = evening_of(night.bedtime, tz)
    _same_evening(s, row.child_id, evening, row.id)
    row.evening = evening
    row.bedtime = night.bedtime
    row.sleep_onset = night.sleep_onset
    row.wake_time = night.wake_time
    row.sleep_method = night.sleep_method
    row.settle_fuss_cry_min = night.settle_fuss_cry_min
    row.wakings = [
        WakingRow(created_by=by, created_at=now, **w.model_dump()) for w in night.wakings
    ]


def night_record(row: NightRow, *, wake_time: datetime | None = None) -> Night:
    """The stored night as a record (its rules run again), optionally with a new wake."""
    return parse_record(
        Night,
        {
            "bedtime": row.bedtime,
            "sleep_onset": row.sleep_onset,
            "wake_time": wake_time or row.wake_time,
            "sleep_method": row.sleep_method,
            "settle_fuss_cry_min": row.settle_fuss_cry_min,
            "wakings": tuple(waking_record(w) for w in row.wakings),
        },
    )


def record_fields(model: type[BaseModel], row: object) -> dict[str, Any]:
    """A stored row's values for a record's fields (same names: one vocabulary)."""
    return {name: getattr(row, name) for name in model.model_fields}


def row_record(model: type[M], row: object) -> M:
    """A stored row as its record; the record's rules run again."""
    return model.model_validate(record_fields(model, row))


def waking_record(row: WakingRow) -> Waking:
    return row_record(Waking, row)


def replace_night(
    s: Session, row: NightRow, night: Night, *, tz: ZoneInfo, by: str, now: datetime
) -> NightRow:
    """Replace a night and its wakings (the record sent is the whole night)."""
    child = s.get(ChildRow, row.child_id)
    assert child is not None
    _check_night(s, child, night, now=now, exclude=row.id)
    _fill_night(s, row, night, tz=tz, by=by, now=now)
    s.flush()
    return row


def end_night(s: Session, row: NightRow, wake_time: datetime, *, now: datetime) -> NightRow:
    """The morning: a night in progress gets its final wake (its wakings must fit)."""
    if row.wake_time is not None:
        raise ValidationFailed(
            [
                Violation(
                    "wake_time",
                    "night_already_ended",
                    "this night has ended already; to correct it, change the whole night",
                )
            ]
        )
    _aware({"wake_time": wake_time})
    checked = night_record(row, wake_time=wake_time)
    child = s.get(ChildRow, row.child_id)
    assert child is not None
    _check_night(s, child, checked, now=now, exclude=row.id)
    row.wake_time = wake_time
    s.flush()
    return row


def entry_of(s: Session, table: type[E], child: ChildRow, entry_id: str, what: str) -> E:
    """A child's entry by id; NotFound if it is another child's (never 'forbidden')."""
    row = s.get(table, entry_id)
    if row is None or row.child_id != child.id:
        raise NotFound(f"no such {what}")
    return row


def get_night(s: Session, child: ChildRow, night_id: str) -> NightRow:
    return entry_of(s, NightRow, child, night_id, "night")


def night_in_progress(s: Session, child: ChildRow) -> NightRow | None:
    return s.scalars(
        select(NightRow).where(NightRow.child_id == child.id, NightRow.wake_time.is_(None))
    ).first()


def night_around(s: Session, child: ChildRow, when: datetime) -> NightRow | None:
    """The child's night that holds this instant (in progress, or complete around it)."""
    return s.scalars(
        select(NightRow)
        .where(
            NightRow.child_id == child.id,
            NightRow.sleep_onset <= when,
            or_(NightRow.wake_time.is_(None), NightRow.wake_time >= when),
        )
        .order_by(NightRow.bedtime.desc())
        .limit(1)
    ).first()


def usual_bedtime(s: Session, child: ChildRow, tz: ZoneInfo) -> time | None:
    """The median local bedtime of the child's last 14 nights (None without any)."""
    recent = list(
        s.scalars(
            select(NightRow.bedtime)
            .where(NightRow.child_id == child.id)
            .order_by(NightRow.bedtime.desc())
            .limit(14)
        )
    )
    if not recent:
        return None
    # minutes after noon, so that 23:30 and 00:30 sort as neighbours
    minutes = sorted(
        ((b.astimezone(tz).hour * 60 + b.astimezone(tz).minute) - 720) % 1440 for b in recent
    )
    m = (minutes[len(minutes) // 2] + 720) % 1440
    return time(m // 60, m % 60)


def _check_waking(
    night: NightRow, waking: Waking, *, now: datetime, replacing: str | None = None
) -> None:
    """Real instants, not in the future, inside its night, apart from the night's other
    wakings (but for the one it replaces). A waking on its own is named by its fields."""
    _aware({"start": waking.start, "end": waking.end})
    _not_future({"start": waking.start, "end": waking.end}, now)
    rules.check_waking_in_night(
        waking.start, waking.end, night.sleep_onset, night.wake_time, "start"
    )
    for other in night.wakings:
        if other.id != replacing and waking.start < other.end and other.start < waking.end:
            raise ValidationFailed(
                [Violation("start", rules.OVERLAPS, "overlaps another waking of this night")]
            )


def assign(row: ChildRow | EpisodeRow | WakingRow | NapRow, record: BaseModel) -> None:
    """Replace a stored row's fields with a record's (same names: one vocabulary)."""
    for name, value in record.model_dump().items():
        setattr(row, name, value)


def log_waking(s: Session, night: NightRow, waking: Waking, *, by: str, now: datetime) -> WakingRow:
    _check_waking(night, waking, now=now)
    row = WakingRow(night=night, created_by=by, created_at=now, **waking.model_dump())
    s.add(row)
    s.flush()
    return row


def get_waking(s: Session, night: NightRow, waking_id: str) -> WakingRow:
    row = s.get(WakingRow, waking_id)
    if row is None or row.night_id != night.id:
        raise NotFound("no such waking")
    return row


def replace_waking(s: Session, row: WakingRow, waking: Waking, *, now: datetime) -> WakingRow:
    _check_waking(row.night, waking, now=now, replacing=row.id)
    assign(row, waking)
    s.flush()
    return row


def get_episode(s: Session, child: ChildRow, episode_id: str) -> EpisodeRow:
    return entry_of(s, EpisodeRow, child, episode_id, "episode")


def replace_episode(s: Session, row: EpisodeRow, episode: Episode, *, now: datetime) -> EpisodeRow:
    child = s.get(ChildRow, row.child_id)
    assert child is not None
    check_episode(episode, now=now, born=child.birth_date)
    assign(row, episode)
    s.flush()
    return row


def replace_child(s: Session, row: ChildRow, child: Child) -> ChildRow:
    """Change a child; a birth date that would leave records before the birth is refused."""
    rules.check_born_by(child.birth_date, field="birth_date")
    earliest = min(
        (
            when
            for when in (
                s.scalar(select(func.min(EpisodeRow.start)).where(EpisodeRow.child_id == row.id)),
                s.scalar(select(func.min(NightRow.bedtime)).where(NightRow.child_id == row.id)),
                s.scalar(select(func.min(NapRow.start)).where(NapRow.child_id == row.id)),
            )
            if when is not None
        ),
        default=None,
    )
    if earliest is not None:
        try:
            rules.check_after_birth(earliest, child.birth_date, field="birth_date")
        except ValidationFailed:
            raise ValidationFailed(
                [
                    Violation(
                        "birth_date",
                        rules.BEFORE_BIRTH,
                        "this child has records from before that date",
                    )
                ]
            ) from None
    assign(row, child)
    s.flush()
    return row


def delete(s: Session, row: ChildRow | EpisodeRow | NightRow | WakingRow | NapRow) -> None:
    """Remove an entry; a child's or a night's own entries go with it."""
    s.delete(row)
    s.flush()


def in_window(
    query: Select[T], column: Any, since: datetime | None, until: datetime | None
) -> Select[T]:
    """Entries that began in [since, until); either end may be open."""
    if since is not None:
        query = query.where(column >= since)
    if until is not None:
        query = query.where(column < until)
    return query


def list_episodes(
    s: Session,
    child: ChildRow,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[EpisodeRow]:
    query = in_window(
        select(EpisodeRow).where(EpisodeRow.child_id == child.id), EpisodeRow.start, since, until
    )
    query = query.order_by(EpisodeRow.start, EpisodeRow.id).limit(limit).offset(offset)
    return list(s.scalars(query))


def list_nights(
    s: Session,
    child: ChildRow,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[NightRow]:
    """Nights by bedtime, with their wakings loaded in one more query."""
    query = in_window(
        select(NightRow).where(NightRow.child_id == child.id), NightRow.bedtime, since, until
    )
    query = (
        query.order_by(NightRow.bedtime, NightRow.id)
        .limit(limit)
        .offset(offset)
        .options(selectinload(NightRow.wakings))
    )
    return list(s.scalars(query))


def night_hours(row: NightRow) -> float | None:
    """Hours from sleep onset to final wake, as instants (a DST change is counted right);
    None while the night is in progress."""
    if row.wake_time is None:
        return None
    return (row.wake_time - row.sleep_onset).total_seconds() / 3600.0


def utc_now() -> datetime:
    return datetime.now(UTC)
