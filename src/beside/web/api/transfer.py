"""A household's records out (one JSON document) and back in (all or nothing). Both are the
owner's: an export holds everything the household ever logged."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from beside.journal import access, transfer
from beside.journal import export as exporting
from beside.journal.access import Action
from beside.records.document import JournalDocument
from beside.web.api_models import ImportCounts
from beside.web.deps import (
    CurrentUser,
    Id,
    NowDep,
    SessionDep,
    body_doc,
    caller_of,
    household_role,
    store_session,
)
from beside.web.limits import MAX_IMPORT_BYTES

router = APIRouter(prefix="/households/{household_id}")
MANAGE = [Depends(household_role(Action.MANAGE))]


@router.get("/export")
async def export(
    household_id: Id, request: Request, at: NowDep, with_emails: bool = False
) -> Response:
    """Everything the household logged, as one JSON document (the format ``import`` reads);
    members' e-mails (who logged what) only with ``with_emails=true``. The export is in the
    household's audit log: read in one transaction, logged in a second, one after the
    other (a request holding two of the pool's connections at once can wedge the server)."""
    caller = await caller_of(request, at, writing=False)
    async with store_session(request, write=False) as s:
        access.require(s, caller.user.id, household_id, Action.MANAGE)
        document = await run_in_threadpool(
            exporting.export_json, s, household_id, with_emails=with_emails
        )
    async with store_session(request, write=True) as s:
        exporting.record_export(s, household_id, by=caller.user.id, with_emails=with_emails, now=at)
    return Response(
        document,
        media_type="application/json",
        headers={"Content-Disposition": 'attachment; filename="beside-export.json"'},
    )


@router.post(
    "/import",
    status_code=201,
    dependencies=MANAGE,
    max_body_size=MAX_IMPORT_BYTES,
    openapi_extra=body_doc(JournalDocument),
)
async def import_document(
    household_id: Id,
    request: Request,
    s: SessionDep,
    user: CurrentUser,
    at: NowDep,
    merge: bool = False,
) -> ImportCounts:
    """Adds a ``beside export`` document's records to this household: every row is checked
    first, and one bad row means nothing is added (each bad row is named). Records that are
    here already (by their ids) are not added again: a second import changes nothing; a
    document with both known and new records needs ``merge=true`` to add the new ones."""
    body = await request.body()
    # Off the event loop: five years of records take about a second to parse, check and
    # write, and every other request would wait that long (issue 10). The session stays
    # this request's.
    counts = await run_in_threadpool(
        transfer.import_json, s, household_id, body, by=user.id, now=at, merge=merge
    )
    return ImportCounts(**counts, summary=transfer.summary_line(counts))
