"""Naps in the store (issue 10, item 2): one sleep at a time, a nap in progress, and the
day sleep the insights read from them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from beside.errors import ValidationFailed
from beside.journal import accounts as account_store
from beside.journal import child_logs, naps, quick_log
from beside.journal import children as child_store
from beside.journal import households as household_store
from beside.journal import nights as night_store
from beside.journal.schema import ChildRow, Role
from beside.records import Child, Nap, Night
from beside.records.quick_forms import NapEnd, NapStart
from beside.records.to_tables import tables_of

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2025, 11, 1, 12, 0, tzinfo=UTC)
BED = datetime(2025, 10, 20, 19, 0, tzinfo=LONDON)


def _family(s: Session) -> tuple[str, str, ChildRow]:
    house = household_store.create_household(s, name="Rivera", time_zone="Europe/London", now=NOW)
    user = account_store.create_user(
        s, email="a@example.org", display_name="A", password_hash="x", now=NOW
    )
    household_store.add_member(s, house.id, user.id, Role.OWNER, now=NOW)
    child = child_store.add_child(s, house.id, Child(name="Mia", birth_date=date(2025, 3, 1)))
    return house.id, user.id, child


def _night(bed: datetime) -> Night:
    return Night(bedtime=bed, sleep_onset=bed, wake_time=bed + timedelta(hours=11))


def _codes(exc: pytest.ExceptionInfo[ValidationFailed]) -> set[tuple[str, str]]:
    return {(v.field, v.code) for v in exc.value.violations}


def test_one_sleep_at_a_time_naps_and_nights(engine: Engine) -> None:
    with Session(engine) as s:
        _, user, child = _family(s)
        night_store.log_night(s, child, _night(BED), tz=LONDON, by=user, now=NOW)
        noon = BED + timedelta(hours=17)  # the next day, 12:00
        naps.log_nap(s, child, Nap(start=noon, end=noon + timedelta(hours=1)), by=user, now=NOW)
        with pytest.raises(ValidationFailed) as exc:  # into the nap
            naps.log_nap(s, child, Nap(start=noon + timedelta(minutes=30)), by=user, now=NOW)
        assert _codes(exc) == {("start", "overlaps")}
        with pytest.raises(ValidationFailed) as exc:  # into the night
            naps.log_nap(
                s,
                child,
                Nap(start=BED + timedelta(hours=3), end=BED + timedelta(hours=4)),
                by=user,
                now=NOW,
            )
        assert _codes(exc) == {("start", "overlaps")}
        with pytest.raises(ValidationFailed) as exc:  # a night over the nap
            night_store.log_night(
                s, child, _night(noon + timedelta(minutes=30)), tz=LONDON, by=user, now=NOW
            )
        assert _codes(exc) == {("bedtime", "overlaps")}
        # touching is fine: a nap that ends as the next bedtime begins
        evening = BED + timedelta(days=1)
        naps.log_nap(
            s, child, Nap(start=evening - timedelta(hours=1), end=evening), by=user, now=NOW
        )
        night_store.log_night(s, child, _night(evening), tz=LONDON, by=user, now=NOW)


def test_asleep_now_then_awake_and_a_nap_still_going_blocks_the_next(engine: Engine) -> None:
    with Session(engine) as s:
        _, user, child = _family(s)
        row = quick_log.start_nap_now(s, child, NapStart(minutes_ago=40), by=user, now=NOW)
        assert row.end is None
        assert row.sleep_method.value == "not_recorded"
        with pytest.raises(ValidationFailed) as exc:
            quick_log.start_nap_now(s, child, NapStart(), by=user, now=NOW + timedelta(hours=3))
        assert _codes(exc) == {("start", "overlaps")}
        ended = quick_log.end_nap_now(s, row, NapEnd(minutes_ago=5), now=NOW)
        assert ended.end == NOW - timedelta(minutes=5)
        with pytest.raises(ValidationFailed) as exc:
            quick_log.end_nap_now(s, row, NapEnd(), now=NOW)
        assert _codes(exc) == {("end", "nap_already_ended")}
        with pytest.raises(ValidationFailed) as exc:
            naps.log_nap(s, child, Nap(start=NOW + timedelta(hours=1)), by=user, now=NOW)
        assert _codes(exc) == {("start", "in_future")}


def test_logged_naps_become_the_days_sleep_the_insights_read(engine: Engine) -> None:
    """A day with naps gets their minutes (C8's sleep per 24 hours); a day nobody logged
    naps for is not recorded (NaN), not zero."""
    with Session(engine) as s:
        house, user, child = _family(s)
        for day in range(3):
            night_store.log_night(
                s, child, _night(BED + timedelta(days=day)), tz=LONDON, by=user, now=NOW
            )
        day_two = BED + timedelta(days=1, hours=-6)  # 13:00 before the second bedtime
        for start, minutes in ((day_two - timedelta(hours=3), 40), (day_two, 70)):
            naps.log_nap(
                s, child, Nap(start=start, end=start + timedelta(minutes=minutes)), by=user, now=NOW
            )
        log = child_logs.child_log(s, house, child)
    nights = tables_of([log])["nights"]
    nap_min = nights.column("nap_min").to_numpy()
    assert np.isnan(nap_min[0])
    assert np.isnan(nap_min[2])
    assert nap_min[1] == pytest.approx(110.0)
