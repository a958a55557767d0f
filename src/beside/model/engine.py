"""The vectorised engine: one chunk of children, day by day, as columnar tables.

Struct of arrays, shape ``(n_children,)``; the only Python loops run over days and over
sleep-cycle transitions, never over children. Each day: episodes (``distress``), the night
(``sleep``), then one update of the latent state from what the day taught (``attachment``,
``development``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from beside.model import attachment, development
from beside.model.cohort import DEFAULT_BIRTH_DATE, Cohort, StudyDesign, make_cohort
from beside.model.distress import DayLearning, simulate_episodes
from beside.model.observed import episode_end_s
from beside.model.params import ModelParams
from beside.model.sleep import simulate_night
from beside.model.state import ChildState
from beside.model.strategies import SLEEP_METHOD
from beside.records.tables import NO_TIME, build_table

F64 = npt.NDArray[np.float64]
MAX_CHUNK = 100_000
EPOCH = datetime(1970, 1, 1)


def birth_epoch_s(birth: date = DEFAULT_BIRTH_DATE) -> int:
    return int((datetime(birth.year, birth.month, birth.day) - EPOCH).total_seconds())


@dataclass
class _Columns:
    """Per-day pieces of one table, joined once at the end of the chunk."""

    parts: dict[str, list[npt.NDArray[np.generic]]] = field(default_factory=dict)

    def add(self, **columns: npt.NDArray[np.generic]) -> None:
        for name, values in columns.items():
            self.parts.setdefault(name, []).append(values)


def _learn(
    p: ModelParams,
    c: Cohort,
    s: ChildState,
    day_l: DayLearning,
    night_l: DayLearning,
    age_days: float,
) -> None:
    """One day's learning from its sums (C3, C5, C6, C10, C12, C15-C17)."""
    factor = development.growth_factor(p, c, s.security, s.confidence, s.carry)
    s.skill = development.grow_skill(p, s.skill, day_l.practice, factor, age_days)
    s.security = attachment.update_security(
        p, s.security, day_l.answered + night_l.answered, day_l.unanswered + night_l.unanswered
    )
    s.expect_day = attachment.update_expectation(
        p, s.expect_day, day_l.signals, day_l.answered_signals
    )
    s.expect_night = attachment.update_expectation(
        p, s.expect_night, night_l.signals, night_l.answered_signals
    )
    s.confidence = attachment.update_confidence(
        p, s.confidence, day_l.forced, day_l.acknowledged, day_l.failed
    )
    s.pressure = attachment.update_pressure(p, s.pressure, day_l.praised, day_l.acknowledged)
    s.carry = attachment.update_carry(p, s.carry, day_l.left_over + night_l.left_over)


Sink = Callable[[dict[str, pa.Table]], None]
FLUSH_DAYS = 30


def simulate_chunk(
    p: ModelParams,
    design: StudyDesign,
    *,
    first_id: int,
    size: int,
    on_day: Callable[[int], None] | None = None,
) -> dict[str, pa.Table]:
    """Simulate children ``first_id .. first_id+size-1`` for the whole run, in memory."""
    parts: list[dict[str, pa.Table]] = []
    stream_chunk(p, design, first_id=first_id, size=size, sink=parts.append, on_day=on_day)
    return {name: pa.concat_tables([part[name] for part in parts]) for name in parts[0]}


