"""Logging in the moment on SQLite and PostgreSQL (issue 12): an episode started now, the
child turning away, calm (its end and minutes since the start), and calm taken back."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from beside.errors import ValidationFailed
from beside.journal import access, members, quick_log
from beside.journal import children as child_store
from beside.journal.schema import ChildRow
from beside.records import Child
from beside.records.enums import ChildAction, Outcome, ResettleMethod, Trigger
from beside.records.quick_forms import (
    CalmNow,
    EpisodeNow,
    NapEnd,
    NapStart,
    NightEnd,
    NightStart,
    WakingOver,
)

NOW = datetime(2026, 11, 1, 3, 0, tzinfo=UTC)


def test_an_episode_is_started_amended_calmed_and_reopened(engine: Engine) -> None:
    with Session(engine) as s:
        user = access.sign_up(
            s, email="tom@example.org", display_name="Tom", password="tall ships at dawn", now=NOW
        )
        house = members.create_owned_household(s, user, name="H", time_zone="UTC", now=NOW)
        child = child_store.add_child(s, house.id, Child(name="Bo", birth_date=date(2025, 1, 1)))
        row = quick_log.log_episode_now(s, child, EpisodeNow(peak_distress=6), by=user.id, now=NOW)
        row = quick_log.turned_away_now(s, row, now=NOW + timedelta(minutes=2))
        later = NOW + timedelta(minutes=12, seconds=30)
        row = quick_log.calm_now(s, row, CalmNow(outcome=Outcome.CALMED_ALONE), now=later)
        s.commit()
        s.expire_all()
        assert (row.start, row.end, row.minutes_to_calm) == (NOW, later, 12.5)
        assert row.child_action is ChildAction.TURNED_AWAY
        assert row.outcome is Outcome.CALMED_ALONE
        assert row.trigger is Trigger.NOT_RECORDED
        row = quick_log.not_calm_yet(s, row, now=later)
        s.commit()
        s.expire_all()
        assert (row.end, row.minutes_to_calm, row.outcome) == (None, None, Outcome.NOT_RECORDED)
        assert row.child_action is ChildAction.TURNED_AWAY
        with pytest.raises(ValidationFailed):  # calm before it began is refused, as ever
            quick_log.calm_now(
                s, row, CalmNow(outcome=Outcome.CALMED_WITH_HELP), now=NOW - timedelta(minutes=1)
            )


def _family(s: Session) -> tuple[str, ChildRow]:
    user = access.sign_up(
        s, email="ana@example.org", display_name="Ana", password="tall ships at dawn", now=NOW
    )
    house = members.create_owned_household(s, user, name="H", time_zone="UTC", now=NOW)
    child = child_store.add_child(s, house.id, Child(name="Bo", birth_date=date(2025, 1, 1)))
    return user.id, child


def test_a_timed_waking_is_stored_whole_in_the_night_in_progress(engine: Engine) -> None:
    """Bedtime, a waking the page timed (stored with its start when the child is back
    asleep), morning, and morning taken back: the night is in progress again with its
    waking as it was logged."""
    tz = ZoneInfo("UTC")
    with Session(engine) as s:
        by, child = _family(s)
        bed = NOW - timedelta(hours=5)
        night = quick_log.start_night_now(s, child, NightStart(), tz=tz, by=by, now=bed)
        woke = NOW - timedelta(minutes=14)
        row = quick_log.waking_over(
            s,
            child,
            WakingOver(started=woke, signalled=False, resettled_by=ResettleMethod.ALONE),
            tz=tz,
            by=by,
            now=NOW,
        )
        s.commit()
        assert (row.night_id, row.start, row.end) == (night.id, woke, NOW)
        assert row.signalled is False
        assert row.latency_min is None  # not tapped, not guessed
        morning = NOW + timedelta(hours=3)
        quick_log.end_night_now(s, night, NightEnd(), now=morning)
        s.commit()
        quick_log.night_not_over(s, night, now=morning)
        s.commit()
        s.expire_all()
        assert night.wake_time is None
        assert [(w.start, w.end) for w in night.wakings] == [(woke, NOW)]
        with pytest.raises(ValidationFailed):  # a waking must end after it began
            quick_log.waking_over(s, child, WakingOver(started=NOW), tz=tz, by=by, now=NOW)


def test_morning_cannot_be_taken_back_once_a_later_sleep_is_logged(engine: Engine) -> None:
    tz = ZoneInfo("UTC")
    with Session(engine) as s:
        by, child = _family(s)
        night = quick_log.start_night_now(
            s, child, NightStart(), tz=tz, by=by, now=NOW - timedelta(hours=10)
        )
        quick_log.end_night_now(s, night, NightEnd(), now=NOW - timedelta(hours=2))
        nap = quick_log.start_nap_now(s, child, NapStart(), by=by, now=NOW - timedelta(hours=1))
        quick_log.end_nap_now(s, nap, NapEnd(), now=NOW)
        s.commit()
        with pytest.raises(ValidationFailed) as night_refused:
            quick_log.night_not_over(s, night, now=NOW)
        assert night_refused.value.violations[0].code == "overlaps"
        s.rollback()
        quick_log.nap_not_over(s, nap, now=NOW)
        s.commit()
        s.expire_all()
        assert nap.end is None
