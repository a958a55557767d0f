"""Records to columnar tables: a family's journal in the form the insights read.

The tables hold only the columns a journal can fill (``schemas.observable``), so a measure
that runs on them runs the same on a simulated cohort. Times become the family's local
wall-clock (the clock of its evenings and its 24-hour pattern); the later times of one entry
are its first time plus the real time elapsed, so a night across a clock change still lasts
what it lasted. A night still in progress has no wake time yet and is left out, as is
anything free-text; what nobody recorded is NaN or null, never a guess.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any

import numpy as np
import pyarrow as pa

from beside.records.ages import age_days, evening_of
from beside.records.child_log import ChildLog
from beside.records.models import Episode, Night
from beside.records.schemas import ENUM_COLUMNS, TABLES, observable
from beside.records.tables import NO_TIME, build_table

EPOCH = datetime(1970, 1, 1)


def _wall_s(anchor: datetime, tz: tzinfo, elapsed: timedelta = timedelta(0)) -> int:
    local = anchor.astimezone(tz).replace(tzinfo=None) + elapsed
    return int((local - EPOCH).total_seconds())


def _later_s(anchor: datetime, later: datetime | None, tz: tzinfo) -> int:
    if later is None:
        return NO_TIME
    # As instants: two times in one zone subtract as wall-clock times in Python.
    return _wall_s(anchor, tz, later.astimezone(UTC) - anchor.astimezone(UTC))


class _Rows:
    def __init__(self, table: str) -> None:
        self.table = table
        self.names = observable(table)
        self.values: dict[str, list[Any]] = {n: [] for n in self.names}

    def add(self, **row: Any) -> None:
        for name in self.names:
            value = row.get(name)
            if name in ENUM_COLUMNS and value is not None:
                value = ENUM_COLUMNS[name].index(value)
            self.values[name].append(value)

    def columns(self) -> dict[str, np.ndarray]:
        kinds = {c.name: c.type for c in TABLES[self.table]}
        nullable = {c.name: c.nullable for c in TABLES[self.table]}
        out = {}
        for name, values in self.values.items():
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
            elif pa.types.is_boolean(kind):
                out[name] = np.array(values, bool)
            else:
                out[name] = np.array(values, kind.to_pandas_dtype())
        return out


def _episode(rows: _Rows, cid: int, birth: Any, e: Episode, tz: tzinfo) -> None:
    fields = e.model_dump(exclude={"notes"})
    fields["start"] = _wall_s(e.start, tz)
    fields["end"] = _later_s(e.start, e.end, tz)
    rows.add(child_id=cid, age_days=age_days(e.start.astimezone(tz).date(), birth), **fields)


def _night(nights: _Rows, wakings: _Rows, cid: int, birth: Any, n: Night, tz: tzinfo) -> None:
    if n.wake_time is None:
        return
    age = age_days(evening_of(n.bedtime, tz), birth)
    fields = n.model_dump(exclude={"wakings"})
    fields["bedtime"] = _wall_s(n.bedtime, tz)
    for name in ("sleep_onset", "wake_time"):
        fields[name] = _later_s(n.bedtime, getattr(n, name), tz)
    nights.add(child_id=cid, age_days=age, nap_min=None, **fields)
    for w in n.wakings:
        times = {k: _later_s(n.bedtime, getattr(w, k), tz) for k in ("start", "end")}
        wakings.add(child_id=cid, age_days=age, **{**w.model_dump(), **times})


def tables_of(logs: Sequence[ChildLog]) -> dict[str, pa.Table]:
    """The children (numbered 0, 1, ... in the order given) and their records as tables."""
    rows = {name: _Rows(name) for name in TABLES}
    for cid, log in enumerate(logs):
        child = log.child
        rows["children"].add(child_id=cid, **child.model_dump(exclude={"name"}))
        for e in sorted(log.episodes, key=lambda e: e.start):
            _episode(rows["episodes"], cid, child.birth_date, e, log.time_zone)
        for n in sorted(log.nights, key=lambda n: n.bedtime):
            _night(rows["nights"], rows["wakings"], cid, child.birth_date, n, log.time_zone)
    return {name: build_table(name, r.columns(), only=r.names) for name, r in rows.items()}
