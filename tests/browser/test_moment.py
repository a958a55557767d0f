"""Logging in the moment (issue 12, item 1) in Chromium on a 360 px phone: one tap starts an
episode with the guidance for a seven-month-old's crying and a running timer; "calm" ends
it and offers the afterwards guidance; the journal holds one episode with what was tapped
and nothing else made up."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from beside.guide.content import shipped
from beside.guide.select import pick
from beside.journal.schema import EpisodeRow, NapRow, NightRow, WakingRow
from beside.records.enums import (
    Aftercare,
    ChildAction,
    Outcome,
    ResettleMethod,
    SleepMethod,
    Trigger,
)
from tests.browser.conftest import Family, sign_in
from tests.web.api_client import PASSWORD


def _text(piece_id: str) -> str:
    return next(p.text for p in shipped().pieces if p.id == piece_id)


def test_one_tap_starts_an_episode_and_calm_ends_it(browser: Browser, family: Family) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 740})
    sign_in(page, family.base)
    page.click("text=Noor")
    assert page.url.endswith(f"/children/{family.noor_id}/now")
    help_now = shipped().help_now
    page.click("text=When to get help now")
    expect(page.get_by_text(help_now.emergency[0])).to_be_visible()
    assert "HSE" in page.locator(".help-now .evidence").text_content()
    page.click("text=Very upset")
    page.wait_for_selector("time[data-started]")
    assert _text("infant-respond-and-hold") in page.locator(".guidance").text_content()
    expect(page.locator("time")).to_have_text(re.compile(r"^0:0[1-9]$"), timeout=5000)  # it runs
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.click("text=Calm, with my help")
    page.wait_for_selector("text=Noor is calm")
    assert "Saved: calm after" in page.locator("main").text_content()
    # a seven-month-old: the afterwards pieces are for toddlers, so none is shown yet
    assert page.locator(".guidance p").count() == len(
        pick(220.0, "came_for_comfort", moment="afterwards")
    )
    with Session(family.engine) as s:
        (row,) = s.scalars(select(EpisodeRow)).all()
    assert row.child_id == family.noor_id
    assert row.peak_distress == 7
    assert row.outcome is Outcome.CALMED_WITH_HELP
    assert row.end is not None
    assert row.minutes_to_calm is not None
    assert row.minutes_to_calm >= 0
    # what was not tapped is not recorded, not guessed
    assert row.trigger is Trigger.NOT_RECORDED
    assert row.child_action is ChildAction.NOT_RECORDED
    assert row.aftercare is Aftercare.NOT_RECORDED
    page.close()


def test_a_toddler_who_turns_away_gets_time_and_calms_alone(
    browser: Browser, family: Family
) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 740})
    sign_in(page, family.base)
    page.locator(".child-name").filter(has_text="<img").click()
    page.get_by_role("button", name="Upset", exact=True).click()
    page.wait_for_selector("time[data-started]", timeout=5000)
    page.click("text=turned away from me")
    page.wait_for_selector("text=between 2 and 30 minutes")
    shown = page.locator(".guidance").text_content()
    for piece in pick(35 * 30.44, "turning_away", moment="now"):
        assert piece.text in shown
    assert page.evaluate("window.pwned") is None  # the name in the heading is text too
    page.click("text=Calm, on their own")
    page.wait_for_selector("text=is calm")
    assert _text("after-calmed-alone") in page.locator(".guidance").text_content()
    with Session(family.engine) as s:
        (row,) = s.scalars(select(EpisodeRow)).all()
    assert row.peak_distress == 5
    assert row.child_action is ChildAction.TURNED_AWAY
    assert row.outcome is Outcome.CALMED_ALONE
    page.close()


def test_the_last_tap_can_be_undone(browser: Browser, family: Family) -> None:
    """A start by mistake goes; a "calm" too soon is taken back, the timer running on."""
    page = browser.new_page(viewport={"width": 360, "height": 740})
    sign_in(page, family.base)
    page.click("text=Noor")

    def episodes() -> list[EpisodeRow]:
        with Session(family.engine) as s:
            return list(s.scalars(select(EpisodeRow)).all())

    page.click("text=A little upset")
    page.wait_for_selector("time[data-started]")
    assert len(episodes()) == 1
    page.click("text=Undo: started by mistake")
    page.wait_for_selector("text=How upset?")
    assert episodes() == []

    page.click("text=Very upset")
    page.wait_for_selector("time[data-started]")
    page.click("text=Calm, with my help")
    page.wait_for_selector("text=Noor is calm")
    page.click("text=Undo: not calm yet")
    page.wait_for_selector("time[data-started]")
    (row,) = episodes()
    assert row.end is None
    assert row.outcome is Outcome.NOT_RECORDED
    assert row.minutes_to_calm is None
    assert row.peak_distress == 7  # what was tapped before stays
    page.click("text=Calm, on their own")
    page.wait_for_selector("text=Noor is calm")
    (row,) = episodes()
    assert row.outcome is Outcome.CALMED_ALONE
    page.close()


def test_an_ended_session_signs_in_and_comes_back_to_the_same_page(
    browser: Browser, family: Family
) -> None:
    """Issue 12, item 8: signed out elsewhere while the page was open, a tap leads to the
    sign-in page and, once signed in, back to the child's page; nothing was stored."""
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    sign_in(page, family.base)
    page.click("text=Noor")
    here = page.url
    context.clear_cookies()
    with page.expect_navigation(url=re.compile(r"/login\?next=")):
        page.click("text=Very upset")
    page.fill("#email", "mia@example.org")
    page.fill("#password", PASSWORD)
    with page.expect_navigation(url=here):
        page.click("button[type=submit]")
    with Session(family.engine) as s:
        assert s.scalars(select(EpisodeRow)).all() == []
    context.close()


