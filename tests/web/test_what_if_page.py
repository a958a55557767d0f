"""What-if on the server (issue 12, item 5), on SQLite and PostgreSQL: a member starts a
run with the page's session and token, polls its progress, and gets the differences with
the caution; the JSON twin carries the same result; another member cannot see someone
else's run; a bad ask is refused naming the field; a coach, who may only read, may run
one (it writes nothing to the journal)."""

from __future__ import annotations

import time

from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from beside.journal.schema import EpisodeRow, NightRow
from beside.study.what_if import CAUTION
from beside.web.csrf import CSRF_HEADER, csrf_token
from tests.web.api_client import PASSWORD, account, household_with_child


def _page(client: TestClient, name: str) -> dict[str, str]:
    signed = client.post(
        "/api/v1/auth/session", json={"email": f"{name}@example.org", "password": PASSWORD}
    )
    assert signed.status_code == 204, signed.text
    secret = signed.cookies["beside_session"]
    client.cookies.clear()
    return {"cookie": f"beside_session={secret}", CSRF_HEADER: csrf_token(secret)}


def _invite(client: TestClient, auth: dict[str, str], house: str, name: str, role: str) -> None:
    invited = client.post(
        f"/api/v1/households/{house}/invitations",
        headers=auth,
        json={"email": f"{name}@example.org", "role": role},
    )
    assert invited.status_code == 201, invited.text
    theirs = account(client, name)
    joined = client.post(
        "/api/v1/invitations/accept", headers=theirs, json={"token": invited.json()["token"]}
    )
    assert joined.status_code == 201, joined.text


def test_a_what_if_runs_in_the_background_and_is_its_starters_alone(
    client: TestClient, engine: Engine
) -> None:
    auth = account(client, "lea")
    house, child = household_with_child(client, auth, time_zone="UTC")
    _invite(client, auth, house, "coachy", "coach")
    _invite(client, auth, house, "dad", "caregiver")
    base = f"/households/{house}/children/{child}/what-if"
    lea = _page(client, "lea")
    form = client.get(base, headers=lea)
    assert form.status_code == 200
    assert "Staying close without picking them up" in form.text

    ask = {"strategies": ["responsive", "extinction"], "months": 2}
    started = client.post(base, headers=lea, json=ask)
    assert started.status_code == 200, started.text
    assert "<progress" in started.text
    poll = started.text.split('hx-get="')[1].split('"')[0]
    for _ in range(600):
        fragment = client.get(poll, headers=lea)
        assert fragment.status_code == 200, fragment.text
        if "<progress" not in fragment.text:
            break
        time.sleep(0.1)
    assert CAUTION.split(",")[0] in fragment.text
    assert "Wakings called out" in fragment.text
    twin = client.get(poll + ".json", headers=lea).json()
    assert twin["format"] == "beside-what-if-run"
    assert twin["progress"] == 1.0
    arms = twin["result"]["arms"]
    assert [a["strategy"] for a in arms] == ["responsive", "extinction"]
    assert arms[0]["outcomes"][0]["difference"] is None
    assert arms[1]["outcomes"][0]["difference"] is not None
    assert {c["claim"] for c in arms[1]["claims"]} == {"C3", "C5", "C10"}

    dad = _page(client, "dad")
    assert client.get(poll, headers=dad).status_code == 404  # lea's run, not his
    assert client.get(poll + ".json", headers=dad).status_code == 404

    bad = client.post(base, headers=dad, json={"strategies": ["responsive"], "months": 3})
    assert bad.status_code == 422
    assert bad.json()["error"]["violations"][0]["field"] == "strategies"
    far = client.post(
        base, headers=dad, json={"strategies": ["responsive", "extinction"], "months": 9}
    )
    assert far.status_code == 422
    assert far.json()["error"]["violations"][0]["field"] == "months"

    coach = _page(client, "coachy")
    assert client.post(base, headers=coach, json=ask).status_code == 200
    with Session(engine) as s:  # a what-if writes nothing to the journal
        assert s.scalar(select(func.count()).select_from(EpisodeRow)) == 0
        assert s.scalar(select(func.count()).select_from(NightRow)) == 0
