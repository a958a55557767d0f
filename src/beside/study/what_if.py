"""What-if for one child (issue 12, item 5): simulated children like this one (its age,
corrected for a preterm birth, and the temperament, day care and siblings in its profile)
live the next months under each strategy a parent picked, and the page shows how crying
and nights differ, with their uncertainty and the claims behind each strategy.

The same simulated children meet every strategy (one seed), so a difference comes from the
strategy, not from whom it met. Until today they were comforted when they cried; from
tomorrow each follows one strategy. Their other traits (and any developmental difference)
are drawn as for any cohort: the profile does not say them. This is a model of children
*like* this one, never a prediction about this child, and the page says so.

Runs happen one at a time on a background thread (the kernels release the GIL), so logging
never waits for one; each run reports its progress, and finished runs are kept in memory
for an hour, for the person who started them only.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from beside.errors import Busy, ValidationFailed, Violation
from beside.model.cohort import MAX_MONTHS, StudyDesign
from beside.model.curves import DAYS_PER_MONTH
from beside.model.mechanisms import MECHANISMS
from beside.model.params import ModelParams, default_params
from beside.records.ages import age_days, corrected_age_days
from beside.records.enums import Strategy, TraitLevel
from beside.records.what_if import WhatIfAsk
from beside.study.compare import compare_strategies

#: Simulated children per strategy. Assumed: enough that the 95 % interval of a mean is
#: narrow beside the differences shown (0.1-0.2 wakings a night at 400), and a run of three
#: strategies over six months takes seconds on two cores (benchmarks/RESULTS.md).
CHILDREN = 400
#: Children simulated between two steps of the progress bar: two steps per way. Smaller
#: chunks cost more than they show (three ways, six months, a seven-month-old, 2 cores:
#: 3.8 s in chunks of 400, 4.3 s of 200, 7.0 s of 100, 12.3 s of 50).
PROGRESS_CHUNK = CHILDREN // 2
#: Finished runs are kept this long, and at most this many at once.
KEEP_S = 3600.0
MAX_RUNS = 50

#: Each strategy in a parent's words, with the claims (DESIGN.md) its mechanisms follow.
STRATEGY_WORDS: dict[Strategy, tuple[str, tuple[str, ...]]] = {
    Strategy.RESPONSIVE: ("Going to them and comforting, day and night", ("C2", "C3", "C7")),
    Strategy.PRESENT_NEARBY: ("Staying close without picking them up", ("C4", "C15")),
    Strategy.CAMPING_OUT: (
        "At night, sitting beside them and moving further away over time",
        ("C4", "C10"),
    ),
    Strategy.GRADUATED_EXTINCTION: (
        "At night, checking in at growing intervals",
        ("C3", "C5", "C10"),
    ),
    Strategy.EXTINCTION: ("At night, leaving them to settle on their own", ("C3", "C5", "C10")),
}

#: The strategies' names where space is short (a chart's labels).
SHORT: dict[Strategy, str] = {
    Strategy.RESPONSIVE: "Comforting",
    Strategy.PRESENT_NEARBY: "Staying close",
    Strategy.CAMPING_OUT: "Sitting beside",
    Strategy.GRADUATED_EXTINCTION: "Checking in",
    Strategy.EXTINCTION: "Settling alone",
}

#: What the page compares: the measure, its words, and its unit.
MEASURES: tuple[tuple[str, str, str], ...] = (
    ("fuss_cry_min_per_day", "Fussing and crying", "minutes a day"),
    ("wakings_per_night", "Wakings", "a night"),
    ("signalled_wakings_per_night", "Wakings called out", "a night"),
)

CAUTION = (
    "This is a model of many children like yours, not a prediction about your child. It "
    "shows how the strategies tend to differ, on the model's assumptions, where research "
    "itself is still divided. Your child is one person; what you see and feel counts more."
)
QUIET_IS_NOT_CALM = (
    "Fewer wakings called out is not the same as fewer wakings, or a calm child: a baby "
    "can stop calling and still be awake (C10, C5)."
)


@dataclass(frozen=True)
class ChildLike:
    """What the profile says of the child, for the simulated children like it."""

    birth_date: date
    due_date: date | None
    sensitivity: TraitLevel
    reactivity: TraitLevel
    daycare_hours: float
    older_siblings: int
    seed: int


@dataclass(frozen=True)
class Claim:
    claim: str
    summary: str
    disputed: str


@dataclass(frozen=True)
class Outcome:
    """One measure at the end of the run: the mean over the simulated children with its
    95 % interval, the middle 80 % of them, and the difference from the first strategy."""

    measure: str
    words: str
    unit: str
    mean: float
    low: float
    high: float
    p10: float
    p90: float
    difference: float | None
    difference_low: float | None
    difference_high: float | None


def difference_words(o: Outcome, first: str) -> str:
    """The difference from the first strategy in words: "about the same" when its 95 %
    interval holds no difference at all."""
    if o.difference is None or o.difference_low is None or o.difference_high is None:
        return ""
    if o.difference_low <= 0.0 <= o.difference_high:
        return f"about the same as {first.lower()}"
    more = "more" if o.difference > 0 else "less"
    if o.unit == "a night":
        more = "more" if o.difference > 0 else "fewer"
    return (
        f"{abs(o.difference):.1f} {more} than {first.lower()} "
        f"(95 % interval {o.difference_low:+.1f} to {o.difference_high:+.1f})"
    )


@dataclass(frozen=True)
class Arm:
    strategy: Strategy
    words: str
    short: str
    claims: tuple[Claim, ...]
    outcomes: tuple[Outcome, ...]


@dataclass(frozen=True)
class WhatIf:
    from_months: float
    months: int
    at_month: int
    children: int
    seed: int
    arms: tuple[Arm, ...]
    caution: str = CAUTION
    quiet_is_not_calm: str = QUIET_IS_NOT_CALM


def to_json(w: WhatIf) -> dict[str, Any]:
    return {"format": "beside-what-if", "version": 1, **asdict(w)}


def chart_rows(w: WhatIf) -> list[dict[str, Any]]:
    """The rows the page's chart draws (``reports.charts.what_if``)."""
    return [
        {
            "measure": f"{o.words} ({o.unit})",
            "short": arm.short,
            "mean": o.mean,
            "low": o.low,
            "high": o.high,
            "p10": o.p10,
            "p90": o.p90,
        }
        for arm in w.arms
        for o in arm.outcomes
    ]


