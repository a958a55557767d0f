"""The coach's side: the households that invited them, and notes. Coaches read a
household's records and leave notes, never write records (``journal.access.ALLOWED``);
how they join and are removed is ``web.api.members``.
"""

from __future__ import annotations

from datetime import tzinfo
from typing import Annotated

from fastapi import APIRouter, Depends

from beside.journal import members, notes
from beside.journal.access import Action
from beside.journal.schema import NoteRow, UserRow
from beside.web.api.paging import Limit, Offset
from beside.web.api_models import CoachedHousehold, NoteCreate, NoteOut, Page
from beside.web.deps import (
    CurrentUser,
    HouseholdZone,
    Id,
    NowDep,
    OptionalId,
    SessionDep,
    body_doc,
    household_role,
    json_body,
)

router = APIRouter()


@router.get("/coach/households")
def coached_households(
    s: SessionDep, user: CurrentUser, limit: Limit = 100, offset: Offset = 0
) -> Page[CoachedHousehold]:
    """Every household that invited you as their coach."""
    rows = [
        CoachedHousehold(id=h.id, name=h.name, time_zone=h.time_zone)
        for h in members.households_for_coach(s, user, limit=limit + 1, offset=offset)
    ]
    return Page[CoachedHousehold].of(rows, offset=offset, limit=limit)


def note_out(row: NoteRow, author: UserRow | None, tz: tzinfo) -> NoteOut:
    return NoteOut(
        id=row.id,
        child_id=row.child_id,
        author=author.display_name if author else "",
        text=row.text,
        tags=list(row.tags),
        written_at=row.created_at.astimezone(tz),
    )


@router.post(
    "/households/{household_id}/notes",
    status_code=201,
    dependencies=[Depends(household_role(Action.NOTE))],
    openapi_extra=body_doc(NoteCreate),
)
def add_note(
    household_id: Id,
    tz: HouseholdZone,
    s: SessionDep,
    user: CurrentUser,
    at: NowDep,
    data: Annotated[NoteCreate, Depends(json_body(NoteCreate))],
) -> NoteOut:
    row = notes.add_note(
        s,
        household_id,
        author_id=user.id,
        text=data.text,
        child_id=data.child_id,
        tags=data.tags,
        now=at,
    )
    return note_out(row, user, tz)


@router.get("/households/{household_id}/notes", dependencies=[Depends(household_role(Action.READ))])
def list_notes(
    household_id: Id,
    tz: HouseholdZone,
    s: SessionDep,
    child_id: OptionalId = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Page[NoteOut]:
    """Newest first."""
    rows = notes.list_notes(s, household_id, child_id=child_id, limit=limit + 1, offset=offset)
    out = [note_out(r, s.get(UserRow, r.author_id), tz) for r in rows]
    return Page[NoteOut].of(out, offset=offset, limit=limit)
