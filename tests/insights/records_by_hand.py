"""A week of one child's records written by hand, with the answers worked out by hand."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from beside.records.child_log import ChildLog
from beside.records.enums import ResettleMethod
from beside.records.models import Child, Episode, Night, Waking

ZONE = ZoneInfo("Europe/London")
BIRTH = date(2025, 3, 1)
FIRST = date(2025, 10, 6)  # 219 days old: about seven months


def at(day: int, hour: int, minute: int = 0) -> datetime:
    d = FIRST + timedelta(days=day)
    return datetime(d.year, d.month, d.day, hour, minute, tzinfo=ZONE)


def episode(day: int, hour: int, minutes: float, peak: float, **fields: object) -> Episode:
    start = at(day, hour)
    base: dict[str, object] = {
        "start": start,
        "end": start + timedelta(minutes=minutes),
        "peak_distress": peak,
        "child_action": "sought_caregiver",
        "response": "held",
        "outcome": "calmed_with_help",
        "minutes_to_calm": minutes,
    }
    return Episode.model_validate({**base, **fields}, strict=False)


def night(day: int, wakings: tuple[tuple[int, int, bool], ...]) -> Night:
    """Bed 19:00, asleep 19:20, up 06:20 (11 h after sleep); wakings as (minutes after
    sleep onset, minutes awake, signalled), each answered 2 minutes after it began."""
    onset = at(day, 19, 20)
    return Night(
        bedtime=at(day, 19),
        sleep_onset=onset,
        wake_time=onset + timedelta(hours=11),
        wakings=tuple(
            Waking(
                start=onset + timedelta(minutes=a),
                end=onset + timedelta(minutes=a + d),
                signalled=s,
                resettled_by=ResettleMethod.HELD if s else ResettleMethod.ALONE,
                latency_min=2.0 if s else None,
            )
            for a, d, s in wakings
        ),
    )


def week() -> ChildLog:
    """Seven nights, each with a waking at 3 h (20 min, heard) and one at 6 h (10 min,
    silent); on days 0-3 one more heard waking at 8 h (10 min). Two upsets a day: 30 min
    at distress 7 (held), and 10 min at distress 3 where the child turned away and calmed
    alone (no minutes to calm noted for the first day's)."""
    episodes = []
    for d in range(7):
        episodes.append(episode(d, 10, 30, 7.0))
        episodes.append(
            episode(
                d,
                16,
                10,
                3.0,
                child_action="turned_away",
                response="stayed_present",
                outcome="calmed_alone",
                minutes_to_calm=None if d == 0 else 10.0,
            )
        )
    nights = []
    for d in range(7):
        extra = ((480, 10, True),) if d < 4 else ()
        nights.append(night(d, ((180, 20, True), (360, 10, False), *extra)))
    return ChildLog(
        child=Child(name="Robin", birth_date=BIRTH),
        episodes=tuple(episodes),
        nights=tuple(nights),
        time_zone=ZONE,
    )
