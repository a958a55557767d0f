"""A child's naps: log (whole, or asleep now and awake later), list, read, change, remove."""

from __future__ import annotations

from datetime import tzinfo
from typing import Annotated

from fastapi import APIRouter, Depends, Response

from beside.journal import entries as entry_store
from beside.journal import naps, quick_log
from beside.journal.schema import NapRow
from beside.records.models import Nap
from beside.records.times import Instant
from beside.web.api.paging import Limit, Offset, created_response, page_response
from beside.web.api_models import NapCreate, NapEnd, NapOut, NapPage, NapStart, in_zone
from beside.web.deps import (
    CurrentUser,
    HouseholdZone,
    Id,
    NowDep,
    ReadableChild,
    SessionDep,
    WritableChild,
    body_doc,
    json_body,
)

router = APIRouter(prefix="/households/{household_id}/children/{child_id}/naps")


def nap_out(row: NapRow, tz: tzinfo) -> NapOut:
    fields = {**entry_store.record_fields(Nap, row), "logged_at": row.created_at}
    return NapOut(
        id=row.id,
        child_id=row.child_id,
        in_progress=row.end is None,
        logged_by=row.created_by,
        **in_zone(fields, tz),
    )


@router.post("", status_code=201, openapi_extra=body_doc(NapCreate))
def log_nap(
    child: WritableChild,
    tz: HouseholdZone,
    user: CurrentUser,
    s: SessionDep,
    at: NowDep,
    data: Annotated[NapCreate, Depends(json_body(NapCreate))],
) -> NapOut:
    """A whole nap, or one still going (no ``end`` yet)."""
    return nap_out(naps.log_nap(s, child, data, by=user.id, now=at), tz)


@router.post("/now", status_code=201, response_model=NapOut, openapi_extra=body_doc(NapStart))
def start_nap_now(
    child: WritableChild,
    tz: HouseholdZone,
    user: CurrentUser,
    s: SessionDep,
    at: NowDep,
    data: Annotated[NapStart, Depends(json_body(NapStart))],
) -> Response:
    """Asleep now (or minutes ago): a nap that ends when the child wakes."""
    return created_response(
        nap_out(quick_log.start_nap_now(s, child, data, by=user.id, now=at), tz)
    )


@router.get("", response_model=NapPage)
def list_naps(
    child: ReadableChild,
    tz: HouseholdZone,
    s: SessionDep,
    since: Instant | None = None,
    until: Instant | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    """Naps that began in [since, until), oldest first."""
    rows = naps.list_naps(s, child, since=since, until=until, limit=limit + 1, offset=offset)
    page = NapPage.of([nap_out(r, tz) for r in rows], offset=offset, limit=limit)
    return page_response(page)


@router.get("/{nap_id}")
def get_nap(nap_id: Id, child: ReadableChild, tz: HouseholdZone, s: SessionDep) -> NapOut:
    return nap_out(naps.get_nap(s, child, nap_id), tz)


@router.put("/{nap_id}", openapi_extra=body_doc(NapCreate))
def replace_nap(
    nap_id: Id,
    child: WritableChild,
    tz: HouseholdZone,
    s: SessionDep,
    at: NowDep,
    data: Annotated[NapCreate, Depends(json_body(NapCreate))],
) -> NapOut:
    return nap_out(naps.replace_nap(s, naps.get_nap(s, child, nap_id), data, now=at), tz)


@router.post("/{nap_id}/end", openapi_extra=body_doc(NapEnd))
def end_nap(
    nap_id: Id,
    child: WritableChild,
    tz: HouseholdZone,
    s: SessionDep,
    at: NowDep,
    data: Annotated[NapEnd, Depends(json_body(NapEnd))],
) -> NapOut:
    """Awake: the nap still going ends now (or minutes ago)."""
    row = quick_log.end_nap_now(s, naps.get_nap(s, child, nap_id), data, now=at)
    return nap_out(row, tz)


@router.delete("/{nap_id}", status_code=204)
def delete_nap(nap_id: Id, child: WritableChild, s: SessionDep) -> None:
    entry_store.delete(s, naps.get_nap(s, child, nap_id))
