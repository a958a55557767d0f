"""Every measure of a child's or a cohort's records, each with its interval and its count.

The same function answers for a family's journal (one child, tallied by day) and for a
simulated cohort (tallied by month): ``measure(tallies, ...)``. A measure with no records
behind it comes back as not recorded (None), never as zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from beside.insights import threshold as th
from beside.insights.estimates import Estimate, Ratio, Sample
from beside.insights.tallies import DISTRESS_BANDS, FIT_BINS, N_BANDS, RESPONSES, Tallies


@dataclass(frozen=True)
class Definition:
    id: str
    label: str
    unit: str
    ratio: Ratio
    #: The claims the measure speaks to, and what a reader should keep in mind.
    claims: tuple[str, ...] = ()
    caveat: str = ""


def _d(
    id: str, label: str, unit: str, num: str, den: str, n: str, *, scale: float = 1.0,
    share: bool = False, claims: tuple[str, ...] = (), caveat: str = "",
) -> Definition:  # fmt: skip
    return Definition(id, label, unit, Ratio(num, den, n, scale, share), claims, caveat)


OBSERVATIONAL = (
    "a journal is observational: a response chosen for a harder moment looks slower, "
    "so these are not the effect of the response"
)

#: The measures of ``docs/insights.md``, in its order.
DEFINITIONS: tuple[Definition, ...] = (
    _d(
        "fuss_cry_min_per_day",
        "Fussing and crying per day",
        "min/day",
        "fuss_cry_min",
        "days",
        "days",
        claims=("C1",),
        caveat="counts what was recorded: an upset with no end time and no minutes adds none",
    ),
    _d("episodes_per_day", "Upsets per day", "per day", "episodes", "days", "days"),
    _d(
        "wakings_per_night",
        "Wakings per night, heard or not",
        "per night",
        "wakings",
        "nights",
        "nights",
        claims=("C8", "C10"),
    ),
    _d(
        "signalled_wakings_per_night",
        "Wakings that called out",
        "per night",
        "signalled",
        "nights",
        "nights",
        claims=("C10",),
    ),
    _d(
        "silent_wakings_per_night",
        "Silent wakings",
        "per night",
        "silent",
        "nights",
        "nights",
        claims=("C5", "C10"),
        caveat="a journal knows a silent waking only if someone saw it",
    ),
    _d(
        "longest_stretch_h",
        "Longest stretch without calling out",
        "h",
        "longest_stretch_min",
        "nights",
        "nights",
        scale=1 / 60,
        claims=("C8",),
    ),
    _d(
        "no_stretch_share_6h",
        "Nights without 6 hours in a row",
        "share of nights",
        "no_6h_nights",
        "nights",
        "nights",
        share=True,
        claims=("C8", "C9"),
    ),
    _d(
        "no_stretch_share_8h",
        "Nights without 8 hours in a row",
        "share of nights",
        "no_8h_nights",
        "nights",
        "nights",
        share=True,
        claims=("C8", "C9"),
    ),
    _d(
        "night_sleep_h",
        "Night sleep",
        "h",
        "night_sleep_min",
        "nights",
        "nights",
        scale=1 / 60,
        claims=("C8",),
    ),
    _d(
        "total_sleep_h",
        "Sleep in 24 hours (night and naps)",
        "h",
        "total_sleep_min",
        "nap_nights",
        "nap_nights",
        scale=1 / 60,
        claims=("C8", "C9"),
        caveat="only days whose naps were recorded",
    ),
    _d(
        "onset_latency_min",
        "Time from bedtime to sleep",
        "min",
        "onset_latency_min",
        "nights",
        "nights",
    ),
    _d(
        "awake_at_night_min",
        "Time awake at night",
        "min/night",
        "awake_min",
        "nights",
        "nights",
    ),
    _d(
        "night_response_latency_min",
        "Minutes until someone came, at night",
        "min",
        "response_latency_min",
        "answered_wakings",
        "answered_wakings",
        claims=("C2", "C3"),
    ),
    _d(
        "calmed_alone_share",
        "Upsets calmed alone",
        "share of upsets",
        "calmed_alone",
        "outcome_recorded",
        "outcome_recorded",
        share=True,
        claims=("C12", "C13"),
    ),
    _d(
        "tried_alone_share",
        "Upsets where the child tried on its own",
        "share of upsets",
        "tried",
        "action_recorded",
        "action_recorded",
        share=True,
        claims=("C11", "C12"),
    ),
    _d(
        "tried_success_share",
        "Tries that worked",
        "share of tries",
        "tried_calmed_alone",
        "tried_outcome_recorded",
        "tried_outcome_recorded",
        share=True,
        claims=("C12", "C13"),
    ),
    _d(
        "turned_away_share",
        "Upsets where the child turned away",
        "share of upsets",
        "turned_away",
        "action_recorded",
        "action_recorded",
        share=True,
        claims=("C11", "C20"),
    ),
    _d(
        "extreme_distress_share",
        "Upsets at the top of the scale (9-10)",
        "share of upsets",
        "extreme",
        "episodes",
        "episodes",
        share=True,
        claims=("C13", "C20"),
    ),
)
#: Chance of calming alone in each band of peak distress (the self-soothing chart, C13).
BY_DISTRESS = tuple(
    Ratio(f"band{k}_calmed_alone", f"band{k}_episodes", f"band{k}_episodes", share=True)
    for k in range(N_BANDS)
)
CALM_BY_RESPONSE = tuple(
    Ratio(f"calm_min_{r.value}", f"calm_n_{r.value}", f"calm_n_{r.value}") for r in RESPONSES
)
CALM_BY_DISTRESS = tuple(
    Ratio(f"calm_min_band{k}", f"calm_n_band{k}", f"calm_n_band{k}") for k in range(N_BANDS)
)
#: Bins of the threshold fit: their centres (the last bin holds 10 alone).
FIT_CENTRES = np.minimum(FIT_BINS + 0.25, 10.0)
#: Age windows of the self-soothing chart, in months.
AGE_WINDOWS_MONTHS = ((0, 6), (6, 12), (12, 18), (18, 24), (24, 36), (36, 48), (48, 72))


@dataclass(frozen=True)
class Measured:
    definition: Definition
    estimate: Estimate | None

    def as_dict(self) -> dict[str, object]:
        d = self.definition
        return {
            "id": d.id,
            "label": d.label,
            "unit": d.unit,
            "estimate": None if self.estimate is None else self.estimate.as_dict(),
            "status": "measured" if self.estimate is not None else "not_recorded",
            "claims": list(d.claims),
            "caveat": d.caveat,
        }


@dataclass(frozen=True)
class DistressRow:
    distress_from: float
    distress_to: float
    calmed_alone: Estimate | None
    minutes_to_calm: Estimate | None


@dataclass(frozen=True)
class AgeWindow:
    """One panel of the self-soothing chart: calming alone by distress, and the threshold."""

    months: tuple[float, float]
    rows: tuple[DistressRow, ...]
    threshold: th.Threshold


@dataclass(frozen=True)
class Report:
    """Everything measured over one window of records."""

    children: int
    age_days: tuple[int, int]
    unit: str
    measures: tuple[Measured, ...]
    by_distress: tuple[DistressRow, ...]
    minutes_to_calm_by_response: dict[str, Estimate | None]
    threshold: th.Threshold
    windows: tuple[AgeWindow, ...] = ()
    monthly: tuple[dict[str, object], ...] = field(default=())
    #: The threshold over consecutive spans of months: (from month, to month, threshold).
    thresholds: tuple[tuple[int, int, th.Threshold], ...] = ()

    def get(self, measure_id: str) -> Estimate | None:
        for m in self.measures:
            if m.definition.id == measure_id:
                return m.estimate
        raise KeyError(measure_id)


def _distress_rows(sample: Sample) -> tuple[DistressRow, ...]:
    alone = sample.estimate(BY_DISTRESS)
    calm = sample.estimate(CALM_BY_DISTRESS)
    return tuple(
        DistressRow(DISTRESS_BANDS[k], min(DISTRESS_BANDS[k + 1], 10.0), alone[k], calm[k])
        for k in range(N_BANDS)
    )


def _measures(sample: Sample) -> tuple[Measured, ...]:
    estimates = sample.estimate([d.ratio for d in DEFINITIONS])
    out = []
    wakings = float(sample.sums["wakings"].sum())
    said = float(sample.sums["signalled"].sum() + sample.sums["silent"].sum())
    for d, e in zip(DEFINITIONS, estimates, strict=True):
        if d.id == "silent_wakings_per_night" and e is not None and e.value == 0.0:
            # No silent waking recorded at all: unknown in a journal, not "none".
            e = None if sample.unit == "day" else e
        if d.id == "signalled_wakings_per_night" and wakings > 0 and said == 0:
            e = None  # wakings logged, none said to call out or not (a tracker's import)
        out.append(Measured(d, e))
    return tuple(out)


def measure(
    tallies: Tallies,
    *,
    age_days: tuple[int, int] | None = None,
    windows: bool = True,
    monthly: Sequence[str] = (),
    threshold_months: int = 0,
    seed: int = 0,
) -> Report:
    """All measures over the tallies within ``age_days`` (all of them by default).

    ``windows`` adds the self-soothing chart's panels by age; ``monthly`` names measures
    to give month by month as well (for charts over time); ``threshold_months`` gives the
    self-soothing threshold over consecutive spans of that many months (C13: how it moves)."""
    if age_days is not None:
        lo, hi = age_days
        tallies = tallies.select((tallies.period_day >= lo) & (tallies.period_day < hi))
    span = (
        (int(tallies.period_day.min()), int(tallies.period_day.max()) + 1)
        if tallies.size
        else (0, 0)
    )
    sample = tallies.sample(seed=seed)
    by_response = dict(
        zip((r.value for r in RESPONSES), sample.estimate(CALM_BY_RESPONSE), strict=True)
    )
    by_month = tallies.sorted_by_month()
    month = by_month.month
    samples: dict[tuple[int, int], Sample | None] = {}

    def months(lo_m: int, hi_m: int) -> Sample | None:
        """The per-unit sums of ages [lo_m, hi_m) months, each span gathered once (the
        monthly series and the monthly thresholds of a cohort share theirs); rows in month
        order, so a span is a slice, not a copy."""
        if (lo_m, hi_m) not in samples:
            a, b = np.searchsorted(month, [lo_m, hi_m])
            part = by_month.rows(int(a), int(b))
            samples[(lo_m, hi_m)] = part.sample(seed=seed) if part.size else None
        return samples[(lo_m, hi_m)]

    fitted: dict[tuple[int, int], th.Threshold] = {}

    def threshold_of(lo_m: int, hi_m: int, s: Sample) -> th.Threshold:
        if (lo_m, hi_m) not in fitted:
            fitted[(lo_m, hi_m)] = th.estimate(s, FIT_CENTRES)
        return fitted[(lo_m, hi_m)]

    panels: list[AgeWindow] = []
    if windows and tallies.size:
        for lo_m, hi_m in AGE_WINDOWS_MONTHS:
            s = months(lo_m, hi_m)
            if s is not None and s.sums["episodes"].sum() > 0:
                panels.append(
                    AgeWindow((lo_m, hi_m), _distress_rows(s), threshold_of(lo_m, hi_m, s))
                )
    series: list[dict[str, object]] = []
    if monthly and tallies.size:
        chosen = [d for d in DEFINITIONS if d.id in set(monthly)]
        for m in np.unique(month):
            s = months(int(m), int(m) + 1)
            assert s is not None
            row: dict[str, object] = {"month": int(m)}
            for d, e in zip(chosen, s.estimate([d.ratio for d in chosen]), strict=True):
                row[d.id] = e
            series.append(row)
    thresholds: list[tuple[int, int, th.Threshold]] = []
    if threshold_months and tallies.size:
        first = int(month.min()) // threshold_months * threshold_months
        for lo_m in range(first, int(month.max()) + 1, threshold_months):
            s = months(lo_m, lo_m + threshold_months)
            if s is not None:
                step = (lo_m, lo_m + threshold_months)
                thresholds.append((*step, threshold_of(*step, s)))
    return Report(
        children=int(np.unique(tallies.child_id).size),
        age_days=span,
        unit=sample.unit,
        measures=_measures(sample),
        by_distress=_distress_rows(sample),
        minutes_to_calm_by_response=by_response,
        threshold=th.estimate(sample, FIT_CENTRES),
        windows=tuple(panels),
        monthly=tuple(series),
        thresholds=tuple(thresholds),
    )
