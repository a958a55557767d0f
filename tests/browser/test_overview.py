"""The child's overview in Chromium (issue 12, item 4), over months of a simulated child's
records stored as a family's journal: the charts are drawn, fit a 360 px phone and take the
page's night colours (no bright panel at 3 a.m.), nothing is refused by the CSP, and axe
finds no serious fault, light or dark. Screenshots go to out/screenshots."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from sqlalchemy.orm import Session

from beside.journal.db import make_engine
from beside.journal.migrate import upgrade
from beside.study.demo import create_demo
from tests.browser.conftest import serious_violations, sign_in
from tests.browser.test_accessibility import SHOTS
from tests.web.live_server import live_server


@dataclass(frozen=True)
class Demo:
    base: str
    email: str
    password: str


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[Demo]:
    engine = make_engine(f"sqlite+pysqlite:///{tmp_path / 'journal.db'}")
    upgrade(engine)
    with Session(engine) as s:
        made = create_demo(s, months=3, seed=3, now=datetime.now(UTC))
        s.commit()
    with live_server(engine) as (base, _):
        yield Demo(base, made.email, made.password)
    engine.dispose()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_overview_draws_its_charts_in_the_page_colours(
    browser: Browser, demo: Demo, axe_source: str, scheme: str
) -> None:
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, color_scheme=scheme, timezone_id="UTC"
    )
    page = context.new_page()
    page.clock.set_fixed_time(datetime(2026, 12, 3, 14 if scheme == "light" else 3, tzinfo=UTC))
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Security Policy" in m.text else None)
    sign_in(page, demo.base, demo.email, demo.password)
    page.click("text=has been")
    page.wait_for_selector("h2#nights")
    assert page.locator("table.nights tbody tr").count() == 7
    charts = page.locator("figure.chart svg")
    assert charts.count() == 2  # the week hour by hour, and calming alone
    page_bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
    for k in range(charts.count()):
        svg = charts.nth(k)
        box = svg.bounding_box()
        assert box is not None
        assert box["x"] + box["width"] <= 360
        backdrop = svg.evaluate("s => getComputedStyle(s.querySelector('rect')).fill")
        assert backdrop in ("transparent", "rgba(0, 0, 0, 0)"), backdrop
        text = svg.evaluate("s => getComputedStyle(s.querySelector('text')).fill")
        assert text == page.evaluate("getComputedStyle(document.body).color")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"overview-{scheme}.png"), full_page=True)
    page.locator("h2#hours").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / f"overview-charts-{scheme}.png"))
    assert refused == []
    assert page_bg == ("rgb(251, 250, 247)" if scheme == "light" else "rgb(18, 20, 23)")
    context.close()
    # axe is injected as an inline script: its own context, with the CSP bypassed
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, color_scheme=scheme, bypass_csp=True
    )
    page = context.new_page()
    page.clock.set_fixed_time(datetime(2026, 12, 3, 14 if scheme == "light" else 3, tzinfo=UTC))
    sign_in(page, demo.base, demo.email, demo.password)
    page.click("text=has been")
    page.wait_for_selector("h2#nights")
    assert serious_violations(page, axe_source) == []
    context.close()
