"""A child's nights and their wakings: log, list, read, change, remove; and the one-call
forms for the night itself (bedtime now, morning now, a waking now)."""

from __future__ import annotations

from datetime import tzinfo
from typing import Annotated

from fastapi import APIRouter, Depends, Response

from beside.journal import entries as entry_store
from beside.journal import nights as night_store
from beside.journal import quick_log
from beside.journal.schema import NightRow, WakingRow
from beside.records.models import Night, Waking
from beside.records.times import Instant
from beside.web.api.paging import Limit, Offset, created_response, page_response
from beside.web.api_models import (
    NightCreate,
    NightEnd,
    NightOut,
    NightPage,
    NightStart,
    WakingCreate,
    WakingNow,
    WakingOut,
    in_zone,
)
from beside.web.deps import (
    CurrentUser,
    HouseholdZone,
    Id,
    NowDep,
    ReadableChild,
    SessionDep,
    WritableChild,
    body_doc,
    json_body,
)

router = APIRouter(prefix="/households/{household_id}/children/{child_id}/nights")


def night_out(row: NightRow, tz: tzinfo) -> NightOut:
    """Every field of the night as stored (what was not said stays unsaid), in the
    household's offset."""
    fields = {k: v for k, v in entry_store.record_fields(Night, row).items() if k != "wakings"}
    return NightOut(
        id=row.id,
        child_id=row.child_id,
        evening=row.evening.isoformat(),
        in_progress=row.wake_time is None,
        wakings=tuple(waking_out(w, tz) for w in row.wakings),
        **in_zone(fields, tz),
    )


def waking_out(row: WakingRow, tz: tzinfo) -> WakingOut:
    return WakingOut(id=row.id, **in_zone(entry_store.record_fields(Waking, row), tz))


@router.post("", status_code=201, openapi_extra=body_doc(NightCreate))
def log_night(
    child: WritableChild,
    tz: HouseholdZone,
    user: CurrentUser,
    s: SessionDep,
    at: NowDep,
    data: Annotated[NightCreate, Depends(json_body(NightCreate))],
) -> NightOut:
    """A whole night, or one in progress (no ``wake_time`` yet)."""
    return night_out(night_store.log_night(s, child, data, tz=tz, by=user.id, now=at), tz)


@router.post("/now", status_code=201, response_model=NightOut, openapi_extra=body_doc(NightStart))
def start_night_now(
    child: WritableChild,
    tz: HouseholdZone,
    user: CurrentUser,
    s: SessionDep,
    at: NowDep,
    data: Annotated[NightStart, Depends(json_body(NightStart))],
) -> Response:
    """Bedtime now: opens a night in progress."""
    row = quick_log.start_night_now(s, child, data, tz=tz, by=user.id, now=at)
    return created_response(night_out(row, tz))


@router.get("", response_model=NightPage)
def list_nights(
    child: ReadableChild,
    tz: HouseholdZone,
    s: SessionDep,
    since: Instant | None = None,
    until: Instant | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    """Nights whose bedtime is in [since, until), oldest first, with their wakings."""
    rows = night_store.list_nights(
        s, child, since=since, until=until, limit=limit + 1, offset=offset
    )
    page = NightPage.of([night_out(r, tz) for r in rows], offset=offset, limit=limit)
    return page_response(page)


@router.post(
    "/wakings/now", status_code=201, response_model=NightOut, openapi_extra=body_doc(WakingNow)
)
def log_waking_now(
    child: WritableChild,
    tz: HouseholdZone,
    user: CurrentUser,
    s: SessionDep,
    at: NowDep,
    data: Annotated[WakingNow, Depends(json_body(WakingNow))],
) -> Response:
    """One call at 3 a.m.: a waking that began some minutes ago, into tonight's night."""
    return created_response(
        night_out(quick_log.log_waking_now(s, child, data, tz=tz, by=user.id, now=at), tz)
    )


@router.get("/{night_id}")
def get_night(night_id: Id, child: ReadableChild, tz: HouseholdZone, s: SessionDep) -> NightOut:
    return night_out(night_store.get_night(s, child, night_id), tz)


@router.put("/{night_id}", openapi_extra=body_doc(NightCreate))
def replace_night(
    night_id: Id,
    child: WritableChild,
    tz: HouseholdZone,
    user: CurrentUser,
    s: SessionDep,
    at: NowDep,
    data: Annotated[NightCreate, Depends(json_body(NightCreate))],
) -> NightOut:
    """Replace the night and its wakings with those sent."""
    row = night_store.get_night(s, child, night_id)
    return night_out(night_store.replace_night(s, row, data, tz=tz, by=user.id, now=at), tz)


@router.post("/{night_id}/end", openapi_extra=body_doc(NightEnd))
def end_night(
    night_id: Id,
    child: WritableChild,
    tz: HouseholdZone,
    s: SessionDep,
    at: NowDep,
    data: Annotated[NightEnd, Depends(json_body(NightEnd))],
) -> NightOut:
    """Morning: the night in progress ends now (or minutes ago)."""
    row = night_store.get_night(s, child, night_id)
    return night_out(quick_log.end_night_now(s, row, data, now=at), tz)


@router.delete("/{night_id}", status_code=204)
def delete_night(night_id: Id, child: WritableChild, s: SessionDep) -> None:
    entry_store.delete(s, night_store.get_night(s, child, night_id))


@router.post("/{night_id}/wakings", status_code=201, openapi_extra=body_doc(WakingCreate))
def log_waking(
    night_id: Id,
    child: WritableChild,
    tz: HouseholdZone,
    user: CurrentUser,
    s: SessionDep,
    at: NowDep,
    data: Annotated[WakingCreate, Depends(json_body(WakingCreate))],
) -> NightOut:
    night = night_store.get_night(s, child, night_id)
    night_store.log_waking(s, night, data, by=user.id, now=at)
    s.refresh(night)
    return night_out(night, tz)


@router.get("/{night_id}/wakings/{waking_id}")
def get_waking(
    night_id: Id, waking_id: Id, child: ReadableChild, tz: HouseholdZone, s: SessionDep
) -> WakingOut:
    row = night_store.get_waking(s, night_store.get_night(s, child, night_id), waking_id)
    return waking_out(row, tz)


@router.put("/{night_id}/wakings/{waking_id}", openapi_extra=body_doc(WakingCreate))
def replace_waking(
    night_id: Id,
    waking_id: Id,
    child: WritableChild,
    tz: HouseholdZone,
    s: SessionDep,
    at: NowDep,
    data: Annotated[WakingCreate, Depends(json_body(WakingCreate))],
) -> NightOut:
    night = night_store.get_night(s, child, night_id)
    night_store.replace_waking(s, night_store.get_waking(s, night, waking_id), data, now=at)
    s.refresh(night)
    return night_out(night, tz)


@router.delete("/{night_id}/wakings/{waking_id}", status_code=204)
def delete_waking(night_id: Id, waking_id: Id, child: WritableChild, s: SessionDep) -> None:
    entry_store.delete(
        s, night_store.get_waking(s, night_store.get_night(s, child, night_id), waking_id)
    )
