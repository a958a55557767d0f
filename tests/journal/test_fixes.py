"""Entries put right afterwards (issue 12, item 1), on SQLite and PostgreSQL: a night's new
times keep its wakings (their ids and who logged them); a bedtime moved so that a waking
falls outside the night is refused and nothing changes; a time sent back as the form
showed it (to the second) keeps its stored microseconds; a day's entries are the ones of
its local date."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from beside.errors import ValidationFailed
from beside.journal import access, fixes, members, quick_log
from beside.journal import children as child_store
from beside.records import Child
from beside.records.fixes import NightFix, WakingFix
from beside.records.quick_forms import EpisodeNow, NightEnd, NightStart, WakingNow

TZ = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 2, 6, 0, 0, 123456, tzinfo=UTC)


def _local(when: datetime) -> str:
    return when.astimezone(TZ).strftime("%Y-%m-%dT%H:%M:%S")


def test_a_night_retimed_keeps_its_wakings_and_refuses_to_leave_one_out(engine: Engine) -> None:
    with Session(engine) as s:
        user = access.sign_up(
            s, email="ida@example.org", display_name="Ida", password="tall ships at dawn", now=NOW
        )
        house = members.create_owned_household(s, user, name="H", time_zone=TZ.key, now=NOW)
        child = child_store.add_child(s, house.id, Child(name="Bo", birth_date=date(2025, 1, 1)))
        night = quick_log.start_night_now(
            s, child, NightStart(minutes_ago=600), tz=TZ, by=user.id, now=NOW
        )
        _, waking = quick_log.add_waking_now(
            s, child, WakingNow(minutes_ago=300, awake_min=20), tz=TZ, by=user.id, now=NOW
        )
        quick_log.end_night_now(s, night, NightEnd(), now=NOW)
        quick_log.log_episode_now(s, child, EpisodeNow(peak_distress=5), by=user.id, now=NOW)
        s.commit()
        waking_id, bedtime = waking.id, night.bedtime

        later = bedtime + timedelta(minutes=45)
        fix = NightFix(bedtime=_local(later), wake_time=_local(NOW))
        fixes.fix_night(s, night, fix, tz=TZ, now=NOW)
        s.commit()
        s.expire_all()
        assert night.bedtime == later.replace(microsecond=0)
        assert night.wake_time == NOW  # as shown, so kept to the microsecond
        assert [(w.id, w.created_by) for w in night.wakings] == [(waking_id, user.id)]

        too_late = NightFix(bedtime=_local(NOW - timedelta(hours=2)), wake_time=_local(NOW))
        with pytest.raises(ValidationFailed):
            fixes.fix_night(s, night, too_late, tz=TZ, now=NOW)
        s.rollback()
        s.expire_all()
        assert night.bedtime == later.replace(microsecond=0)

        row = night.wakings[0]
        shown = WakingFix(start=_local(row.start), end=_local(row.end), signalled="no")
        fixes.fix_waking(s, row, shown, tz=TZ, now=NOW)
        s.commit()
        assert row.signalled is False
        assert row.start == NOW - timedelta(minutes=300)

        day = fixes.day_entries(s, child, NOW.astimezone(TZ).date(), TZ)
        assert [e.peak_distress for e in day.episodes] == [5]
        assert day.night is None  # the night belongs to the evening before
        evening = fixes.day_entries(s, child, night.evening, TZ)
        assert evening.night is not None
        assert evening.night.id == night.id
        assert evening.episodes == []
