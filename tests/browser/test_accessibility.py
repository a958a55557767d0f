"""axe-core on the main pages (issue 12): no serious or critical violation, light and dark,
at 360 px, and no page wider than the phone. Run with the page's CSP bypassed, since axe is
injected as an inline script; the pages themselves are checked against their CSP in
test_pages. A screenshot of each is kept in out/screenshots (the README's come from here)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import Family, serious_violations, sign_in

SHOTS = Path(__file__).parents[2] / "out" / "screenshots"


def _look(page: Page, axe: str, name: str, scheme: str) -> list[str]:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{scheme}.png"), full_page=True)
    wide = page.evaluate("document.documentElement.scrollWidth")
    return [f"{wide} px wide"] * (wide > 360) + serious_violations(page, axe)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_main_pages_have_no_serious_accessibility_faults(
    browser: Browser, family: Family, axe_source: str, scheme: str
) -> None:
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        color_scheme=scheme,
        bypass_csp=True,
        timezone_id="UTC",
    )
    page = context.new_page()
    # the afternoon for light and the small hours for dark, whenever the test runs: the
    # pages turn dark at night by the phone's clock (theme.js)
    page.clock.set_fixed_time(datetime(2026, 12, 3, 14 if scheme == "light" else 3, tzinfo=UTC))
    page.goto(f"{family.base}/login")
    found = {"login": _look(page, axe_source, "login", scheme)}
    page.goto(f"{family.base}/signup")
    found["signup"] = _look(page, axe_source, "signup", scheme)
    sign_in(page, family.base)
    found["home"] = _look(page, axe_source, "home", scheme)
    page.click("text=Add a child")
    found["add-child"] = _look(page, axe_source, "add-child", scheme)
    page.goto(f"{family.base}/")
    page.click("text=People and invitations")
    found["people"] = _look(page, axe_source, "people", scheme)
    page.goto(f"{family.base}/households/{family.household_id}/children/{family.noor_id}/details")
    found["details"] = _look(page, axe_source, "details", scheme)
    page.goto(f"{family.base}/invitations/accept#a-token")
    found["invitation"] = _look(page, axe_source, "invitation", scheme)
    page.goto(f"{family.base}/coach")
    found["coach"] = _look(page, axe_source, "coach", scheme)
    page.goto(f"{family.base}/")
    page.click("text=Noor")
    found["now"] = _look(page, axe_source, "now", scheme)
    now = page.url
    page.click("text=Very upset")
    page.wait_for_selector("time[data-started]")
    found["moment"] = _look(page, axe_source, "moment", scheme)
    page.click("text=Calm, with my help")
    page.wait_for_selector("text=Noor is calm")
    found["afterwards"] = _look(page, axe_source, "afterwards", scheme)
    page.goto(now)
    page.get_by_role("button", name="Bedtime", exact=True).click()
    page.get_by_role("button", name="Awake, calling for me", exact=True).click()
    page.wait_for_selector("time[data-started]")
    found["waking"] = _look(page, axe_source, "waking", scheme)
    today = datetime.now(UTC).date()  # the server's day (the page's clock is held)
    page.goto(f"{now.removesuffix('/now')}/entries?day={today.isoformat()}")
    page.locator("details.entry summary").first.click()
    found["entries"] = _look(page, axe_source, "entries", scheme)
    page.goto(f"{family.base}/offline")
    found["offline"] = _look(page, axe_source, "offline", scheme)
    assert found == {name: [] for name in found}
    context.close()
