"""What-if (issue 12, item 5): a parent picks two or three ways of answering the child and
how many months ahead; simulated children like this one live them in the background
(``study.what_if``), with a progress bar, and the differences come back with their
uncertainty, the claims behind them and the caution that a model is not a prediction.
Every member may run one (it writes nothing to the journal); each run is its starter's.
The result has a JSON twin from the same frozen context."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from beside.errors import NotFound
from beside.journal import access
from beside.journal import children as child_store
from beside.journal.access import Action
from beside.journal.schema import ChildRow
from beside.records.what_if import MAX_MONTHS_AHEAD, WHAT_IF_STRATEGIES, WhatIfAsk
from beside.reports import charts
from beside.study.what_if import (
    CHILDREN,
    STRATEGY_WORDS,
    ChildLike,
    Run,
    WhatIfRuns,
    chart_rows,
    difference_words,
    to_json,
)
from beside.web.deps import (
    CurrentUser,
    HouseholdZone,
    Id,
    NowDep,
    ReadableChild,
    json_body,
    store_session,
)
from beside.web.pages.views import caller_or_none, not_found, page, sign_in_first

router = APIRouter(include_in_schema=False)

WHAT_IF = "/households/{household_id}/children/{child_id}/what-if"


def runs(request: Request) -> WhatIfRuns:
    found: WhatIfRuns | None = getattr(request.app.state, "what_if", None)
    if found is None:
        found = request.app.state.what_if = WhatIfRuns()
    return found


def _like(child: ChildRow) -> ChildLike:
    return ChildLike(
        birth_date=child.birth_date,
        due_date=child.due_date,
        sensitivity=child.sensitivity,
        reactivity=child.reactivity,
        daycare_hours=child.daycare_hours,
        older_siblings=child.older_siblings,
        seed=int(child.id[:8], 16),
    )


@router.get(WHAT_IF, response_class=HTMLResponse)
async def what_if_page(household_id: Id, child_id: Id, request: Request, at: NowDep) -> Response:
    caller = await caller_or_none(request, at)
    if caller is None:
        return sign_in_first(request)
    try:
        async with store_session(request, write=False) as s:
            access.require(s, caller.user.id, household_id, Action.READ)
            child = child_store.get_child(s, household_id, child_id)
    except NotFound:
        return not_found(request)
    return page(
        request,
        "what_if.html.j2",
        title=f"What if, for {child.name}",
        child=child.name,
        post=WHAT_IF.format(household_id=household_id, child_id=child_id),
        overview=WHAT_IF.format(household_id=household_id, child_id=child_id).removesuffix(
            "/what-if"
        )
        + "/overview",
        choices=[(s.value, STRATEGY_WORDS[s][0]) for s in WHAT_IF_STRATEGIES],
        months=range(1, MAX_MONTHS_AHEAD + 1),
        children=CHILDREN,
    )


@router.post(WHAT_IF, response_class=HTMLResponse)
def start(
    household_id: Id,
    request: Request,
    child: ReadableChild,
    user: CurrentUser,
    tz: HouseholdZone,
    at: NowDep,
    data: Annotated[WhatIfAsk, Depends(json_body(WhatIfAsk))],
) -> Response:
    run = runs(request).start(user.id, child.id, _like(child), data, at.astimezone(tz).date())
    return _run_fragment(request, household_id, child, run)


def _run_fragment(request: Request, household_id: str, child: ChildRow, run: Run) -> Response:
    path = WHAT_IF.format(household_id=household_id, child_id=child.id) + f"/{run.id}"
    context: dict[str, Any] = {
        "poll": path,
        "json": path + ".json",
        "percent": round(100 * run.progress),
        "error": run.error,
        "w": run.result,
    }
    if run.result is not None:
        first = run.result.arms[0].words
        context["chart"] = charts.to_svg(charts.what_if(chart_rows(run.result)))
        context["said"] = {
            (arm.strategy.value, o.measure): difference_words(o, first)
            for arm in run.result.arms
            for o in arm.outcomes
        }
    return page(request, "what_if_run.html.j2", **context)


def _run(request: Request, user: str, child: ChildRow, run_id: str) -> Run:
    run = runs(request).get(user, child.id, run_id)
    if run is None:
        raise NotFound("no such what-if: it may have ended an hour after it ran")
    return run


@router.get(WHAT_IF + "/{run_id}.json")
def progress_json(
    run_id: Id, request: Request, child: ReadableChild, user: CurrentUser
) -> Response:
    """The run's JSON twin: its progress, then the same frozen result the page shows.
    (Declared before the fragment's route, which would take "{id}.json" for an id.)"""
    run = _run(request, user.id, child, run_id)
    result = None if run.result is None else to_json(run.result)
    return JSONResponse(
        {
            "format": "beside-what-if-run",
            "progress": run.progress,
            "error": run.error,
            "result": result,
        }
    )


@router.get(WHAT_IF + "/{run_id}", response_class=HTMLResponse)
def progress(
    household_id: Id,
    run_id: Id,
    request: Request,
    child: ReadableChild,
    user: CurrentUser,
) -> Response:
    return _run_fragment(request, household_id, child, _run(request, user.id, child, run_id))
