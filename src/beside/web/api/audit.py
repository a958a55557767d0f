"""The audit logs (``journal.audit``): your account's, and, for its owner, a household's."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from beside.journal import audit
from beside.journal.access import Action
from beside.web.api.paging import Limit, Offset
from beside.web.api_models import AccountEvent, HouseholdEvent, Page
from beside.web.deps import CurrentUser, Id, SessionDep, household_role

router = APIRouter()


@router.get("/auth/events")
def account_events(
    s: SessionDep, user: CurrentUser, limit: Limit = 100, offset: Offset = 0
) -> Page[AccountEvent]:
    """Your account's security events, newest first: sign-ins (and failed ones) with the
    address they came from, password changes, API tokens made and ended."""
    rows = [
        AccountEvent(at=row.at, kind=row.kind, address=row.address, detail=row.detail)
        for row in audit.account_events(s, user, limit=limit + 1, offset=offset)
    ]
    return Page[AccountEvent].of(rows, offset=offset, limit=limit)


@router.get(
    "/households/{household_id}/audit", dependencies=[Depends(household_role(Action.MANAGE))]
)
def household_events(
    household_id: Id, s: SessionDep, limit: Limit = 100, offset: Offset = 0
) -> Page[HouseholdEvent]:
    """The household's security events, newest first (the owner's to read): invitations
    sent, resent, cancelled and accepted, members removed or leaving, exports and imports."""
    rows = [
        HouseholdEvent(at=row.at, kind=row.kind, by=name, detail=row.detail)
        for row, name in audit.household_events(s, household_id, limit=limit + 1, offset=offset)
    ]
    return Page[HouseholdEvent].of(rows, offset=offset, limit=limit)
