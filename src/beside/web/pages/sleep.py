"""Nights and naps in the moment (issue 12, item 1): "bedtime", "awake" (calling out, or
noticed quietly), how the child went back to sleep, "morning"; a nap's start and end. Each
saved tap is said back with an undo. Nothing is stored when a waking starts: the page times
it, and the waking is stored whole, with its start, when the child is back asleep (a stored
waking always has an end, ``records.models.Waking``). The writes are the API's own
(``journal.quick_log``)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import Field

from beside.errors import ValidationFailed, Violation
from beside.journal import entries as entry_store
from beside.journal import naps as nap_store
from beside.journal import nights as night_store
from beside.journal import quick_log
from beside.journal.schema import ChildRow
from beside.records.enums import ResettleMethod
from beside.records.models import Record
from beside.records.quick_forms import NapEnd, NapStart, NightEnd, NightStart, WakingOver
from beside.web.deps import (
    CurrentUser,
    HouseholdZone,
    Id,
    NowDep,
    SessionDep,
    WritableChild,
    json_body,
)
from beside.web.pages.taps import NOW, Saved, base, clock, guidance, taps
from beside.web.pages.views import page

router = APIRouter(include_in_schema=False)

#: How each way back to sleep reads on its button and in the saved line.
RESETTLED = {
    ResettleMethod.ALONE: "On their own",
    ResettleMethod.HELD: "Held",
    ResettleMethod.ROCKED: "Rocked",
    ResettleMethod.PATTED: "Patted",
    ResettleMethod.FED: "Fed",
    ResettleMethod.CAREGIVER_PRESENT: "With me beside them",
}


class Awake(Record):
    """The tap "awake now": whether the child called out (C10) or was noticed quietly."""

    signalled: bool = Field(description="true: the child called out; false: noticed quietly")


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
) -> Response:
    row = quick_log.start_night_now(s, child, NightStart(), tz=tz, by=user.id, now=at)
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


@router.post(NOW + "/awake", response_class=HTMLResponse)
def awake(
    household_id: Id,
    request: Request,
    child: WritableChild,
    at: NowDep,
    data: Annotated[Awake, Depends(json_body(Awake))],
) -> Response:
    """The child woke: the page starts timing; nothing is stored until they are asleep."""
    return page(
        request,
        "waking.html.j2",
        child=child.name,
        base=base(household_id, child),
        started=at.isoformat(),
        signalled=data.signalled,
        resettled=[
            {
                "words": words,
                "vals": {
                    "started": at.isoformat(),
                    "signalled": data.signalled,
                    "resettled_by": method.value,
                },
            }
            for method, words in RESETTLED.items()
        ],
        skip={"started": at.isoformat(), "signalled": data.signalled},
        guidance=guidance(child, "night_waking", None, at),
    )


@router.post(NOW + "/back-asleep", response_class=HTMLResponse)
def back_asleep(
    household_id: Id,
    request: Request,
    child: WritableChild,
    user: CurrentUser,
    s: SessionDep,
    tz: HouseholdZone,
    at: NowDep,
    data: Annotated[WakingOver, Depends(json_body(WakingOver))],
) -> Response:
    row = quick_log.waking_over(s, child, data, tz=tz, by=user.id, now=at)
    how = RESETTLED.get(row.resettled_by)
    words = f"Saved: awake {_minutes(row.start, row.end)}" + (
        f", back to sleep: {how.lower()}." if how else "."
    )
    saved = Saved(words, f"nights/{row.night_id}/wakings/{row.id}/undo")
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
) -> Response:
    night = night_store.night_in_progress(s, child)
    if night is None:
        raise ValidationFailed(
            [Violation("night", "no_night_in_progress", "no night is in progress to end")]
        )
    row = quick_log.end_night_now(s, night, NightEnd(), now=at)
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
) -> Response:
    row = quick_log.start_nap_now(s, child, NapStart(), by=user.id, now=at)
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
) -> Response:
    going = nap_store.nap_in_progress(s, child)
    if going is None:
        raise ValidationFailed([Violation("nap", "no_nap_in_progress", "no nap is going to end")])
    row = quick_log.end_nap_now(s, going, NapEnd(), now=at)
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
