"""A cohort: who the children are (C14, C20) and who cares for them (strategies).

Traits are drawn from each child's own random stream, so child 17 of seed 3 is the same child
in any run, in any chunk. Prevalences are published where NORMS.md has them (sensitivity:
Pluess et al. 2018); the rest are stated assumptions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from beside.errors import ConfigError
from beside.model import rng
from beside.model.curves import DAYS_PER_MONTH
from beside.model.strategies import SLEEP_METHODS, TYPICAL_MIX, strategy_code
from beside.records.enums import Phenotype, Strategy

F64 = npt.NDArray[np.float64]
I8 = npt.NDArray[np.int8]

#: Pluess et al. 2018, Dev Psychol 54(1):51-70: low 25-35 %, medium 41-47 %, high 20-35 %.
SENSITIVITY_SHARES = (0.29, 0.44, 0.27)
#: Assumption: reactivity split 25/50/25 (no published band in NORMS.md).
REACTIVITY_SHARES = (0.25, 0.50, 0.25)
#: Assumption, for screens to be tested against known truth (C20); never shown as a rate.
PHENOTYPE_SHARES = {
    Phenotype.TYPICAL: 0.87,
    Phenotype.SENSORY_OVERLOAD: 0.06,
    Phenotype.DEVELOPMENTAL_DIFFERENCE: 0.02,
    Phenotype.INSECURE_ATTACHMENT: 0.05,
}
SIBLING_SHARES = (0.42, 0.38, 0.15, 0.05)
#: Children begin life on this date; timestamps are local wall-clock from here.
DEFAULT_BIRTH_DATE = date(2025, 1, 6)
MAX_CHILDREN = 10_000_000
MAX_MONTHS = 72.0


@dataclass(frozen=True)
class StudyDesign:
    """What to simulate. Validated on construction: bad input never reaches the engine."""

    children: int = 1000
    months: float = 12.0
    from_months: float = 0.0
    strategy: Strategy | None = None  # None: the typical mix
    switch_to: Strategy | None = None
    switch_at_months: float | None = None
    consistency: float = 0.9
    seed: int = 0
    over_praise: float | None = None  # None: the typical share of caregivers praise heavily
    acknowledges: float | None = None
    modelling: float = 0.0
    explaining: float = 0.0

    def __post_init__(self) -> None:
        if not 1 <= self.children <= MAX_CHILDREN:
            raise ConfigError(f"children must be between 1 and {MAX_CHILDREN:,}", field="children")
        if not 0 < self.months <= MAX_MONTHS:
            raise ConfigError(f"months must be above 0 and at most {MAX_MONTHS:g}", field="months")
        if not 0 <= self.from_months <= MAX_MONTHS - self.months:
            raise ConfigError(
                f"from-months must be between 0 and {MAX_MONTHS - self.months:g} "
                f"(the model covers birth to {MAX_MONTHS:g} months)",
                field="from_months",
            )
        if (self.switch_to is None) != (self.switch_at_months is None):
            raise ConfigError(
                "give both --switch-to and --switch-at-months, or neither", field="switch_to"
            )
        if self.switch_at_months is not None and not (
            self.from_months < self.switch_at_months < self.from_months + self.months
        ):
            raise ConfigError(
                f"switch-at-months must fall inside the run, between {self.from_months:g} and "
                f"{self.from_months + self.months:g} months",
                field="switch_at_months",
            )
        for name in ("consistency", "over_praise", "acknowledges", "modelling", "explaining"):
            value = getattr(self, name)
            if value is not None and not 0.0 <= value <= 1.0:
                raise ConfigError(f"{name} must be between 0 and 1", field=name)
        if self.seed < 0:
            raise ConfigError("seed must be 0 or more", field="seed")

    @property
    def start_age_days(self) -> int:
        return round(self.from_months * DAYS_PER_MONTH)

    @property
    def days(self) -> int:
        return max(1, round(self.months * DAYS_PER_MONTH))


@dataclass
class Cohort:
    """Struct of arrays, shape ``(n,)``: traits and caregivers of one chunk of children."""

    child_id: npt.NDArray[np.int32]
    keys: rng.U64
    sensitivity: I8
    reactivity: I8
    daycare_hours: F64
    older_siblings: I8
    phenotype: I8
    strategy_before: I8
    strategy_after: I8
    switch_day: npt.NDArray[np.int32]  # run day on which strategy_after begins
    consistency: F64
    over_praise: F64
    acknowledges: F64
    modelling: F64
    explaining: F64
    episode_factor: F64
    wake_factor: F64
    sleep_z: F64
    cycle_offset_min: F64
    bedtime_offset_min: F64

    @property
    def size(self) -> int:
        return int(self.child_id.size)


def _pick(u: F64, shares: tuple[float, ...]) -> I8:
    edges = np.cumsum(shares)[:-1] / sum(shares)
    return np.searchsorted(edges, u, side="right").astype(np.int8)


def make_cohort(design: StudyDesign, first_id: int, size: int) -> Cohort:
    """Children ``first_id .. first_id+size-1`` of the study, with their caregivers."""
    ids = np.arange(first_id, first_id + size, dtype=np.int32)
    keys = rng.child_keys(design.seed, ids)

    def u(slot: int) -> F64:
        return rng.uniform(keys, 0, rng.Stream.TRAITS, slot)

    def z(slot: int) -> F64:
        return rng.normal(keys, 0, rng.Stream.TRAITS, 50 + slot)

    has_daycare = u(3) < 0.55
    daycare = np.where(has_daycare, 15.0 + 30.0 * u(4), 0.0)
    before, after, switch_day = _caregivers(design, keys)
    cu = rng.uniform(keys, 0, rng.Stream.CAREGIVER, 10)
    mixed = design.strategy is None
    over = design.over_praise if design.over_praise is not None else (0.15 if mixed else 0.0)
    ack = design.acknowledges if design.acknowledges is not None else 0.6
    return Cohort(
        child_id=ids,
        keys=keys,
        sensitivity=_pick(u(1), SENSITIVITY_SHARES),
        reactivity=_pick(u(2), REACTIVITY_SHARES),
        daycare_hours=daycare,
        older_siblings=_pick(u(5), SIBLING_SHARES),
        phenotype=_pick(u(6), tuple(PHENOTYPE_SHARES.values())),
        strategy_before=before,
        strategy_after=after,
        switch_day=switch_day,
        consistency=_consistency(design, keys),
        over_praise=np.where(cu < over, 0.6, 0.0) if mixed else np.full(size, over),
        acknowledges=np.full(size, ack),
        modelling=np.full(size, design.modelling),
        explaining=np.full(size, design.explaining),
        episode_factor=z(1),
        wake_factor=z(2),
        sleep_z=z(3),
        cycle_offset_min=2.0 * z(4),
        bedtime_offset_min=30.0 * z(5),
    )


def _consistency(design: StudyDesign, keys: rng.U64) -> F64:
    if design.strategy is not None:
        return np.full(keys.size, design.consistency)
    # Typical caregivers: mostly consistent, some much less so (assumption).
    return 0.6 + 0.38 * rng.uniform(keys, 0, rng.Stream.CAREGIVER, 11)


def _caregivers(design: StudyDesign, keys: rng.U64) -> tuple[I8, I8, npt.NDArray[np.int32]]:
    n = keys.size
    never = np.iinfo(np.int32).max
    if design.strategy is not None or design.switch_to is not None:
        first = strategy_code(design.strategy or Strategy.RESPONSIVE)
        before = np.full(n, first, dtype=np.int8)
        if design.switch_to is None or design.switch_at_months is None:
            return before, before.copy(), np.full(n, never, dtype=np.int32)
        at = round(design.switch_at_months * DAYS_PER_MONTH) - design.start_age_days
        return (
            before,
            np.full(n, strategy_code(design.switch_to), dtype=np.int8),
            np.full(n, at, dtype=np.int32),
        )
    # Typical mix: families using a sleep method start it at 6-9 months, responsive before.
    names = list(TYPICAL_MIX)
    chosen = _pick(rng.uniform(keys, 0, rng.Stream.CAREGIVER, 1), tuple(TYPICAL_MIX.values()))
    codes = np.array([strategy_code(s) for s in names], dtype=np.int8)[chosen]
    is_method = np.isin(codes, [strategy_code(s) for s in SLEEP_METHODS])
    start_age = (6.0 + 3.0 * rng.uniform(keys, 0, rng.Stream.CAREGIVER, 2)) * DAYS_PER_MONTH
    switch = np.maximum(np.round(start_age) - design.start_age_days, 0).astype(np.int32)
    before = np.where(is_method, strategy_code(Strategy.RESPONSIVE), codes).astype(np.int8)
    return before, codes, switch
