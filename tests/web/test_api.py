"""The JSON API against a real store (SQLite and PostgreSQL): flows, access, one error shape."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from beside.journal.schema import EpisodeRow
from tests.web.api_client import PASSWORD, account, household_with_child


def _episode(start: datetime, **kw: Any) -> dict[str, Any]:
    return {
        "start": start.isoformat(),
        "end": (start + timedelta(minutes=9)).isoformat(),
        "peak_distress": 6,
        "child_action": "sought_caregiver",
        "response": "held",
        "outcome": "calmed_with_help",
        **kw,
    }


def test_error_shape(client: TestClient) -> None:
    """Every failure has one JSON shape: error.code, error.message, error.violations."""
    missing = client.get("/api/v1/nowhere")
    assert missing.status_code == 404
    assert set(missing.json()["error"]) == {"code", "message", "violations"}
    assert client.get("/api/v1/households").json()["error"]["code"] == "auth_failed"
    auth = account(client, "eva")
    house, child = household_with_child(client, auth)
    start = datetime(2025, 10, 3, 18, 0, tzinfo=UTC)
    bad = client.post(
        f"/api/v1/households/{house}/children/{child}/episodes",
        headers=auth,
        json=_episode(start, peak_distress=11, child_action="sulked"),
    )
    assert bad.status_code == 422
    error = bad.json()["error"]
    assert error["code"] == "validation_failed"
    assert {v["field"] for v in error["violations"]} == {"peak_distress", "child_action"}
    later = client.post(
        f"/api/v1/households/{house}/children/{child}/episodes",
        headers=auth,
        json=_episode(start, end=(start - timedelta(minutes=1)).isoformat()),
    )
    assert [(v["field"], v["code"]) for v in later.json()["error"]["violations"]] == [
        ("end", "end_before_start")
    ]
    query = client.get(
        f"/api/v1/households/{house}/children/{child}/episodes?limit=0", headers=auth
    )
    assert query.status_code == 422
    assert query.json()["error"]["violations"][0]["field"] == "limit"


def test_log_and_list_episodes(client: TestClient, engine: Engine) -> None:
    auth = account(client, "fin")
    house, child = household_with_child(client, auth)
    base = datetime(2025, 10, 1, 8, 0, tzinfo=UTC)
    url = f"/api/v1/households/{house}/children/{child}/episodes"
    for h in range(12):
        assert (
            client.post(url, headers=auth, json=_episode(base + timedelta(hours=h))).status_code
            == 201
        )
    now = client.post(url + "/now", headers=auth, json={"peak_distress": 7.5, "minutes_ago": 3})
    assert now.status_code == 201
    assert now.json()["peak_distress"] == 7.5
    page = client.get(
        url,
        headers=auth,
        params={
            "since": (base + timedelta(hours=2)).isoformat(),
            "until": (base + timedelta(hours=10)).isoformat(),
            "limit": 5,
        },
    ).json()
    assert [datetime.fromisoformat(e["start"]) for e in page["items"]] == [
        base + timedelta(hours=h) for h in range(2, 7)
    ]
    # sent in UTC, given back in the household's offset (Berlin, summer time: issue 10)
    assert {e["start"][19:] for e in page["items"]} == {"+02:00"}
    assert page["items"][0]["logged_at"].endswith(("+01:00", "+02:00"))
    assert page["next_offset"] == 5
    with Session(engine) as s:
        assert s.scalar(select(func.count()).select_from(EpisodeRow)) == 13


def test_nights_and_wakings(client: TestClient) -> None:
    auth = account(client, "gil")
    house, child = household_with_child(client, auth)
    url = f"/api/v1/households/{house}/children/{child}/nights"
    night = client.post(
        url,
        headers=auth,
        json={
            "bedtime": "2025-10-04T19:15:00+02:00",
            "sleep_onset": "2025-10-04T19:40:00+02:00",
            "wake_time": "2025-10-05T06:30:00+02:00",
        },
    )
    assert night.status_code == 201, night.text
    assert night.json()["evening"] == "2025-10-04"
    waking = client.post(
        f"{url}/{night.json()['id']}/wakings",
        headers=auth,
        json={
            "start": "2025-10-05T01:10:00+02:00",
            "end": "2025-10-05T01:25:00+02:00",
            "signalled": True,
            "resettled_by": "fed",
            "latency_min": 2,
        },
    )
    assert waking.status_code == 201, waking.text
    assert len(waking.json()["wakings"]) == 1
    outside = client.post(
        f"{url}/{night.json()['id']}/wakings",
        headers=auth,
        json={
            "start": "2025-10-05T09:00:00+02:00",
            "end": "2025-10-05T09:10:00+02:00",
            "signalled": True,
            "resettled_by": "held",
        },
    )
    assert outside.status_code == 422
    assert outside.json()["error"]["violations"][0]["code"] == "outside_night"


def test_another_household_is_not_found_and_weaker_roles_are_forbidden(
    client: TestClient,
) -> None:
    owner = account(client, "hana")
    house, child = household_with_child(client, owner)
    stranger = account(client, "ivo")
    url = f"/api/v1/households/{house}/children/{child}/episodes"
    assert client.get(url, headers=stranger).status_code == 404
    post = client.post(url, headers=stranger, json=_episode(datetime(2025, 10, 1, tzinfo=UTC)))
    assert post.status_code == 404
    assert client.get(f"/api/v1/households/{house}/children", headers=stranger).status_code == 404


def test_login_throttling_answers_429_with_retry_after(client: TestClient) -> None:
    account(client, "jo")
    for _ in range(5):
        r = client.post(
            "/api/v1/auth/token", json={"email": "jo@example.org", "password": "wrong wrong wrong"}
        )
        assert r.status_code == 401
    r = client.post("/api/v1/auth/token", json={"email": "jo@example.org", "password": PASSWORD})
    assert r.status_code == 429
    assert int(r.headers["Retry-After"]) > 0


def test_openapi_documents_every_body(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    for name in (
        "EpisodeCreate",
        "EpisodeNow",
        "NightCreate",
        "WakingCreate",
        "ChildCreate",
        "SignUp",
        "TokenRequest",
        "HouseholdCreate",
        "ChildAction",
    ):
        assert name in schemas, name
    post = spec["paths"]["/api/v1/households/{household_id}/children/{child_id}/episodes"]["post"]
    assert post["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "EpisodeCreate"
    )


def test_huge_offsets_are_a_422_not_a_500(client: TestClient) -> None:
    """Found by schemathesis: 2**65 overflowed SQLite's integers."""
    auth = account(client, "kai")
    house, child = household_with_child(client, auth)
    r = client.get(
        f"/api/v1/households/{house}/children/{child}/episodes",
        headers=auth,
        params={"offset": 2**65},
    )
    assert r.status_code == 422
    assert r.json()["error"]["violations"][0]["field"] == "offset"


def test_nul_characters_are_refused_on_both_backends(client: TestClient) -> None:
    """Found by schemathesis: PostgreSQL cannot store NUL in text and answered with a 500."""
    auth = account(client, "lea")
    house, _ = household_with_child(client, auth)
    r = client.post(
        f"/api/v1/households/{house}/children",
        headers=auth,
        json={"name": "Ma\u0000x", "birth_date": "2025-01-01"},
    )
    assert r.status_code == 422
    assert r.json()["error"]["violations"][0]["field"] == "name"
    login = client.post("/api/v1/auth/token", json={"email": "\u0000", "password": "x"})
    assert login.status_code == 422


def test_no_page_loads_anything_from_another_site(client: TestClient) -> None:
    """FastAPI's /docs and /redoc pull scripts from a CDN; they are switched off."""
    assert client.get("/docs").status_code == 404
    assert client.get("/redoc").status_code == 404
    assert client.get("/openapi.json").status_code == 200
