"""Records to columnar tables: a family's journal in the form the insights read.

The tables hold only the columns a journal can fill (``schemas.observable``), so a measure
that runs on them runs the same on a simulated cohort. Times become the family's local
wall-clock (the clock of its evenings and its 24-hour pattern); the later times of one entry
are its first time plus the real time elapsed, so a night across a clock change still lasts
what it lasted. A night still in progress has no wake time yet and is left out, as is
anything free-text; what nobody recorded is NaN or null, never a guess.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

import numpy as np
import pyarrow as pa

from beside.records.ages import EVENING_CUTOVER, age_days
from beside.records.child_log import ChildLog
from beside.records.models import Episode, Nap, Night
from beside.records.schemas import ENUM_COLUMNS, TABLES, observable
from beside.records.tables import NO_TIME, build_table

EPOCH = datetime(1970, 1, 1)


class _Clock:
    """Wall-clock seconds for one entry: its first time's offset from UTC, applied to all its
    times (so later times are the first plus the real time elapsed)."""

    def __init__(self, anchor: datetime, tz: tzinfo) -> None:
        self.local = anchor.astimezone(tz)
        offset = self.local.utcoffset()
        self.offset_s = int(offset.total_seconds()) if offset is not None else 0

    def __call__(self, when: datetime | None) -> int:
        return NO_TIME if when is None else int(when.timestamp()) + self.offset_s


_CODES = {name: {m: i for i, m in enumerate(members)} for name, members in ENUM_COLUMNS.items()}


class _Rows:
    """A table's rows as records plus the values given in place of some of their fields
    (times, ages, ids); read column by column at the end, which is the fast way round."""

    def __init__(self, table: str) -> None:
        self.table = table
        self.names = observable(table)
        self.records: list[object] = []
        self.given: dict[str, list[Any]] = {}

    def add(self, record: object, **given: Any) -> None:
        self.records.append(record)
        for name, value in given.items():
            self.given.setdefault(name, []).append(value)

    def _column(self, name: str) -> list[Any]:
        if name in self.given:
            return self.given[name]
        values = [getattr(r, name, None) for r in self.records]
        if name in _CODES:
            codes = _CODES[name]
            values = [None if v is None else codes[v] for v in values]
        return values

    def columns(self) -> dict[str, np.ndarray]:
        kinds = {c.name: c.type for c in TABLES[self.table]}
        nullable = {c.name: c.nullable for c in TABLES[self.table]}
        out = {}
        for name in self.names:
            values = self._column(name)
            kind = kinds[name]
            if pa.types.is_floating(kind):
                out[name] = np.array([np.nan if v is None else v for v in values], np.float32)
            elif pa.types.is_dictionary(kind):
                out[name] = np.array(values, np.int8)
            elif pa.types.is_date32(kind):
                days = [NO_TIME if v is None else (v - EPOCH.date()).days for v in values]
                out[name] = np.array(days, np.int64 if nullable[name] else np.int32)
            elif pa.types.is_timestamp(kind):
                out[name] = np.array(values, np.int64)
            elif pa.types.is_boolean(kind) and nullable[name]:
                out[name] = np.array([-1 if v is None else int(v) for v in values], np.int8)
            elif pa.types.is_boolean(kind):
                out[name] = np.array(values, bool)
            else:
                out[name] = np.array(values, kind.to_pandas_dtype())
        return out


def _episode(rows: _Rows, cid: int, birth: date, e: Episode, tz: tzinfo) -> None:
    clock = _Clock(e.start, tz)
    rows.add(
        e,
        child_id=cid,
        age_days=age_days(clock.local.date(), birth),
        start=clock(e.start),
        end=clock(e.end),
    )


#: How far back from a bedtime a nap still counts as that day's (assumed: a day is at most
#: this long; the previous night's wake-up ends it sooner).
DAY_SPAN = timedelta(hours=24)


class _DaySleep:
    """Minutes of naps between the morning and a bedtime, from the naps a family logged."""

    def __init__(self, naps: Sequence[Nap]) -> None:
        done = sorted((n for n in naps if n.end is not None), key=lambda n: n.start)
        self.starts = [n.start for n in done]
        self.minutes = [(n.end - n.start).total_seconds() / 60.0 for n in done if n.end]

    def before(self, bedtime: datetime, morning: datetime | None) -> float | None:
        """Naps that began after ``morning`` (the previous night's wake-up, or a day before
        the bedtime without one) and before ``bedtime``; None where none was logged (not
        recorded, which is not the same as no nap)."""
        since = bedtime - DAY_SPAN if morning is None else max(morning, bedtime - DAY_SPAN)
        lo, hi = bisect_left(self.starts, since), bisect_left(self.starts, bedtime)
        return sum(self.minutes[lo:hi]) if hi > lo else None


def _night(
    nights: _Rows,
    wakings: _Rows,
    cid: int,
    birth: date,
    n: Night,
    tz: tzinfo,
    nap_min: float | None,
) -> None:
    if n.wake_time is None:
        return
    clock = _Clock(n.bedtime, tz)
    age = age_days((clock.local - EVENING_CUTOVER).date(), birth)
    nights.add(
        n,
        child_id=cid,
        age_days=age,
        nap_min=nap_min,
        bedtime=clock(n.bedtime),
        sleep_onset=clock(n.sleep_onset),
        wake_time=clock(n.wake_time),
    )
    for w in n.wakings:
        wakings.add(w, child_id=cid, age_days=age, start=clock(w.start), end=clock(w.end))


def tables_of(logs: Sequence[ChildLog]) -> dict[str, pa.Table]:
    """The children (numbered 0, 1, ... in the order given) and their records as tables."""
    rows = {name: _Rows(name) for name in TABLES}
    for cid, log in enumerate(logs):
        child = log.child
        rows["children"].add(child, child_id=cid)
        for e in sorted(log.episodes, key=lambda e: e.start):
            _episode(rows["episodes"], cid, child.birth_date, e, log.time_zone)
        day_sleep = _DaySleep(log.naps)
        morning: datetime | None = None
        for n in sorted(log.nights, key=lambda n: n.bedtime):
            naps = day_sleep.before(n.bedtime, morning)
            _night(rows["nights"], rows["wakings"], cid, child.birth_date, n, log.time_zone, naps)
            morning = n.wake_time
    return {name: build_table(name, r.columns(), only=r.names) for name, r in rows.items()}
