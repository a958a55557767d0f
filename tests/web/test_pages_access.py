"""The moment pages check access as the API does (issue 12), on SQLite and PostgreSQL: the
owner and a caregiver log; a viewer and a coach read the page but may not log (403); someone
from another household finds nothing (404); without the page's CSRF token nothing is
written; signed out, the page sends you to sign in and back."""

from __future__ import annotations

from datetime import UTC, date, datetime

from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from beside.journal import access, members
from beside.journal import children as child_store
from beside.journal import households as household_store
from beside.journal.schema import EpisodeRow, Role
from beside.records import Child
from beside.web.csrf import csrf_token
from tests.web.api_client import PASSWORD

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def _page_session(client: TestClient, email: str) -> dict[str, str]:
    r = client.post("/api/v1/auth/session", json={"email": email, "password": PASSWORD})
    assert r.status_code == 204, r.text
    secret = r.cookies["beside_session"]
    client.cookies.clear()
    return {"cookie": f"beside_session={secret}", "X-CSRF-Token": csrf_token(secret)}


def test_who_may_log_in_the_moment(client: TestClient, engine: Engine) -> None:
    with Session(engine) as s:
        people = {
            name: access.sign_up(
                s, email=f"{name}@example.org", display_name=name, password=PASSWORD, now=NOW
            )
            for name in ("owner", "carer", "viewer", "coach", "stranger")
        }
        house = members.create_owned_household(
            s, people["owner"], name="Home", time_zone="UTC", now=NOW
        )
        for name, role in (
            ("carer", Role.CAREGIVER),
            ("viewer", Role.VIEWER),
            ("coach", Role.COACH),
        ):
            household_store.add_member(s, house.id, people[name].id, role, now=NOW)
        members.create_owned_household(s, people["stranger"], name="Away", time_zone="UTC", now=NOW)
        child = child_store.add_child(s, house.id, Child(name="Ivo", birth_date=date(2026, 1, 5)))
        s.commit()
        path = f"/households/{house.id}/children/{child.id}/now"
    upset = {"peak_distress": 5}
    expected = {"owner": 200, "carer": 200, "viewer": 403, "coach": 403, "stranger": 404}
    for name, status in expected.items():
        headers = _page_session(client, f"{name}@example.org")
        page = client.get(path, headers=headers)
        assert page.status_code == (404 if name == "stranger" else 200), (name, page.text)
        assert page.headers["content-type"].startswith("text/html")  # a page, even a 404
        r = client.post(f"{path}/upset", json=upset, headers=headers)
        assert r.status_code == status, (name, r.text)
    owner = _page_session(client, "owner@example.org")
    no_token = {"cookie": owner["cookie"]}
    assert client.post(f"{path}/upset", json=upset, headers=no_token).status_code == 403
    with Session(engine) as s:
        assert s.scalar(select(func.count()).select_from(EpisodeRow)) == 2

    signed_out = client.get(path, follow_redirects=False)
    assert signed_out.status_code == 303
    assert signed_out.headers["location"] == f"/login?next={path}"
