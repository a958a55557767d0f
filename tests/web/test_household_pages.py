"""The pages that start a journal (issue 12): the sign-up page is open to all; adding a
child is for those who may log in the household (a viewer is told the journal is read-only,
a stranger finds nothing); signed out, the page sends you to sign in and back."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from beside.journal import access, members
from beside.journal import households as household_store
from beside.journal.schema import Role
from tests.web.api_client import PASSWORD
from tests.web.test_pages_access import NOW, _page_session


def test_who_may_add_a_child(client: TestClient, engine: Engine) -> None:
    with Session(engine) as s:
        people = {
            name: access.sign_up(
                s, email=f"{name}@example.org", display_name=name, password=PASSWORD, now=NOW
            )
            for name in ("owner", "carer", "viewer", "stranger")
        }
        house = members.create_owned_household(
            s, people["owner"], name="Home", time_zone="UTC", now=NOW
        )
        household_store.add_member(s, house.id, people["carer"].id, Role.CAREGIVER, now=NOW)
        household_store.add_member(s, house.id, people["viewer"].id, Role.VIEWER, now=NOW)
        s.commit()
        path = f"/households/{house.id}/children/new"
    assert client.get("/signup").status_code == 200
    signed_out = client.get(path, follow_redirects=False)
    assert signed_out.headers["location"] == f"/login?next={path}"
    for name, status, words in (
        ("owner", 200, "Add a child"),
        ("carer", 200, "Add a child"),
        ("viewer", 403, "Read only"),
        ("stranger", 404, "Not here"),
    ):
        page = client.get(path, headers=_page_session(client, f"{name}@example.org"))
        assert (page.status_code, words in page.text) == (status, True), name
    home = client.get("/", headers=_page_session(client, "viewer@example.org")).text
    assert path not in home  # no link to what a viewer may not do
    home = client.get("/", headers=_page_session(client, "carer@example.org")).text
    assert path in home


def test_only_the_owner_invites_and_removes(client: TestClient, engine: Engine) -> None:
    """The people page shows a caregiver who is there, but only the owner gets the forms;
    a caregiver's invite or removal through the page's own routes is refused (403), a
    stranger's is not found (404), and nothing changes."""
    with Session(engine) as s:
        people = {
            name: access.sign_up(
                s, email=f"{name}@example.org", display_name=name, password=PASSWORD, now=NOW
            )
            for name in ("owner", "carer", "stranger")
        }
        house = members.create_owned_household(
            s, people["owner"], name="Home", time_zone="UTC", now=NOW
        )
        household_store.add_member(s, house.id, people["carer"].id, Role.CAREGIVER, now=NOW)
        s.commit()
        base, carer_id = f"/households/{house.id}", people["carer"].id
    invite = {"email": "new@example.org", "role": "viewer"}
    for name, status in (("carer", 403), ("stranger", 404)):
        headers = _page_session(client, f"{name}@example.org")
        assert client.post(f"{base}/invite", json=invite, headers=headers).status_code == status
        gone = client.post(f"{base}/people/{carer_id}/remove", headers=headers)
        assert gone.status_code == status
    carer_page = client.get(base, headers=_page_session(client, "carer@example.org")).text
    assert "Invite someone" not in carer_page
    assert "Delete this household" not in carer_page
    assert "/export" not in carer_page
    assert "carer" in carer_page
    owner = _page_session(client, "owner@example.org")
    assert "Delete this household" in client.get(base, headers=owner).text
    made = client.post(f"{base}/invite", json=invite, headers=owner)
    assert made.status_code == 200
    assert "/invitations/accept#" in made.text
    assert "new@example.org" in made.text
    assert client.post(f"{base}/people/{carer_id}/remove", headers=owner).status_code == 200
    assert "carer@example.org" not in client.get(base, headers=owner).text
