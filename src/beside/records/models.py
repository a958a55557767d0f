"""Typed records: one child, one distress episode, one night and its wakings.

The journal stores these, the simulator's columnar tables hold the same fields, and the API
and forms parse into them. Field names carry their units (``latency_min``, ``age_days``).
Cross-field rules (end after start, a waking inside its night) live in ``rules.py`` so that
the table checks can share them.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from beside.records.enums import (
    Aftercare,
    CaregiverResponse,
    ChildAction,
    Outcome,
    ResettleMethod,
    SleepMethod,
    TraitLevel,
    Trigger,
)
from beside.records.rules import check_due_date, check_interval, check_waking_in_night
from beside.records.text import PlainText
from beside.records.times import Day, Instant

Distress = Annotated[float, Field(ge=0.0, le=10.0, description="0 (calm) to 10 (most upset)")]
Minutes = Annotated[float, Field(ge=0.0, le=24 * 60, description="minutes")]


class Record(BaseModel):
    model_config = ConfigDict(strict=True, frozen=True, extra="forbid")


class Child(Record):
    """A child as the system knows it (DESIGN.md: Child). C14 traits shape the model."""

    name: Annotated[PlainText, Field(min_length=1, max_length=80)]
    birth_date: Day
    due_date: Day | None = Field(
        default=None, description="for a preterm baby: ages are corrected from this date"
    )
    sensitivity: TraitLevel = TraitLevel.MEDIUM
    reactivity: TraitLevel = TraitLevel.MEDIUM
    daycare_hours: Annotated[float, Field(ge=0.0, le=80.0)] = 0.0
    older_siblings: Annotated[int, Field(ge=0, le=20)] = 0

    @model_validator(mode="after")
    def _due_near_birth(self) -> Child:
        check_due_date(self.birth_date, self.due_date)
        return self


class Episode(Record):
    """One bout of upset, from its start to calm (or to the end of crying, if never calm)."""

    start: Instant
    end: Instant | None = None
    trigger: Trigger = Trigger.NOT_RECORDED
    peak_distress: Distress
    child_action: ChildAction = ChildAction.NOT_RECORDED
    response: CaregiverResponse = CaregiverResponse.NOT_RECORDED
    latency_min: Minutes | None = Field(default=None, description="None: nobody responded")
    outcome: Outcome = Outcome.NOT_RECORDED
    minutes_to_calm: Minutes | None = None
    fuss_cry_min: Minutes | None = Field(
        default=None,
        description="minutes of fussing or crying within the episode, where someone noted it;"
        " when not noted, the insights count the episode from start to end",
    )
    aftercare: Aftercare = Aftercare.NOT_RECORDED
    notes: Annotated[PlainText, Field(max_length=2000)] = ""

    @model_validator(mode="after")
    def _times_in_order(self) -> Episode:
        if self.end is not None:
            check_interval(self.start, self.end, field="end")
        return self


class Waking(Record):
    """A waking inside a night; ``signalled`` means the caregiver could tell (C10), and is
    None where nobody said whether the child called out."""

    start: Instant
    end: Instant
    signalled: bool | None = None
    resettled_by: ResettleMethod = ResettleMethod.NOT_RECORDED
    latency_min: Minutes | None = None
    fuss_cry_min: Minutes | None = Field(
        default=None, description="minutes of fussing or crying in the waking, where noted"
    )

    @model_validator(mode="after")
    def _times_in_order(self) -> Waking:
        check_interval(self.start, self.end, field="end")
        return self


class Night(Record):
    """A night belongs to the evening it started (bedtime), not to a calendar day.

    ``wake_time`` is None while a night is in progress: a parent logging a waking at 3 a.m.
    does not know yet when the night will end. Simulated nights are always complete.
    """

    bedtime: Instant
    sleep_onset: Instant
    wake_time: Instant | None = None
    sleep_method: SleepMethod = SleepMethod.NOT_RECORDED
    settle_fuss_cry_min: Minutes | None = Field(
        default=None,
        description="minutes of fussing or crying between bedtime and sleep, where noted",
    )
    wakings: tuple[Waking, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Night:
        check_interval(self.bedtime, self.sleep_onset, field="sleep_onset", allow_equal=True)
        if self.wake_time is not None:
            check_interval(self.sleep_onset, self.wake_time, field="wake_time")
        for i, waking in enumerate(self.wakings):
            check_waking_in_night(
                waking.start, waking.end, self.sleep_onset, self.wake_time, f"wakings[{i}]"
            )
        return self


class Nap(Record):
    """Day sleep, from falling asleep to waking; ``end`` is None while the child sleeps.

    Naps let the insights add day sleep to night sleep (sleep per 24 hours) and see how
    long the child is awake between sleeps; a day whose naps nobody logged is not recorded,
    never "no nap"."""

    start: Instant
    end: Instant | None = None
    sleep_method: SleepMethod = SleepMethod.NOT_RECORDED
    notes: Annotated[PlainText, Field(max_length=2000)] = ""

    @model_validator(mode="after")
    def _times_in_order(self) -> Nap:
        if self.end is not None:
            check_interval(self.start, self.end, field="end")
        return self


class Note(Record):
    """A remark on a household's records, by a caregiver or their coach."""

    text: Annotated[PlainText, Field(min_length=1, max_length=4000)]
    tags: Annotated[
        tuple[Annotated[PlainText, Field(min_length=1, max_length=40)], ...], Field(max_length=20)
    ] = ()
    written_at: Instant | None = None
