"""Coach access and notes. An owner invites a coach by a one-time link and can revoke them
at any time; the coach reads the household's records and leaves notes, never writes records.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from beside.journal import access, notes
from beside.journal import repository as repo
from beside.journal.access import Action
from beside.journal.schema import NoteRow, UserRow
from beside.web.api.paging import Limit, Offset
from beside.web.api_models import (
    CoachedHousehold,
    HouseholdOut,
    InvitationAccept,
    InvitationOut,
    MemberOut,
    NoteCreate,
    NoteOut,
)
from beside.web.deps import (
    CurrentUser,
    Id,
    NowDep,
    OptionalId,
    SessionDep,
    body_doc,
    household_role,
    json_body,
)

router = APIRouter()
INVITE_DAYS = int(access.INVITE_TTL.total_seconds() // 86400)


@router.post(
    "/households/{household_id}/invitations",
    status_code=201,
    dependencies=[Depends(household_role(Action.MANAGE))],
)
def invite_coach(household_id: Id, s: SessionDep, user: CurrentUser, at: NowDep) -> InvitationOut:
    """A one-time link for a coach, valid for 7 days."""
    token = access.invite_coach(s, user, household_id, now=at)
    return InvitationOut(token=token, path=f"/invitations/{token}", expires_in_days=INVITE_DAYS)


@router.post("/invitations/accept", status_code=201, openapi_extra=body_doc(InvitationAccept))
def accept_invitation(
    s: SessionDep,
    user: CurrentUser,
    at: NowDep,
    data: Annotated[InvitationAccept, Depends(json_body(InvitationAccept))],
) -> HouseholdOut:
    membership = access.accept_invite(s, user, data.token, now=at)
    house = membership.household_id
    role = membership.role
    row = repo.household(s, house)
    return HouseholdOut(id=row.id, name=row.name, time_zone=row.time_zone, role=role)


@router.get("/coach/households")
def coached_households(s: SessionDep, user: CurrentUser) -> list[CoachedHousehold]:
    """Every household that invited you as their coach."""
    return [
        CoachedHousehold(id=h.id, name=h.name, time_zone=h.time_zone)
        for h in access.households_for_coach(s, user)
    ]


@router.get(
    "/households/{household_id}/members", dependencies=[Depends(household_role(Action.READ))]
)
def list_members(household_id: Id, s: SessionDep) -> list[MemberOut]:
    return [
        MemberOut(user_id=u.id, display_name=u.display_name, email=u.email, role=role)
        for u, role in access.members(s, household_id)
    ]


@router.delete("/households/{household_id}/coaches/{user_id}", status_code=204)
def revoke_coach(household_id: Id, user_id: Id, s: SessionDep, user: CurrentUser) -> None:
    """The coach loses access at once."""
    access.revoke_coach(s, user, household_id, user_id)


def note_out(row: NoteRow, author: UserRow | None) -> NoteOut:
    return NoteOut(
        id=row.id,
        child_id=row.child_id,
        author=author.display_name if author else "",
        text=row.text,
        tags=list(row.tags),
        written_at=row.created_at,
    )


@router.post(
    "/households/{household_id}/notes",
    status_code=201,
    dependencies=[Depends(household_role(Action.NOTE))],
    openapi_extra=body_doc(NoteCreate),
)
def add_note(
    household_id: Id,
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
    return note_out(row, user)


@router.get("/households/{household_id}/notes", dependencies=[Depends(household_role(Action.READ))])
def list_notes(
    household_id: Id,
    s: SessionDep,
    child_id: OptionalId = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> list[NoteOut]:
    """Newest first."""
    rows = notes.list_notes(s, household_id, child_id=child_id, limit=limit, offset=offset)
    return [note_out(r, s.get(UserRow, r.author_id)) for r in rows]
