"""Behind a reverse proxy, and against DNS rebinding and CSRF (issue 11): the client's address
and scheme are a trusted proxy's word only; the Host must be ours; a change made with the
session cookie carries the page's CSRF token; over https the cookies are ``__Host-``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from beside.settings import Settings
from beside.web.app import create_app
from beside.web.csrf import csrf_token
from tests.web.api_client import PASSWORD, account

SIGN_UP = "/api/v1/auth/signup"
PROXY = ("127.0.0.1", 40000)
STRANGER = ("203.0.113.9", 40000)
Serve = Callable[..., TestClient]


@pytest.fixture
def serve(engine: Engine) -> Iterator[Serve]:
    """A client of an app with the given settings, as seen from ``peer``."""
    url = engine.url.render_as_string(hide_password=False)
    apps = []

    def make(
        peer: tuple[str, int] = PROXY, base: str = "http://testserver", **given: Any
    ) -> TestClient:
        settings = Settings(database_url=url, allowed_hosts="testserver", **given)
        app = create_app(settings)
        apps.append(app)
        return TestClient(app, base_url=base, client=peer)

    yield make
    for app in apps:
        app.state.engine.dispose()


def _sign_ups(client: TestClient, name: str, forwarded_for: list[str]) -> list[int]:
    return [
        client.post(
            SIGN_UP,
            json={"email": f"{name}{i}@example.org", "display_name": "x", "password": PASSWORD},
            headers={"x-forwarded-for": address},
        ).status_code
        for i, address in enumerate(forwarded_for)
    ]


def test_a_trusted_proxy_names_the_client_and_no_one_else_may(serve: Serve) -> None:
    """Sign-ups are limited per address (five an hour). Behind the proxy each family has
    its own address; a client who is not the proxy cannot dodge the limit by naming one."""
    behind = serve(PROXY, trusted_proxies="127.0.0.1/32")
    assert _sign_ups(behind, "near", [f"198.51.100.{i}" for i in range(7)]) == [202] * 7
    direct = serve(STRANGER, trusted_proxies="127.0.0.1/32")
    codes = _sign_ups(direct, "far", [f"192.0.2.{i}" for i in range(7)])
    assert codes[:5] == [202] * 5
    assert codes[5:] == [429, 429]


def test_behind_two_proxies_the_address_is_the_last_untrusted_hop(serve: Serve) -> None:
    """A client's own X-Forwarded-For entry comes first and is not believed: the proxy's
    entry for it, the last one no trusted proxy added, is."""
    behind = serve(PROXY, trusted_proxies="127.0.0.1, 10.0.0.0/8")
    spoofed = [f"192.0.2.{i}, 198.51.100.7, 10.1.2.3" for i in range(7)]
    codes = _sign_ups(behind, "two", spoofed)
    assert codes[5:] == [429, 429]


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.nip.io"])
def test_a_host_that_is_not_ours_is_refused_reads_too(serve: Serve, host: str) -> None:
    """DNS rebinding: a page whose name now points at 127.0.0.1 is same-origin with us,
    but its requests name its own host."""
    client = serve()
    r = client.get("/api/v1/households", headers={"host": host})
    assert r.status_code == 400, r.text
    assert r.json()["error"]["code"] == "host_not_allowed"
    w = client.post(SIGN_UP, json={"email": "h@example.org"}, headers={"host": host})
    assert w.status_code == 400


@pytest.mark.parametrize(
    "host", ["127.0.0.1:8000", "localhost:8000", "[::1]:8000", "192.168.1.20", "testserver"]
)
def test_addresses_localhost_and_listed_names_are_ours(serve: Serve, host: str) -> None:
    client = serve()
    assert client.get("/openapi.json", headers={"host": host}).status_code != 400


def test_the_public_urls_pages_may_write_when_the_proxy_rewrites_the_host(serve: Serve) -> None:
    """A proxy that hands the request on as Host 127.0.0.1:8000, from a browser on
    https://beside.example.org (with no Sec-Fetch-Site: an older browser)."""
    client = serve(trusted_proxies="127.0.0.1", public_url="https://beside.example.org")
    auth = account(client, "pia")
    page = {"origin": "https://beside.example.org", "host": "127.0.0.1:8000", **auth}
    made = client.post("/api/v1/households", json={"name": "H", "time_zone": "UTC"}, headers=page)
    assert made.status_code == 201, made.text
    other = {**page, "origin": "https://evil.example"}
    refused = client.post(
        "/api/v1/households", json={"name": "H", "time_zone": "UTC"}, headers=other
    )
    assert refused.status_code == 403
    assert client.get("/openapi.json", headers={"host": "beside.example.org"}).status_code == 200


