"""API shapes: ``XCreate`` in, ``XOut`` back, ``XPage`` for lists. Inputs reuse the records
(validation once, in ``records``); outputs add what the store knows (ids, who logged)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from beside.journal.schema import Role
from beside.records.enums import (
    Aftercare,
    CaregiverResponse,
    ChildAction,
    Outcome,
    ResettleMethod,
    SleepMethod,
    Trigger,
)
from beside.records.models import Child, Episode, Night, Waking


class Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")


class SignUp(Strict):
    email: Annotated[str, Field(min_length=3, max_length=254)]
    display_name: Annotated[str, Field(min_length=1, max_length=120)]
    password: Annotated[str, Field(min_length=10, max_length=200)]


class TokenRequest(Strict):
    email: str
    password: str
    name: Annotated[str, Field(max_length=80)] = "api"


class TokenOut(BaseModel):
    token: str
    note: str = "shown once: keep it somewhere safe"


class HouseholdCreate(Strict):
    name: Annotated[str, Field(min_length=1, max_length=120)]
    time_zone: Annotated[str, Field(min_length=1, max_length=64)]


class HouseholdOut(BaseModel):
    id: str
    name: str
    time_zone: str
    role: Role


class ChildCreate(Child):
    pass


class ChildOut(Child):
    model_config = ConfigDict(strict=False, frozen=True)
    id: str


class EpisodeCreate(Episode):
    pass


class EpisodeNow(Strict):
    """The 3 a.m. form: how upset, and (optionally) what helped; the start is now."""

    peak_distress: Annotated[float, Field(ge=0, le=10)]
    minutes_ago: Annotated[float, Field(ge=0, le=720)] = 0.0
    trigger: Trigger = Trigger.UNKNOWN
    child_action: ChildAction = ChildAction.SOUGHT_CAREGIVER
    response: CaregiverResponse = CaregiverResponse.HELD
    outcome: Outcome = Outcome.CALMED_WITH_HELP
    minutes_to_calm: Annotated[float | None, Field(ge=0, le=1440)] = None
    aftercare: Aftercare = Aftercare.COMFORTED


class WakingNow(Strict):
    """The 3 a.m. form for a waking: when it began and, if it is over, how long it lasted.

    The waking goes into the night around it; with no night logged yet, one is opened at
    ``bedtime`` (or the child's usual bedtime)."""

    minutes_ago: Annotated[float, Field(gt=0, le=720, description="when the waking began")]
    awake_min: Annotated[
        float | None, Field(gt=0, le=720, description="how long awake; omit if just ended")
    ] = None
    signalled: bool = True
    resettled_by: ResettleMethod = ResettleMethod.HELD
    latency_min: Annotated[float | None, Field(ge=0, le=1440)] = None
    bedtime: datetime | None = None


class NightStart(Strict):
    """Bedtime now (or minutes ago): opens a night in progress."""

    minutes_ago: Annotated[float, Field(ge=0, le=720)] = 0.0
    asleep_after_min: Annotated[float, Field(ge=0, le=600)] = 0.0
    sleep_method: SleepMethod = SleepMethod.NONE


class NightEnd(Strict):
    """The morning: the final wake, now or minutes ago."""

    minutes_ago: Annotated[float, Field(ge=0, le=720)] = 0.0


class EpisodeOut(Episode):
    model_config = ConfigDict(strict=False, frozen=True)
    id: str
    child_id: str
    logged_by: str
    logged_at: datetime


class EpisodePage(BaseModel):
    items: list[EpisodeOut]
    next_offset: int | None


class NightCreate(Night):
    pass


class WakingOut(Waking):
    model_config = ConfigDict(strict=False, frozen=True)
    id: str


class NightOut(Night):
    model_config = ConfigDict(strict=False, frozen=True)
    id: str
    child_id: str
    evening: str
    in_progress: bool
    wakings: tuple[WakingOut, ...] = ()


class NightPage(BaseModel):
    items: list[NightOut]
    next_offset: int | None


class WakingCreate(Waking):
    pass


class NoteCreate(Strict):
    text: Annotated[str, Field(min_length=1, max_length=4000)]
    child_id: str | None = None
    tags: Annotated[
        list[Annotated[str, Field(min_length=1, max_length=40)]], Field(max_length=20)
    ] = []


class NoteOut(BaseModel):
    id: str
    child_id: str | None
    author: str
    text: str
    tags: list[str]
    written_at: datetime


class MemberOut(BaseModel):
    user_id: str
    display_name: str
    email: str
    role: Role


class InvitationOut(BaseModel):
    token: str
    path: str
    expires_in_days: int
    note: str = "send this link to your coach; it works once"


class InvitationAccept(Strict):
    token: Annotated[str, Field(min_length=10, max_length=200)]


class CoachedHousehold(BaseModel):
    id: str
    name: str
    time_zone: str


class ImportCounts(BaseModel):
    children: int
    episodes: int
    nights: int
    notes: int
