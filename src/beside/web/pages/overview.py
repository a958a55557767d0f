"""The child's overview (issue 12, item 4) and its JSON twin, from one typed context
(``reports.overview``): today, the recent nights, this week beside the norms, the charts
and the weekly report to download."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from beside.errors import NotFound
from beside.journal import access
from beside.journal import children as child_store
from beside.journal import households as household_store
from beside.journal.access import Action, Caller
from beside.reports import overview, weekly
from beside.reports.text import threshold_text
from beside.study.weekly import child_overview
from beside.web.deps import Id, NowDep, caller_of, store_session
from beside.web.pages.taps import NOW
from beside.web.pages.views import caller_or_none, not_found, page, sign_in_first

router = APIRouter(include_in_schema=False)

OVERVIEW = "/households/{household_id}/children/{child_id}/overview"
REPORT = "/api/v1/households/{household_id}/children/{child_id}/report?week={week}&format={format}"


async def _overview(
    request: Request, caller: Caller, household_id: str, child_id: str, at: datetime
) -> tuple[overview.Overview, bool]:
    """The overview, and whether the caller may log for the child. NotFound outside the
    caller's households."""
    async with store_session(request, write=False) as s:
        role = access.require(s, caller.user.id, household_id, Action.READ)
        child = child_store.get_child(s, household_id, child_id)
        tz = household_store.household_zone(s, household_id)
        # Seconds of arithmetic for years of records: off the event loop, which keeps
        # answering every other request meanwhile.
        o = await run_in_threadpool(
            child_overview, s, household_id, child, at.astimezone(tz).date()
        )
    return o, Action.LOG in access.ALLOWED[role]


@router.get(OVERVIEW, response_class=HTMLResponse)
async def overview_page(household_id: Id, child_id: Id, request: Request, at: NowDep) -> Response:
    caller = await caller_or_none(request, at)
    if caller is None:
        return sign_in_first(request)
    try:
        o, may_log = await _overview(request, caller, household_id, child_id, at)
    except NotFound:
        return not_found(request)
    ids = {"household_id": household_id, "child_id": child_id}
    return page(request, "overview.html.j2", title=o.name, **_context(o, ids, may_log))


@router.get(OVERVIEW + ".json")
async def overview_json(household_id: Id, child_id: Id, request: Request, at: NowDep) -> Response:
    """The page's JSON twin: for a program, so no sign-in page: a 401 or a 404 in the API's
    error shape."""
    caller = await caller_of(request, at, writing=False)
    o, _ = await _overview(request, caller, household_id, child_id, at)
    return JSONResponse(overview.to_json(o))


def _context(o: overview.Overview, ids: dict[str, str], may_log: bool) -> dict[str, Any]:
    i = o.week.insights
    return {
        "o": o,
        "i": i,
        "measures": weekly.measure_rows(i),
        "not_recorded": weekly.not_recorded(i),
        "seen": [p for p in o.week.patterns if p.status == "seen"],
        "thresholds": [
            {"months": f"{t.from_month} to {t.to_month}", "text": threshold_text(t.threshold)}
            for t in o.thresholds
            if t.threshold.tries
        ],
        "charts": overview.chart_svgs(o),
        "now": NOW.format(**ids) if may_log else None,
        "json": OVERVIEW.format(**ids) + ".json",
        "what_if": OVERVIEW.format(**ids).removesuffix("/overview") + "/what-if",
        "details": OVERVIEW.format(**ids).removesuffix("/overview") + "/details",
        "entries": OVERVIEW.format(**ids).removesuffix("/overview") + "/entries",
        "report": {f: REPORT.format(week=o.week.week, format=f, **ids) for f in ("html", "pdf")},
    }
