"""Household settings through the API (issue 12, item 6), on SQLite and PostgreSQL: the
owner renames the household and moves it to another clock; a night written before keeps
its evening and times; a zone that does not exist is refused naming the field; the change
is in the household's audit log."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.web.api_client import account, household_with_child


def test_the_owner_moves_the_household_to_another_clock(client: TestClient) -> None:
    auth = account(client, "ola")
    house, child = household_with_child(client, auth, time_zone="Europe/Berlin")
    nights = f"/api/v1/households/{house}/children/{child}/nights"
    before = client.post(nights + "/now", headers=auth, json={"minutes_ago": 60})
    assert before.status_code == 201, before.text

    moved = client.patch(
        f"/api/v1/households/{house}", headers=auth, json={"time_zone": "America/Toronto"}
    )
    assert moved.status_code == 200, moved.text
    assert (moved.json()["time_zone"], moved.json()["name"]) == ("America/Toronto", "Home")
    renamed = client.patch(f"/api/v1/households/{house}", headers=auth, json={"name": "Flat"})
    assert renamed.json()["name"] == "Flat"
    listed = client.get("/api/v1/households", headers=auth).json()["items"]
    assert [(h["name"], h["time_zone"]) for h in listed] == [("Flat", "America/Toronto")]

    night = client.get(f"{nights}/{before.json()['id']}", headers=auth).json()
    assert night["evening"] == before.json()["evening"]
    assert night["bedtime"].endswith(("-04:00", "-05:00"))  # the same instant, read anew

    bad = client.patch(f"/api/v1/households/{house}", headers=auth, json={"time_zone": "Mars/Base"})
    assert bad.status_code == 422
    assert bad.json()["error"]["violations"][0]["field"] == "time_zone"
    events = client.get(f"/api/v1/households/{house}/audit", headers=auth).json()["items"]
    changes = [e["detail"] for e in events if e["kind"] == "household_changed"]
    assert changes == ["renamed", "clock Europe/Berlin -> America/Toronto"]
