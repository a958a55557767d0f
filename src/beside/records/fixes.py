"""An entry put right afterwards (issue 12, item 1): the forms a parent fills in on the
entries page, with times as the household's clock shows them ("2026-12-03T19:30", what a
phone's date-and-time field gives). ``local_instant`` reads such a time on that clock.
Whatever a form leaves out stays as it was stored; a field emptied is no longer known."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Annotated, Literal

from pydantic import Field

from beside.errors import ValidationFailed, Violation
from beside.records.enums import (
    Aftercare,
    CaregiverResponse,
    ChildAction,
    Outcome,
    ResettleMethod,
    Trigger,
)
from beside.records.models import Record
from beside.records.text import PlainText
from beside.records.times import FIRST_YEAR, LAST_YEAR

#: A date and time on the household's clock, as a date-and-time field sends it.
LocalTime = Annotated[
    str,
    Field(
        pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$",
        description="a date and time on the household's clock, such as 2026-12-03T19:30",
    ),
]


def local_instant(text: str, tz: tzinfo, *, field: str) -> datetime:
    """The instant a local time names (a time that falls twice, when clocks go back, is
    read as the first)."""
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        when = None
    if when is None or not FIRST_YEAR <= when.year <= LAST_YEAR:
        raise ValidationFailed(
            [Violation(field, "invalid_time", f"{text!r} is not a date and time")]
        )
    return when.replace(tzinfo=tz)


class EpisodeFix(Record):
    start: LocalTime
    end: LocalTime | None = None
    peak_distress: Annotated[float, Field(ge=0, le=10)]
    trigger: Trigger = Trigger.NOT_RECORDED
    child_action: ChildAction = ChildAction.NOT_RECORDED
    response: CaregiverResponse = CaregiverResponse.NOT_RECORDED
    outcome: Outcome = Outcome.NOT_RECORDED
    aftercare: Aftercare = Aftercare.NOT_RECORDED
    notes: Annotated[PlainText, Field(max_length=2000)] = ""


class NightFix(Record):
    """The night's own times; its wakings stay as they are (each has its own form)."""

    bedtime: LocalTime
    sleep_onset: LocalTime | None = Field(default=None, description="none: asleep at bedtime")
    wake_time: LocalTime | None = Field(default=None, description="none: still in progress")


class WakingFix(Record):
    start: LocalTime
    end: LocalTime
    signalled: Literal["yes", "no"] | None = Field(
        default=None, description="did the child call out; none: not said"
    )
    resettled_by: ResettleMethod = ResettleMethod.NOT_RECORDED


class NapFix(Record):
    start: LocalTime
    end: LocalTime | None = Field(default=None, description="none: still asleep")
