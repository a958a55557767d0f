"""Helpers for API tests: an account with its token, a household with a child."""

from __future__ import annotations

from fastapi.testclient import TestClient

PASSWORD = "a long enough password"


def account(c: TestClient, name: str) -> dict[str, str]:
    """Sign up ``name``@example.org and return its Authorization header."""
    email = f"{name}@example.org"
    signed = c.post(
        "/api/v1/auth/signup", json={"email": email, "display_name": name, "password": PASSWORD}
    )
    assert signed.status_code == 202, signed.text
    token = c.post("/api/v1/auth/token", json={"email": email, "password": PASSWORD}).json()
    return {"Authorization": f"Bearer {token['token']}"}


def household_with_child(
    c: TestClient, auth: dict[str, str], time_zone: str = "Europe/Berlin"
) -> tuple[str, str]:
    house = c.post(
        "/api/v1/households", headers=auth, json={"name": "Home", "time_zone": time_zone}
    ).json()
    child = c.post(
        f"/api/v1/households/{house['id']}/children",
        headers=auth,
        json={"name": "Jonas", "birth_date": "2025-02-10"},
    ).json()
    return house["id"], child["id"]
