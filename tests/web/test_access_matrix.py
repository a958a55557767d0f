"""Every endpoint x every role x own or another household, over HTTP, on both backends.

Own household: allowed -> 2xx, not allowed -> 403. Another household: always 404 (its
existence is not revealed). Roles are those of journal.access.ALLOWED.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from beside.journal import access
from beside.journal import repository as repo
from beside.journal.access import ALLOWED, Action
from beside.journal.schema import Role, TokenKind
from beside.records import Child
from beside.web.app import create_app
from beside.web.settings import Settings

NOW = datetime.now(UTC)
DAY = (NOW - timedelta(days=3)).replace(hour=18, minute=0, second=0, microsecond=0)


def _episode() -> dict[str, Any]:
    return {
        "start": DAY.isoformat(),
        "peak_distress": 5,
        "child_action": "sought_caregiver",
        "response": "held",
        "outcome": "calmed_with_help",
    }


# (method, path under the household, body, action needed)
ENDPOINTS: list[tuple[str, str, dict[str, Any] | None, Action]] = [
    ("GET", "/children", None, Action.READ),
    ("POST", "/children", {"name": "Kit", "birth_date": "2025-01-01"}, Action.LOG),
    ("GET", "/children/{child}/episodes", None, Action.READ),
    ("POST", "/children/{child}/episodes", _episode(), Action.LOG),
    ("POST", "/children/{child}/episodes/now", {"peak_distress": 3}, Action.LOG),
    ("POST", "/children/{child}/nights", None, Action.LOG),  # body made per request
    ("POST", "/children/{child}/nights/{night}/wakings", None, Action.LOG),
]


@pytest.fixture
def world(engine: Engine) -> Iterator[tuple[TestClient, dict[str, Any]]]:
    with Session(engine) as s:
        homes = {}
        for label in ("own", "other"):
            house = repo.create_household(s, name=label, time_zone="UTC", now=NOW)
            child = repo.add_child(s, house.id, Child(name="Ada", birth_date=DAY.date()))
            homes[label] = {"house": house.id, "child": child.id}
        owner_other = access.sign_up(
            s, email="o2@example.org", display_name="o2", password="password for o2", now=NOW
        )
        repo.add_member(s, homes["other"]["house"], owner_other.id, Role.OWNER, now=NOW)
        tokens = {}
        for role in Role:
            user = access.sign_up(
                s,
                email=f"{role.value}@example.org",
                display_name=role.value,
                password=f"password for {role.value}",
                now=NOW,
            )
            repo.add_member(s, homes["own"]["house"], user.id, role, now=NOW)
            tokens[role] = access.issue_token(s, user, kind=TokenKind.API, now=NOW)
        s.commit()
    url = engine.url.render_as_string(hide_password=False)
    with TestClient(create_app(Settings(database_url=url))) as client:
        yield client, {"homes": homes, "tokens": tokens}


def _night_body(i: int) -> dict[str, Any]:
    bed = DAY - timedelta(days=10 + i)
    return {
        "bedtime": bed.isoformat(),
        "sleep_onset": bed.isoformat(),
        "wake_time": (bed + timedelta(hours=10)).isoformat(),
    }


def test_every_endpoint_every_role_own_and_other_household(
    world: tuple[TestClient, dict[str, Any]],
) -> None:
    client, w = world
    owner = {"Authorization": f"Bearer {w['tokens'][Role.OWNER]}"}
    base_own = f"/api/v1/households/{w['homes']['own']['house']}"
    night = client.post(
        f"{base_own}/children/{w['homes']['own']['child']}/nights",
        headers=owner,
        json=_night_body(99),
    ).json()["id"]
    counter = 0
    for role, token in w["tokens"].items():
        auth = {"Authorization": f"Bearer {token}"}
        for method, path, body, action in ENDPOINTS:
            for place in ("own", "other"):
                counter += 1
                home = w["homes"][place]
                url = f"/api/v1/households/{home['house']}" + path.format(
                    child=home["child"], night=night
                )
                payload = body
                if path.endswith("/nights"):
                    payload = _night_body(counter)
                if path.endswith("/wakings"):
                    start = DAY - timedelta(days=10 + 99) + timedelta(hours=2, minutes=counter)
                    payload = {
                        "start": start.isoformat(),
                        "end": (start + timedelta(seconds=30)).isoformat(),
                        "signalled": True,
                        "resettled_by": "held",
                    }
                r = client.request(method, url, headers=auth, json=payload)
                where = (role.value, method, path, place)
                if place == "other":
                    assert r.status_code == 404, (where, r.text)
                elif action in ALLOWED[role]:
                    assert 200 <= r.status_code < 300, (where, r.text)
                else:
                    assert r.status_code == 403, (where, r.text)
                    assert r.json()["error"]["code"] == "forbidden"
    assert counter == len(Role) * len(ENDPOINTS) * 2
