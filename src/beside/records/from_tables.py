"""Columnar tables back to records (simulated cohorts into a journal, for demos and tests).

Simulated timestamps are local wall-clock time with no zone; ``tz`` gives them one and
``shift`` moves them (so that a demo child's last night is yesterday, not in 2025).
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import datetime, timedelta, tzinfo
from enum import StrEnum
from typing import Any

import pyarrow as pa

from beside.records.enums import (
    Aftercare,
    CaregiverResponse,
    ChildAction,
    Outcome,
    ResettleMethod,
    Trigger,
)
from beside.records.models import Episode, Night, Waking

ENUMS: dict[str, type[StrEnum]] = {
    "trigger": Trigger,
    "child_action": ChildAction,
    "response": CaregiverResponse,
    "outcome": Outcome,
    "aftercare": Aftercare,
}


def _when(value: datetime, tz: tzinfo, shift: timedelta) -> datetime:
    return (value + shift).replace(tzinfo=tz)


def _number(value: Any) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)


def episodes(table: pa.Table, *, tz: tzinfo, shift: timedelta) -> list[Episode]:
    out = []
    for row in table.to_pylist():
        start = _when(row["start"], tz, shift)
        calm = _number(row["minutes_to_calm"])
        length = calm if calm is not None else _number(row["cry_min"]) or 0.0
        out.append(
            Episode(
                start=start,
                end=start + timedelta(minutes=max(length, 0.5)),
                peak_distress=float(row["peak_distress"]),
                latency_min=_number(row["latency_min"]),
                minutes_to_calm=calm,
                **{name: cls(row[name]) for name, cls in ENUMS.items()},  # type: ignore[arg-type]
            )
        )
    return out


def nights(
    nights_table: pa.Table, wakings_table: pa.Table, *, tz: tzinfo, shift: timedelta
) -> list[Night]:
    by_night: dict[tuple[int, int], list[Waking]] = defaultdict(list)
    for w in wakings_table.to_pylist():
        by_night[(w["child_id"], w["age_days"])].append(
            Waking(
                start=_when(w["start"], tz, shift),
                end=_when(w["end"], tz, shift),
                signalled=bool(w["signalled"]),
                resettled_by=ResettleMethod(w["resettled_by"]),
                latency_min=_number(w["latency_min"]),
            )
        )
    out = []
    for n in nights_table.to_pylist():
        wakings = sorted(by_night[(n["child_id"], n["age_days"])], key=lambda w: w.start)
        out.append(
            Night(
                bedtime=_when(n["bedtime"], tz, shift),
                sleep_onset=_when(n["sleep_onset"], tz, shift),
                wake_time=_when(n["wake_time"], tz, shift),
                wakings=tuple(wakings),
            )
        )
    return out
