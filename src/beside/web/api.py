"""The JSON API, version 1. Routes parse, check access (``deps``) and call the journal."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy import select

from beside.errors import AuthFailed, NotFound
from beside.journal import access
from beside.journal import repository as repo
from beside.journal.access import Action
from beside.journal.schema import (
    ChildRow,
    EpisodeRow,
    HouseholdRow,
    MembershipRow,
    NightRow,
    Role,
    TokenKind,
)
from beside.records.models import Episode
from beside.web.api_models import (
    ChildCreate,
    ChildOut,
    EpisodeCreate,
    EpisodeNow,
    EpisodeOut,
    EpisodePage,
    HouseholdCreate,
    HouseholdOut,
    NightCreate,
    NightOut,
    SignUp,
    TokenOut,
    TokenRequest,
    WakingCreate,
)
from beside.web.deps import (
    CurrentUser,
    NowDep,
    ReadableChild,
    SessionDep,
    WritableChild,
    body_doc,
    household_role,
    json_body,
)

router = APIRouter(prefix="/api/v1")
MAX_PAGE = 500
#: Far beyond any child's records; larger numbers overflow SQLite's integers (found by
#: schemathesis).
MAX_OFFSET = 10_000_000


@router.post("/auth/signup", status_code=201, openapi_extra=body_doc(SignUp))
def sign_up(
    s: SessionDep, at: NowDep, data: Annotated[SignUp, Depends(json_body(SignUp))]
) -> dict[str, str]:
    user = access.sign_up(
        s, email=data.email, display_name=data.display_name, password=data.password, now=at
    )
    return {"user_id": user.id}


@router.post("/auth/token", status_code=201, openapi_extra=body_doc(TokenRequest))
def token(
    request: Request,
    s: SessionDep,
    at: NowDep,
    data: Annotated[TokenRequest, Depends(json_body(TokenRequest))],
) -> TokenOut:
    """Log in and get an API token (a failed attempt is recorded even though it fails)."""
    try:
        user = access.log_in(s, email=data.email, password=data.password, now=at)
    except AuthFailed:
        s.commit()
        raise
    return TokenOut(
        token=access.issue_token(
            s,
            user,
            kind=TokenKind.API,
            now=at,
            name=data.name,
            ttl=timedelta(days=request.app.state.settings.token_ttl_days),
        )
    )


@router.get("/households")
def my_households(s: SessionDep, user: CurrentUser) -> list[HouseholdOut]:
    rows = s.execute(
        select(HouseholdRow, MembershipRow.role)
        .join(MembershipRow, MembershipRow.household_id == HouseholdRow.id)
        .where(MembershipRow.user_id == user.id)
        .order_by(HouseholdRow.name)
    )
    return [
        HouseholdOut(id=h.id, name=h.name, time_zone=h.time_zone, role=role) for h, role in rows
    ]


@router.post("/households", status_code=201, openapi_extra=body_doc(HouseholdCreate))
def create_household(
    s: SessionDep,
    user: CurrentUser,
    at: NowDep,
    data: Annotated[HouseholdCreate, Depends(json_body(HouseholdCreate))],
) -> HouseholdOut:
    house = repo.create_household(s, name=data.name, time_zone=data.time_zone, now=at)
    repo.add_member(s, house.id, user.id, Role.OWNER, now=at)
    return HouseholdOut(id=house.id, name=house.name, time_zone=house.time_zone, role=Role.OWNER)


def _child_out(row: ChildRow) -> ChildOut:
    return ChildOut(
        id=row.id,
        name=row.name,
        birth_date=row.birth_date,
        due_date=row.due_date,
        sensitivity=row.sensitivity,
        reactivity=row.reactivity,
        daycare_hours=row.daycare_hours,
        older_siblings=row.older_siblings,
    )


@router.get(
    "/households/{household_id}/children", dependencies=[Depends(household_role(Action.READ))]
)
def list_children(household_id: str, s: SessionDep) -> list[ChildOut]:
    rows = s.scalars(
        select(ChildRow).where(ChildRow.household_id == household_id).order_by(ChildRow.name)
    )
    return [_child_out(r) for r in rows]


@router.post(
    "/households/{household_id}/children",
    status_code=201,
    dependencies=[Depends(household_role(Action.LOG))],
    openapi_extra=body_doc(ChildCreate),
)
def add_child(
    household_id: str, s: SessionDep, data: Annotated[ChildCreate, Depends(json_body(ChildCreate))]
) -> ChildOut:
    return _child_out(repo.add_child(s, household_id, data))


def _episode_out(row: EpisodeRow) -> EpisodeOut:
    fields = {name: getattr(row, name) for name in Episode.model_fields}
    return EpisodeOut(
        id=row.id,
        child_id=row.child_id,
        logged_by=row.created_by,
        logged_at=row.created_at,
        **fields,
    )


@router.post(
    "/households/{household_id}/children/{child_id}/episodes",
    status_code=201,
    openapi_extra=body_doc(EpisodeCreate),
)
def log_episode(
    child: WritableChild,
    user: CurrentUser,
    s: SessionDep,
    at: NowDep,
    data: Annotated[EpisodeCreate, Depends(json_body(EpisodeCreate))],
) -> EpisodeOut:
    return _episode_out(repo.log_episode(s, child, data, by=user.id, now=at))


@router.post(
    "/households/{household_id}/children/{child_id}/episodes/now",
    status_code=201,
    openapi_extra=body_doc(EpisodeNow),
)
def log_episode_now(
    child: WritableChild,
    user: CurrentUser,
    s: SessionDep,
    at: NowDep,
    data: Annotated[EpisodeNow, Depends(json_body(EpisodeNow))],
) -> EpisodeOut:
    """One call at 3 a.m.: how upset, and (optionally) what helped; the start is now."""
    start = at - timedelta(minutes=data.minutes_ago)
    episode = Episode(
        start=start,
        trigger=data.trigger,
        peak_distress=data.peak_distress,
        child_action=data.child_action,
        response=data.response,
        outcome=data.outcome,
        minutes_to_calm=data.minutes_to_calm,
        aftercare=data.aftercare,
    )
    return _episode_out(repo.log_episode(s, child, episode, by=user.id, now=at))


@router.get("/households/{household_id}/children/{child_id}/episodes")
def list_episodes(
    child: ReadableChild,
    s: SessionDep,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> EpisodePage:
    rows = repo.list_episodes(s, child, since=since, until=until, limit=limit + 1, offset=offset)
    return EpisodePage(
        items=[_episode_out(r) for r in rows[:limit]],
        next_offset=offset + limit if len(rows) > limit else None,
    )


def _night_out(row: NightRow) -> NightOut:
    return NightOut(
        id=row.id,
        child_id=row.child_id,
        evening=row.evening.isoformat(),
        bedtime=row.bedtime,
        sleep_onset=row.sleep_onset,
        wake_time=row.wake_time,
        sleep_method=row.sleep_method,
        wakings=tuple(
            {
                "start": w.start,
                "end": w.end,
                "signalled": w.signalled,
                "resettled_by": w.resettled_by,
                "latency_min": w.latency_min,
            }
            for w in row.wakings
        ),
    )


@router.post(
    "/households/{household_id}/children/{child_id}/nights",
    status_code=201,
    openapi_extra=body_doc(NightCreate),
)
def log_night(
    household_id: str,
    child: WritableChild,
    user: CurrentUser,
    s: SessionDep,
    at: NowDep,
    data: Annotated[NightCreate, Depends(json_body(NightCreate))],
) -> NightOut:
    house = s.get(HouseholdRow, household_id)
    assert house is not None
    row = repo.log_night(s, child, data, tz=repo.zone(house.time_zone), by=user.id, now=at)
    return _night_out(row)


@router.post(
    "/households/{household_id}/children/{child_id}/nights/{night_id}/wakings",
    status_code=201,
    openapi_extra=body_doc(WakingCreate),
)
def log_waking(
    night_id: str,
    child: WritableChild,
    user: CurrentUser,
    s: SessionDep,
    at: NowDep,
    data: Annotated[WakingCreate, Depends(json_body(WakingCreate))],
) -> NightOut:
    night = s.get(NightRow, night_id)
    if night is None or night.child_id != child.id:
        raise NotFound("no such night")
    repo.log_waking(s, night, data, by=user.id, now=at)
    s.refresh(night)
    return _night_out(night)
