"""The journal store on SQLite and PostgreSQL: migrations, round trips, time, and rules."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from beside.errors import NotFound, ValidationFailed
from beside.journal import accounts as account_store
from beside.journal import children as child_store
from beside.journal import episodes as episode_store
from beside.journal import households as household_store
from beside.journal import nights as night_store
from beside.journal.migrate import check
from beside.journal.schema import EpisodeRow, NightRow, Role, WakingRow
from beside.records import Child, Episode, Night, Waking
from beside.records.ages import evening_of
from beside.records.enums import CaregiverResponse, ChildAction, Outcome, ResettleMethod

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2025, 11, 1, 12, 0, tzinfo=UTC)


def _family(s: Session) -> tuple[str, str, object]:
    house = household_store.create_household(s, name="Rivera", time_zone="Europe/London", now=NOW)
    user = account_store.create_user(
        s, email="Ana@Example.org", display_name="Ana", password_hash="x", now=NOW
    )
    household_store.add_member(s, house.id, user.id, Role.OWNER, now=NOW)
    child = child_store.add_child(s, house.id, Child(name="Mia", birth_date=date(2025, 3, 1)))
    return house.id, user.id, child


def _episode(start: datetime, **kw: object) -> Episode:
    data: dict[str, object] = {
        "start": start,
        "end": start + timedelta(minutes=10),
        "peak_distress": 6.0,
        "child_action": ChildAction.SOUGHT_CAREGIVER,
        "response": CaregiverResponse.HELD,
        "outcome": Outcome.CALMED_WITH_HELP,
    }
    data.update(kw)
    return Episode(**data)  # type: ignore[arg-type]


def test_migrations_match_the_models(engine: Engine) -> None:
    check(engine)  # alembic check: raises if a model change has no migration


def test_round_trip_keeps_instants_and_who_logged(engine: Engine) -> None:
    with Session(engine) as s:
        _, user_id, child = _family(s)
        start = datetime.fromisoformat("2025-10-31T21:15:00+00:00")
        episode_store.log_episode(s, child, _episode(start), by=user_id, now=NOW)  # type: ignore[arg-type]
        s.commit()
    with Session(engine) as s:
        row = s.scalars(select(EpisodeRow)).one()
        assert row.start == start
        assert row.start.tzinfo is not None
        assert row.created_by == user_id
        assert row.created_at == NOW


def test_a_night_across_the_clock_change_keeps_its_hour(engine: Engine) -> None:
    # UK clocks went back at 02:00 BST on 26 October 2025: 19:00 to 07:00 local is 13 hours.
    bedtime = datetime(2025, 10, 25, 19, 0, tzinfo=LONDON)
    night = Night(
        bedtime=bedtime, sleep_onset=bedtime, wake_time=datetime(2025, 10, 26, 7, 0, tzinfo=LONDON)
    )
    with Session(engine) as s:
        _, user_id, child = _family(s)
        night_store.log_night(s, child, night, tz=LONDON, by=user_id, now=NOW)  # type: ignore[arg-type]
        s.commit()
    with Session(engine) as s:
        row = s.scalars(select(NightRow)).one()
        assert night_store.night_hours(row) == 13.0
        assert row.evening == date(2025, 10, 25)


def test_a_night_belongs_to_the_evening_it_began() -> None:
    late = datetime(2025, 6, 2, 0, 30, tzinfo=LONDON)
    assert evening_of(late, LONDON) == date(2025, 6, 1)
    assert evening_of(datetime(2025, 6, 1, 19, 0, tzinfo=LONDON), LONDON) == date(2025, 6, 1)


def _codes(exc: pytest.ExceptionInfo[ValidationFailed]) -> list[tuple[str, str]]:
    return [(v.field, v.code) for v in exc.value.violations]


def test_rules_name_the_field_and_nothing_is_stored(engine: Engine) -> None:
    with Session(engine) as s:
        _, user_id, child = _family(s)
        s.commit()
        bed = datetime(2025, 10, 20, 19, 0, tzinfo=UTC)
        first = Night(bedtime=bed, sleep_onset=bed, wake_time=bed + timedelta(hours=11))
        row = night_store.log_night(s, child, first, tz=LONDON, by=user_id, now=NOW)  # type: ignore[arg-type]
        s.commit()

        with pytest.raises(ValidationFailed) as exc:
            episode_store.log_episode(
                s,
                child,
                _episode(NOW + timedelta(hours=1)),
                by=user_id,  # type: ignore[arg-type]
                now=NOW,
            )
        assert _codes(exc)[0] == ("start", "in_future")
        overlapping = Night(
            bedtime=bed + timedelta(hours=2),
            sleep_onset=bed + timedelta(hours=2),
            wake_time=bed + timedelta(hours=12),
        )
        with pytest.raises(ValidationFailed) as exc:
            night_store.log_night(s, child, overlapping, tz=LONDON, by=user_id, now=NOW)  # type: ignore[arg-type]
        assert _codes(exc) == [("bedtime", "overlaps")]
        outside = Waking(
            start=bed + timedelta(hours=12),
            end=bed + timedelta(hours=12, minutes=5),
            signalled=True,
            resettled_by=ResettleMethod.HELD,
        )
        with pytest.raises(ValidationFailed) as exc:
            night_store.log_waking(s, row, outside, by=user_id, now=NOW)
        assert _codes(exc)[0][1] == "outside_night"
        inside = Waking(
            start=bed + timedelta(hours=3),
            end=bed + timedelta(hours=3, minutes=20),
            signalled=True,
            resettled_by=ResettleMethod.FED,
        )
        night_store.log_waking(s, row, inside, by=user_id, now=NOW)
        clash = Waking(
            start=bed + timedelta(hours=3, minutes=10),
            end=bed + timedelta(hours=3, minutes=30),
            signalled=False,
            resettled_by=ResettleMethod.ALONE,
        )
        with pytest.raises(ValidationFailed) as exc:
            night_store.log_waking(s, row, clash, by=user_id, now=NOW)
        assert _codes(exc)[0][1] == "overlaps"
        s.rollback()
    with Session(engine) as s:
        assert s.scalar(select(func.count()).select_from(EpisodeRow)) == 0
        assert s.scalar(select(func.count()).select_from(NightRow)) == 1
        assert s.scalar(select(func.count()).select_from(WakingRow)) == 0


def test_naive_times_and_unknown_zones_are_refused(engine: Engine) -> None:
    with Session(engine) as s:
        _, user_id, child = _family(s)
        naive = datetime(2025, 10, 1, 9, 0)
        with pytest.raises(ValidationFailed) as exc:
            episode_store.log_episode(s, child, _episode(naive), by=user_id, now=NOW)  # type: ignore[arg-type]
        assert ("start", "needs_time_zone") in _codes(exc)
        with pytest.raises(ValidationFailed) as exc:
            household_store.create_household(s, name="x", time_zone="Mars/Olympus", now=NOW)
        assert _codes(exc) == [("time_zone", "unknown_time_zone")]


def test_another_households_child_is_not_found(engine: Engine) -> None:
    with Session(engine) as s:
        _, _, child = _family(s)
        other = household_store.create_household(s, name="Other", time_zone="UTC", now=NOW)
        with pytest.raises(NotFound):
            child_store.get_child(s, other.id, child.id)  # type: ignore[attr-defined]


def test_list_episodes_filters_by_time_and_pages(engine: Engine) -> None:
    with Session(engine) as s:
        _, user_id, child = _family(s)
        base = datetime(2025, 10, 1, 8, 0, tzinfo=UTC)
        for i in range(30):
            episode_store.log_episode(
                s,
                child,
                _episode(base + timedelta(hours=i)),
                by=user_id,  # type: ignore[arg-type]
                now=NOW,
            )
        s.commit()
        window = episode_store.list_episodes(
            s,
            child,
            since=base + timedelta(hours=5),  # type: ignore[arg-type]
            until=base + timedelta(hours=25),
            limit=8,
        )
        assert [e.start for e in window] == [base + timedelta(hours=h) for h in range(5, 13)]
        page2 = episode_store.list_episodes(
            s,
            child,
            since=base + timedelta(hours=5),  # type: ignore[arg-type]
            until=base + timedelta(hours=25),
            limit=8,
            offset=8,
        )
        assert page2[0].start == base + timedelta(hours=13)
