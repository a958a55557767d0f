"""One vocabulary from store to insights: the tables' columns are the record fields, and a
simulated cohort's records survive tables -> records -> journal -> records -> tables."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pyarrow as pa
import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from beside.insights.crying import CryDays, episode_cry_min
from beside.insights.sleep_patterns import SleepNights
from beside.journal import access
from beside.journal import children as child_store
from beside.journal import episodes as episode_store
from beside.journal import households as household_store
from beside.journal import nights as night_store
from beside.journal.child_logs import child_log
from beside.model.cohort import StudyDesign
from beside.model.engine import simulate_chunk
from beside.model.params import default_params
from beside.records import from_tables, to_tables
from beside.records.child_log import ChildLog
from beside.records.models import Child, Episode, Night, Waking
from beside.records.schemas import TABLES, Kind, columns_markdown, observable
from tests.tables_equal import same_records

RECORDS = {"children": Child, "nights": Night, "wakings": Waking, "episodes": Episode}
#: Fields with no column, and why (free text stays in the journal; wakings have a table).
NO_COLUMN = {"children": {"name"}, "nights": {"wakings"}, "episodes": {"notes"}}


@pytest.mark.parametrize("table", list(TABLES))
def test_every_record_field_is_a_recorded_column_and_nothing_else_is(table: str) -> None:
    fields = set(RECORDS[table].model_fields) - NO_COLUMN.get(table, set())
    recorded = {c.name for c in TABLES[table] if c.kind is Kind.RECORDED}
    assert recorded == fields
    others = [c for c in TABLES[table] if c.kind is not Kind.RECORDED]
    assert all(c.doc for c in others), "every column a record lacks says what it is"


def test_latent_and_simulation_columns_are_not_observable() -> None:
    assert "arousal_after" not in observable("episodes")
    assert {"phenotype", "strategy", "consistency"}.isdisjoint(observable("children"))
    assert {"security", "skill", "cycle_min", "strategy"}.isdisjoint(observable("nights"))


@pytest.fixture(scope="module")
def simulated() -> dict[str, pa.Table]:
    design = StudyDesign(children=3, months=2, seed=5)
    return simulate_chunk(default_params(), design, first_id=0, size=3)


def _observable(tables: dict[str, pa.Table]) -> dict[str, pa.Table]:
    # nap_min: a journal has no naps yet (issue 10), so it is NaN on the journal's side.
    return {
        name: t.select([c for c in observable(name) if c != "nap_min"])
        for name, t in tables.items()
    }


def test_tables_to_records_and_back_keep_every_observable_value(
    simulated: dict[str, pa.Table],
) -> None:
    back = to_tables.tables_of(from_tables.child_logs(simulated, tz=UTC))
    for name, table in _observable(simulated).items():
        assert same_records(name, table, back[name].select(table.column_names)), name


def test_a_journal_holds_the_records_and_gives_the_same_measures(
    engine: Engine, simulated: dict[str, pa.Table]
) -> None:
    logs = from_tables.child_logs(simulated, tz=UTC)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    with Session(engine) as s:
        house = household_store.create_household(s, name="Spine", time_zone="UTC", now=now)
        user = access.sign_up(
            s, email="spine@example.org", display_name="P", password="a long pass phrase", now=now
        )
        for log in logs:
            row = child_store.add_child(s, house.id, log.child)
            for e in log.episodes:
                episode_store.log_episode(s, row, e, by=user.id, now=now)
            for n in log.nights:
                night_store.log_night(s, row, n, tz=UTC, by=user.id, now=now)
        s.commit()
        rows = child_store.children_of(s, house.id)
        stored = [child_log(s, house.id, r) for r in rows]
    journal = to_tables.tables_of(stored)
    for name, table in _observable(simulated).items():
        assert same_records(name, table, journal[name].select(table.column_names)), name
    cry_sim = CryDays.of(simulated["nights"], simulated["episodes"], simulated["wakings"])
    cry_journal = CryDays.of(journal["nights"], journal["episodes"], journal["wakings"])
    assert np.allclose(cry_sim.fuss_cry_min, cry_journal.fuss_cry_min, atol=1e-3)
    sleep_sim = SleepNights.of(simulated["nights"], simulated["wakings"])
    sleep_journal = SleepNights.of(journal["nights"], journal["wakings"])
    for measure in ("night_sleep_h", "signalled", "wakings", "longest_stretch_min"):
        assert np.allclose(getattr(sleep_sim, measure), getattr(sleep_journal, measure)), measure


LONDON = ZoneInfo("Europe/London")


def test_a_night_across_the_clock_change_lasts_what_it_lasted() -> None:
    """Clocks went forward at 01:00 on 2025-03-30: 19:00 to 07:00 local is 11 hours."""
    bed = datetime(2025, 3, 29, 19, 0, tzinfo=LONDON)
    wake = datetime(2025, 3, 30, 7, 0, tzinfo=LONDON)
    log = ChildLog(
        child=Child(name="A", birth_date=date(2024, 9, 1)),
        episodes=(),
        nights=(Night(bedtime=bed, sleep_onset=bed, wake_time=wake),),
        time_zone=LONDON,
    )
    t = to_tables.tables_of([log])
    sleep = SleepNights.of(t["nights"], t["wakings"])
    assert sleep.night_sleep_h[0] == pytest.approx(11.0)
    assert t["nights"]["age_days"][0].as_py() == (date(2025, 3, 29) - date(2024, 9, 1)).days


def _episode(start: datetime, **fields: object) -> Episode:
    base: dict[str, object] = {
        "peak_distress": 5.0,
        "child_action": "sought_caregiver",
        "response": "held",
        "outcome": "calmed_with_help",
    }
    return Episode.model_validate({"start": start, **base, **fields}, strict=False)


def test_episode_crying_is_what_was_noted_else_start_to_end_else_nothing() -> None:
    start = datetime(2025, 1, 2, 9, 0, tzinfo=UTC)
    log = ChildLog(
        child=Child(name="A", birth_date=date(2025, 1, 1)),
        episodes=(
            _episode(start, end=start + timedelta(minutes=20), fuss_cry_min=5.0),
            _episode(start + timedelta(hours=1), end=start + timedelta(hours=1, minutes=12)),
            _episode(start + timedelta(hours=2)),
        ),
        nights=(),
        time_zone=UTC,
    )
    t = to_tables.tables_of([log])
    assert episode_cry_min(t["episodes"]).tolist() == pytest.approx([5.0, 12.0, 0.0])


def test_the_columns_page_is_the_schema() -> None:
    page = (Path(__file__).parents[2] / "docs/records.md").read_text(encoding="utf-8")
    assert columns_markdown() in page, (
        "paste records.schemas.columns_markdown() into docs/records.md"
    )


def test_the_table_rules_hold_an_episode_to_ending_after_it_began(
    simulated: dict[str, pa.Table],
) -> None:
    from beside.records.tables import check_table

    episodes = simulated["episodes"]
    assert check_table("episodes", episodes) == []
    assert episodes["end"].null_count > 0, "silent shut-downs have no end anyone saw"
    i = episodes.schema.get_field_index("end")
    early = episodes.set_column(
        i, episodes.schema.field(i), episodes["start"].cast(pa.timestamp("s"))
    )
    assert [v.field for v in check_table("episodes", early)] == ["end"]
