"""One child's records, as a journal holds them: the unit every insight reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo

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
