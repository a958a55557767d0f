"""The short forms for 3 a.m.: what a tired parent gives when logging something now.

They are records' inputs, not records: ``journal.quick_log`` turns them into an ``Episode``,
a ``Waking``, a ``Night`` or a ``Nap`` (filling in the start from "minutes ago"). The API and
``beside log`` both parse into these, so both check the same bounds. Whatever the parent
does not say is ``not_recorded`` (None for a yes/no), to be filled in later if they wish:
a default here would be stored as something that happened.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from beside.records.enums import (
    Aftercare,
    CaregiverResponse,
    ChildAction,
    Outcome,
    ResettleMethod,
    SleepMethod,
    Trigger,
)
from beside.records.models import Record
from beside.records.times import Instant

#: An id the phone made for a new entry (issue 12, item 3), 32 hex digits as the store's own.
#: A tap made offline is sent again once the connection is back, and perhaps twice (its first
#: answer lost on the way): with the same id, the entry is stored once.
EntryId = Annotated[
    str,
    Field(
        pattern=r"^[0-9a-f]{32}$",
        description="an id made on the phone: sent again, the same entry is not stored twice",
    ),
]


class EpisodeNow(Record):
    """The 3 a.m. form: how upset, and (optionally) what helped; the start is now."""

    peak_distress: Annotated[float, Field(ge=0, le=10)]
    minutes_ago: Annotated[float, Field(ge=0, le=720)] = 0.0
    trigger: Trigger = Trigger.NOT_RECORDED
    child_action: ChildAction = ChildAction.NOT_RECORDED
    response: CaregiverResponse = CaregiverResponse.NOT_RECORDED
    outcome: Outcome = Outcome.NOT_RECORDED
    minutes_to_calm: Annotated[float | None, Field(ge=0, le=1440)] = None
    aftercare: Aftercare = Aftercare.NOT_RECORDED
    entry_id: EntryId | None = None


class CalmNow(Record):
    """The tap that ends an episode in progress: calm, and how (with help, or alone)."""

    outcome: Outcome


class WakingNow(Record):
    """The 3 a.m. form for a waking: when it began and, if it is over, how long it lasted.

    The waking goes into the night around it; with no night logged yet, one is opened at
    ``bedtime`` (or the child's usual bedtime)."""

    minutes_ago: Annotated[float, Field(gt=0, le=720, description="when the waking began")]
    awake_min: Annotated[
        float | None, Field(gt=0, le=720, description="how long awake; omit if just ended")
    ] = None
    signalled: bool | None = None
    resettled_by: ResettleMethod = ResettleMethod.NOT_RECORDED
    latency_min: Annotated[float | None, Field(ge=0, le=1440)] = None
    entry_id: EntryId | None = None
    bedtime: Instant | None = None


class NightStart(Record):
    """Bedtime now (or minutes ago): opens a night in progress."""

    minutes_ago: Annotated[float, Field(ge=0, le=720)] = 0.0
    asleep_after_min: Annotated[float, Field(ge=0, le=600)] = 0.0
    sleep_method: SleepMethod = SleepMethod.NOT_RECORDED
    entry_id: EntryId | None = None


class NightEnd(Record):
    """The morning: the final wake, now or minutes ago."""

    minutes_ago: Annotated[float, Field(ge=0, le=720)] = 0.0


class NapStart(Record):
    """Asleep now (or minutes ago): opens a nap that ends when the child wakes."""

    minutes_ago: Annotated[float, Field(ge=0, le=720)] = 0.0
    sleep_method: SleepMethod = SleepMethod.NOT_RECORDED
    entry_id: EntryId | None = None


class NapEnd(Record):
    """Awake: the nap ended now, or minutes ago."""

    minutes_ago: Annotated[float, Field(ge=0, le=720)] = 0.0
