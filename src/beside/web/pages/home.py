"""Signing in, and the first page after it: one's households and children."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from beside.errors import Forbidden, NotFound
from beside.insights.against_norms import age_words
from beside.journal import access, members
from beside.journal import children as child_store
from beside.journal import households as household_store
from beside.journal.access import Action
from beside.journal.schema import Role
from beside.records.ages import age_days
from beside.web.deps import Id, NowDep, store_session
from beside.web.pages.views import caller_or_none, not_found, page, sign_in_first

router = APIRouter(include_in_schema=False)

#: where a page may send someone after signing in: our own paths only (no open redirect)
Next = Annotated[
    str, Query(alias="next", pattern=r"^/([A-Za-z0-9_\-][A-Za-z0-9/_\-]*)?$", max_length=200)
]


@router.get("/login", response_class=HTMLResponse)
def login(request: Request, then: Next = "/") -> Response:
    return page(request, "login.html.j2", title="Sign in", then=then)


@router.get("/signup", response_class=HTMLResponse)
def signup(request: Request, then: Next = "/") -> Response:
    return page(request, "signup.html.j2", title="Make an account", then=then)


@router.get("/households/{household_id}/children/new", response_class=HTMLResponse)
async def new_child(household_id: Id, request: Request, at: NowDep) -> Response:
    """The form that adds a child, for someone who may log in this household."""
    caller = await caller_or_none(request, at)
    if caller is None:
        return sign_in_first(request)
    try:
        async with store_session(request, write=False) as s:
            access.require(s, caller.user.id, household_id, Action.LOG)
            house = household_store.household(s, household_id)
    except NotFound:
        return not_found(request)
    except Forbidden:
        return page(request, "not_allowed.html.j2", status=403, title="Read only")
    return page(
        request,
        "child_new.html.j2",
        title="Add a child",
        household=house.name,
        post=f"/api/v1/households/{household_id}/children",
        then=f"/households/{household_id}/children/{{id}}/now",
    )


@router.get("/", response_class=HTMLResponse)
async def home(request: Request, at: NowDep) -> Response:
    caller = await caller_or_none(request, at)
    if caller is None:
        return sign_in_first(request)
    today = at.date()
    async with store_session(request, write=False) as s:
        households = [
            {
                "name": house.name,
                "role": role.value,
                "people": f"/households/{house.id}",
                "add_child": f"/households/{house.id}/children/new"
                if Action.LOG in access.ALLOWED[role]
                else None,
                "children": [
                    {
                        "name": child.name,
                        "age": _age(today, child.birth_date),
                        "now": f"/households/{house.id}/children/{child.id}/now",
                        "overview": f"/households/{house.id}/children/{child.id}/overview",
                    }
                    for child in child_store.children_of(s, house.id)
                ],
            }
            for house, role in members.households_of(s, caller.user)
        ]
    return page(
        request,
        "home.html.j2",
        title="Home",
        name=caller.user.display_name,
        households=households,
        coaching=any(h["role"] == Role.COACH.value for h in households),
    )


def _age(today: date, birth_date: date) -> str:
    days = age_days(today, birth_date)
    return "not born yet" if days < 0 else age_words(days)
