"""A parent's first evening with Beside, in Chromium (issue 12's browser scenario): signs
up, makes a household, adds a child, logs an upset in the moment and a night with a waking,
and finds both in the child's overview; a bad due date is refused with what to fix, and what
was typed stays. Then the same address signing up again with another
password is told to sign in, and a due date left empty is stored as not said."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from beside.journal.db import make_engine
from beside.journal.migrate import upgrade
from beside.journal.schema import ChildRow, EpisodeRow, HouseholdRow, NightRow
from tests.web.live_server import live_server

PASSWORD = "a long night, again"


@pytest.fixture
def empty(tmp_path: Path) -> Iterator[tuple[str, Engine]]:
    engine = make_engine(f"sqlite+pysqlite:///{tmp_path / 'journal.db'}")
    upgrade(engine)
    with live_server(engine) as (base, _):
        yield base, engine
    engine.dispose()


def test_sign_up_add_a_child_log_and_see_it(browser: Browser, empty: tuple[str, Engine]) -> None:
    base, engine = empty
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, timezone_id="Europe/Lisbon"
    )
    page = context.new_page()
    page.goto(f"{base}/login")
    page.click("text=Make an account")
    page.fill("#display_name", "Rui")
    page.fill("#email", "rui@example.org")
    page.fill("#password", PASSWORD)
    with page.expect_navigation(url=f"{base}/"):
        page.click("button[type=submit]")
    expect(page.locator("h1")).to_have_text("Hello, Rui")
    expect(page.locator("#time-zone")).to_have_value("Europe/Lisbon")  # the phone's zone
    page.fill("#house-name", "Casa")
    page.click("text=Make it")
    page.wait_for_url("**/children/new")
    born = datetime.now(UTC).date() - timedelta(days=200)
    page.fill("#name", "Ada")
    page.fill("#birth_date", born.isoformat())
    page.fill("#due_date", (born - timedelta(days=400)).isoformat())  # a slip of the thumb
    page.click("button[type=submit]")
    expect(page.locator("[role=alert]")).to_contain_text("due_date")
    expect(page.locator("#name")).to_have_value("Ada")  # what was typed stays
    expect(page.locator("#birth_date")).to_have_value(born.isoformat())
    page.fill("#due_date", "")
    page.click("button[type=submit]")
    page.wait_for_url("**/now")
    expect(page.locator("h1")).to_have_text("Ada, right now")

    page.get_by_role("button", name="Upset", exact=True).click()
    page.click("text=Calm, with my help")
    page.wait_for_selector("text=Ada is calm")
    page.click("text=Start again")
    page.click("text=Bedtime")
    page.click("text=Awake, calling for me")
    page.click("text=Patted")
    expect(page.locator(".saved")).to_contain_text("back to sleep: patted.")
    page.click("text=Morning: up for the day")
    expect(page.locator(".saved")).to_contain_text("up for the day")

    page.click("text=How Ada has been")
    page.wait_for_selector("h2#nights")
    glance = page.locator("ul.glance").text_content() or ""
    assert "1 upset: 1 with help" in glance
    expect(page.locator("table.nights tbody tr")).to_have_count(1)
    expect(page.locator("table.nights tbody tr")).to_contain_text("1 called out")
    with Session(engine) as s:
        (house,) = s.scalars(select(HouseholdRow)).all()
        (child,) = s.scalars(select(ChildRow)).all()
        assert (house.name, house.time_zone) == ("Casa", "Europe/Lisbon")
        assert (child.name, child.birth_date, child.due_date) == ("Ada", born, None)
        assert len(s.scalars(select(EpisodeRow)).all()) == 1
        (night,) = s.scalars(select(NightRow)).all()
        assert len(night.wakings) == 1
    context.close()

    again = browser.new_page(viewport={"width": 360, "height": 740})
    again.goto(f"{base}/signup")
    again.fill("#display_name", "Someone")
    again.fill("#email", "rui@example.org")
    again.fill("#password", "not the same password")
    again.click("button[type=submit]")
    expect(again.locator("[role=alert]")).to_contain_text("already has an account")
    assert again.url == f"{base}/signup"
    again.close()
