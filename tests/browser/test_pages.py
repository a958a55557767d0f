"""The first pages (issue 12) in Chromium: a parent signs in on the page and sees the
household's children; a wrong password says so and keeps what was typed; a child's name
that is HTML is shown as text; no page breaks its own Content-Security-Policy."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser

from beside.journal.sign_in import NOT_RECOGNISED
from tests.browser.conftest import TRICK, Family
from tests.web.api_client import PASSWORD


def test_a_parent_signs_in_on_the_page_and_sees_the_children(
    browser: Browser, family: Family
) -> None:
    beside = family.base
    page = browser.new_page(viewport={"width": 360, "height": 740})
    problems: list[str] = []  # refusals by the CSP, and script errors
    page.on("console", lambda m: problems.append(m.text) if "Security Policy" in m.text else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    missing: list[str] = []
    page.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)
    page.goto(f"{beside}/")
    assert page.url == f"{beside}/login"  # not signed in: to the sign-in page

    page.fill("#email", "mia@example.org")
    page.fill("#password", "not the password")
    page.click("button[type=submit]")
    page.wait_for_selector("[role=alert]:not(:empty)")
    assert page.locator("[role=alert]").text_content() == NOT_RECOGNISED
    assert page.input_value("#email") == "mia@example.org"  # what was typed stays

    page.fill("#password", PASSWORD)
    with page.expect_navigation(url=f"{beside}/"):
        page.click("button[type=submit]")
    assert page.locator("h1").text_content() == "Hello, Mia"
    names = page.locator(".child-name").all_text_contents()
    assert names == sorted(["Noor", TRICK])  # the HTML name is text
    assert page.locator("main img").count() == 0
    assert page.evaluate("window.pwned") is None
    assert "7 months" in page.locator("ul.children").text_content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert problems == [], problems
    assert missing == []  # every file a page asks for is there (the icon too)

    with page.expect_navigation(url=f"{beside}/login"):
        page.click("text=Sign out")
    page.goto(f"{beside}/")
    assert page.url == f"{beside}/login"
    page.close()


@pytest.mark.parametrize(("hour", "dark"), [(3, True), (14, False), (20, True)])
def test_night_colours_come_on_at_night_and_on_request(
    browser: Browser, family: Family, hour: int, dark: bool
) -> None:
    """Dark from 7 p.m. to 7 a.m. by the phone's clock on a phone set to light; the button
    switches, and the choice stays on this device."""
    context = browser.new_context(color_scheme="light", timezone_id="Europe/Dublin")
    page = context.new_page()
    page.clock.set_fixed_time(datetime(2026, 12, 3, hour, 0, tzinfo=ZoneInfo("Europe/Dublin")))
    page.goto(f"{family.base}/login")

    def background() -> str:
        return str(page.evaluate("getComputedStyle(document.body).backgroundColor"))

    night = "rgb(18, 20, 23)"
    assert (background() == night) is dark
    page.click("[data-colours]")
    assert (background() == night) is not dark
    page.reload()
    assert (background() == night) is not dark  # kept
    context.close()
