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
from beside.model.strategies import strategy_code
from beside.records.enums import Aftercare, Phenotype, Strategy, TraitLevel

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
#: Assumption: 0, 1, 2 or 3 older siblings.
SIBLING_SHARES = (0.42, 0.38, 0.15, 0.05)
#: Assumption: share of children in day care from 12 months, and its weekly hours (uniform).
DAYCARE_SHARE = 0.55
DAYCARE_HOURS = (15.0, 45.0)
#: Assumption: the typical mix's share of caregivers who praise heavily, and of those who
#: acknowledge a child's own calming.
OVER_PRAISE_SHARE = 0.15
OVER_PRAISE_LEVEL = 0.6
ACKNOWLEDGES = 0.6
#: Assumption: a caregiver following one named strategy does so 90 % of the time; typical
#: caregivers follow theirs 60 to 98 % of the time.
DEFAULT_CONSISTENCY = 0.9
TYPICAL_CONSISTENCY = (0.6, 0.98)
#: Assumption: families using a sleep method start it at 6 to 9 months.
METHOD_START_MONTHS = (6.0, 9.0)
#: Assumption: child-to-child spread of cycle length (min) and of bedtime (min).
CYCLE_OFFSET_SD_MIN = 2.0
BEDTIME_OFFSET_SD_MIN = 30.0
#: The default cohort's caregivers: a realistic mix (assumption, stated in docs).
TYPICAL_MIX: dict[Strategy, float] = {
    Strategy.RESPONSIVE: 0.35,
    Strategy.PRESENT_NEARBY: 0.20,
    Strategy.GRADUATED_EXTINCTION: 0.12,
    Strategy.CAMPING_OUT: 0.08,
    Strategy.EXTINCTION: 0.05,
    Strategy.DISMISSIVE: 0.12,
    Strategy.FORCED_COMFORT: 0.04,
    Strategy.WALK_AWAY: 0.04,
}
SLEEP_METHODS = (Strategy.GRADUATED_EXTINCTION, Strategy.CAMPING_OUT, Strategy.EXTINCTION)
#: Children begin life on this date; timestamps are local wall-clock from here.
DEFAULT_BIRTH_DATE = date(2025, 1, 6)
MAX_CHILDREN = 10_000_000
#: The bounds a child's profile has (``records.models.Child``).
MAX_DAYCARE_H = 80.0
MAX_SIBLINGS = 20
#: Trait codes in the engine, in the order of the shares above: low, medium, high.
LEVELS: tuple[TraitLevel, ...] = tuple(TraitLevel)
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
    consistency: float | None = None  # None: 0.9 for one strategy, a spread for the mix
    seed: int = 0
    over_praise: float | None = None  # None: the typical share of caregivers praise heavily
    acknowledges: float | None = None
    modelling: float = 0.0
    explaining: float = 0.0
    #: What follows when a child calms on its own with the caregiver near (C16, C17); None:
    #: the mix of ``acknowledges`` and ``over_praise``. ``comforted`` and ``nothing`` mean
    #: neither acknowledgement nor heavy praise (a child who came is comforted under every
    #: style).
    aftercare: Aftercare | None = None
    #: Children like one child (the app's what-if, C14): a trait given here is the same for
    #: every child of the study; None: drawn from the shares above, as for any cohort.
    sensitivity: TraitLevel | None = None
    reactivity: TraitLevel | None = None
    daycare_hours: float | None = None
    older_siblings: int | None = None

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
        if self.aftercare is not None and (
            self.over_praise is not None or self.acknowledges is not None
        ):
            raise ConfigError(
                "give aftercare, or over_praise and acknowledges, not both", field="aftercare"
            )
        if self.seed < 0:
            raise ConfigError("seed must be 0 or more", field="seed")
        if self.daycare_hours is not None and not 0.0 <= self.daycare_hours <= MAX_DAYCARE_H:
            raise ConfigError(
                f"daycare_hours must be between 0 and {MAX_DAYCARE_H:g}", field="daycare_hours"
            )
        if self.older_siblings is not None and not 0 <= self.older_siblings <= MAX_SIBLINGS:
            raise ConfigError(
                f"older_siblings must be between 0 and {MAX_SIBLINGS}", field="older_siblings"
            )

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
    switch_age_days: npt.NDArray[np.int32]  # age on which strategy_after begins
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

    def level(given: TraitLevel | None, slot: int, shares: tuple[float, ...]) -> I8:
        if given is None:
            return _pick(u(slot), shares)
        return np.full(size, LEVELS.index(given), dtype=np.int8)

    has_daycare = u(3) < DAYCARE_SHARE
    lo_h, hi_h = DAYCARE_HOURS
    daycare = np.where(has_daycare, lo_h + (hi_h - lo_h) * u(4), 0.0)
    if design.daycare_hours is not None:
        daycare = np.full(size, design.daycare_hours)
    siblings = _pick(u(5), SIBLING_SHARES)
    if design.older_siblings is not None:
        siblings = np.full(size, design.older_siblings, dtype=np.int8)
    before, after, switch_age = _caregivers(design, keys)
    return Cohort(
        child_id=ids,
        keys=keys,
        sensitivity=level(design.sensitivity, 1, SENSITIVITY_SHARES),
        reactivity=level(design.reactivity, 2, REACTIVITY_SHARES),
        daycare_hours=daycare,
        older_siblings=siblings,
        phenotype=_pick(u(6), tuple(PHENOTYPE_SHARES.values())),
        strategy_before=before,
        strategy_after=after,
        switch_age_days=switch_age,
        consistency=_consistency(design, keys),
        over_praise=_over_praise(design, keys),
        acknowledges=np.full(size, _acknowledges(design)),
        modelling=np.full(size, design.modelling),
        explaining=np.full(size, design.explaining),
        episode_factor=z(1),
        wake_factor=z(2),
        sleep_z=z(3),
        cycle_offset_min=CYCLE_OFFSET_SD_MIN * z(4),
        bedtime_offset_min=BEDTIME_OFFSET_SD_MIN * z(5),
    )


