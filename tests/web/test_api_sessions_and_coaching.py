"""Page sessions (cookie) and the coach's way in: invitation, reading, notes, revocation;
export and import over HTTP."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from tests.web.api_client import PASSWORD, account, household_with_child


def test_a_page_session_lives_in_a_strict_cookie_and_ends_on_the_server(
    client: TestClient,
) -> None:
    account(client, "fay")
    r = client.post("/api/v1/auth/session", json={"email": "fay@example.org", "password": PASSWORD})
    assert r.status_code == 204
    cookie = r.headers["set-cookie"]
    assert "beside_session=" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie
    secret = r.cookies["beside_session"]
    assert client.get("/api/v1/households").status_code == 200  # the cookie is sent
    assert client.delete("/api/v1/auth/session").status_code == 204
    client.cookies.clear()
    replay = client.get("/api/v1/households", headers={"cookie": f"beside_session={secret}"})
    assert replay.status_code == 401  # the old cookie no longer works anywhere


def test_a_coach_reads_and_leaves_notes_until_revoked(client: TestClient) -> None:
    owner = account(client, "gus")
    house, child = household_with_child(client, owner)
    start = datetime(2025, 10, 3, 18, 0, tzinfo=UTC)
    episodes = f"/api/v1/households/{house}/children/{child}/episodes"
    client.post(
        episodes,
        headers=owner,
        json={
            "start": start.isoformat(),
            "peak_distress": 6,
            "child_action": "sought_caregiver",
            "response": "held",
            "outcome": "calmed_with_help",
        },
    )
    coach = account(client, "coach-hal")
    assert client.get("/api/v1/coach/households", headers=coach).json()["items"] == []
    invite = client.post(
        f"/api/v1/households/{house}/invitations",
        headers=owner,
        json={"email": "coach-hal@example.org", "role": "coach"},
    )
    assert invite.status_code == 201, invite.text
    token = invite.json()["token"]
    assert token not in invite.json()["path"].split("#")[0]  # never in a URL a server logs
    other = account(client, "ivy")
    elsewhere = client.post("/api/v1/invitations/accept", headers=other, json={"token": token})
    assert elsewhere.status_code == 403  # for the address invited only
    joined = client.post("/api/v1/invitations/accept", headers=coach, json={"token": token})
    assert joined.status_code == 201, joined.text
    assert joined.json()["role"] == "coach"
    again = client.post("/api/v1/invitations/accept", headers=coach, json={"token": token})
    assert again.status_code == 401  # the link works once
    assert [
        h["id"] for h in client.get("/api/v1/coach/households", headers=coach).json()["items"]
    ] == [house]
    assert len(client.get(episodes, headers=coach).json()["items"]) == 1
    write = client.post(episodes + "/now", headers=coach, json={"peak_distress": 2})
    assert write.status_code == 403
    note = client.post(
        f"/api/v1/households/{house}/notes",
        headers=coach,
        json={"text": "Evenings look calmer this week.", "child_id": child, "tags": ["sleep"]},
    )
    assert note.status_code == 201, note.text
    notes = client.get(f"/api/v1/households/{house}/notes", headers=owner).json()["items"]
    assert [(n["author"], n["text"]) for n in notes] == [
        ("coach-hal", "Evenings look calmer this week.")
    ]
    members = client.get(f"/api/v1/households/{house}/members", headers=owner).json()["items"]
    coach_id = next(m["user_id"] for m in members if m["role"] == "coach")
    gone = client.delete(f"/api/v1/households/{house}/coaches/{coach_id}", headers=owner)
    assert gone.status_code == 204
    assert client.get(episodes, headers=coach).status_code == 404
    assert client.get("/api/v1/coach/households", headers=coach).json()["items"] == []


def test_a_second_parent_is_invited_and_the_owner_manages_the_household(
    client: TestClient,
) -> None:
    owner = account(client, "mia")
    house, child = household_with_child(client, owner)
    base = f"/api/v1/households/{house}"
    partner = account(client, "noah")
    wrong_role = client.post(
        base + "/invitations", headers=owner, json={"email": "noah@example.org", "role": "owner"}
    )
    assert wrong_role.status_code == 422
    assert wrong_role.json()["error"]["violations"][0]["field"] == "role"
    sent = client.post(
        base + "/invitations",
        headers=owner,
        json={"email": "noah@example.org", "role": "caregiver"},
    ).json()
    grandpa = client.post(
        base + "/invitations",
        headers=owner,
        json={"email": "grandpa@example.org", "role": "viewer"},
    ).json()
    listed = client.get(base + "/invitations", headers=owner).json()
    assert {(i["email"], i["role"]) for i in listed["items"]} == {
        ("noah@example.org", "caregiver"),
        ("grandpa@example.org", "viewer"),
    }
    assert all("token" not in i for i in listed["items"])
    resent = client.post(base + f"/invitations/{sent['id']}/resend", headers=owner).json()
    stale = client.post(
        "/api/v1/invitations/accept", headers=partner, json={"token": sent["token"]}
    )
    assert stale.status_code == 401  # resending retires the old link
    joined = client.post(
        "/api/v1/invitations/accept", headers=partner, json={"token": resent["token"]}
    )
    assert joined.json()["role"] == "caregiver"
    logged = client.post(
        base + f"/children/{child}/episodes/now", headers=partner, json={"peak_distress": 4}
    )
    assert logged.status_code == 201, logged.text
    assert client.delete(base + f"/invitations/{grandpa['id']}", headers=owner).status_code == 204
    assert client.get(base + "/invitations", headers=owner).json()["items"] == []
    assert client.post(base + "/leave", headers=owner).status_code == 403
    assert client.post(base + "/leave", headers=partner).status_code == 204
    assert client.get(base + "/children", headers=partner).status_code == 404
    refused = client.delete(base + "?confirm=home", headers=owner)
    assert refused.status_code == 422
    assert refused.json()["error"]["violations"][0]["field"] == "confirm"
    assert client.delete(base + "?confirm=Home", headers=owner).status_code == 204
    assert client.get(base + "/children", headers=owner).status_code == 404
    assert client.get("/api/v1/households", headers=owner).json() == {
        "items": [],
        "next_offset": None,
    }


def test_export_and_import_over_http(client: TestClient) -> None:
    auth = account(client, "jan")
    house, child = household_with_child(client, auth)
    nights = f"/api/v1/households/{house}/children/{child}/nights"
    bed = datetime(2025, 9, 1, 18, 30, tzinfo=UTC)
    for day in range(3):
        b = bed + timedelta(days=day)
        client.post(
            nights,
            headers=auth,
            json={
                "bedtime": b.isoformat(),
                "sleep_onset": b.isoformat(),
                "wake_time": (b + timedelta(hours=11)).isoformat(),
            },
        )
    document = client.get(f"/api/v1/households/{house}/export", headers=auth)
    assert document.status_code == 200
    assert "attachment" in document.headers["content-disposition"]
    other = client.post(
        "/api/v1/households", headers=auth, json={"name": "Copy", "time_zone": "Europe/Berlin"}
    ).json()["id"]
    counts = client.post(f"/api/v1/households/{other}/import", headers=auth, json=document.json())
    assert counts.status_code == 201, counts.text
    assert counts.json() == {
        "children": 1,
        "episodes": 0,
        "nights": 3,
        "naps": 0,
        "notes": 0,
        "unchanged": 0,
        "summary": "added 1 child, 3 nights",
    }
    again = client.post(f"/api/v1/households/{other}/import", headers=auth, json=document.json())
    assert again.status_code == 201, again.text
    assert again.json()["unchanged"] == 4
    assert again.json()["summary"].startswith("nothing changed")
    grown = document.json()
    grown["nights"].append(dict(grown["nights"][0], id="new-night", wakings=[]))
    grown["nights"][-1]["bedtime"] = grown["nights"][-1]["sleep_onset"] = (
        bed - timedelta(days=20)
    ).isoformat()
    grown["nights"][-1]["wake_time"] = (bed - timedelta(days=20, hours=-11)).isoformat()
    partly = client.post(f"/api/v1/households/{other}/import", headers=auth, json=grown)
    assert partly.status_code == 422
    assert partly.json()["error"]["violations"][0]["code"] == "partly_imported"
    merged = client.post(f"/api/v1/households/{other}/import?merge=true", headers=auth, json=grown)
    assert merged.status_code == 201, merged.text
    assert (merged.json()["nights"], merged.json()["unchanged"]) == (1, 4)
    third = client.post(
        "/api/v1/households", headers=auth, json={"name": "Third", "time_zone": "Europe/Berlin"}
    ).json()["id"]
    broken = document.json()
    broken["nights"][1]["wake_time"] = broken["nights"][1]["bedtime"]
    bad = client.post(f"/api/v1/households/{third}/import", headers=auth, json=broken)
    assert bad.status_code == 422
    assert [v["field"] for v in bad.json()["error"]["violations"]] == ["nights[1].wake_time"]
    children = client.get(f"/api/v1/households/{third}/children", headers=auth).json()["items"]
    assert len(children) == 0  # the failed import added nothing
    not_json = client.post(
        f"/api/v1/households/{other}/import",
        headers={**auth, "content-type": "application/json"},
        content=b"{oops",
    )
    assert not_json.status_code == 422


def test_a_token_can_be_found_and_revoked_by_its_owner_only(client: TestClient) -> None:
    auth = account(client, "kit")
    other = account(client, "lou")
    tokens = client.get("/api/v1/auth/tokens", headers=auth).json()["items"]
    assert [t["name"] for t in tokens] == ["api"]
    assert "token" not in tokens[0]  # the secret is never shown again
    token_id = tokens[0]["id"]
    assert client.delete(f"/api/v1/auth/tokens/{token_id}", headers=other).status_code == 404
    assert client.get("/api/v1/households", headers=auth).status_code == 200
    assert client.delete(f"/api/v1/auth/tokens/{token_id}", headers=auth).status_code == 204
    assert client.get("/api/v1/households", headers=auth).status_code == 401
