"""The journal's edges over HTTP (issue 10, item 5): every bad input a 422 that names the
field and the rule, never a 500."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient

from tests.web.api_client import account, household_with_child


def _codes(r: Any) -> list[tuple[str, str]]:
    assert r.status_code == 422, r.text
    return [(v["field"], v["code"]) for v in r.json()["error"]["violations"]]


def test_a_time_far_out_of_range_is_a_422_naming_it(client: TestClient) -> None:
    """Year 1 with an offset cannot be turned into UTC: it was a plain-text 500."""
    auth = account(client, "ida")
    house, child = household_with_child(client, auth)
    url = f"/api/v1/households/{house}/children/{child}/episodes"
    far = client.post(
        url, headers=auth, json={"start": "0001-01-01T00:00:00+01:00", "peak_distress": 3}
    )
    assert _codes(far) == [("start", "value_error")]
    assert "1900" in far.json()["error"]["message"]
    query = client.get(url, headers=auth, params={"since": "0001-01-01T00:00:00+01:00"})
    assert _codes(query) == [("since", "value_error")]
    nap = client.post(
        f"/api/v1/households/{house}/children/{child}/naps",
        headers=auth,
        json={"start": "9999-12-31T23:59:59-01:00"},
    )
    assert _codes(nap) == [("start", "value_error")]


def test_no_record_before_birth_and_no_child_born_in_the_future(client: TestClient) -> None:
    auth = account(client, "jon")
    house, child = household_with_child(client, auth)  # born 2025-02-10
    base = f"/api/v1/households/{house}/children"
    early = client.post(
        f"{base}/{child}/episodes",
        headers=auth,
        json={"start": "2025-02-09T08:00:00+00:00", "peak_distress": 3},
    )
    assert _codes(early) == [("start", "before_birth")]
    night = client.post(
        f"{base}/{child}/nights",
        headers=auth,
        json={
            "bedtime": "2025-01-01T19:00:00+00:00",
            "sleep_onset": "2025-01-01T19:00:00+00:00",
            "wake_time": "2025-01-02T06:00:00+00:00",
        },
    )
    assert _codes(night) == [("bedtime", "before_birth")]
    # on the birth day itself, anywhere on Earth, is fine
    on_the_day = client.post(
        f"{base}/{child}/episodes",
        headers=auth,
        json={"start": "2025-02-10T00:30:00+14:00", "peak_distress": 3},
    )
    assert on_the_day.status_code == 201, on_the_day.text
    unborn = (date.today() + timedelta(days=30)).isoformat()
    future = client.post(base, headers=auth, json={"name": "Zed", "birth_date": unborn})
    assert _codes(future) == [("birth_date", "in_future")]
    # the birth date cannot move past the child's own records
    moved = client.put(
        f"{base}/{child}", headers=auth, json={"name": "Jonas", "birth_date": "2025-03-01"}
    )
    assert _codes(moved) == [("birth_date", "before_birth")]


def test_due_date_near_the_birth_date(client: TestClient) -> None:
    auth = account(client, "kai")
    house, _ = household_with_child(client, auth)
    base = f"/api/v1/households/{house}/children"
    for due in ("1900-01-01", "2025-12-01", "2025-01-01"):
        bad = client.post(
            base, headers=auth, json={"name": "Ola", "birth_date": "2025-03-01", "due_date": due}
        )
        assert _codes(bad) == [("due_date", "due_date_out_of_range")], due
    preterm = client.post(
        base,
        headers=auth,
        json={"name": "Ola", "birth_date": "2025-03-01", "due_date": "2025-05-20"},
    )
    assert preterm.status_code == 201, preterm.text


def test_a_single_waking_is_named_by_its_own_fields(client: TestClient) -> None:
    """Routes for one waking said ``wakings[1]``; they name ``start`` now."""
    auth = account(client, "lia")
    house, child = household_with_child(client, auth)
    bed = datetime(2025, 10, 3, 19, 0, tzinfo=UTC)
    url = f"/api/v1/households/{house}/children/{child}/nights"
    night = client.post(
        url,
        headers=auth,
        json={
            "bedtime": bed.isoformat(),
            "sleep_onset": bed.isoformat(),
            "wake_time": (bed + timedelta(hours=11)).isoformat(),
            "wakings": [
                {
                    "start": (bed + timedelta(hours=2)).isoformat(),
                    "end": (bed + timedelta(hours=2, minutes=20)).isoformat(),
                }
            ],
        },
    ).json()
    wakings = f"{url}/{night['id']}/wakings"

    def waking(hours: float, minutes: float) -> dict[str, str]:
        start = bed + timedelta(hours=hours)
        return {
            "start": start.isoformat(),
            "end": (start + timedelta(minutes=minutes)).isoformat(),
        }

    outside = client.post(wakings, headers=auth, json=waking(12, 5))
    assert _codes(outside) == [("start", "outside_night")]
    overlapping = client.post(wakings, headers=auth, json=waking(2.1, 5))
    assert _codes(overlapping) == [("start", "overlaps")]


def test_a_bad_path_id_names_the_parameter_and_the_rule(client: TestClient) -> None:
    auth = account(client, "max")
    r = client.get("/api/v1/households/not-an-id/children", headers=auth)
    assert _codes(r) == [("household_id", "string_pattern_mismatch")]
    assert r.json()["error"]["message"] == (
        "household_id: must be an id: 32 characters, each 0-9 or a-f"
    )


def test_every_list_answers_in_one_shape(client: TestClient) -> None:
    """Issue 10: /children, /notes, /members, /households ... were bare arrays. Now no
    route answers with a bare array, and each list pages with limit and offset."""
    spec = client.get("/openapi.json").json()
    bare = []
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            content = op.get("responses", {}).get("200", {}).get("content", {})
            schema = content.get("application/json", {}).get("schema", {})
            if schema.get("type") == "array":
                bare.append(f"{method.upper()} {path}")
    assert bare == []
    auth = account(client, "noa")
    house, _ = household_with_child(client, auth)
    client.post(
        f"/api/v1/households/{house}/children",
        headers=auth,
        json={"name": "Anna", "birth_date": "2024-05-01"},
    )
    for url in (
        f"/api/v1/households/{house}/children",
        "/api/v1/households",
        f"/api/v1/households/{house}/members",
        f"/api/v1/households/{house}/notes",
        "/api/v1/auth/tokens",
        "/api/v1/coach/households",
    ):
        page = client.get(url, headers=auth, params={"limit": 1}).json()
        assert set(page) == {"items", "next_offset"}, url
        assert len(page["items"]) <= 1, url
    two = client.get(f"/api/v1/households/{house}/children", headers=auth, params={"limit": 1})
    assert two.json()["next_offset"] == 1
    rest = client.get(
        f"/api/v1/households/{house}/children", headers=auth, params={"limit": 1, "offset": 1}
    ).json()
    assert [c["name"] for c in rest["items"]] == ["Jonas"]
    assert rest["next_offset"] is None
