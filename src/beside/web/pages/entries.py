"""Putting an entry right afterwards (issue 12, item 1): a day's upsets, night (with its
wakings) and naps, each with a form showing what was stored, times on the household's
clock. A change runs through the same rules as the first logging
(``journal.fixes``), a bad value is refused naming the field and nothing is half-changed;
"remove" takes an entry away. Whoever may log may change entries; the others read them."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from beside.errors import NotFound
from beside.journal import access, fixes
from beside.journal import children as child_store
from beside.journal import entries as entry_store
from beside.journal import episodes as episode_store
from beside.journal import households as household_store
from beside.journal import naps as nap_store
from beside.journal import nights as night_store
from beside.journal.access import Action
from beside.journal.schema import ChildRow, EpisodeRow, NapRow, NightRow
from beside.records.enums import (
    Aftercare,
    CaregiverResponse,
    ChildAction,
    Outcome,
    ResettleMethod,
    Trigger,
)
from beside.records.fixes import EpisodeFix, NapFix, NightFix, WakingFix
from beside.reports.words import choices
from beside.web.deps import (
    HouseholdZone,
    Id,
    NowDep,
    SessionDep,
    WritableChild,
    json_body,
    store_session,
)
from beside.web.pages.views import caller_or_none, not_found, page, sign_in_first

router = APIRouter(include_in_schema=False)

ENTRIES = "/households/{household_id}/children/{child_id}/entries"
EPISODE_CHOICES = {
    "trigger": ("What set it off", choices(Trigger)),
    "child_action": ("What they did", choices(ChildAction)),
    "response": ("What we did", choices(CaregiverResponse)),
    "outcome": ("How it ended", choices(Outcome)),
    "aftercare": ("Afterwards", choices(Aftercare)),
}


def _local(when: datetime | None, tz: ZoneInfo) -> str:
    return "" if when is None else when.astimezone(tz).strftime("%Y-%m-%dT%H:%M:%S")


def _clock(when: datetime | None, tz: ZoneInfo) -> str:
    return "…" if when is None else when.astimezone(tz).strftime("%H:%M")


def day_view(
    s: Session,
    child: ChildRow,
    household_id: str,
    day: date,
    tz: ZoneInfo,
    *,
    may_change: bool,
    saved: str | None = None,
) -> dict[str, Any]:
    found = fixes.day_entries(s, child, day, tz)
    base = ENTRIES.format(household_id=household_id, child_id=child.id)
    night = found.night
    return {
        "child": child.name,
        "base": base,
        "day": day.isoformat(),
        "day_words": day.strftime("%A %-d %B"),
        "before": (day - timedelta(days=1)).isoformat(),
        "after": (day + timedelta(days=1)).isoformat(),
        "may_change": may_change,
        "saved": saved,
        "episode_choices": EPISODE_CHOICES,
        "resettled": choices(ResettleMethod),
        "episodes": [
            {
                "id": e.id,
                "summary": f"{_clock(e.start, tz)} · upset, {e.peak_distress:g} of 10",
                "start": _local(e.start, tz),
                "end": _local(e.end, tz),
                "peak": e.peak_distress,
                "values": {f: getattr(e, f).value for f in EPISODE_CHOICES},
                "notes": e.notes,
            }
            for e in found.episodes
        ],
        "night": None
        if night is None
        else {
            "id": night.id,
            "summary": f"Night: bed {_clock(night.bedtime, tz)}, up {_clock(night.wake_time, tz)}",
            "bedtime": _local(night.bedtime, tz),
            "sleep_onset": _local(night.sleep_onset, tz),
            "wake_time": _local(night.wake_time, tz),
            "wakings": [
                {
                    "id": w.id,
                    "summary": f"{_clock(w.start, tz)} to {_clock(w.end, tz)} · awake",
                    "start": _local(w.start, tz),
                    "end": _local(w.end, tz),
                    "signalled": "" if w.signalled is None else ("yes" if w.signalled else "no"),
                    "resettled_by": w.resettled_by.value,
                }
                for w in sorted(night.wakings, key=lambda w: w.start)
            ],
        },
        "naps": [
            {
                "id": n.id,
                "summary": f"{_clock(n.start, tz)} to {_clock(n.end, tz)} · nap",
                "start": _local(n.start, tz),
                "end": _local(n.end, tz),
            }
            for n in found.naps
        ],
    }


@router.get(ENTRIES, response_class=HTMLResponse)
async def entries_page(
    household_id: Id,
    child_id: Id,
    request: Request,
    at: NowDep,
    day: Annotated[date | None, Query(description="the local day; today if not given")] = None,
) -> Response:
    caller = await caller_or_none(request, at)
    if caller is None:
        return sign_in_first(request)
    try:
        async with store_session(request, write=False) as s:
            role = access.require(s, caller.user.id, household_id, Action.READ)
            child = child_store.get_child(s, household_id, child_id)
            tz = household_store.household_zone(s, household_id)
            context = day_view(
                s,
                child,
                household_id,
                day or at.astimezone(tz).date(),
                tz,
                may_change=Action.LOG in access.ALLOWED[role],
            )
    except NotFound:
        return not_found(request)
    return page(request, "entries.html.j2", title=f"{child.name}: putting entries right", **context)


def _day_again(
    request: Request,
    s: SessionDep,
    child: ChildRow,
    household_id: str,
    when: datetime,
    tz: ZoneInfo,
    saved: str,
) -> Response:
    context = day_view(
        s, child, household_id, when.astimezone(tz).date(), tz, may_change=True, saved=saved
    )
    return page(request, "entries_day.html.j2", **context)


@router.post(ENTRIES + "/episodes/{entry_id}", response_class=HTMLResponse)
def change_episode(
    household_id: Id,
    entry_id: Id,
    request: Request,
    child: WritableChild,
    s: SessionDep,
    tz: HouseholdZone,
    at: NowDep,
    data: Annotated[EpisodeFix, Depends(json_body(EpisodeFix))],
) -> Response:
    row = episode_store.get_episode(s, child, entry_id)
    row = fixes.fix_episode(s, row, data, tz=tz, now=at)
    return _day_again(request, s, child, household_id, row.start, tz, "Saved: the upset.")


@router.post(ENTRIES + "/nights/{entry_id}", response_class=HTMLResponse)
def change_night(
    household_id: Id,
    entry_id: Id,
    request: Request,
    child: WritableChild,
    s: SessionDep,
    tz: HouseholdZone,
    at: NowDep,
    data: Annotated[NightFix, Depends(json_body(NightFix))],
) -> Response:
    row = fixes.fix_night(s, night_store.get_night(s, child, entry_id), data, tz=tz, now=at)
    return _day_again(request, s, child, household_id, row.bedtime, tz, "Saved: the night.")


@router.post(ENTRIES + "/nights/{night_id}/wakings/{entry_id}", response_class=HTMLResponse)
def change_waking(
    household_id: Id,
    night_id: Id,
    entry_id: Id,
    request: Request,
    child: WritableChild,
    s: SessionDep,
    tz: HouseholdZone,
    at: NowDep,
    data: Annotated[WakingFix, Depends(json_body(WakingFix))],
) -> Response:
    night = night_store.get_night(s, child, night_id)
    fixes.fix_waking(s, night_store.get_waking(s, night, entry_id), data, tz=tz, now=at)
    return _day_again(request, s, child, household_id, night.bedtime, tz, "Saved: the waking.")


@router.post(ENTRIES + "/naps/{entry_id}", response_class=HTMLResponse)
def change_nap(
    household_id: Id,
    entry_id: Id,
    request: Request,
    child: WritableChild,
    s: SessionDep,
    tz: HouseholdZone,
    at: NowDep,
    data: Annotated[NapFix, Depends(json_body(NapFix))],
) -> Response:
    row = fixes.fix_nap(s, nap_store.get_nap(s, child, entry_id), data, tz=tz, now=at)
    return _day_again(request, s, child, household_id, row.start, tz, "Saved: the nap.")


@router.post(ENTRIES + "/{kind}/{entry_id}/remove", response_class=HTMLResponse)
def remove(
    household_id: Id,
    kind: str,
    entry_id: Id,
    request: Request,
    child: WritableChild,
    s: SessionDep,
    tz: HouseholdZone,
    day: Annotated[date, Query()],
) -> Response:
    """An entry taken away (a night goes with its wakings)."""
    row: EpisodeRow | NightRow | NapRow
    if kind == "episodes":
        row = episode_store.get_episode(s, child, entry_id)
    elif kind == "nights":
        row = night_store.get_night(s, child, entry_id)
    elif kind == "naps":
        row = nap_store.get_nap(s, child, entry_id)
    else:
        raise NotFound("no such kind of entry")
    entry_store.delete(s, row)
    context = day_view(s, child, household_id, day, tz, may_change=True, saved="Removed.")
    return page(request, "entries_day.html.j2", **context)


@router.post(ENTRIES + "/nights/{night_id}/wakings/{entry_id}/remove", response_class=HTMLResponse)
def remove_waking(
    household_id: Id,
    night_id: Id,
    entry_id: Id,
    request: Request,
    child: WritableChild,
    s: SessionDep,
    tz: HouseholdZone,
) -> Response:
    night = night_store.get_night(s, child, night_id)
    entry_store.delete(s, night_store.get_waking(s, night, entry_id))
    context = day_view(s, child, household_id, night.evening, tz, may_change=True, saved="Removed.")
    return page(request, "entries_day.html.j2", **context)
