"""One's own sessions and tokens over HTTP, on SQLite and PostgreSQL (issue 11, finding
7): a list with the one in hand marked, ending one or all, a password change that ends
the others, read-only and bounded API tokens, the last use kept without a read waiting."""

from __future__ import annotations

from datetime import datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import Engine, update

from beside.journal.schema import TokenKind, TokenRow
from beside.web.csrf import csrf_token
from tests.web.api_client import PASSWORD, account

AUTH = "/api/v1/auth"


def _session(client: TestClient, name: str) -> str:
    r = client.post(f"{AUTH}/session", json={"email": f"{name}@example.org", "password": PASSWORD})
    assert r.status_code == 204, r.text
    secret = r.cookies["beside_session"]
    client.cookies.clear()
    return secret


def _as(secret: str) -> dict[str, str]:
    """A page's headers: its session cookie and the CSRF token that goes with it."""
    return {"cookie": f"beside_session={secret}", "X-CSRF-Token": csrf_token(secret)}


def test_the_sessions_are_listed_and_one_is_ended_from_another(client: TestClient) -> None:
    account(client, "ada")
    laptop, phone = _session(client, "ada"), _session(client, "ada")
    listed = client.get(f"{AUTH}/sessions", headers=_as(laptop))
    assert listed.status_code == 200
    items = listed.json()["items"]
    assert len(items) == 2
    assert sum(item["this_one"] for item in items) == 1
    other = next(item for item in items if not item["this_one"])
    assert other["ends_at"] is not None
    assert client.delete(f"{AUTH}/sessions/{other['id']}", headers=_as(laptop)).status_code == 204
    assert client.get("/api/v1/households", headers=_as(phone)).status_code == 401
    assert client.get("/api/v1/households", headers=_as(laptop)).status_code == 200
    assert len(client.get(f"{AUTH}/sessions", headers=_as(laptop)).json()["items"]) == 1


def test_signing_out_everywhere_ends_every_session_and_token(client: TestClient) -> None:
    token = account(client, "bea")
    laptop, phone = _session(client, "bea"), _session(client, "bea")
    done = client.post(f"{AUTH}/sign-out-everywhere", headers=_as(phone))
    assert done.status_code == 200
    assert done.json() == {"ended": 3}
    for headers in (_as(laptop), _as(phone), token):
        assert client.get("/api/v1/households", headers=headers).status_code == 401


def test_a_password_change_needs_the_old_one_and_ends_the_others(client: TestClient) -> None:
    token = account(client, "cal")
    here, elsewhere = _session(client, "cal"), _session(client, "cal")
    change = f"{AUTH}/password"
    wrong = client.post(
        change,
        headers=_as(here),
        json={"current_password": "not my password", "new_password": "lanterns over water"},
    )
    assert wrong.status_code == 401
    weak = client.post(
        change,
        headers=_as(here),
        json={"current_password": PASSWORD, "new_password": "1234567890"},
    )
    assert weak.status_code == 422
    assert weak.json()["error"]["violations"][0]["field"] == "password"
    done = client.post(
        change,
        headers=_as(here),
        json={"current_password": PASSWORD, "new_password": "lanterns over water"},
    )
    assert done.status_code == 200, done.text
    assert done.json() == {"ended": 2}
    assert client.get("/api/v1/households", headers=_as(here)).status_code == 200
    assert client.get("/api/v1/households", headers=_as(elsewhere)).status_code == 401
    assert client.get("/api/v1/households", headers=token).status_code == 401
    old = client.post(f"{AUTH}/token", json={"email": "cal@example.org", "password": PASSWORD})
    assert old.status_code == 401
    new = client.post(
        f"{AUTH}/token", json={"email": "cal@example.org", "password": "lanterns over water"}
    )
    assert new.status_code == 201


def test_a_read_only_token_reads_and_changes_nothing(client: TestClient) -> None:
    owner = account(client, "dev")
    house = client.post(
        "/api/v1/households", headers=owner, json={"name": "Home", "time_zone": "UTC"}
    ).json()
    made = client.post(
        f"{AUTH}/token",
        json={"email": "dev@example.org", "password": PASSWORD, "name": "chart", "scope": "read"},
    )
    assert made.status_code == 201
    reader = {"Authorization": f"Bearer {made.json()['token']}"}
    assert (
        client.get(f"/api/v1/households/{house['id']}/children", headers=reader).status_code == 200
    )
    for method, path, body in (
        ("POST", "/api/v1/households", {"name": "More", "time_zone": "UTC"}),
        (
            "POST",
            f"/api/v1/households/{house['id']}/children",
            {"name": "Io", "birth_date": "2025-03-01"},
        ),
        ("POST", f"{AUTH}/sign-out-everywhere", None),
    ):
        refused = client.request(method, path, headers=reader, json=body)
        assert refused.status_code == 403, (path, refused.text)
        assert "may only read" in refused.json()["error"]["message"]
    tokens = client.get(f"{AUTH}/tokens", headers=owner).json()["items"]
    assert {t["name"]: t["scope"] for t in tokens} == {"api": "read_write", "chart": "read"}


def test_an_api_token_lives_no_longer_than_the_server_allows(client: TestClient) -> None:
    owner = account(client, "eli")
    ask = {"email": "eli@example.org", "password": PASSWORD}
    assert client.post(f"{AUTH}/token", json={**ask, "days": 0}).status_code == 422
    assert client.post(f"{AUTH}/token", json={**ask, "days": 366}).status_code == 422
    assert client.post(f"{AUTH}/token", json={**ask, "name": "week", "days": 7}).status_code == 201
    # more days than the server's most (BESIDE_TOKEN_TTL_DAYS, 90 here) get the most
    assert (
        client.post(f"{AUTH}/token", json={**ask, "name": "year", "days": 365}).status_code == 201
    )
    tokens = client.get(f"{AUTH}/tokens", headers=owner).json()["items"]
    lives = {
        t["name"]: datetime.fromisoformat(t["expires_at"]) - datetime.fromisoformat(t["created_at"])
        for t in tokens
    }
    assert lives == {
        "api": timedelta(days=90),
        "week": timedelta(days=7),
        "year": timedelta(days=90),
    }


def test_a_read_keeps_the_sessions_last_use(client: TestClient, engine: Engine) -> None:
    """The last use is written after the answer (a read never waits for the writer), at
    most every quarter hour."""
    account(client, "fen")
    secret = _session(client, "fen")
    long_ago = datetime.fromisoformat("2020-01-01T00:00:00+00:00")
    with engine.begin() as conn:
        conn.execute(
            update(TokenRow).where(TokenRow.kind == TokenKind.SESSION).values(used_at=long_ago)
        )
    # five years unused is past the idle timeout: the session has ended
    assert client.get("/api/v1/households", headers=_as(secret)).status_code == 401
    account(client, "gil")
    fresh = _session(client, "gil")
    recent = datetime.now().astimezone() - timedelta(hours=1)
    with engine.begin() as conn:
        conn.execute(
            update(TokenRow)
            .where(TokenRow.kind == TokenKind.SESSION, TokenRow.used_at > long_ago)
            .values(used_at=recent)
        )
    assert client.get("/api/v1/households", headers=_as(fresh)).status_code == 200
    seen = client.get(f"{AUTH}/sessions", headers=_as(fresh)).json()["items"][0]
    assert datetime.fromisoformat(seen["last_used_at"]) > recent + timedelta(minutes=50)
