"""Read, change and remove records over HTTP; nights in progress and the 3 a.m. calls."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient

from tests.web.api_client import account, household_with_child


def _episode(start: datetime, **kw: Any) -> dict[str, Any]:
    return {
        "start": start.isoformat(),
        "peak_distress": 6,
        "child_action": "sought_caregiver",
        "response": "held",
        "outcome": "calmed_with_help",
        **kw,
    }


def _night(bed: datetime, hours: float = 11, **kw: Any) -> dict[str, Any]:
    return {
        "bedtime": bed.isoformat(),
        "sleep_onset": (bed + timedelta(minutes=20)).isoformat(),
        "wake_time": (bed + timedelta(hours=hours)).isoformat(),
        **kw,
    }


def _codes(r: Any) -> list[tuple[str, str]]:
    return [(v["field"], v["code"]) for v in r.json()["error"]["violations"]]


def test_read_change_and_remove_an_episode(client: TestClient) -> None:
    auth = account(client, "ana")
    house, child = household_with_child(client, auth)
    url = f"/api/v1/households/{house}/children/{child}/episodes"
    start = datetime(2025, 10, 3, 18, 0, tzinfo=UTC)
    made = client.post(url, headers=auth, json=_episode(start)).json()
    one = f"{url}/{made['id']}"
    assert client.get(one, headers=auth).json()["peak_distress"] == 6
    changed = client.put(one, headers=auth, json=_episode(start, peak_distress=8, notes="teeth"))
    assert changed.status_code == 200, changed.text
    assert client.get(one, headers=auth).json()["notes"] == "teeth"
    bad = client.put(one, headers=auth, json=_episode(start, peak_distress=12))
    assert bad.status_code == 422
    assert client.get(one, headers=auth).json()["peak_distress"] == 8  # nothing half-written
    assert client.delete(one, headers=auth).status_code == 204
    assert client.get(one, headers=auth).status_code == 404
    assert client.get(f"{url}/{'0' * 32}", headers=auth).status_code == 404
    malformed = client.get(f"{url}/not-an-id", headers=auth)
    assert malformed.status_code == 422  # refused before any query, naming the parameter
    assert _codes(malformed)[0][0] == "episode_id"


def test_change_a_night_and_its_wakings(client: TestClient) -> None:
    auth = account(client, "ben")
    house, child = household_with_child(client, auth)
    url = f"/api/v1/households/{house}/children/{child}/nights"
    bed = datetime(2025, 10, 4, 18, 0, tzinfo=UTC)
    first = client.post(url, headers=auth, json=_night(bed)).json()
    second = client.post(url, headers=auth, json=_night(bed + timedelta(days=1))).json()
    # a night may be changed in place (it does not overlap itself) ...
    moved = client.put(f"{url}/{first['id']}", headers=auth, json=_night(bed, hours=10.5))
    assert moved.status_code == 200, moved.text
    # ... but not onto its neighbour
    onto = client.put(f"{url}/{first['id']}", headers=auth, json=_night(bed + timedelta(hours=20)))
    assert onto.status_code == 422
    assert _codes(onto) == [("bedtime", "overlaps")]
    waking = {
        "start": (bed + timedelta(hours=5)).isoformat(),
        "end": (bed + timedelta(hours=5, minutes=12)).isoformat(),
        "signalled": True,
        "resettled_by": "rocked",
    }
    wrong_night = client.post(f"{url}/{second['id']}/wakings", headers=auth, json=waking)
    assert wrong_night.status_code == 422  # its hours are the first night's
    assert _codes(wrong_night)[0][1] == "outside_night"
    inside = {
        **waking,
        "start": (bed + timedelta(days=1, hours=5)).isoformat(),
        "end": (bed + timedelta(days=1, hours=5, minutes=12)).isoformat(),
    }
    night = client.post(f"{url}/{second['id']}/wakings", headers=auth, json=inside).json()
    waking_url = f"{url}/{second['id']}/wakings/{night['wakings'][0]['id']}"
    assert client.get(waking_url, headers=auth).json()["resettled_by"] == "rocked"
    changed = client.put(waking_url, headers=auth, json={**inside, "resettled_by": "alone"})
    assert changed.json()["wakings"][0]["resettled_by"] == "alone"
    assert client.delete(waking_url, headers=auth).status_code == 204
    assert client.get(f"{url}/{second['id']}", headers=auth).json()["wakings"] == []
    listed = client.get(url, headers=auth, params={"limit": 1}).json()
    assert [n["id"] for n in listed["items"]] == [first["id"]]
    assert listed["next_offset"] == 1
    assert client.delete(f"{url}/{first['id']}", headers=auth).status_code == 204
    assert [n["id"] for n in client.get(url, headers=auth).json()["items"]] == [second["id"]]


def test_a_waking_now_opens_tonight_and_the_morning_closes_it(client: TestClient) -> None:
    """The 3 a.m. flow: no night logged yet, so the first waking asks for a bedtime; later
    wakings join the same night; the morning ends it, and it must hold its wakings."""
    auth = account(client, "cai")
    house, child = household_with_child(client, auth, time_zone="UTC")
    url = f"/api/v1/households/{house}/children/{child}/nights"
    first = client.post(f"{url}/wakings/now", headers=auth, json={"minutes_ago": 30})
    assert first.status_code == 422
    assert _codes(first) == [("bedtime", "needs_bedtime")]
    bed = datetime.now(UTC) - timedelta(hours=4)
    night = client.post(
        f"{url}/wakings/now",
        headers=auth,
        json={"minutes_ago": 30, "awake_min": 10, "bedtime": bed.isoformat()},
    )
    assert night.status_code == 201, night.text
    body = night.json()
    assert body["in_progress"] is True
    assert body["wake_time"] is None
    assert len(body["wakings"]) == 1
    again = client.post(
        f"{url}/wakings/now", headers=auth, json={"minutes_ago": 5, "signalled": False}
    ).json()
    assert again["id"] == body["id"]
    assert len(again["wakings"]) == 2
    overlapping = client.post(f"{url}/wakings/now", headers=auth, json={"minutes_ago": 25})
    assert overlapping.status_code == 422
    assert _codes(overlapping)[0][1] == "overlaps"
    # a second night cannot start while this one is open
    assert client.post(f"{url}/now", headers=auth, json={}).status_code == 422
    # the morning cannot come before the last waking ended
    early = client.post(f"{url}/{body['id']}/end", headers=auth, json={"minutes_ago": 20})
    assert early.status_code == 422
    assert _codes(early)[0][1] == "outside_night"
    ended = client.post(f"{url}/{body['id']}/end", headers=auth, json={})
    assert ended.status_code == 200, ended.text
    assert ended.json()["in_progress"] is False
    assert client.post(f"{url}/{body['id']}/end", headers=auth, json={}).status_code == 422


def test_a_waking_now_uses_the_usual_bedtime(client: TestClient) -> None:
    auth = account(client, "dee")
    house, child = household_with_child(client, auth, time_zone="UTC")
    url = f"/api/v1/households/{house}/children/{child}/nights"
    today = datetime.now(UTC).replace(hour=19, minute=30, second=0, microsecond=0)
    for days in range(3, 6):
        bed = today - timedelta(days=days)
        assert client.post(url, headers=auth, json=_night(bed, hours=10)).status_code == 201
    night = client.post(f"{url}/wakings/now", headers=auth, json={"minutes_ago": 1})
    assert night.status_code == 201, night.text
    bedtime = datetime.fromisoformat(night.json()["bedtime"])
    start = datetime.fromisoformat(night.json()["wakings"][0]["start"])
    evening = (start - timedelta(hours=12)).date()
    usual = datetime(evening.year, evening.month, evening.day, 19, 30, tzinfo=UTC)
    # 19:30 on the evening the waking belongs to (or the waking's start, if that is earlier)
    assert bedtime == min(usual, start)


def test_a_night_left_open_is_not_stretched_over_days(client: TestClient) -> None:
    auth = account(client, "eli")
    house, child = household_with_child(client, auth, time_zone="UTC")
    url = f"/api/v1/households/{house}/children/{child}/nights"
    old = datetime.now(UTC) - timedelta(days=2)
    opened = client.post(
        url, headers=auth, json={"bedtime": old.isoformat(), "sleep_onset": old.isoformat()}
    )
    assert opened.status_code == 201
    assert opened.json()["in_progress"]
    r = client.post(f"{url}/wakings/now", headers=auth, json={"minutes_ago": 10})
    assert r.status_code == 422
    assert _codes(r) == [("night", "night_left_open")]


def test_a_quick_log_stores_only_what_was_said(client: TestClient) -> None:
    """Issue 10: "upset now" with only how upset the child was was stored as held, calmed
    with help and comforted; a waking as resettled by holding, and as called out."""
    auth = account(client, "dee")
    house, child = household_with_child(client, auth, time_zone="UTC")
    base = f"/api/v1/households/{house}/children/{child}"
    made = client.post(base + "/episodes/now", headers=auth, json={"peak_distress": 6})
    assert made.status_code == 201, made.text
    stored = client.get(f"{base}/episodes/{made.json()['id']}", headers=auth).json()
    for field in ("trigger", "child_action", "response", "outcome", "aftercare"):
        assert stored[field] == "not_recorded", field
    assert stored["minutes_to_calm"] is None
    bed = datetime.now(UTC) - timedelta(hours=5)
    night = client.post(
        base + "/nights/wakings/now",
        headers=auth,
        json={"minutes_ago": 40, "awake_min": 10, "bedtime": bed.isoformat()},
    ).json()
    waking = night["wakings"][0]
    assert waking["signalled"] is None
    assert waking["resettled_by"] == "not_recorded"
    assert night["sleep_method"] == "not_recorded"
    # Filled in later, it is what the parent says.
    filled = client.put(
        f"{base}/episodes/{stored['id']}",
        headers=auth,
        json={
            "start": stored["start"],
            "peak_distress": 6,
            "response": "held",
            "outcome": "calmed_with_help",
        },
    )
    assert filled.status_code == 200, filled.text
    again = client.get(f"{base}/episodes/{stored['id']}", headers=auth).json()
    assert (again["response"], again["outcome"], again["aftercare"]) == (
        "held",
        "calmed_with_help",
        "not_recorded",
    )


def test_a_nap_asleep_now_then_awake_then_listed(client: TestClient) -> None:
    """Issue 10, item 2: a nap is a record of its own, asleep now and awake later."""
    auth = account(client, "nia")
    house, child = household_with_child(client, auth)
    url = f"/api/v1/households/{house}/children/{child}/naps"
    asleep = client.post(f"{url}/now", headers=auth, json={"minutes_ago": 50})
    assert asleep.status_code == 201, asleep.text
    nap = asleep.json()
    assert nap["in_progress"] is True
    assert nap["end"] is None
    assert nap["sleep_method"] == "not_recorded"  # nobody said how
    second = client.post(f"{url}/now", headers=auth, json={})
    assert second.status_code == 422
    assert _codes(second) == [("start", "overlaps")]
    awake = client.post(f"{url}/{nap['id']}/end", headers=auth, json={"minutes_ago": 5})
    assert awake.status_code == 200, awake.text
    start = datetime.fromisoformat(awake.json()["start"])
    end = datetime.fromisoformat(awake.json()["end"])
    assert abs((end - start) - timedelta(minutes=45)) < timedelta(seconds=30)  # two clocks
    earlier = datetime(2025, 10, 3, 13, 0, tzinfo=UTC)
    whole = client.post(
        url,
        headers=auth,
        json={
            "start": earlier.isoformat(),
            "end": (earlier + timedelta(minutes=80)).isoformat(),
            "sleep_method": "responsive_settling",
        },
    )
    assert whole.status_code == 201, whole.text
    page = client.get(url, headers=auth).json()
    assert [n["id"] for n in page["items"]] == [whole.json()["id"], nap["id"]]
    assert page["next_offset"] is None
    backwards = client.put(
        f"{url}/{whole.json()['id']}",
        headers=auth,
        json={"start": earlier.isoformat(), "end": (earlier - timedelta(hours=1)).isoformat()},
    )
    assert backwards.status_code == 422
    assert _codes(backwards) == [("end", "end_before_start")]