def test_a_night_with_a_waking_and_a_nap_each_a_tap(browser: Browser, family: Family) -> None:
    """Bedtime, "awake, calling for me", back to sleep patted, morning (taken back once,
    then again); a nap and its end. The waking is stored once, whole, with what was tapped;
    its response latency, never tapped, stays not recorded."""
    page = browser.new_page(viewport={"width": 360, "height": 740})
    sign_in(page, family.base)
    page.click("text=Noor")
    page.click("text=Bedtime")
    expect(page.locator(".saved")).to_contain_text("Saved: bedtime at")
    page.click("text=Awake, calling for me")
    page.wait_for_selector("time[data-started]")
    assert _text("night-waking-normal") in page.locator(".guidance").text_content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    with Session(family.engine) as s:  # nothing is stored while the child is awake
        assert s.scalars(select(WakingRow)).all() == []
    page.click("text=Patted")
    expect(page.locator(".saved")).to_contain_text("back to sleep: patted.")
    page.click("text=Morning: up for the day")
    expect(page.locator(".saved")).to_contain_text("Saved: up for the day at")
    page.locator(".saved button").click()  # undo: the night goes on
    page.wait_for_selector("text=Awake, quietly")
    page.click("text=Morning: up for the day")
    expect(page.locator(".saved")).to_contain_text("up for the day")
    with Session(family.engine) as s:
        (night,) = s.scalars(select(NightRow)).all()
        (waking,) = night.wakings
        assert night.wake_time is not None
        assert night.sleep_method is SleepMethod.NOT_RECORDED
        assert waking.signalled is True
        assert waking.resettled_by is ResettleMethod.PATTED
        assert waking.latency_min is None
        assert night.bedtime <= waking.start < waking.end <= night.wake_time

    page.click("text=Asleep for a nap")
    page.click("text=Awake from the nap")
    expect(page.locator(".saved")).to_contain_text("Saved: a nap of")
    with Session(family.engine) as s:
        (nap,) = s.scalars(select(NapRow)).all()
        assert nap.end is not None
    page.close()
