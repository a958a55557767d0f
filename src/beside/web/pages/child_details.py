"""A child's details (issue 12, item 6): birth date, due date (ages are corrected from it
for a baby born early), two temperament questions in a parent's words, day care and older
siblings. These shape the what-if's simulated children (C14) and the ages the norms are
read at. The form replaces the child through the API's own route (``PUT .../children/{c}``,
checked by ``records``); whoever may log may change them, the others read them."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from beside.errors import NotFound
from beside.journal import access
from beside.journal import children as child_store
from beside.journal.access import Action
from beside.records.enums import TraitLevel
from beside.web.deps import Id, NowDep, store_session
from beside.web.pages.views import caller_or_none, not_found, page, sign_in_first

router = APIRouter(include_in_schema=False)

DETAILS = "/households/{household_id}/children/{child_id}/details"

#: The temperament questions (C14), each answer a band of the trait.
SENSITIVITY = (
    "How much do noise, bright light, new places or a busy day affect {name}?",
    {TraitLevel.LOW: "Hardly at all", TraitLevel.MEDIUM: "Somewhat", TraitLevel.HIGH: "A lot"},
)
REACTIVITY = (
    "When {name} gets upset, how strong and how sudden is it?",
    {
        TraitLevel.LOW: "Mild, and it builds slowly",
        TraitLevel.MEDIUM: "In between",
        TraitLevel.HIGH: "Strong, all at once",
    },
)


@router.get(DETAILS, response_class=HTMLResponse)
async def details_page(household_id: Id, child_id: Id, request: Request, at: NowDep) -> Response:
    caller = await caller_or_none(request, at)
    if caller is None:
        return sign_in_first(request)
    try:
        async with store_session(request, write=False) as s:
            role = access.require(s, caller.user.id, household_id, Action.READ)
            child = child_store.get_child(s, household_id, child_id)
    except NotFound:
        return not_found(request)
    ids = {"household_id": household_id, "child_id": child_id}
    questions = [
        {
            "field": field,
            "question": question.format(name=child.name),
            "answers": [(level.value, words) for level, words in answers.items()],
            "value": getattr(child, field).value,
        }
        for field, (question, answers) in (
            ("sensitivity", SENSITIVITY),
            ("reactivity", REACTIVITY),
        )
    ]
    return page(
        request,
        "child_details.html.j2",
        title=f"{child.name}'s details",
        child=child,
        may_change=Action.LOG in access.ALLOWED[role],
        put=f"/api/v1/households/{household_id}/children/{child_id}",
        overview=DETAILS.format(**ids).removesuffix("/details") + "/overview",
        questions=questions,
    )
