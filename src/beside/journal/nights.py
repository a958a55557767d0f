"""Nights and their wakings. A night belongs to the evening it began (noon cut-over, in the
household's zone); one child's nights and naps never overlap, and a waking lies inside its
night: the rule codes are the records' own (``records.rules``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Row, or_, select
from sqlalchemy.orm import Session, selectinload

from beside.errors import NotFound, ValidationFailed, Violation
from beside.journal import sleep_times
from beside.journal.entries import (
    assign,
    check_aware,
    check_not_future,
    child_entries,
    entry_of,
    own_id,
    row_record,
)
from beside.journal.schema import (
    ChildRow,
    NightRow,
    WakingRow,
)
from beside.records import rules
from beside.records.ages import evening_of
from beside.records.models import Night, Waking
from beside.records.parse import parse_record


def check_night_alone(night: Night, *, now: datetime, born: date) -> None:
    """The store's rules for one night on its own: real instants, none in the future or
    before the birth, its wakings apart."""
    times = {
        "bedtime": night.bedtime,
        "sleep_onset": night.sleep_onset,
        "wake_time": night.wake_time,
    }
    check_aware(times | {f"wakings[{i}].start": w.start for i, w in enumerate(night.wakings)})
    check_not_future(times | {f"wakings[{i}].end": w.end for i, w in enumerate(night.wakings)}, now)
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
    s: Session,
    child: ChildRow,
    night: Night,
    *,
    tz: ZoneInfo,
    by: str,
    now: datetime,
    entry_id: str | None = None,
) -> NightRow:
    """Store a night (complete, or in progress when ``wake_time`` is None)."""
    _check_night(s, child, night, now=now)
    row = NightRow(child_id=child.id, created_by=by, created_at=now, **own_id(entry_id))
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


def night_record(
    row: NightRow | Row[Any],
    *,
    wake_time: datetime | None = None,
    wakings: Sequence[Waking] | None = None,
) -> Night:
    """The stored night as a record (its rules run again), optionally with a new wake.
    ``row`` may be a plain row, its wakings then given (``journal.child_logs``)."""
    if wakings is None:
        assert isinstance(row, NightRow)
        wakings = [waking_record(w) for w in row.wakings]
    return parse_record(
        Night,
        {
            "bedtime": row.bedtime,
            "sleep_onset": row.sleep_onset,
            "wake_time": wake_time or row.wake_time,
            "sleep_method": row.sleep_method,
            "settle_fuss_cry_min": row.settle_fuss_cry_min,
            "wakings": tuple(wakings),
        },
    )


def waking_record(row: WakingRow | Row[Any]) -> Waking:
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


def retime_night(
    s: Session, row: NightRow, night: Night, *, tz: ZoneInfo, now: datetime
) -> NightRow:
    """New times for a night, its wakings untouched (their ids, and who logged them, stay):
    every rule runs again, the wakings still inside the night among them."""
    child = s.get(ChildRow, row.child_id)
    assert child is not None
    _check_night(s, child, night, now=now, exclude=row.id)
    evening = evening_of(night.bedtime, tz)
    _same_evening(s, row.child_id, evening, row.id)
    row.evening = evening
    row.bedtime = night.bedtime
    row.sleep_onset = night.sleep_onset
    row.wake_time = night.wake_time
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
    check_aware({"wake_time": wake_time})
    checked = night_record(row, wake_time=wake_time)
    child = s.get(ChildRow, row.child_id)
    assert child is not None
    _check_night(s, child, checked, now=now, exclude=row.id)
    row.wake_time = wake_time
    s.flush()
    return row


def reopen_night(s: Session, row: NightRow, *, now: datetime) -> NightRow:
    """A night ended by mistake is in progress again; its wakings stay as they were logged.
    Refused when another night or a nap of the child begins after it (a night in progress
    reaches into the future)."""
    fields = {
        "bedtime": row.bedtime,
        "sleep_onset": row.sleep_onset,
        "wake_time": None,
        "sleep_method": row.sleep_method,
        "settle_fuss_cry_min": row.settle_fuss_cry_min,
    }
    child = s.get(ChildRow, row.child_id)
    assert child is not None
    _check_night(s, child, parse_record(Night, fields), now=now, exclude=row.id)
    row.wake_time = None
    s.flush()
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
    check_aware({"start": waking.start, "end": waking.end})
    check_not_future({"start": waking.start, "end": waking.end}, now)
    rules.check_waking_in_night(
        waking.start, waking.end, night.sleep_onset, night.wake_time, "start"
    )
    for other in night.wakings:
        if other.id != replacing and waking.start < other.end and other.start < waking.end:
            raise ValidationFailed(
                [Violation("start", rules.OVERLAPS, "overlaps another waking of this night")]
            )


def log_waking(
    s: Session,
    night: NightRow,
    waking: Waking,
    *,
    by: str,
    now: datetime,
    entry_id: str | None = None,
) -> WakingRow:
    _check_waking(night, waking, now=now)
    row = WakingRow(
        night=night, created_by=by, created_at=now, **own_id(entry_id), **waking.model_dump()
    )
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
    query = child_entries(
        NightRow, child, NightRow.bedtime, since=since, until=until, limit=limit, offset=offset
    )
    return list(s.scalars(query.options(selectinload(NightRow.wakings))))


def night_hours(row: NightRow) -> float | None:
    """Hours from sleep onset to final wake, as instants (a DST change is counted right);
    None while the night is in progress."""
    if row.wake_time is None:
        return None
    return (row.wake_time - row.sleep_onset).total_seconds() / 3600.0