def _over_praise(design: StudyDesign, keys: rng.U64) -> F64:
    """Heavy praise after a child calms alone (C17). In the typical mix a share of caregivers
    praise heavily (``over_praise`` sets the share); otherwise every caregiver alike."""
    if design.aftercare is not None:
        return np.full(keys.size, 1.0 if design.aftercare == Aftercare.PRAISED_HEAVILY else 0.0)
    if design.strategy is None:
        share = OVER_PRAISE_SHARE if design.over_praise is None else design.over_praise
        drawn = rng.uniform(keys, 0, rng.Stream.CAREGIVER, 10)
        return np.where(drawn < share, OVER_PRAISE_LEVEL, 0.0)
    return np.full(keys.size, design.over_praise or 0.0)


def _acknowledges(design: StudyDesign) -> float:
    """The chance a caregiver acknowledges a child's own calming (C16)."""
    if design.aftercare is not None:
        return 1.0 if design.aftercare == Aftercare.ACKNOWLEDGED else 0.0
    return ACKNOWLEDGES if design.acknowledges is None else design.acknowledges


def _consistency(design: StudyDesign, keys: rng.U64) -> F64:
    if design.consistency is not None:
        return np.full(keys.size, design.consistency)
    if design.strategy is not None:
        return np.full(keys.size, DEFAULT_CONSISTENCY)
    # Typical caregivers: mostly consistent, some much less so (assumption).
    lo, hi = TYPICAL_CONSISTENCY
    return lo + (hi - lo) * rng.uniform(keys, 0, rng.Stream.CAREGIVER, 11)


def _caregivers(design: StudyDesign, keys: rng.U64) -> tuple[I8, I8, npt.NDArray[np.int32]]:
    n = keys.size
    never = np.iinfo(np.int32).max
    if design.strategy is not None or design.switch_to is not None:
        first = strategy_code(design.strategy or Strategy.RESPONSIVE)
        before = np.full(n, first, dtype=np.int8)
        if design.switch_to is None or design.switch_at_months is None:
            return before, before.copy(), np.full(n, never, dtype=np.int32)
        at = round(design.switch_at_months * DAYS_PER_MONTH)
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
    lo, hi = METHOD_START_MONTHS
    start = (lo + (hi - lo) * rng.uniform(keys, 0, rng.Stream.CAREGIVER, 2)) * DAYS_PER_MONTH
    switch = np.round(start).astype(np.int32)
    before = np.where(is_method, strategy_code(Strategy.RESPONSIVE), codes).astype(np.int8)
    return before, codes, switch
