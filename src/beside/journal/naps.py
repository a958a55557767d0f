"""A child's naps in the store: log one (whole, or asleep now and awake later), read, list,
change, remove.

The store's rules beside the record's own: real instants, none in the future, and one sleep
at a time (a nap may touch a night or another nap but not overlap it; a nap still going
reaches into the future, so a second one cannot start until it ends).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from beside.errors import ValidationFailed, Violation
from beside.journal import entries as entry_store
from beside.journal import sleep_times
from beside.journal.schema import ChildRow, NapRow
from beside.records import rules
from beside.records.models import Nap

NAP_ALREADY_ENDED = "nap_already_ended"


def check_nap_alone(nap: Nap, *, now: datetime, born: date) -> None:
    """The rules a nap keeps on its own (an import checks these before the store is read)."""
    entry_store.check_times({"start": nap.start, "end": nap.end}, now=now, born=born)


def _check(s: Session, child: ChildRow, nap: Nap, *, now: datetime, exclude: str | None) -> None:
    check_nap_alone(nap, now=now, born=child.birth_date)
    other = sleep_times.overlapping_nap(s, child.id, nap.start, nap.end, exclude)
    if other is not None:
        message = (
            "a nap of this child is still going: end it first"
            if other.end is None
            else "overlaps another nap of this child"
        )
        raise ValidationFailed([Violation("start", rules.OVERLAPS, message)])
    night = sleep_times.overlapping_night(s, child.id, nap.start, nap.end)
    if night is not None:
        message = (
            "a night of this child is still in progress: end it first"
            if night.wake_time is None
            else "overlaps a night of this child"
        )
        raise ValidationFailed([Violation("start", rules.OVERLAPS, message)])


def log_nap(
    s: Session, child: ChildRow, nap: Nap, *, by: str, now: datetime, entry_id: str | None = None
) -> NapRow:
    _check(s, child, nap, now=now, exclude=None)
    row = NapRow(
        child_id=child.id,
        created_by=by,
        created_at=now,
        **entry_store.own_id(entry_id),
        **nap.model_dump(),
    )
    s.add(row)
    s.flush()
    return row


def get_nap(s: Session, child: ChildRow, nap_id: str) -> NapRow:
    return entry_store.entry_of(s, NapRow, child, nap_id, "nap")


def nap_in_progress(s: Session, child: ChildRow) -> NapRow | None:
    return s.scalars(
        select(NapRow).where(NapRow.child_id == child.id, NapRow.end.is_(None))
    ).first()


def replace_nap(s: Session, row: NapRow, nap: Nap, *, now: datetime) -> NapRow:
    child = s.get(ChildRow, row.child_id)
    assert child is not None
    _check(s, child, nap, now=now, exclude=row.id)
    entry_store.assign(row, nap)
    s.flush()
    return row


def end_nap(s: Session, row: NapRow, end: datetime, *, now: datetime) -> NapRow:
    """The child woke: a nap still going gets its end."""
    if row.end is not None:
        raise ValidationFailed(
            [
                Violation(
                    "end",
                    NAP_ALREADY_ENDED,
                    "this nap has ended already; to correct it, change the whole nap",
                )
            ]
        )
    ended = Nap.model_validate({**entry_store.record_fields(Nap, row), "end": end})
    return replace_nap(s, row, ended, now=now)


def list_naps(
    s: Session,
    child: ChildRow,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[NapRow]:
    """Naps that began in [since, until), oldest first."""
    return list(
        s.scalars(
            entry_store.child_entries(
                NapRow, child, NapRow.start, since=since, until=until, limit=limit, offset=offset
            )
        )
    )
