"""Issue 11, finding 2, in a real browser: a page on another port of the same host (same
site, not same origin, so the SameSite=Strict cookie goes along) tried what the review did
in Chromium: a JSON body smuggled in a text/plain form, a no-cors fetch, and a login CSRF.
All are refused, and the victim's own page, with its CSRF token, still writes."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from beside.journal.db import make_engine
from beside.journal.migrate import upgrade
from tests.web.api_client import PASSWORD
from tests.web.live_server import live_server

#: a text/plain form sends ``name=value``: here the JSON ``{"time_zone": "UTC", "name":
#: "Forged="}``, a valid household, and for the login a body the server reads as JSON too
EVIL_FORM = """<!doctype html><body>
<form method="POST" action="{base}{path}" enctype="text/plain">
<input name='{{"time_zone": "UTC", "name": "Forged' value='"}}'></form>
<script>document.forms[0].submit()</script></body>"""
EVIL_FETCH = """<!doctype html><body><script>
window.sent = Promise.all([
  fetch("{base}/api/v1/households", {{method: "POST", mode: "no-cors", credentials: "include",
    headers: {{"content-type": "text/plain"}},
    body: JSON.stringify({{name: "Forged", time_zone: "UTC"}})}}),
  fetch("{base}/api/v1/households", {{method: "POST", mode: "no-cors", credentials: "include",
    headers: {{"content-type": "application/x-www-form-urlencoded"}},
    body: "name=Forged&time_zone=UTC"}}),
  fetch("{base}/api/v1/households", {{method: "POST", mode: "no-cors", credentials: "include",
    body: new Blob([JSON.stringify({{name: "Forged", time_zone: "UTC"}})])}}),
]).then(() => "sent", (e) => "failed: " + e);
</script></body>"""


@pytest.fixture
def beside(tmp_path: Path) -> Iterator[str]:
    engine = make_engine(f"sqlite+pysqlite:///{tmp_path / 'journal.db'}")
    upgrade(engine)
    with live_server(engine) as (base, _):
        yield base
    engine.dispose()


@pytest.fixture
def evil_site(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """Another site's pages, on another port of 127.0.0.1."""
    root = tmp_path / "evil"
    root.mkdir()

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(root), **kwargs)  # type: ignore[arg-type]

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", root
    server.shutdown()


def _same_origin(
    page: Page, method: str, path: str, body: object = None, csrf: str = ""
) -> dict[str, Any]:
    """A request from Beside's own origin, as its pages will make it."""
    return page.evaluate(
        """async ([method, path, body, csrf]) => {
            const headers = {"content-type": "application/json"};
            if (csrf) headers["X-CSRF-Token"] = csrf;
            const r = await fetch(path, {method, headers, credentials: "same-origin",
                body: body === null ? undefined : JSON.stringify(body)});
            return {status: r.status, csrf: r.headers.get("X-CSRF-Token"), body: await r.text()};
        }""",
        [method, path, body, csrf],
    )


def test_another_sites_forms_and_no_cors_writes_are_refused(
    browser: Browser, beside: str, evil_site: tuple[str, Path]
) -> None:
    evil, root = evil_site
    context = browser.new_context()
    victim = context.new_page()
    victim.goto(f"{beside}/openapi.json")
    signup = {"email": "vic@example.org", "display_name": "Vic", "password": PASSWORD}
    assert _same_origin(victim, "POST", "/api/v1/auth/signup", signup)["status"] == 202
    login = {"email": "vic@example.org", "password": PASSWORD}
    signed = _same_origin(victim, "POST", "/api/v1/auth/session", login)
    assert signed["status"] == 204
    assert any(c["name"] == "beside_session" for c in context.cookies())

    (root / "form.html").write_text(EVIL_FORM.format(base=beside, path="/api/v1/households"))
    (root / "login.html").write_text(EVIL_FORM.format(base=beside, path="/api/v1/auth/session"))
    (root / "fetch.html").write_text(EVIL_FETCH.format(base=beside))
    attacker = context.new_page()
    for form in ("form.html", "login.html"):
        with attacker.expect_navigation(url=f"{beside}/**"):
            attacker.goto(f"{evil}/{form}")
        answer = attacker.text_content("body") or ""
        assert '"cross_site"' in answer or '"unsupported_media_type"' in answer, answer
    attacker.goto(f"{evil}/fetch.html")
    # sent either way; the answers are opaque to the page, and Cross-Origin-Resource-Policy
    # keeps even those from it (Chromium then fails the fetch)
    assert attacker.evaluate("window.sent") in ("sent", "failed: TypeError: Failed to fetch")

    # nothing was made: the victim's own page finds no household
    mine = _same_origin(victim, "GET", "/api/v1/households")
    assert mine["status"] == 200
    assert '"items":[]' in mine["body"].replace(" ", "")
    # and the victim's own page writes, with its CSRF token (the same browser, the same
    # cookie: what differs is only who sent it)
    house = {"name": "Home", "time_zone": "UTC"}
    made = _same_origin(victim, "POST", "/api/v1/households", house, csrf=signed["csrf"])
    assert made["status"] == 201, made
    context.close()
