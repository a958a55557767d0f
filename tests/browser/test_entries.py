"""Putting an entry right afterwards (issue 12, item 1) in Chromium on a 360 px phone: an
upset logged in the moment is found on its day, its start moved earlier and its trigger
said; minutes to calm follow the new times; an end before the start is refused naming the
field, with nothing changed; a waking is said to have been called out; the upset is
removed."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import Browser, expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from beside.journal.schema import EpisodeRow, NightRow, WakingRow
from beside.records.enums import Outcome, Trigger
from tests.browser.conftest import Family, sign_in


def test_an_upset_and_a_waking_put_right(browser: Browser, family: Family) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, timezone_id="UTC")
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, family.base)
    page.click("text=Noor")
    page.get_by_role("button", name="Very upset", exact=True).click()
    page.get_by_role("button", name="Calm, with my help").click()
    page.wait_for_selector("text=Noor is calm")
    with Session(family.engine) as s:
        (before,) = s.scalars(select(EpisodeRow)).all()
    day = before.start.date().isoformat()
    entries = f"{family.base}/households/{family.household_id}/children/{family.noor_id}/entries"

    page.goto(f"{entries}?day={day}")
    page.locator("details.entry summary").first.click()
    earlier = (before.start - timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M:%S")
    page.get_by_label("Began", exact=True).fill(earlier)
    page.get_by_label("What set it off").select_option(label="Tired")
    page.get_by_role("button", name="Save the upset").click()
    expect(page.locator(".saved")).to_have_text("Saved: the upset.")
    with Session(family.engine) as s:
        (after,) = s.scalars(select(EpisodeRow)).all()
    assert after.start.strftime("%Y-%m-%dT%H:%M:%S") == earlier
    assert after.trigger is Trigger.TIREDNESS
    assert after.outcome is Outcome.CALMED_WITH_HELP
    assert after.end is not None
    assert after.minutes_to_calm == round((after.end - after.start).total_seconds() / 60, 1)
    assert after.minutes_to_calm >= 10

    page.locator("details.entry summary").first.click()
    page.get_by_label("Ended", exact=True).fill(
        (after.start - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    )
    page.get_by_role("button", name="Save the upset").click()
    expect(page.locator("details.entry[open] form [role=alert]")).to_contain_text("end")
    with Session(family.engine) as s:
        (same,) = s.scalars(select(EpisodeRow)).all()
    assert same.end == after.end

    page.goto(f"{entries}?day={day}")
    page.locator("details.entry summary").first.click()
    page.get_by_role("button", name="Remove").first.click()
    expect(page.locator(".saved")).to_have_text("Removed.")
    with Session(family.engine) as s:
        assert s.scalars(select(EpisodeRow)).all() == []

    page.goto(f"{family.base}/households/{family.household_id}/children/{family.noor_id}/now")
    page.get_by_role("button", name="Bedtime", exact=True).click()
    page.get_by_role("button", name="Awake, quietly", exact=True).click()
    page.get_by_role("button", name="Held", exact=True).click()
    expect(page.locator(".saved")).to_contain_text("Saved: awake")
    with Session(family.engine) as s:
        (night,) = s.scalars(select(NightRow)).all()
    page.goto(f"{entries}?day={night.evening.isoformat()}")
    page.locator("details.entry summary", has_text="awake").click()
    page.get_by_label("Called out?").select_option("yes")
    page.get_by_role("button", name="Save the waking").click()
    expect(page.locator(".saved")).to_have_text("Saved: the waking.")
    with Session(family.engine) as s:
        (waking,) = s.scalars(select(WakingRow)).all()
        assert waking.signalled is True
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()
