"""Who is in a household: members, invitations (send, list, cancel, resend, accept),
removing and leaving, and deleting the household. The rules are ``journal.members``."""

from __future__ import annotations

from datetime import tzinfo
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from beside.journal import households as household_store
from beside.journal import members
from beside.journal.access import Action
from beside.journal.schema import InvitationRow, Role
from beside.web.api.paging import Limit, Offset
from beside.web.api_models import (
    HouseholdChange,
    HouseholdOut,
    InvitationAccept,
    InvitationCreate,
    InvitationOut,
    InvitationPage,
    InvitationSent,
    MemberOut,
    Page,
    in_zone,
)
from beside.web.deps import (
    CurrentUser,
    HouseholdZone,
    Id,
    NowDep,
    SessionDep,
    body_doc,
    household_role,
    json_body,
)

router = APIRouter()
H = "/households/{household_id}"


def _out(row: InvitationRow, tz: tzinfo) -> InvitationOut:
    times = in_zone({"sent_at": row.sent_at, "expires_at": row.expires_at}, tz)
    return InvitationOut(id=row.id, email=row.email, role=row.role, **times)


def _sent(sent: members.Sent, tz: tzinfo) -> InvitationSent:
    return InvitationSent(
        **_out(sent.invitation, tz).model_dump(),
        token=sent.token,
        path=f"/invitations/accept#{sent.token}",
    )


@router.post(H + "/invitations", status_code=201, openapi_extra=body_doc(InvitationCreate))
def invite(
    household_id: Id,
    tz: HouseholdZone,
    s: SessionDep,
    user: CurrentUser,
    at: NowDep,
    data: Annotated[InvitationCreate, Depends(json_body(InvitationCreate))],
) -> InvitationSent:
    """A one-time link for one e-mail address to join as caregiver, viewer or coach, valid
    for 7 days. An earlier pending invitation to the same address is cancelled."""
    sent = members.invite(s, user, household_id, role=data.role, email=data.email, now=at)
    return _sent(sent, tz)


@router.get(H + "/invitations", dependencies=[Depends(household_role(Action.MANAGE))])
def list_invitations(
    household_id: Id,
    tz: HouseholdZone,
    s: SessionDep,
    at: NowDep,
    limit: Limit = 100,
    offset: Offset = 0,
) -> InvitationPage:
    """Pending invitations, newest first."""
    rows = members.invitations(s, household_id, now=at, limit=limit + 1, offset=offset)
    return InvitationPage.of([_out(r, tz) for r in rows], offset=offset, limit=limit)


@router.delete(H + "/invitations/{invitation_id}", status_code=204)
def cancel_invitation(
    household_id: Id, invitation_id: Id, s: SessionDep, user: CurrentUser, at: NowDep
) -> None:
    """The link stops working at once."""
    members.cancel(s, user, household_id, invitation_id, now=at)


@router.post(H + "/invitations/{invitation_id}/resend", status_code=201)
def resend_invitation(
    household_id: Id,
    tz: HouseholdZone,
    invitation_id: Id,
    s: SessionDep,
    user: CurrentUser,
    at: NowDep,
) -> InvitationSent:
    """A new link, valid for 7 days from now; the old link stops working."""
    return _sent(members.resend(s, user, household_id, invitation_id, now=at), tz)


@router.post("/invitations/accept", status_code=201, openapi_extra=body_doc(InvitationAccept))
def accept_invitation(
    s: SessionDep,
    user: CurrentUser,
    at: NowDep,
    data: Annotated[InvitationAccept, Depends(json_body(InvitationAccept))],
) -> HouseholdOut:
    """Join with the signed-in account; it must have the e-mail address invited."""
    membership = members.accept(s, user, data.token, now=at)
    row = household_store.household(s, membership.household_id)
    return HouseholdOut(id=row.id, name=row.name, time_zone=row.time_zone, role=membership.role)


@router.get(H + "/members", dependencies=[Depends(household_role(Action.READ))])
def list_members(
    household_id: Id, s: SessionDep, limit: Limit = 100, offset: Offset = 0
) -> Page[MemberOut]:
    rows = [
        MemberOut(user_id=u.id, display_name=u.display_name, email=u.email, role=role)
        for u, role in members.members(s, household_id, limit=limit + 1, offset=offset)
    ]
    return Page[MemberOut].of(rows, offset=offset, limit=limit)


@router.delete(H + "/members/{user_id}", status_code=204)
def remove_member(
    household_id: Id, user_id: Id, s: SessionDep, user: CurrentUser, at: NowDep
) -> None:
    """The member loses access at once; invitations still pending for them are cancelled."""
    members.remove(s, user, household_id, user_id, now=at)


@router.delete(H + "/coaches/{user_id}", status_code=204)
def revoke_coach(
    household_id: Id, user_id: Id, s: SessionDep, user: CurrentUser, at: NowDep
) -> None:
    """The coach loses access at once, and no older link of theirs works."""
    members.remove(s, user, household_id, user_id, now=at, role=Role.COACH)


@router.post(H + "/leave", status_code=204, dependencies=[Depends(household_role(Action.READ))])
def leave(household_id: Id, s: SessionDep, user: CurrentUser, at: NowDep) -> None:
    """Leave the household (the owner cannot; the owner may delete it)."""
    members.leave(s, user, household_id, now=at)


@router.patch(H, openapi_extra=body_doc(HouseholdChange))
def change_household(
    household_id: Id,
    s: SessionDep,
    user: CurrentUser,
    at: NowDep,
    data: Annotated[HouseholdChange, Depends(json_body(HouseholdChange))],
) -> HouseholdOut:
    """Rename the household, or move it to another clock (a family that moved): entries
    already written keep their times and evenings; new ones are read in the new zone."""
    row = members.change_household(
        s, user, household_id, name=data.name, time_zone=data.time_zone, now=at
    )
    return HouseholdOut(id=row.id, name=row.name, time_zone=row.time_zone, role=Role.OWNER)


@router.delete(H, status_code=204)
def delete_household(
    household_id: Id,
    s: SessionDep,
    user: CurrentUser,
    confirm: Annotated[str, Query(max_length=120, description="the household's name")],
) -> None:
    """Delete the household and everything in it, for good. ``confirm`` must be its name.
    Export it first (``GET .../export``) to keep a copy."""
    members.delete_household(s, user, household_id, confirm=confirm)
