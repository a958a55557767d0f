"""One child's records, as a journal holds them: the unit every insight reads."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, tzinfo

from beside.records.models import Child, Episode, Nap, Night


@dataclass(frozen=True)
class ChildLog:
    """A child, its episodes, nights and naps, and the zone its family's clock is in (a night
    belongs to its local evening; the 24-hour pattern is drawn on the local clock)."""

    child: Child
    episodes: tuple[Episode, ...]
    nights: tuple[Night, ...]
    time_zone: tzinfo
    #: Empty where nobody logged naps (a simulated cohort, or a family that logs nights only).
    naps: tuple[Nap, ...] = ()


def within_dates(log: ChildLog, first: date, last: date) -> ChildLog:
    """The entries that began on the local dates ``first`` to ``last`` (both included; a
    night by its bedtime), as ``journal.child_logs.child_log_dates`` reads them from the
    store: for a week of a history already loaded."""
    tz = log.time_zone

    def inside(when: datetime) -> bool:
        return first <= when.astimezone(tz).date() <= last

    return replace(
        log,
        episodes=tuple(e for e in log.episodes if inside(e.start)),
        nights=tuple(n for n in log.nights if inside(n.bedtime)),
        naps=tuple(n for n in log.naps if inside(n.start)),
    )
