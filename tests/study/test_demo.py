"""A demo household: a simulated child's records pass the journal's rules, on both backends."""

from datetime import UTC, datetime

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from beside.journal import access
from beside.journal.schema import EpisodeRow, NightRow, WakingRow
from beside.study.demo import create_demo


def test_demo_household_holds_a_simulated_childs_months(engine: Engine) -> None:
    now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    with Session(engine) as s:
        made = create_demo(s, months=2, seed=3, now=now)
        s.commit()
        assert s.scalar(select(func.count()).select_from(NightRow)) == made.nights == 61
        assert s.scalar(select(func.count()).select_from(EpisodeRow)) == made.episodes > 100
        assert s.scalar(select(func.count()).select_from(WakingRow)) > 61
        latest = s.scalar(select(func.max(NightRow.wake_time)))
        assert latest is not None
        assert latest <= now
        assert access.log_in(s, email=made.email, password=made.password, now=now)
