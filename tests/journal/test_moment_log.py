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
    WakingNow,
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
    """Bedtime, a waking the phone timed (sent whole when the child is back asleep),
    morning, and morning taken back: the night is in progress again with its waking as it
    was logged."""
    tz = ZoneInfo("UTC")
    with Session(engine) as s:
        by, child = _family(s)
        bed = NOW - timedelta(hours=5)
        night = quick_log.start_night_now(s, child, NightStart(), tz=tz, by=by, now=bed)
        woke = NOW - timedelta(minutes=14)
        _, row = quick_log.add_waking_now(
            s,
            child,
            WakingNow(
                minutes_ago=14, awake_min=14, signalled=False, resettled_by=ResettleMethod.ALONE
            ),
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
        with pytest.raises(ValidationFailed):  # a waking cannot end after now
            quick_log.add_waking_now(
                s, child, WakingNow(minutes_ago=5, awake_min=6), tz=tz, by=by, now=NOW
            )


def test_a_tap_sent_twice_under_the_phones_id_is_stored_once(engine: Engine) -> None:
    """Issue 12, item 3: a tap kept offline is sent again until an answer comes back, so
    the same entry can arrive twice (its first answer lost). Under the id the phone made,
    the second sending returns the entry stored the first time; without an id, the same
    form makes a second entry, which is what the id is for."""
    tz = ZoneInfo("UTC")
    ids = iter(f"{n:032x}" for n in range(1, 10))
    with Session(engine) as s:
        by, child = _family(s)
        bed = NightStart(minutes_ago=300, entry_id=next(ids))
        nights = [
            quick_log.start_night_now(s, child, bed, tz=tz, by=by, now=NOW + timedelta(minutes=m))
            for m in (0, 7)
        ]
        waking = WakingNow(minutes_ago=30, awake_min=10, signalled=True, entry_id=next(ids))
        wakings = [
            quick_log.add_waking_now(s, child, waking, tz=tz, by=by, now=NOW + timedelta(minutes=m))
            for m in (0, 5)
        ]
        upset = EpisodeNow(peak_distress=7, entry_id=next(ids))
        episodes = [
            quick_log.log_episode_now(s, child, upset, by=by, now=NOW + timedelta(minutes=m))
            for m in (0, 3)
        ]
        plain = [
            quick_log.log_episode_now(s, child, EpisodeNow(peak_distress=2), by=by, now=NOW)
            for _ in range(2)
        ]
        s.commit()
        s.expire_all()
        assert nights[0] is nights[1]
        assert nights[0].id == bed.entry_id
        assert wakings[0] == wakings[1]
        assert wakings[0][1].id == waking.entry_id
        assert [w.start for w in nights[0].wakings] == [NOW - timedelta(minutes=30)]
        assert episodes[0] is episodes[1]
        assert episodes[0].start == NOW
        assert plain[0].id != plain[1].id
        quick_log.end_night_now(s, nights[0], NightEnd(), now=NOW + timedelta(hours=4))
        nap = NapStart(entry_id=next(ids))
        first = quick_log.start_nap_now(s, child, nap, by=by, now=NOW + timedelta(hours=8))
        again = quick_log.start_nap_now(s, child, nap, by=by, now=NOW + timedelta(hours=9))
        assert first is again
        assert first.start == NOW + timedelta(hours=8)


def test_an_id_that_is_another_childs_entry_is_refused(engine: Engine) -> None:
    with Session(engine) as s:
        by, child = _family(s)
        other = child_store.add_child(
            s, child.household_id, Child(name="Ada", birth_date=date(2024, 1, 1))
        )
        upset = EpisodeNow(peak_distress=4, entry_id="ab" * 16)
        quick_log.log_episode_now(s, child, upset, by=by, now=NOW)
        with pytest.raises(ValidationFailed) as refused:
            quick_log.log_episode_now(s, other, upset, by=by, now=NOW)
        assert (refused.value.violations[0].field, refused.value.violations[0].code) == (
            "entry_id",
            "entry_id_taken",
        )


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