def _claims(ids: tuple[str, ...]) -> tuple[Claim, ...]:
    known = {m.claim: m for m in MECHANISMS}
    return tuple(Claim(c, known[c].summary, known[c].evidence_against) for c in ids)


def designs_for(child: ChildLike, ask: WhatIfAsk, today: date) -> dict[Strategy, StudyDesign]:
    """One design per strategy: the same children, comforted until today, then the
    strategy from tomorrow for ``ask.months`` months."""
    days = float(max(age_days(today, child.birth_date), 0))
    from_months = corrected_age_days(days, child.birth_date, child.due_date) / DAYS_PER_MONTH
    if from_months + ask.months > MAX_MONTHS:
        raise ValidationFailed(
            [
                Violation(
                    "months",
                    "beyond_the_model",
                    f"the model covers children up to {MAX_MONTHS:g} months old",
                )
            ]
        )
    tomorrow = from_months + 1 / DAYS_PER_MONTH
    return {
        strategy: StudyDesign(
            children=CHILDREN,
            months=float(ask.months),
            from_months=from_months,
            strategy=Strategy.RESPONSIVE,
            switch_to=strategy,
            switch_at_months=tomorrow,
            seed=child.seed,
            sensitivity=child.sensitivity,
            reactivity=child.reactivity,
            daycare_hours=child.daycare_hours,
            older_siblings=child.older_siblings,
        )
        for strategy in ask.strategies
    }


