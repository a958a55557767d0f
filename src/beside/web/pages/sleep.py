"""Nights and naps in the moment (issue 12, item 1): "bedtime", "awake" (calling out, or
noticed quietly), how the child went back to sleep, "morning"; a nap's start and end. Each
saved tap is said back with an undo. Nothing is stored when a waking starts: the phone times
it, and sends it whole when the child is back asleep (a stored waking always has an end,
``records.models.Waking``), with the id it made for it, so that a waking kept on the phone
while it had no connection is stored once however often it is sent (item 3). Each tap says
how many minutes ago it happened, for the same reason. The writes are the API's own
(``journal.quick_log``)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from beside.errors import ValidationFailed, Violation
from beside.journal import entries as entry_store
from beside.journal import naps as nap_store
from beside.journal import nights as night_store
from beside.journal import quick_log
from beside.journal.schema import ChildRow
from beside.records.quick_forms import NapEnd, NapStart, NightEnd, NightStart, WakingNow
from beside.web.deps import (
    CurrentUser,
    HouseholdZone,
    Id,
    NowDep,
    SessionDep,
    WritableChild,
    json_body,
)
from beside.web.pages.taps import NOW, RESETTLED, Saved, clock, taps
from beside.web.pages.views import page

router = APIRouter(include_in_schema=False)


def _taps_page(
    request: Request,
    s: SessionDep,
    child: ChildRow,
    household_id: str,
    tz: HouseholdZone,
    saved: Saved | None = None,
) -> Response:
    return page(
        request, "taps.html.j2", **taps(s, child, household_id, tz, may_log=True, saved=saved)
    )


def _minutes(start: datetime, end: datetime) -> str:
    n = round((end - start).total_seconds() / 60.0)
    return "under a minute" if n < 1 else f"{n} minute{'s' if n != 1 else ''}"


@router.get(NOW + "/taps", response_class=HTMLResponse)
def taps_again(
    household_id: Id, request: Request, child: WritableChild, s: SessionDep, tz: HouseholdZone
) -> Response:
    """The taps as they stand (a waking tapped by mistake leaves nothing to undo)."""
    return _taps_page(request, s, child, household_id, tz)


@router.post(NOW + "/bedtime", response_class=HTMLResponse)
def bedtime(
    household_id: Id,
    request: Request,
    child: WritableChild,
    user: CurrentUser,
    s: SessionDep,
    tz: HouseholdZone,
    at: NowDep,
    data: Annotated[NightStart, Depends(json_body(NightStart))],
) -> Response:
    row = quick_log.start_night_now(s, child, data, tz=tz, by=user.id, now=at)
    saved = Saved(f"Saved: bedtime at {clock(row.bedtime, tz)}.", f"nights/{row.id}/undo-bedtime")
    return _taps_page(request, s, child, household_id, tz, saved)


@router.post(NOW + "/nights/{night_id}/undo-bedtime", response_class=HTMLResponse)
def undo_bedtime(
    household_id: Id,
    night_id: Id,
    request: Request,
    child: WritableChild,
    s: SessionDep,
    tz: HouseholdZone,
) -> Response:
    """Bedtime tapped by mistake: the night goes, unless wakings were logged in it since."""
    row = night_store.get_night(s, child, night_id)
    if row.wakings:
        raise ValidationFailed(
            [
                Violation(
                    "night",
                    "night_has_wakings",
                    "wakings were logged in this night since: change the night instead",
                )
            ]
        )
    entry_store.delete(s, row)
    return _taps_page(request, s, child, household_id, tz)


@router.post(NOW + "/waking", response_class=HTMLResponse)
def waking(
    household_id: Id,
    request: Request,
    child: WritableChild,
    user: CurrentUser,
    s: SessionDep,
    tz: HouseholdZone,
    at: NowDep,
    data: Annotated[WakingNow, Depends(json_body(WakingNow))],
) -> Response:
    """Back asleep: the waking the phone timed, stored whole (once, by its ``entry_id``)."""
    night, row = quick_log.add_waking_now(s, child, data, tz=tz, by=user.id, now=at)
    how = RESETTLED.get(row.resettled_by)
    words = f"Saved: awake {_minutes(row.start, row.end)}" + (
        f", back to sleep: {how.lower()}." if how else "."
    )
    saved = Saved(words, f"nights/{night.id}/wakings/{row.id}/undo")
    return _taps_page(request, s, child, household_id, tz, saved)


@router.post(NOW + "/nights/{night_id}/wakings/{waking_id}/undo", response_class=HTMLResponse)
def undo_waking(
    household_id: Id,
    night_id: Id,
    waking_id: Id,
    request: Request,
    child: WritableChild,
    s: SessionDep,
    tz: HouseholdZone,
) -> Response:
    night = night_store.get_night(s, child, night_id)
    entry_store.delete(s, night_store.get_waking(s, night, waking_id))
    return _taps_page(request, s, child, household_id, tz)


@router.post(NOW + "/morning", response_class=HTMLResponse)
def morning(
    household_id: Id,
    request: Request,
    child: WritableChild,
    s: SessionDep,
    tz: HouseholdZone,
    at: NowDep,
    data: Annotated[NightEnd, Depends(json_body(NightEnd))],
) -> Response:
    night = night_store.night_in_progress(s, child)
    if night is None:
        raise ValidationFailed(
            [Violation("night", "no_night_in_progress", "no night is in progress to end")]
        )
    row = quick_log.end_night_now(s, night, data, now=at)
    assert row.wake_time is not None
    saved = Saved(
        f"Saved: up for the day at {clock(row.wake_time, tz)}.", f"nights/{row.id}/not-over"
    )
    return _taps_page(request, s, child, household_id, tz, saved)


@router.post(NOW + "/nights/{night_id}/not-over", response_class=HTMLResponse)
def undo_morning(
    household_id: Id,
    night_id: Id,
    request: Request,
    child: WritableChild,
    s: SessionDep,
    tz: HouseholdZone,
    at: NowDep,
) -> Response:
    quick_log.night_not_over(s, night_store.get_night(s, child, night_id), now=at)
    return _taps_page(request, s, child, household_id, tz)


@router.post(NOW + "/nap", response_class=HTMLResponse)
def nap(
    household_id: Id,
    request: Request,
    child: WritableChild,
    user: CurrentUser,
    s: SessionDep,
    tz: HouseholdZone,
    at: NowDep,
    data: Annotated[NapStart, Depends(json_body(NapStart))],
) -> Response:
    row = quick_log.start_nap_now(s, child, data, by=user.id, now=at)
    saved = Saved(f"Saved: asleep for a nap at {clock(row.start, tz)}.", f"naps/{row.id}/undo")
    return _taps_page(request, s, child, household_id, tz, saved)


@router.post(NOW + "/naps/{nap_id}/undo", response_class=HTMLResponse)
def undo_nap(
    household_id: Id,
    nap_id: Id,
    request: Request,
    child: WritableChild,
    s: SessionDep,
    tz: HouseholdZone,
) -> Response:
    entry_store.delete(s, nap_store.get_nap(s, child, nap_id))
    return _taps_page(request, s, child, household_id, tz)


@router.post(NOW + "/nap-over", response_class=HTMLResponse)
def nap_over(
    household_id: Id,
    request: Request,
    child: WritableChild,
    s: SessionDep,
    tz: HouseholdZone,
    at: NowDep,
    data: Annotated[NapEnd, Depends(json_body(NapEnd))],
) -> Response:
    going = nap_store.nap_in_progress(s, child)
    if going is None:
        raise ValidationFailed([Violation("nap", "no_nap_in_progress", "no nap is going to end")])
    row = quick_log.end_nap_now(s, going, data, now=at)
    assert row.end is not None
    saved = Saved(f"Saved: a nap of {_minutes(row.start, row.end)}.", f"naps/{row.id}/not-over")
    return _taps_page(request, s, child, household_id, tz, saved)


@router.post(NOW + "/naps/{nap_id}/not-over", response_class=HTMLResponse)
def undo_nap_over(
    household_id: Id,
    nap_id: Id,
    request: Request,
    child: WritableChild,
    s: SessionDep,
    tz: HouseholdZone,
    at: NowDep,
) -> Response:
    quick_log.nap_not_over(s, nap_store.get_nap(s, child, nap_id), now=at)
    return _taps_page(request, s, child, household_id, tz)