def _session_cookie(r: Any) -> str:
    (cookie,) = [c for c in r.headers.get_list("set-cookie") if "session=" in c.split(";")[0]]
    return str(cookie)


def _page_session(client: TestClient, name: str, **headers: str) -> Any:
    account(client, name)
    return client.post(
        "/api/v1/auth/session",
        json={"email": f"{name}@example.org", "password": PASSWORD},
        headers=headers,
    )


def test_over_https_the_session_cookie_is_host_prefixed_and_secure(serve: Serve) -> None:
    client = serve(trusted_proxies="127.0.0.1", base="http://testserver")
    r = _page_session(client, "quinn", **{"x-forwarded-proto": "https"})
    assert r.status_code == 204
    cookie = _session_cookie(r)
    assert cookie.startswith("__Host-beside_session=")
    assert "Secure" in cookie
    assert "Path=/;" in cookie
    assert "Domain" not in cookie
    secret = cookie.split(";", 1)[0].split("=", 1)[1]
    over_https = {"x-forwarded-proto": "https"}
    client.cookies.clear()
    mine = client.get(
        "/api/v1/households", headers={**over_https, "cookie": f"__Host-beside_session={secret}"}
    )
    assert mine.status_code == 200
    # over https an unprefixed cookie (one a sibling subdomain could set) is no session
    tossed = client.get(
        "/api/v1/households", headers={**over_https, "cookie": f"beside_session={secret}"}
    )
    assert tossed.status_code == 401


def test_secure_cookies_for_a_proxy_that_says_nothing(serve: Serve) -> None:
    """A TLS proxy elsewhere that sends no X-Forwarded-Proto: ``--secure-cookies``."""
    plain = _page_session(serve(), "rae")
    assert _session_cookie(plain).startswith("beside_session=")
    assert "Secure" not in _session_cookie(plain)
    told = _page_session(serve(secure_cookies=True), "sam")
    assert _session_cookie(told).startswith("__Host-beside_session=")
    assert "Secure" in _session_cookie(told)


def test_a_change_under_the_session_cookie_needs_the_pages_csrf_token(serve: Serve) -> None:
    client = serve()
    r = _page_session(client, "tess")
    token = r.headers["X-CSRF-Token"]
    secret = r.cookies["beside_session"]
    assert token == csrf_token(secret)
    assert client.get("/api/v1/auth/csrf").json() == {"csrf_token": token}
    house = {"name": "Home", "time_zone": "UTC"}
    bare = client.post("/api/v1/households", json=house)
    assert bare.status_code == 403
    assert bare.json()["error"]["code"] == "csrf_failed"
    wrong = client.post("/api/v1/households", json=house, headers={"X-CSRF-Token": "x" * 43})
    assert wrong.status_code == 403
    assert (
        client.post("/api/v1/households", json=house, headers={"X-CSRF-Token": token}).status_code
        == 201
    )
    # the token is the session's: another sign-in has another
    again = _page_session(client, "tess2")
    assert again.headers["X-CSRF-Token"] != token
    # a program with a Bearer token needs none
    client.cookies.clear()
    program = account(client, "uma")
    assert client.post("/api/v1/households", json=house, headers=program).status_code == 201
    assert client.get("/api/v1/auth/csrf", headers=program).status_code == 401


def test_the_settings_refuse_a_public_url_with_a_path_and_a_proxy_that_is_no_address() -> None:
    from beside.errors import ConfigError
    from beside.settings import load

    with pytest.raises(ConfigError, match="BESIDE_PUBLIC_URL"):
        load(public_url="https://example.org/beside")
    with pytest.raises(ConfigError, match="BESIDE_TRUSTED_PROXIES"):
        load(trusted_proxies="nginx")
