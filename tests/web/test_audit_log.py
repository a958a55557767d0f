"""The audit log (issue 11): a person reads their account's security events, an owner their
household's; each is written with what it records, and none holds a secret."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from tests.web.api_client import PASSWORD, account, household_with_child

AUTH = "/api/v1/auth"


def _kinds(client: TestClient, path: str, auth: dict[str, str]) -> list[str]:
    r = client.get(path, headers=auth)
    assert r.status_code == 200, r.text
    return [e["kind"] for e in r.json()["items"]]


def test_an_account_reads_its_sign_ins_password_and_token_changes(client: TestClient) -> None:
    auth = account(client, "ann")
    ask = {"email": "ann@example.org", "password": PASSWORD}
    wrong = client.post(f"{AUTH}/token", json={**ask, "password": "not the password"})
    assert wrong.status_code == 401
    made = client.post(f"{AUTH}/token", json={**ask, "name": "chart", "scope": "read"})
    chart = made.json()["token"]
    tokens = client.get(f"{AUTH}/tokens", headers=auth).json()["items"]
    chart_id = next(t["id"] for t in tokens if t["name"] == "chart")
    assert client.delete(f"{AUTH}/tokens/{chart_id}", headers=auth).status_code == 204
    change = {"current_password": PASSWORD, "new_password": "another long passphrase"}
    assert client.post(f"{AUTH}/password", headers=auth, json=change).status_code == 200
    r = client.get(f"{AUTH}/events", headers=auth)
    events = r.json()["items"]
    assert [e["kind"] for e in events] == [
        "password_changed",
        "signed_in",  # the current password, checked
        "token_revoked",
        "token_created",
        "signed_in",
        "sign_in_failed",
        "token_created",
        "signed_in",
    ]
    assert events[-1]["address"] == "testclient"
    assert "'chart', read" in events[3]["detail"]
    text = r.text
    assert chart not in text
    assert auth["Authorization"].split()[1] not in text
    assert PASSWORD not in text
    # someone else's log holds none of it
    other = account(client, "bea")
    assert _kinds(client, f"{AUTH}/events", other) == ["token_created", "signed_in"]


def test_the_owner_reads_the_households_invitations_members_and_transfers(
    client: TestClient,
) -> None:
    owner = account(client, "cleo")
    house, _ = household_with_child(client, owner)
    base = f"/api/v1/households/{house}"
    coach = account(client, "coach-dan")
    sent = client.post(
        f"{base}/invitations",
        headers=owner,
        json={"email": "coach-dan@example.org", "role": "coach"},
    )
    token = sent.json()["token"]
    assert (
        client.post("/api/v1/invitations/accept", headers=coach, json={"token": token}).status_code
        == 201
    )
    spare = client.post(
        f"{base}/invitations", headers=owner, json={"email": "gran@example.org", "role": "viewer"}
    ).json()
    assert client.delete(f"{base}/invitations/{spare['id']}", headers=owner).status_code == 204
    exported = client.get(f"{base}/export", headers=owner)
    assert exported.status_code == 200
    imported = client.post(
        f"{base}/import?merge=true",
        headers={**owner, "content-type": "application/json"},
        content=exported.content,
    )
    assert imported.status_code == 201, imported.text
    # the coach may not read the household's log; a stranger does not find it
    assert client.get(f"{base}/audit", headers=coach).status_code == 403
    stranger = account(client, "eve")
    assert client.get(f"{base}/audit", headers=stranger).status_code == 404
    members = client.get(f"{base}/members", headers=owner).json()["items"]
    coach_id = next(m["user_id"] for m in members if m["role"] == "coach")
    assert client.delete(f"{base}/coaches/{coach_id}", headers=owner).status_code == 204

    r = client.get(f"{base}/audit", headers=owner)
    events = [(e["kind"], e["by"], e["detail"]) for e in r.json()["items"]]
    assert events == [
        ("member_removed", "cleo", "coach-dan@example.org (coach)"),
        ("imported", "cleo", events[1][2]),
        ("exported", "cleo", ""),
        ("invitation_cancelled", "cleo", "gran@example.org as viewer"),
        ("invitation_sent", "cleo", "gran@example.org as viewer"),
        ("invitation_accepted", "coach-dan", "coach-dan@example.org as coach"),
        ("invitation_sent", "cleo", "coach-dan@example.org as coach"),
    ]
    assert token not in r.text
    assert "invitation" not in json.dumps(_kinds(client, f"{AUTH}/events", owner))
