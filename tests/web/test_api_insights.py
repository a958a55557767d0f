"""The insights over HTTP: the same function as the CLI and the reports, for readers only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from tests.web.api_client import account, household_with_child


def _upset(
    client: TestClient, auth: dict[str, str], base: str, began: datetime, minutes: int
) -> None:
    made = client.post(
        f"{base}/episodes",
        headers=auth,
        json={
            "start": began.isoformat(),
            "end": (began + timedelta(minutes=minutes)).isoformat(),
            "peak_distress": 6,
            "child_action": "sought_caregiver",
            "response": "held",
            "outcome": "calmed_with_help",
            "minutes_to_calm": minutes,
        },
    )
    assert made.status_code == 201, made.text


def test_insights_measure_what_was_logged_and_nothing_else(client: TestClient) -> None:
    auth = account(client, "ines")
    house, child = household_with_child(client, auth, time_zone="UTC")
    base = f"/api/v1/households/{house}/children/{child}"
    start = datetime(2025, 9, 1, 10, 0, tzinfo=UTC)
    for day in range(3):
        _upset(client, auth, base, start + timedelta(days=day), 25)
    got = client.get(f"{base}/insights", headers=auth)
    assert got.status_code == 200, got.text
    body = got.json()
    assert body["format"] == "beside-insights"
    measures = {m["id"]: m for m in body["measures"]}
    assert measures["fuss_cry_min_per_day"]["estimate"]["value"] == 25.0
    assert measures["fuss_cry_min_per_day"]["estimate"]["n"] == 3
    assert measures["night_sleep_h"]["status"] == "not_recorded"
    assert body["minutes_to_calm_by_response"]["held"]["value"] == 25.0
    window = client.get(f"{base}/insights?since=2025-09-02&until=2025-09-02", headers=auth)
    one_day = {m["id"]: m for m in window.json()["measures"]}
    assert one_day["episodes_per_day"]["estimate"]["n"] == 1


def test_insights_need_a_reader_and_a_real_date(client: TestClient) -> None:
    owner = account(client, "olga")
    house, child = household_with_child(client, owner)
    url = f"/api/v1/households/{house}/children/{child}/insights"
    stranger = account(client, "sam")
    assert client.get(url, headers=stranger).status_code == 404
    bad = client.get(f"{url}?since=yesterday", headers=owner)
    assert bad.status_code == 422
    assert bad.json()["error"]["violations"][0]["field"] == "since"


def test_the_weekly_report_as_page_pdf_and_json(client: TestClient) -> None:
    auth = account(client, "wren")
    house, child = household_with_child(client, auth, time_zone="UTC")
    base = f"/api/v1/households/{house}/children/{child}"
    _upset(client, auth, base, datetime(2025, 9, 2, 10, 0, tzinfo=UTC), 15)  # 2025-W36
    page = client.get(f"{base}/report?week=2025-W36", headers=auth)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["cache-control"] == "no-store"
    assert "Jonas: the week of 1 September to 7 September 2025" in page.text
    pdf = client.get(f"{base}/report?week=2025-W36&format=pdf", headers=auth)
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    twin = client.get(f"{base}/report?week=2025-W36&format=json", headers=auth).json()
    assert twin["insights"]["measures"][0]["estimate"]["value"] == 15.0
    bad = client.get(f"{base}/report?week=2025-36", headers=auth)
    assert bad.status_code == 422
    assert bad.json()["error"]["violations"][0]["field"] == "week"
