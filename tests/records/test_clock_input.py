"""Times as typed on the command line (issue 10, item 6)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from beside.errors import ValidationFailed
from beside.records.clock_input import parse_when

OSLO = ZoneInfo("Europe/Oslo")
NOW = datetime(2026, 11, 30, 1, 30, tzinfo=UTC)  # 02:30 in Oslo


def _at(text: str) -> datetime:
    return parse_when(text, tz=OSLO, now=NOW, field="at")


def test_each_form_names_the_instant_a_parent_means() -> None:
    assert _at("now") == NOW
    assert _at("-10m") == NOW - timedelta(minutes=10)
    assert _at("-1h30m") == NOW - timedelta(minutes=90)
    # 19:00 typed at 02:30 is last evening's, on the household's clock
    assert _at("19:00") == datetime(2026, 11, 29, 19, 0, tzinfo=OSLO)
    assert _at("02:00") == datetime(2026, 11, 30, 2, 0, tzinfo=OSLO)
    assert _at("2026-11-29T19:00") == datetime(2026, 11, 29, 19, 0, tzinfo=OSLO)
    assert _at("2026-11-29T19:00+00:00") == datetime(2026, 11, 29, 19, 0, tzinfo=UTC)


@pytest.mark.parametrize("text", ["soon", "25:00", "-", "-72h", "0001-01-01T00:00"])
def test_anything_else_names_the_option(text: str) -> None:
    with pytest.raises(ValidationFailed) as exc:
        _at(text)
    assert exc.value.violations[0].field == "at"
    assert exc.value.violations[0].code == "invalid_time"
