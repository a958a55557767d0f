"""Works offline, the server's side (issue 12, item 3), on SQLite and PostgreSQL: a tap the
phone kept and sends again under the id it made is answered as the first time and stored
once, through the API and the moment page alike; an id that is not 32 hex digits is refused
naming the field. The service worker is served from the root, and the offline page it keeps
holds no CSRF token even for a signed-in caller."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from beside.journal.schema import EpisodeRow, WakingRow
from beside.web.csrf import CSRF_HEADER, csrf_token
from tests.web.api_client import PASSWORD, account, household_with_child


def _count(engine: Engine, table: type[EpisodeRow] | type[WakingRow]) -> int:
    with Session(engine) as s:
        return s.scalar(select(func.count()).select_from(table)) or 0


def test_an_upset_sent_twice_through_the_api_is_stored_once(
    client: TestClient, engine: Engine
) -> None:
    auth = account(client, "ines")
    house, child = household_with_child(client, auth, time_zone="UTC")
    url = f"/api/v1/households/{house}/children/{child}/episodes/now"
    tap = {"peak_distress": 6, "minutes_ago": 2, "entry_id": uuid.uuid4().hex}
    first = client.post(url, headers=auth, json=tap)
    again = client.post(url, headers=auth, json={**tap, "minutes_ago": 9})
    assert first.status_code == again.status_code == 201, again.text
    assert again.json() == first.json()  # the entry as first stored: the repeat changes nothing
    assert again.json()["id"] == tap["entry_id"]
    assert _count(engine, EpisodeRow) == 1
    bad = client.post(url, headers=auth, json={**tap, "entry_id": "not-an-id"})
    assert bad.status_code == 422
    assert bad.json()["error"]["violations"][0]["field"] == "entry_id"


def test_a_waking_sent_twice_from_the_moment_page_is_stored_once(
    client: TestClient, engine: Engine
) -> None:
    auth = account(client, "noa")
    house, child = household_with_child(client, auth, time_zone="UTC")
    signed = client.post(
        "/api/v1/auth/session", json={"email": "noa@example.org", "password": PASSWORD}
    )
    secret = signed.cookies["beside_session"]
    client.cookies.clear()
    page = {"cookie": f"beside_session={secret}", CSRF_HEADER: csrf_token(secret)}
    now = f"/households/{house}/children/{child}/now"
    assert client.post(f"{now}/bedtime", headers=page, json={"minutes_ago": 120}).status_code == 200
    waking = {
        "minutes_ago": 20,
        "awake_min": 6,
        "signalled": True,
        "resettled_by": "held",
        "entry_id": uuid.uuid4().hex,
    }
    answers = [client.post(f"{now}/waking", headers=page, json=waking) for _ in range(2)]
    assert [a.status_code for a in answers] == [200, 200], answers[1].text
    assert "Saved: awake 6 minutes, back to sleep: held." in answers[1].text
    assert _count(engine, WakingRow) == 1

    worker = client.get("/sw.js")
    assert worker.headers["content-type"].startswith("text/javascript")
    assert "caches" in worker.text
    offline = client.get("/offline", headers=page)
    assert offline.status_code == 200
    assert "hx-headers" not in offline.text
    assert csrf_token(secret) not in offline.text
