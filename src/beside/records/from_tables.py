"""Columnar tables back to records (simulated cohorts into a journal, for demos and tests).

Simulated timestamps are local wall-clock time with no zone; ``tz`` gives them one and
``shift`` moves them (so that a demo child's last night is yesterday, not in 2025). Only the
columns a journal can hold come back (``schemas.observable``): latent and simulation-only
columns stay behind, and NaN (not recorded) becomes None.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from beside.records.child_log import ChildLog
from beside.records.models import Child, Episode, Night, Waking
from beside.records.schemas import ENUM_COLUMNS, observable

_KEYS = {"child_id", "age_days"}


def _value(name: str, value: Any, tz: tzinfo, shift: timedelta) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, datetime):
        return (value + shift).replace(tzinfo=tz)
    if name in ENUM_COLUMNS:
        return type(ENUM_COLUMNS[name][0])(value)
    return value


def _fields(table: str, row: dict[str, Any], tz: tzinfo, shift: timedelta) -> dict[str, Any]:
    out = {}
    for name in observable(table):
        if name in _KEYS or name not in row:
            continue
        value = _value(name, row[name], tz, shift)
        if value is not None:
            out[name] = value
    return out


def episodes(table: pa.Table, *, tz: tzinfo, shift: timedelta) -> list[Episode]:
    return [Episode(**_fields("episodes", row, tz, shift)) for row in table.to_pylist()]


def nights(
    nights_table: pa.Table, wakings_table: pa.Table, *, tz: tzinfo, shift: timedelta
) -> list[Night]:
    by_night: dict[tuple[int, int], list[Waking]] = defaultdict(list)
    for w in wakings_table.to_pylist():
        by_night[(w["child_id"], w["age_days"])].append(Waking(**_fields("wakings", w, tz, shift)))
    out = []
    for n in nights_table.to_pylist():
        fields = {k: v for k, v in _fields("nights", n, tz, shift).items() if k != "nap_min"}
        wakings = sorted(by_night[(n["child_id"], n["age_days"])], key=lambda w: w.start)
        out.append(Night(**fields, wakings=tuple(wakings)))
    return out


def child(row: dict[str, Any], *, name: str, shift: timedelta = timedelta(0)) -> Child:
    """A child of the children table; the table holds no names, so the caller gives one."""
    fields = _fields("children", row, tz=UTC, shift=timedelta(0))
    for key in ("birth_date", "due_date"):
        if isinstance(fields.get(key), date):
            fields[key] = fields[key] + shift
    return Child(name=name, **fields)


def child_logs(
    tables: dict[str, pa.Table], *, tz: tzinfo, shift: timedelta = timedelta(0)
) -> list[ChildLog]:
    """Every child of the tables with its episodes and nights, in ``child_id`` order."""
    out = []
    for row in sorted(tables["children"].to_pylist(), key=lambda r: r["child_id"]):
        cid = row["child_id"]
        mine = {
            name: t.filter(pc.equal(t["child_id"], cid))
            for name, t in tables.items()
            if name != "children"
        }
        out.append(
            ChildLog(
                child=child(row, name=f"Child {cid}", shift=shift),
                episodes=tuple(episodes(mine["episodes"], tz=tz, shift=shift)),
                nights=tuple(nights(mine["nights"], mine["wakings"], tz=tz, shift=shift)),
                time_zone=tz,
            )
        )
    return out
