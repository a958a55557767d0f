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
    """The 3 a.m. form: what happened, with the start taken as now (or minutes ago)."""

    peak_distress: Annotated[float, Field(ge=0, le=10)]
    minutes_ago: Annotated[float, Field(ge=0, le=720)] = 0.0
    trigger: Trigger = Trigger.UNKNOWN
    child_action: ChildAction = ChildAction.SOUGHT_CAREGIVER
    response: CaregiverResponse = CaregiverResponse.HELD
    outcome: Outcome = Outcome.CALMED_WITH_HELP
    minutes_to_calm: Annotated[float | None, Field(ge=0, le=1440)] = None
    aftercare: Aftercare = Aftercare.COMFORTED


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


class NightOut(Night):
    model_config = ConfigDict(strict=False, frozen=True)
    id: str
    child_id: str
    evening: str


class WakingCreate(Waking):
    pass