def what_if(
    child: ChildLike,
    ask: WhatIfAsk,
    today: date,
    *,
    params: ModelParams | None = None,
    progress: Callable[[float], None] | None = None,
) -> WhatIf:
    designs = designs_for(child, ask, today)
    total = CHILDREN * len(designs)
    comparison = compare_strategies(
        params or default_params(),
        {s.value: d for s, d in designs.items()},
        progress=None if progress is None else (lambda done: progress(done / total)),
        chunk_children=PROGRESS_CHUNK,
    )
    first_strategy, first = next(iter(designs.items()))
    at_month = _last_whole_month(first)
    rows = {
        (r.name, m["measure"]): m
        for r in comparison.results
        for m in r.monthly
        if m["month"] == at_month
    }
    arms = []
    for strategy in designs:
        words, claims = STRATEGY_WORDS[strategy]
        outcomes = tuple(
            _outcome(
                measure,
                measure_words,
                unit,
                rows[(strategy.value, measure)],
                None if strategy is first_strategy else rows[(first_strategy.value, measure)],
            )
            for measure, measure_words, unit in MEASURES
        )
        arms.append(Arm(strategy, words, SHORT[strategy], _claims(claims), outcomes))
    return WhatIf(
        from_months=round(first.from_months, 1),
        months=ask.months,
        at_month=at_month,
        children=CHILDREN,
        seed=child.seed,
        arms=tuple(arms),
    )


def _last_whole_month(design: StudyDesign) -> int:
    """The last month of age the run covers whole (a run that starts mid-month ends
    mid-month); the first month, for a run shorter than one whole month."""
    end_day = design.start_age_days + design.days
    last = int(end_day // DAYS_PER_MONTH) - 1
    return max(last, int(design.start_age_days // DAYS_PER_MONTH))


def _outcome(
    measure: str, words: str, unit: str, row: dict[str, Any], base: dict[str, Any] | None
) -> Outcome:
    """The difference's 95 % interval treats the two means as independent, which is
    cautious: the same children meet both strategies, so the true interval is narrower."""
    diff = low = high = None
    if base is not None:
        half = ((row["ci_high"] - row["mean"]) ** 2 + (base["ci_high"] - base["mean"]) ** 2) ** 0.5
        diff = row["mean"] - base["mean"]
        low, high = diff - half, diff + half
    return Outcome(
        measure,
        words,
        unit,
        row["mean"],
        row["ci_low"],
        row["ci_high"],
        row["p10"],
        row["p90"],
        diff,
        low,
        high,
    )


@dataclass
class Run:
    """A what-if running or done, for the person who started it."""

    id: str
    owner: str
    child_id: str
    started: float
    progress: float = 0.0
    result: WhatIf | None = None
    error: str | None = None
    done: threading.Event = field(default_factory=threading.Event)


class WhatIfRuns:
    """The app's what-if runs: one at a time on a background thread, kept an hour."""

    def __init__(self, params: Callable[[], ModelParams] = default_params) -> None:
        self._params = params
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="what-if")
        self._runs: dict[str, Run] = {}
        self._lock = threading.Lock()

    def start(
        self, owner: str, child_id: str, child: ChildLike, ask: WhatIfAsk, today: date
    ) -> Run:
        designs_for(child, ask, today)  # a bad ask is refused now, not in the background
        now = time.monotonic()
        with self._lock:
            for key in [k for k, r in self._runs.items() if now - r.started > KEEP_S]:
                del self._runs[key]
            if len(self._runs) >= MAX_RUNS:
                raise Busy("many what-ifs are running; please try again in a few minutes")
            run = Run(secrets.token_hex(16), owner, child_id, now)
            self._runs[run.id] = run
        self._pool.submit(self._run, run, child, ask, today)
        return run

    def _run(self, run: Run, child: ChildLike, ask: WhatIfAsk, today: date) -> None:
        try:
            run.result = what_if(
                child,
                ask,
                today,
                params=self._params(),
                progress=lambda f: setattr(run, "progress", f),
            )
            run.progress = 1.0
        except Exception as exc:  # the page says it failed; the server goes on
            run.error = str(exc) or type(exc).__name__
        finally:
            run.done.set()

    def get(self, owner: str, child_id: str, run_id: str) -> Run | None:
        """The run, only for the person who started it, about this child."""
        run = self._runs.get(run_id)
        if run is None or run.owner != owner or run.child_id != child_id:
            return None
        return run

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
