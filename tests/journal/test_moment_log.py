"""Logging in the moment on SQLite and PostgreSQL (issue 12): an episode started now, the
child turning away, calm (its end and minutes since the start), and calm taken back."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from beside.errors import ValidationFailed
from beside.journal import access, members, quick_log
from beside.journal import children as child_store
from beside.records import Child
from beside.records.enums import ChildAction, Outcome, Trigger
from beside.records.quick_forms import CalmNow, EpisodeNow

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
