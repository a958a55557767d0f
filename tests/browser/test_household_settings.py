"""The household's settings in Chromium (issue 12, item 6): a parent answers the
temperament questions and fills in day care and siblings on the child's details page
(numbers stored as numbers, an empty due date stays not recorded); the owner moves the
household to another clock; and brings in a journal file, all of it refused when one
entry is bad, then added once and, a second time, nothing changed."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import Browser, expect
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from beside.journal.schema import ChildRow, EpisodeRow, HouseholdRow
from beside.records.enums import TraitLevel
from tests.browser.conftest import Family, sign_in


def test_details_clock_and_import(browser: Browser, family: Family, tmp_path: Path) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    sign_in(page, family.base)
    page.goto(f"{family.base}/households/{family.household_id}/children/{family.noor_id}/overview")
    page.get_by_role("link", name="Details", exact=True).click()
    page.get_by_label("A lot").check()
    page.get_by_label("Strong, all at once").check()
    page.get_by_label("Hours a week in day care or with a childminder").fill("22.5")
    page.get_by_label("Older brothers and sisters at home").fill("1")
    with page.expect_navigation(url=f"**/children/{family.noor_id}/overview"):
        page.get_by_role("button", name="Save").click()
    with Session(family.engine) as s:
        noor = s.get(ChildRow, family.noor_id)
        assert noor is not None
        assert (noor.sensitivity, noor.reactivity) == (TraitLevel.HIGH, TraitLevel.HIGH)
        assert (noor.daycare_hours, noor.older_siblings, noor.due_date) == (22.5, 1, None)

    page.goto(f"{family.base}/households/{family.household_id}")
    page.get_by_label("Clock (time zone)").fill("Australia/Perth")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Clock: Australia/Perth.")).to_be_visible()
    page.get_by_label("Clock (time zone)").fill("Nowhere/Else")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("form[hx-patch] [role=alert]")).to_contain_text("IANA zone")

    kid = "c" * 32
    document = {
        "format": "beside-journal",
        "version": 2,
        "children": [{"id": kid, "name": "Ivo", "birth_date": "2025-05-01"}],
        "episodes": [
            {"id": "e" * 32, "child": kid, "start": "2026-11-20T03:00:00+00:00", "peak_distress": 6}
        ],
    }
    good = tmp_path / "journal.json"
    good.write_text(json.dumps(document), encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(_with_peak(document, 11)), encoding="utf-8")
    form = page.locator("form[data-import]")
    page.get_by_label("Journal file (.json)").set_input_files(bad)
    form.get_by_role("button", name="Bring it in").click()
    expect(form.locator("[role=alert]")).to_contain_text("peak_distress")
    with Session(family.engine) as s:
        assert s.scalar(select(func.count()).select_from(EpisodeRow)) == 0
    page.get_by_label("Journal file (.json)").set_input_files(good)
    form.get_by_role("button", name="Bring it in").click()
    expect(form.locator("[role=status]")).to_contain_text("Done: added 1 child, 1 episode")
    form.get_by_role("button", name="Bring it in").click()
    expect(form.locator("[role=status]")).to_contain_text("nothing changed")
    with Session(family.engine) as s:
        assert s.scalar(select(func.count()).select_from(EpisodeRow)) == 1
        house = s.get(HouseholdRow, family.household_id)
        assert house is not None
        assert house.time_zone == "Australia/Perth"
    context.close()


def _with_peak(document: dict[str, object], peak: int) -> dict[str, object]:
    copy = json.loads(json.dumps(document))
    copy["episodes"][0]["peak_distress"] = peak
    return copy