def stream_chunk(
    p: ModelParams,
    design: StudyDesign,
    *,
    first_id: int,
    size: int,
    sink: Sink,
    on_day: Callable[[int], None] | None = None,
    flush_days: int = FLUSH_DAYS,
) -> None:
    """Simulate the chunk, handing its records to ``sink`` every ``flush_days`` days, so
    memory stays bounded however long the run. ``children`` comes with the last part."""
    if not 1 <= size <= MAX_CHUNK:
        raise ValueError(f"chunk size must be 1..{MAX_CHUNK}")
    c = make_cohort(design, first_id, size)
    s = ChildState.newborn(p, c.phenotype)
    mid = development.maturation_mid_days(p, c)
    base_s = birth_epoch_s()
    nights, wakings, episodes = _Columns(), _Columns(), _Columns()
    first_day = design.start_age_days
    # A run that starts at age A first lives the child's days from birth (a burn-in whose
    # records are not kept), so a three-year-old starts with a three-year-old's state.
    for age in range(first_day + design.days):
        strategy = np.where(age >= c.switch_age_days, c.strategy_after, c.strategy_before)
        strategy = strategy.astype(np.int8)
        gate = development.maturation(p, mid, age)
        limit = development.threshold(p, s.skill, gate)
        ep, day_l = simulate_episodes(
            p, c, s, age_days=age, day=age, strategy=strategy, gate=gate, limit=limit
        )
        nt, wk, night_l = simulate_night(
            p, c, s, age_days=age, day=age, strategy=strategy, limit=limit
        )
        if age < first_day:
            _learn(p, c, s, day_l, night_l, age)
            continue
        day = age - first_day
        evening_s = base_s + age * 86_400
        nights.add(
            child_id=np.arange(size, dtype=np.int32),
            age_days=np.full(size, age, np.int32),
            bedtime=evening_s + np.round(nt.bed_min * 60).astype(np.int64),
            sleep_onset=evening_s + np.round(nt.onset_min * 60).astype(np.int64),
            wake_time=evening_s + np.round(nt.wake_min * 60).astype(np.int64),
            sleep_method=SLEEP_METHOD[strategy],
            settle_fuss_cry_min=nt.settle_cry_min.astype(np.float32),
            nap_min=nt.nap_min.astype(np.float32),
            strategy=strategy,
            cycle_min=nt.cycle_min.astype(np.float32),
            security=s.security.astype(np.float32),
            skill=s.skill.astype(np.float32),
            soothe_limit=limit.astype(np.float32),
        )
        wakings.add(
            child_id=wk.idx.astype(np.int32),
            age_days=np.full(wk.idx.size, age, np.int32),
            start=evening_s + np.round(wk.start_min * 60).astype(np.int64),
            end=evening_s + np.round(wk.end_min * 60).astype(np.int64),
            signalled=wk.signalled,
            resettled_by=wk.resettled_by,
            latency_min=wk.latency_min.astype(np.float32),
            fuss_cry_min=wk.cry_min.astype(np.float32),
            arousal_after=wk.arousal_after.astype(np.float32),
        )
        day_start_min = 7 * 60.0
        span = np.maximum(nt.bed_min[ep.idx] - 30.0 - day_start_min, 60.0)
        start = evening_s + np.round((day_start_min + ep.start_frac * span) * 60).astype(np.int64)
        episodes.add(
            child_id=ep.idx.astype(np.int32),
            age_days=np.full(ep.idx.size, age, np.int32),
            start=start,
            end=episode_end_s(start, ep.outcome, ep.minutes_to_calm, ep.cry_min),
            trigger=ep.trigger,
            peak_distress=ep.peak.astype(np.float32),
            child_action=ep.action,
            response=ep.response,
            latency_min=ep.latency_min.astype(np.float32),
            outcome=ep.outcome,
            minutes_to_calm=ep.minutes_to_calm.astype(np.float32),
            fuss_cry_min=ep.cry_min.astype(np.float32),
            aftercare=ep.aftercare,
            arousal_after=ep.arousal_after.astype(np.float32),
        )
        _learn(p, c, s, day_l, night_l, age)
        if on_day is not None:
            on_day(day)
        if (day + 1) % flush_days == 0 or day + 1 == design.days:
            last = day + 1 == design.days
            sink(_tables(c, design, nights.parts, wakings.parts, episodes.parts, last=last))
            nights, wakings, episodes = _Columns(), _Columns(), _Columns()


Parts = dict[str, list[npt.NDArray[np.generic]]]


def _tables(
    c: Cohort, design: StudyDesign, n: Parts, w: Parts, e: Parts, *, last: bool
) -> dict[str, pa.Table]:
    """Rows come day by day (and, within a day, child by child): every child's records are in
    time order, and no sort or copy is needed to write them. The columns already carry the
    schema's names; only the chunk's child numbers become the cohort's ids."""
    ids = c.child_id
    birth = np.full(c.size, (DEFAULT_BIRTH_DATE - date(1970, 1, 1)).days, dtype=np.int32)
    last_age = design.start_age_days + design.days - 1
    final_strategy = np.where(last_age >= c.switch_age_days, c.strategy_after, c.strategy_before)
    keep = slice(None) if last else slice(0, 0)

    def numbered(parts: Parts) -> Parts:
        return {**parts, "child_id": [ids[i] for i in parts["child_id"]]}

    return {
        "children": build_table(
            "children",
            {
                "child_id": ids[keep],
                "birth_date": birth[keep],
                "due_date": np.full(c.size, NO_TIME)[keep],
                "sensitivity": c.sensitivity[keep],
                "reactivity": c.reactivity[keep],
                "daycare_hours": c.daycare_hours.astype(np.float32)[keep],
                "older_siblings": c.older_siblings[keep],
                "phenotype": c.phenotype[keep],
                "strategy": final_strategy.astype(np.int8)[keep],
                "consistency": c.consistency.astype(np.float32)[keep],
            },
        ),
        "nights": build_table("nights", numbered(n)),
        "wakings": build_table("wakings", numbered(w)),
        "episodes": build_table("episodes", numbered(e)),
    }
