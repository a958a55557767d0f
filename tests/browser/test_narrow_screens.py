"""Issue 9, item 6: the reports fit a 390 px phone. In Chromium at that width, none of the
weekly, strategy-comparison and calibration pages scrolls sideways: a wide table scrolls in
its own box and a chart shrinks to the screen. (The comparison and calibration tables made
those pages 580 and 994 px wide before.)"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from beside.reports import weekly
from tests.reports.test_weekly import _report

PHONE = {"width": 390, "height": 844}
BESIDE = [sys.executable, "-c", "from beside.cli import main; main()"]


def _page(kind: str, tmp_path: Path) -> Path:
    if kind == "weekly":
        path = tmp_path / "weekly.html"
        path.write_text(weekly.to_html(_report()), encoding="utf-8")
        return path
    out = tmp_path / kind
    args = {
        "compare": ["compare", "--children", "20", "--months", "6"],
        "calibration": ["calibrate"],
    }[kind]
    done = subprocess.run([*BESIDE, *args, "--out", str(out)], capture_output=True, timeout=300)
    # calibrate exits 1 while a figure lies outside its band (docs/calibration.md says
    # which); its page is written either way, and that page is what is looked at here
    assert done.returncode in ((0, 1) if kind == "calibration" else (0,)), done.stderr
    return next(out.glob("*.html"))


@pytest.mark.parametrize("kind", ["weekly", "compare", "calibration"])
def test_a_report_fits_a_390_px_phone(browser: Browser, tmp_path: Path, kind: str) -> None:
    page = browser.new_page(viewport=PHONE)
    page.goto(_page(kind, tmp_path).as_uri())
    assert page.locator("svg").count() > 0
    if kind != "weekly":
        assert page.locator("table").count() > 0
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    widest_chart = page.evaluate(
        "Math.max(...[...document.querySelectorAll('figure svg')]"
        ".map(s => s.getBoundingClientRect().right))"
    )
    assert widest_chart <= PHONE["width"]
    page.close()
