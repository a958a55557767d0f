"""A household's records out (one JSON document) and back in (all or nothing). Both are the
owner's: an export holds everything the household ever logged."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from beside.journal import export as exporting
from beside.journal import transfer
from beside.journal.access import Action
from beside.records.document import JournalDocument
from beside.web.api_models import ImportCounts
from beside.web.deps import CurrentUser, Id, NowDep, SessionDep, body_doc, household_role
from beside.web.limits import MAX_IMPORT_BYTES

router = APIRouter(prefix="/households/{household_id}")
MANAGE = [Depends(household_role(Action.MANAGE))]


@router.get("/export", dependencies=MANAGE)
def export(household_id: Id, s: SessionDep, with_emails: bool = False) -> Response:
    """Everything the household logged, as one JSON document (the format ``import`` reads);
    members' e-mails (who logged what) only with ``with_emails=true``."""
    return Response(
        exporting.export_json(s, household_id, with_emails=with_emails),
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
