"""The coach's page (issue 12, item 7): every household that invited you, what changed in
each since a date you choose, the patterns flagged and the notes; a child's overview opens
read-only (a coach may read and write notes, never log)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from beside.journal import households as household_store
from beside.study.coaching import coach_digest
from beside.web.deps import NowDep, store_session
from beside.web.pages.views import caller_or_none, page, sign_in_first

router = APIRouter(include_in_schema=False)

#: What "since" means when the coach has not chosen: the week before today.
DEFAULT_DAYS = 7


@router.get("/coach", response_class=HTMLResponse)
async def coach_page(
    request: Request, at: NowDep, since: Annotated[date | None, Query()] = None
) -> Response:
    caller = await caller_or_none(request, at)
    if caller is None:
        return sign_in_first(request)
    today = at.date()
    start = since if since is not None else today - timedelta(days=DEFAULT_DAYS)
    async with store_session(request, write=False) as s:
        digest = await run_in_threadpool(coach_digest, s, caller.user, since=start, until=today)
        zones = {h.id: household_store.household_zone(s, h.id) for h in digest}
    return page(
        request,
        "coach.html.j2",
        title="Your families",
        since=start,
        today=today,
        households=digest,
        zones=zones,
        here=f"/coach?since={start.isoformat()}",
    )
