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
from beside.guide.select import pick
from beside.journal import access, quick_log
from beside.journal import children as child_store
from beside.journal import entries as entry_store
from beside.journal import episodes as episode_store
from beside.journal.access import Action
from beside.journal.schema import ChildRow, EpisodeRow
from beside.records.ages import age_days, corrected_age_days
from beside.records.enums import ChildAction, Outcome
from beside.records.quick_forms import CalmNow, EpisodeNow
from beside.web.deps import (
    CurrentUser,
    Id,
    NowDep,
    SessionDep,
    WritableChild,
    json_body,
    store_session,
)
from beside.web.pages.views import caller_or_none, page, sign_in_first

router = APIRouter(include_in_schema=False)
NOW = "/households/{household_id}/children/{child_id}/now"

#: The buttons that start an episode: the words a parent sees, and the distress (0-10) stored.
UPSET = (("A little upset", 3), ("Upset", 5), ("Very upset", 7), ("Beside themselves", 9))


def _base(household_id: str, child: ChildRow) -> str:
    """The child's moment page, under which its taps are posted."""
    return NOW.format(household_id=household_id, child_id=child.id)


def _age(child: ChildRow, on: datetime) -> float:
    days = float(max(age_days(on.date(), child.birth_date), 0))
    return corrected_age_days(days, child.birth_date, child.due_date)


def _guidance(child: ChildRow, situation: str, moment: str, at: datetime) -> list[dict[str, Any]]:
    return [
        {"text": p.text, "claims": ", ".join(p.claims)}
        for p in pick(_age(child, at), situation, moment=moment)
    ]


def _moment(child: ChildRow, row: EpisodeRow, household_id: str, at: datetime) -> dict[str, Any]:
    turned = row.child_action is ChildAction.TURNED_AWAY
    return {
        "child": child.name,
        "base": _base(household_id, child),
        "episode_id": row.id,
        "started": row.start.isoformat(),
        "turned_away": turned,
        "guidance": _guidance(child, "turning_away" if turned else "crying", "now", at),
    }


@router.get(NOW, response_class=HTMLResponse)
async def now_page(household_id: Id, child_id: Id, request: Request, at: NowDep) -> Response:
    """The page a parent opens when the child is upset: one tap to start."""
    caller = await caller_or_none(request, at)
    if caller is None:
        return sign_in_first(request)
    try:
        async with store_session(request, write=False) as s:
            role = access.require(s, caller.user.id, household_id, Action.READ)
            child = child_store.get_child(s, household_id, child_id)
    except NotFound:
        return page(request, "not_found.html.j2", status=404, title="Not found")
    may_log = Action.LOG in access.ALLOWED[role]
    return page(
        request,
        "now.html.j2",
        title=f"{child.name}, now",
        help=shipped().help_now,
        **_taps(child, household_id, may_log=may_log),
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
    household_id: Id, episode_id: Id, request: Request, child: WritableChild, s: SessionDep
) -> Response:
    """Undo the first tap: the episode was started by mistake, and goes."""
    entry_store.delete(s, episode_store.get_episode(s, child, episode_id))
    return page(request, "taps.html.j2", **_taps(child, household_id, may_log=True))


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


def _taps(child: ChildRow, household_id: str, *, may_log: bool) -> dict[str, Any]:
    return {
        "child": child.name,
        "base": _base(household_id, child),
        "upset": UPSET,
        "may_log": may_log,
    }


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
        base=_base(household_id, child),
        guidance=_guidance(child, situation, "afterwards", at),
    )
