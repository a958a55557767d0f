"""Children of a household: list, add, read, change, remove (removing is the owner's)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse, JSONResponse, Response

from beside.insights import summary
from beside.journal import children as child_store
from beside.journal import entries as entry_store
from beside.journal.access import Action
from beside.journal.child_logs import child_log_dates
from beside.journal.schema import ChildRow
from beside.records.models import Child
from beside.records.times import Day
from beside.reports import weekly
from beside.study.weekly import weekly_report
from beside.web.api.paging import Limit, Offset
from beside.web.api_models import ChildCreate, ChildOut, Page
from beside.web.deps import (
    Id,
    ManagedChild,
    ReadableChild,
    SessionDep,
    WritableChild,
    body_doc,
    household_role,
    json_body,
)

router = APIRouter(prefix="/households/{household_id}/children")


def child_out(row: ChildRow) -> ChildOut:
    return ChildOut(id=row.id, **entry_store.record_fields(Child, row))


@router.get("", dependencies=[Depends(household_role(Action.READ))])
def list_children(
    household_id: Id, s: SessionDep, limit: Limit = 100, offset: Offset = 0
) -> Page[ChildOut]:
    rows = child_store.children_of(s, household_id, limit=limit + 1, offset=offset)
    return Page[ChildOut].of([child_out(r) for r in rows], offset=offset, limit=limit)


@router.post(
    "",
    status_code=201,
    dependencies=[Depends(household_role(Action.LOG))],
    openapi_extra=body_doc(ChildCreate),
)
def add_child(
    household_id: Id, s: SessionDep, data: Annotated[ChildCreate, Depends(json_body(ChildCreate))]
) -> ChildOut:
    return child_out(child_store.add_child(s, household_id, data))


@router.get("/{child_id}")
def get_child(child: ReadableChild) -> ChildOut:
    return child_out(child)


@router.put("/{child_id}", openapi_extra=body_doc(ChildCreate))
def replace_child(
    child: WritableChild,
    s: SessionDep,
    data: Annotated[ChildCreate, Depends(json_body(ChildCreate))],
) -> ChildOut:
    return child_out(child_store.replace_child(s, child, data))


@router.delete("/{child_id}", status_code=204)
def delete_child(child: ManagedChild, s: SessionDep) -> None:
    """Removes the child with every episode, night and waking logged for them."""
    entry_store.delete(s, child)


@router.get("/{child_id}/insights")
def child_insights(
    household_id: Id,
    child: ReadableChild,
    s: SessionDep,
    since: Day | None = None,
    until: Day | None = None,
) -> dict[str, Any]:
    """Every measure of the child's records that began on the local dates since..until (both
    included; all records by default), with intervals, counts and the norms for the child's
    age (docs/insights.md)."""
    log = child_log_dates(s, household_id, child, since=since, until=until)
    return summary.child_json(summary.of_child(log))


@router.get(
    "/{child_id}/report",
    responses={200: {"content": {"text/html": {}, "application/pdf": {}}}},
)
def child_report(
    household_id: Id,
    child: ReadableChild,
    s: SessionDep,
    week: Annotated[str, Query(description="ISO week, such as 2026-W48")],
    format: Annotated[str, Query(pattern="^(html|pdf|json)$")] = "html",
) -> Response:
    """The child's weekly report (docs/insights.md), as a page, a PDF or its JSON twin."""
    r = weekly_report(s, household_id, child, week)
    headers = {"Cache-Control": "no-store"}
    if format == "pdf":
        return Response(weekly.to_pdf(r), media_type="application/pdf", headers=headers)
    if format == "json":
        return JSONResponse(weekly.to_json(r), headers=headers)
    return HTMLResponse(weekly.to_html(r), headers=headers)
