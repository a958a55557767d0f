"""The 24-hour pattern: one row a day, the clock across, night sleep, wakings (called out
or silent) and upsets on it. Clinicians ask sleep trackers for this picture (it is the
sleep diary's layout); a night is cut at midnight so that each day shows its own hours."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from beside.records.child_log import ChildLog

ASLEEP, CALLED, SILENT, UPSET = "asleep at night", "awake, called out", "awake, silent", "upset"
#: A waking nobody said was called out or silent.
AWAKE = "awake"
KINDS = (ASLEEP, CALLED, SILENT, AWAKE, UPSET)
#: An upset with no end recorded is drawn as this many minutes (a mark, not a length).
MARK_MIN = 5


def _pieces(start: datetime, end: datetime, tz: tzinfo) -> Iterator[tuple[date, float, float]]:
    """The local-clock pieces of [start, end), cut at each midnight, as (day, from h, to h)."""
    a, b = start.astimezone(tz), end.astimezone(tz)
    while a < b:
        midnight = datetime.combine(a.date() + timedelta(days=1), datetime.min.time(), a.tzinfo)
        stop = min(b, midnight.astimezone(tz))
        hours = a.hour + a.minute / 60 + a.second / 3600
        span = (stop - a).total_seconds() / 3600
        yield a.date(), hours, min(hours + span, 24.0)
        a = stop


def rows(log: ChildLog, first: date, last: date) -> list[dict[str, Any]]:
    """What the chart draws, one dict a piece, for local days ``first`` to ``last``."""
    tz = log.time_zone
    out: list[dict[str, Any]] = []

    def add(kind: str, start: datetime, end: datetime) -> None:
        for day, lo, hi in _pieces(start, end, tz):
            if first <= day <= last and hi > lo:
                out.append(
                    {"day": day.isoformat(), "label": day.strftime("%a %d %b"), "kind": kind,
                     "from_h": round(lo, 3), "to_h": round(hi, 3)}
                )  # fmt: skip

    for n in log.nights:
        end = n.wake_time
        if end is None:
            continue
        at = n.sleep_onset
        for w in sorted(n.wakings, key=lambda w: w.start):
            add(ASLEEP, at, w.start)
            add({True: CALLED, False: SILENT, None: AWAKE}[w.signalled], w.start, w.end)
            at = w.end
        add(ASLEEP, at, end)
    for e in log.episodes:
        add(UPSET, e.start, e.end or e.start + timedelta(minutes=MARK_MIN))
    return out
