"""The overview's sentences (issue 12, item 4): only what happened is counted, and an
upset with no calm written down is said as such, not folded into "with help"."""

from __future__ import annotations

from datetime import date

from beside.reports.overview import NightLine, Today


def test_today_says_only_what_was_written_down() -> None:
    day = date(2026, 12, 3)
    three = Today(day, upsets=3, calmed_alone=0, calmed_with_help=1, minutes_to_calm=None,
                  naps=2, nap_min=95.4)  # fmt: skip
    assert three.upset_words == "3 upsets: 1 with help, 2 with no calm written down."
    assert three.nap_words == "2 naps, 95 minutes asleep."
    one = Today(day, upsets=1, calmed_alone=1, calmed_with_help=0, minutes_to_calm=6.2,
                naps=1, nap_min=None)  # fmt: skip
    assert one.upset_words == "1 upset: 1 calmed on their own; 6 minutes to calm in all."
    assert one.nap_words == "1 nap."
    assert one.as_dict()["nap_min"] == "not_recorded"


def test_a_night_without_wakings_written_down() -> None:
    night = NightLine(date(2026, 12, 1), "19:30", None, called_out=0, silent=0, unsaid=0)
    assert night.wakings_words == "none written down"
    assert night.as_dict()["morning"] is None
