"""What-if in Chromium on a 360 px phone (issue 12, item 5): from the overview, a parent
picks three ways and two months; a progress bar shows while it runs and logging goes on
in another tab meanwhile; the differences come with the caution, their intervals and the
claims behind each way; axe finds nothing serious, and nothing is wider than the phone."""

from __future__ import annotations

from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from beside.journal.schema import EpisodeRow
from tests.browser.conftest import Family, serious_violations, sign_in
from tests.browser.test_accessibility import SHOTS


def test_a_parent_compares_three_ways_for_the_next_two_months(
    browser: Browser, family: Family, axe_source: str
) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Security Policy" in m.text else None)
    _ask(page, family)
    expect(page.locator("progress")).to_be_attached()

    other = context.new_page()  # logging goes on while the model runs
    other.goto(f"{family.base}/households/{family.household_id}/children/{family.noor_id}/now")
    other.get_by_role("button", name="Upset", exact=True).click()
    other.wait_for_selector("time[data-started]")
    with Session(family.engine) as s:
        assert len(s.scalars(select(EpisodeRow)).all()) == 1

    result = page.locator(".what-if-result")
    expect(result).to_be_visible(timeout=60_000)
    text = result.text_content() or ""
    assert "not a prediction about your child" in text
    assert text.count("95 % interval") >= 9  # three ways, three measures
    assert "(C10)" in text
    assert "Research is divided" in text
    assert page.locator(".what-if-result tbody tr").count() == 9
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert refused == []
    context.close()

    # axe is injected as an inline script: its own context, with the CSP bypassed
    for scheme in ("light", "dark"):
        context = browser.new_context(
            viewport={"width": 360, "height": 740}, color_scheme=scheme, bypass_csp=True
        )
        page = context.new_page()
        _ask(page, family)
        assert serious_violations(page, axe_source) == []
        expect(page.locator(".what-if-result")).to_be_visible(timeout=60_000)
        assert serious_violations(page, axe_source) == []
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"what-if-{scheme}.png"), full_page=True)
        context.close()


def _ask(page: Page, family: Family) -> None:
    sign_in(page, family.base)
    page.goto(f"{family.base}/households/{family.household_id}/children/{family.noor_id}/overview")
    page.get_by_role("link", name="What if…?").click()
    expect(page.get_by_role("heading", name="What if, for Noor")).to_be_visible()
    page.get_by_label("At night, checking in at growing intervals").check()
    page.get_by_label("Months ahead").fill("2")
    page.get_by_role("button", name="Show me").click()
