"""A household's people (issue 12, item 6): its members and their roles, the invitations
still open, and for the owner a form to invite a caregiver, a viewer or a coach, cancel an
invitation, or remove someone (a coach loses access at once). An invitation is accepted
on its own page by an explicit tap (a POST), never by opening the link (item 9). The rules
are ``journal.members``; these pages only show them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from zoneinfo import available_timezones

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from beside.errors import NotFound
from beside.journal import access, members
from beside.journal import households as household_store
from beside.journal.access import Action
from beside.journal.schema import Role, UserRow
from beside.web.api_models import InvitationCreate
from beside.web.deps import CurrentUser, Id, NowDep, SessionDep, json_body, store_session
from beside.web.pages.views import caller_or_none, not_found, page, sign_in_first

router = APIRouter(include_in_schema=False)

HOUSEHOLD = "/households/{household_id}"
ROLE_WORDS = {
    Role.OWNER: "owner",
    Role.CAREGIVER: "caregiver: reads and logs",
    Role.VIEWER: "viewer: reads",
    Role.COACH: "coach: reads and writes notes",
}
#: The clocks offered as one types one (any IANA zone is accepted).
ZONES = sorted(available_timezones() - {"Factory", "localtime"})
#: The roles an owner may invite, in the order offered.
INVITABLE = (Role.CAREGIVER, Role.VIEWER, Role.COACH)


def _origin(request: Request) -> str:
    public: str | None = request.app.state.settings.public_url
    return public or str(request.base_url).rstrip("/")


def people(
    s: Session,
    user: UserRow,
    household_id: str,
    at: datetime,
    *,
    link: str | None = None,
    invited: str | None = None,
) -> dict[str, Any]:
    """What the people section shows to ``user`` (a member: NotFound otherwise)."""
    role = access.require(s, user.id, household_id, Action.READ)
    manages = Action.MANAGE in access.ALLOWED[role]
    base = HOUSEHOLD.format(household_id=household_id)
    return {
        "base": base,
        "manages": manages,
        "members": [
            {
                "name": person.display_name,
                "email": person.email,
                "role": ROLE_WORDS[r],
                "remove": f"{base}/people/{person.id}/remove"
                if manages and r is not Role.OWNER
                else None,
                "you": person.id == user.id,
            }
            for person, r in members.members(s, household_id)
        ],
        "invitations": [
            {
                "email": row.email,
                "role": ROLE_WORDS[row.role],
                "until": row.expires_at.strftime("%-d %B"),
                "cancel": f"{base}/invitations/{row.id}/cancel",
            }
            for row in members.invitations(s, household_id, now=at)
        ]
        if manages
        else [],
        "roles": [(r.value, ROLE_WORDS[r]) for r in INVITABLE],
        "link": link,
        "invited": invited,
    }


@router.get(HOUSEHOLD, response_class=HTMLResponse)
async def household_page(household_id: Id, request: Request, at: NowDep) -> Response:
    caller = await caller_or_none(request, at)
    if caller is None:
        return sign_in_first(request)
    try:
        async with store_session(request, write=False) as s:
            context = people(s, caller.user, household_id, at)
            house = household_store.household(s, household_id)
    except NotFound:
        return not_found(request)
    return page(
        request,
        "household.html.j2",
        title=house.name,
        household=house.name,
        household_id=household_id,
        time_zone=house.time_zone,
        zones=ZONES,
        **context,
    )


@router.post(HOUSEHOLD + "/invite", response_class=HTMLResponse)
def invite(
    household_id: Id,
    request: Request,
    s: SessionDep,
    user: CurrentUser,
    at: NowDep,
    data: Annotated[InvitationCreate, Depends(json_body(InvitationCreate))],
) -> Response:
    """A one-time link for the address, shown once to pass on (no mail is sent)."""
    sent = members.invite(s, user, household_id, role=data.role, email=data.email, now=at)
    link = f"{_origin(request)}/invitations/accept#{sent.token}"
    context = people(s, user, household_id, at, link=link, invited=data.email)
    return page(request, "people.html.j2", **context)


@router.post(HOUSEHOLD + "/invitations/{invitation_id}/cancel", response_class=HTMLResponse)
def cancel(
    household_id: Id,
    invitation_id: Id,
    request: Request,
    s: SessionDep,
    user: CurrentUser,
    at: NowDep,
) -> Response:
    members.cancel(s, user, household_id, invitation_id, now=at)
    return page(request, "people.html.j2", **people(s, user, household_id, at))


@router.post(HOUSEHOLD + "/people/{user_id}/remove", response_class=HTMLResponse)
def remove(
    household_id: Id, user_id: Id, request: Request, s: SessionDep, user: CurrentUser, at: NowDep
) -> Response:
    """The person loses access at once (a coach's view, too)."""
    members.remove(s, user, household_id, user_id, now=at)
    return page(request, "people.html.j2", **people(s, user, household_id, at))


@router.get("/invitations/accept", response_class=HTMLResponse)
async def accept_page(request: Request, at: NowDep) -> Response:
    """The invitation link's page. The token is in the link's fragment, which the browser
    never sends: the Join button posts it (``app.js``), and only then is anyone let in."""
    caller = await caller_or_none(request, at)
    return page(
        request,
        "accept.html.j2",
        title="An invitation",
        name=None if caller is None else caller.user.display_name,
        email=None if caller is None else caller.user.email,
    )
