"""Where a child's sleeps meet: a night or a nap that shares time with an interval.

A child sleeps one sleep at a time, so a night and a nap, or two of either, may touch but
not overlap. An open end (a night or a nap in progress) reaches into the future.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from beside.journal.schema import NapRow, NightRow


def overlapping_night(
    s: Session,
    child_id: str,
    start: datetime,
    end: datetime | None,
    exclude: str | None = None,
) -> NightRow | None:
    """A night of this child that shares time with [start, end)."""
    query = select(NightRow).where(
        NightRow.child_id == child_id,
        or_(NightRow.wake_time.is_(None), NightRow.wake_time > start),
    )
    if end is not None:
        query = query.where(NightRow.bedtime < end)
    if exclude is not None:
        query = query.where(NightRow.id != exclude)
    return s.scalars(query.limit(1)).first()


def overlapping_nap(
    s: Session,
    child_id: str,
    start: datetime,
    end: datetime | None,
    exclude: str | None = None,
) -> NapRow | None:
    """A nap of this child that shares time with [start, end)."""
    query = select(NapRow).where(
        NapRow.child_id == child_id, or_(NapRow.end.is_(None), NapRow.end > start)
    )
    if end is not None:
        query = query.where(NapRow.start < end)
    if exclude is not None:
        query = query.where(NapRow.id != exclude)
    return s.scalars(query.limit(1)).first()


def naps_apart(
    naps: Sequence[tuple[datetime, datetime | None]],
    nights: Sequence[tuple[datetime, datetime | None]],
) -> list[int]:
    """For sleeps not stored yet (an import): the naps (by index) that overlap another nap
    or a night of the same child. Each sleep is (start, end); an open end reaches on."""
    far = datetime.max.replace(tzinfo=UTC)
    sleeps = sorted(
        [(start, end or far, i) for i, (start, end) in enumerate(naps)]
        + [(start, end or far, -1) for start, end in nights],
        key=lambda sleep: sleep[0],
    )
    bad: set[int] = set()
    reach: tuple[datetime, int] | None = None  # the latest end so far, and whose
    for start, end, i in sleeps:
        if reach is not None and start < reach[0]:
            bad.update(k for k in (i, reach[1]) if k >= 0)
        if reach is None or end > reach[0]:
            reach = (end, i)
    return sorted(bad)
