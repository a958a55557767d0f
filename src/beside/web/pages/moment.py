"""Logging in the moment (issue 12, item 1): one tap starts an episode at the distress the
parent sees, with the guidance for the child's age and what is happening; a tap says the
child turned away; "calm" ends it and offers the afterwards guidance. Whatever is not
tapped stays ``not_recorded``. The writes go through the same journal functions as the
API (``journal.quick_log``), with the page's CSRF token."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from beside.errors import NotFound
from beside.guide.content import shipped
from beside.journal import access, quick_log
from beside.journal import children as child_store
from beside.journal import entries as entry_store
from beside.journal import episodes as episode_store
from beside.journal import households as household_store
from beside.journal.access import Action
from beside.journal.schema import ChildRow, EpisodeRow
from beside.records.enums import ChildAction, Outcome
from beside.records.quick_forms import CalmNow, EpisodeNow
from beside.web.deps import (
    CurrentUser,
    HouseholdZone,
    Id,
    NowDep,
    SessionDep,
    WritableChild,
    json_body,
    store_session,
)
from beside.web.pages.taps import NOW, base, guidance, taps
from beside.web.pages.views import caller_or_none, not_found, page, sign_in_first

router = APIRouter(include_in_schema=False)


def _moment(child: ChildRow, row: EpisodeRow, household_id: str, at: datetime) -> dict[str, Any]:
    turned = row.child_action is ChildAction.TURNED_AWAY
    return {
        "child": child.name,
        "base": base(household_id, child),
        "episode_id": row.id,
        "started": row.start.isoformat(),
        "turned_away": turned,
        "guidance": guidance(child, "turning_away" if turned else "crying", "now", at),
    }


@router.get(NOW, response_class=HTMLResponse)
async def now_page(household_id: Id, child_id: Id, request: Request, at: NowDep) -> Response:
    """The page a parent opens when the child is upset or waking: one tap to start."""
    caller = await caller_or_none(request, at)
    if caller is None:
        return sign_in_first(request)
    try:
        async with store_session(request, write=False) as s:
            role = access.require(s, caller.user.id, household_id, Action.READ)
            child = child_store.get_child(s, household_id, child_id)
            tz = household_store.household_zone(s, household_id)
            context = taps(s, child, household_id, tz, may_log=Action.LOG in access.ALLOWED[role])
    except NotFound:
        return not_found(request)
    return page(
        request, "now.html.j2", title=f"{child.name}, now", help=shipped().help_now, **context
    )


@router.post(NOW + "/upset", response_class=HTMLResponse)
def upset(
    household_id: Id,
    request: Request,
    child: WritableChild,
    user: CurrentUser,
    s: SessionDep,
    at: NowDep,
    data: Annotated[EpisodeNow, Depends(json_body(EpisodeNow))],
) -> Response:
    row = quick_log.log_episode_now(s, child, data, by=user.id, now=at)
    return page(request, "moment.html.j2", **_moment(child, row, household_id, at))


@router.post(NOW + "/{episode_id}/turned-away", response_class=HTMLResponse)
def turned_away(
    household_id: Id,
    episode_id: Id,
    request: Request,
    child: WritableChild,
    s: SessionDep,
    at: NowDep,
) -> Response:
    row = quick_log.turned_away_now(s, episode_store.get_episode(s, child, episode_id), now=at)
    return page(request, "moment.html.j2", **_moment(child, row, household_id, at))


@router.post(NOW + "/{episode_id}/undo", response_class=HTMLResponse)
def undo_start(
    household_id: Id,
    episode_id: Id,
    request: Request,
    child: WritableChild,
    s: SessionDep,
    tz: HouseholdZone,
) -> Response:
    """Undo the first tap: the episode was started by mistake, and goes."""
    entry_store.delete(s, episode_store.get_episode(s, child, episode_id))
    return page(request, "taps.html.j2", **taps(s, child, household_id, tz, may_log=True))


@router.post(NOW + "/{episode_id}/not-calm", response_class=HTMLResponse)
def undo_calm(
    household_id: Id,
    episode_id: Id,
    request: Request,
    child: WritableChild,
    s: SessionDep,
    at: NowDep,
) -> Response:
    """Undo "calm": back to the moment, the timer running from the episode's start."""
    row = quick_log.not_calm_yet(s, episode_store.get_episode(s, child, episode_id), now=at)
    return page(request, "moment.html.j2", **_moment(child, row, household_id, at))


@router.post(NOW + "/{episode_id}/calm", response_class=HTMLResponse)
def calm(
    household_id: Id,
    episode_id: Id,
    request: Request,
    child: WritableChild,
    s: SessionDep,
    at: NowDep,
    data: Annotated[CalmNow, Depends(json_body(CalmNow))],
) -> Response:
    row = quick_log.calm_now(s, episode_store.get_episode(s, child, episode_id), data, now=at)
    alone = row.outcome is Outcome.CALMED_ALONE
    situation = "calmed_alone" if alone else "came_for_comfort"
    return page(
        request,
        "afterwards.html.j2",
        child=child.name,
        episode_id=row.id,
        minutes=row.minutes_to_calm,
        base=base(household_id, child),
        guidance=guidance(child, situation, "afterwards", at),
    )
