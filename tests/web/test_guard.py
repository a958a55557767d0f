"""Issue 11: what every request meets before a route, and every answer carries. Each test
was seen to fail before web/guard.py and web/cookies.py (and the body limits) existed."""

from __future__ import annotations

import http.cookies
import json

import pytest
from fastapi.testclient import TestClient

from beside.web.guard import MAX_HEADER_BYTES
from beside.web.limits import MAX_BODY_BYTES
from tests.web.api_client import PASSWORD, account, household_with_child


def _signed_in(client: TestClient, name: str) -> None:
    account(client, name)
    r = client.post(
        "/api/v1/auth/session", json={"email": f"{name}@example.org", "password": PASSWORD}
    )
    assert r.status_code == 204
    client.headers["X-CSRF-Token"] = r.headers["X-CSRF-Token"]


def test_headers_over_the_cap_are_refused_before_any_route(client: TestClient) -> None:
    """An 80 KB cookie stalled the server for 10 s (Python's cookie unquoting, CVE-2024-7592)."""
    r = client.get("/api/v1/households", headers={"cookie": "a=" + '"\\\\1' * 20_000})
    assert r.status_code == 431
    assert r.json()["error"]["code"] == "headers_too_large"
    small = client.get("/api/v1/households", headers={"x-pad": "x" * (MAX_HEADER_BYTES // 2)})
    assert small.status_code == 401  # under the cap: the route answers (no credentials)


def test_the_session_cookie_is_read_without_pythons_unquoting(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Linear whatever the Python: the session read never goes through
    ``http.cookies._unquote`` (quadratic on 3.11.7)."""
    _signed_in(client, "cora")

    unquote = http.cookies._unquote  # type: ignore[attr-defined]

    def quadratic(value: str) -> str:
        assert not value.startswith('"'), "a quoted cookie went through http.cookies._unquote"
        return str(unquote(value))

    monkeypatch.setattr(http.cookies, "_unquote", quadratic)
    assert client.get("/api/v1/households").status_code == 200
    client.cookies.clear()
    quoted = client.get("/api/v1/households", headers={"cookie": 'beside_session="\\141bc"'})
    assert quoted.status_code == 401  # a quoted value is no session, and no 500


@pytest.mark.parametrize(
    ("content_type", "payload"),
    [
        ("text/plain", '{"name": "Home", "time_zone": "UTC"}'),
        ("application/x-www-form-urlencoded", "name=Home&time_zone=UTC"),
        (None, '{"name": "Home", "time_zone": "UTC"}'),
    ],
)
def test_a_body_that_is_not_json_is_refused(
    client: TestClient, content_type: str | None, payload: str
) -> None:
    """With the session cookie, text/plain, form-encoded and type-less POSTs returned 201:
    the bodies a page on another site can send without asking first."""
    _signed_in(client, f"dora{len(payload)}{content_type is None}")
    headers = {} if content_type is None else {"content-type": content_type}
    r = client.post("/api/v1/households", content=payload.encode(), headers=headers)
    assert r.status_code == 415, r.text
    assert r.json()["error"]["code"] == "unsupported_media_type"
    ok = client.post("/api/v1/households", json={"name": "Home", "time_zone": "UTC"})
    assert ok.status_code == 201


@pytest.mark.parametrize(
    "headers",
    [
        {"sec-fetch-site": "same-site"},  # another port of this host
        {"sec-fetch-site": "cross-site"},
        {"origin": "http://127.0.0.1:9999"},
    ],
)
def test_a_write_from_another_site_is_refused(client: TestClient, headers: dict[str, str]) -> None:
    _signed_in(client, "edna")
    r = client.post("/api/v1/households", json={"name": "X", "time_zone": "UTC"}, headers=headers)
    assert r.status_code == 403, r.text
    assert r.json()["error"]["code"] == "cross_site"
    login = client.post(
        "/api/v1/auth/session",
        json={"email": "edna@example.org", "password": PASSWORD},
        headers=headers,
    )
    assert login.status_code == 403  # no login CSRF either
    reading = client.get("/api/v1/households", headers=headers)
    assert reading.status_code == 200  # reads are not affected (nothing changes)


def test_a_write_from_our_own_pages_and_from_programs_passes(client: TestClient) -> None:
    _signed_in(client, "finn")
    own = {"sec-fetch-site": "same-origin", "origin": "http://testserver"}
    r = client.post("/api/v1/households", json={"name": "Home", "time_zone": "UTC"}, headers=own)
    assert r.status_code == 201, r.text
    client.cookies.clear()
    program = account(client, "gwen")  # a Bearer token, no browser headers
    r = client.post(
        "/api/v1/households", json={"name": "Home", "time_zone": "UTC"}, headers=program
    )
    assert r.status_code == 201


def test_bodies_are_small_except_an_import(client: TestClient) -> None:
    """A 200 MB unauthenticated POST raised memory from 215 to 683 MB."""
    auth = account(client, "hana")
    house, child = household_with_child(client, auth)
    big_note = {"peak_distress": 3, "notes": "x" * (MAX_BODY_BYTES + 1)}
    r = client.post(
        f"/api/v1/households/{house}/children/{child}/episodes/now", json=big_note, headers=auth
    )
    assert r.status_code == 413, r.text
    assert set(r.json()) == {"error"}
    document = {
        "format": "beside-journal",
        "version": 2,
        "notes": [{"id": f"n{i}", "text": "y" * 3000} for i in range(100)],  # about 300 KB
    }
    body = json.dumps(document).encode()
    assert len(body) > 4 * MAX_BODY_BYTES
    imported = client.post(
        f"/api/v1/households/{house}/import",
        content=body,
        headers={**auth, "content-type": "application/json"},
    )
    assert imported.status_code == 201, imported.text


def test_every_answer_carries_the_security_headers(client: TestClient) -> None:
    auth = account(client, "ivy")
    answers = [
        client.get("/api/v1/households", headers=auth),  # 200
        client.get("/api/v1/nowhere"),  # 404
        client.get("/api/v1/households/not-an-id/children", headers=auth),  # 422
        client.post("/api/v1/households", content=b"x", headers={"content-type": "text/plain"}),
    ]
    for r in answers:
        csp = r.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp, r.status_code
        assert "script-src 'self'" in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "no-referrer"
        assert r.headers["cache-control"] == "no-store"


def test_a_zone_that_is_a_folder_is_a_422_not_a_500(client: TestClient) -> None:
    """``Europe`` is a folder of zones: creating a household with it was a 500."""
    auth = account(client, "jade")
    r = client.post("/api/v1/households", json={"name": "H", "time_zone": "Europe"}, headers=auth)
    assert r.status_code == 422, r.text
    assert r.json()["error"]["violations"][0]["field"] == "time_zone"
    assert client.get("/api/v1/households", headers=auth).status_code == 200


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "too_deep"),
        (
            b'{"format": "beside-journal", "version": 2, "episodes": [{"peak_distress": '
            + b"1" * 5000
            + b"}]}",
            "number_too_long",
        ),
    ],
)
def test_an_import_too_deep_or_with_a_huge_number_is_a_422(
    client: TestClient, payload: bytes, code: str
) -> None:
    auth = account(client, f"kit{code}")
    house, _ = household_with_child(client, auth)
    r = client.post(
        f"/api/v1/households/{house}/import",
        content=payload,
        headers={**auth, "content-type": "application/json"},
    )
    assert r.status_code == 422, r.text
    assert r.json()["error"]["violations"][0]["code"] == code
