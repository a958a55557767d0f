"""The weekly report: built from a hand-made week, drawn as HTML and as PDF; the PDF is
rendered to an image and looked at."""

from __future__ import annotations

import numpy as np
import pypdfium2 as pdfium
import pytest

from beside.errors import ValidationFailed
from beside.reports import day_pattern, weekly
from tests.insights.records_by_hand import FIRST, week

WEEK = "2025-W41"  # Monday 6 October 2025 (FIRST) to Sunday 12 October


def _report() -> weekly.WeeklyReport:
    log = week()
    return weekly.build(
        WEEK,
        log,
        log,
        [weekly.NoteView("Coach Dee", log.nights[2].bedtime, "Lovely progress at bedtime.")],
    )


def test_the_day_pattern_draws_each_night_cut_at_midnight() -> None:
    log = week()
    rows = day_pattern.rows(log, FIRST, FIRST)
    first_day = [(r["kind"], r["from_h"], r["to_h"]) for r in rows]
    # Asleep 19:20; a heard waking at 22:20 for 20 minutes; asleep again until midnight.
    assert (day_pattern.ASLEEP, 19.333, 22.333) in first_day
    assert (day_pattern.CALLED, 22.333, 22.667) in first_day
    assert (day_pattern.ASLEEP, 22.667, 24.0) in first_day
    # The upsets of the day: 10:00 for 30 minutes and 16:00 for 10.
    assert (day_pattern.UPSET, 10.0, 10.5) in first_day
    assert (day_pattern.UPSET, 16.0, 16.167) in first_day
    next_day = day_pattern.rows(
        log, FIRST.replace(day=FIRST.day + 1), FIRST.replace(day=FIRST.day + 1)
    )
    after_midnight = [(r["kind"], r["from_h"], r["to_h"]) for r in next_day]
    assert (day_pattern.ASLEEP, 0.0, 1.333) in after_midnight, "the night goes on past 00:00"
    silent = [r for r in next_day if r["kind"] == day_pattern.SILENT]
    assert silent
    assert silent[0]["from_h"] == pytest.approx(1.333)


def test_the_page_says_what_was_recorded_and_what_was_not() -> None:
    html = weekly.to_html(_report())
    assert "Robin: the week of 6 October to 12 October 2025" in html
    assert "Night sleep" in html
    assert "Not recorded this week: Sleep in 24 hours" in html
    assert "Lovely progress at bedtime." in html
    assert "Coach Dee" in html
    assert "<svg" in html
    assert "The week, hour by hour" in html
    assert "If crying comes with signs of illness" in html


def test_the_pdf_renders_and_shows_the_child_and_the_chart(tmp_path: object) -> None:
    pdf = weekly.to_pdf(_report())
    doc = pdfium.PdfDocument(pdf)
    try:
        assert len(doc) >= 2
        page = doc[0]
        text = page.get_textpage().get_text_range()
        assert "Robin" in text
        assert "The week, hour by hour" in text
        pixels = np.asarray(page.render(scale=1).to_pil().convert("RGB"), dtype=np.int16)
        night = int((np.abs(pixels - np.array([0x3D, 0x5A, 0x80])).max(axis=2) < 12).sum())
        assert night > 500, "the nights of the 24-hour chart were drawn on the page"
    finally:
        doc.close()


def test_the_json_twin_holds_the_same_records() -> None:
    twin = weekly.to_json(_report())
    assert twin["week"] == WEEK
    assert twin["insights"]["child"]["name"] == "Robin"
    # A simulated child's wakings are all known to be called out or silent: no plain "awake".
    assert {r["kind"] for r in twin["day_pattern"]} == set(day_pattern.KINDS) - {day_pattern.AWAKE}
    assert twin["notes"][0]["author"] == "Coach Dee"
    assert all(g["claims"] for g in twin["guidance"])


@pytest.mark.parametrize("bad", ["2025-41", "2025-W54", "W41", "2025-W00"])
def test_a_week_that_is_not_an_iso_week_names_the_field(bad: str) -> None:
    with pytest.raises(ValidationFailed) as e:
        weekly.parse_week(bad)
    assert e.value.violations[0].field == "week"
