"""Calibration: the default cohort against every published figure in NORMS.md.

``check`` simulates the default cohort (the typical mix of caregivers and traits) with the
shipped parameters and compares each measure with its norm, within a stated tolerance.
``fit`` adjusts the free parameters (episode rates, waking chances and their spreads, the
early-night factor) by damped fixed-point steps on common random numbers, and
``beside calibrate --write`` ships the result in ``model/fitted.json``.

Reading of bands: Galland et al. give night wakings as a normal range (0 to an upper bound);
in the first two months we read it as mean +/- 1.96 SD cut at zero (target mean: the
midpoint); at 1-2 years, where counts are skewed and that reading clashes with Pennestri et
al. at 12 months, we fit the 97.5th percentile of children's means to the upper bound and
only require the mean to fall inside the range.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from beside.insights.crying import CryDays, weekly_profile
from beside.insights.sleep_patterns import SleepNights
from beside.model.cohort import StudyDesign
from beside.model.curves import AgeCurve
from beside.model.engine import simulate_chunk
from beside.model.params import ModelParams
from beside.norms.figures import Figure, figure, galland_total_sleep_h

#: Checks the model misses, with why. A miss is reported, never hidden by a wider band.
KNOWN_MISSES = {
    "colic_weeks_10_12": (
        "missed: the review's own mean and SD at 10-12 weeks (68 +/- 46 min) already put "
        "about 0.7 % of infants' weekly means above 3 h before any day-to-day variation, so "
        "0.6 % colic by the day-counting Wessel rule cannot be met together with that SD; "
        "the model fits the mean and SD and misses the colic share"
    ),
}
#: Age from which the fit keeps the waking chance from rising (C8).
MATURING_FROM_DAYS = 182
#: Tolerance around a published *point* share (no interval published): a third of it, at
#: least one percentage point. Published bands are used exactly as published.
SHARE_TOLERANCE = 1 / 3
SHARE_TOLERANCE_FLOOR = 0.01
INFANT_COHORT = StudyDesign(children=2000, months=13.0, seed=20261123)
LONG_COHORT = StudyDesign(children=500, months=60.0, seed=20261124)


@dataclass(frozen=True)
class Measured:
    """Everything calibration compares, measured once per cohort pair."""

    cry: CryDays
    infant_sleep: SleepNights
    long_sleep: SleepNights
    cycle_by_age: dict[str, float]


@dataclass(frozen=True)
class Check:
    figure: Figure
    label: str
    model: float
    low: float
    high: float
    note: str = ""

    @property
    def ok(self) -> bool:
        return bool(self.low <= self.model <= self.high)

    def as_row(self) -> dict[str, Any]:
        return {
            "figure": self.figure.id,
            "what": self.label,
            "model": round(self.model, 3),
            "norm": self.figure.describe(),
            "accepted_from": round(self.low, 3),
            "accepted_to": round(self.high, 3),
            "ok": self.ok,
            "source": self.figure.short_source,
            "note": self.note,
        }


def simulate_and_measure(
    params: ModelParams, *, infant: StudyDesign = INFANT_COHORT, long: StudyDesign = LONG_COHORT
) -> Measured:
    a = simulate_chunk(params, infant, first_id=0, size=infant.children)
    b = simulate_chunk(params, long, first_id=0, size=long.children)
    nights = a["nights"]
    cycle: dict[str, float] = {}
    for fid in ("cycle_term", "cycle_3_months", "cycle_8_months"):
        lo, hi = figure(fid).age_days
        age = nights["age_days"].to_numpy()
        cycle[fid] = float(nights["cycle_min"].to_numpy()[(age >= lo) & (age < hi)].mean())
    return Measured(
        cry=CryDays.of(nights, a["episodes"], a["wakings"]),
        infant_sleep=SleepNights.of(nights, a["wakings"]),
        long_sleep=SleepNights.of(b["nights"], b["wakings"]),
        cycle_by_age=cycle,
    )


def checks(m: Measured) -> list[Check]:
    out: list[Check] = []
    f = figure("fuss_cry_weeks_1_6")
    assert f.mean_band
    assert f.sd_band
    means = m.cry.child_means(f.age_days)
    out.append(Check(f, "fuss+cry min/day, mean", float(means.mean()), *f.mean_band))
    out.append(
        Check(f, "fuss+cry min/day, SD between infants", float(means.std(ddof=1)), *f.sd_band)
    )
    for fid in ("fuss_cry_weeks_5_6", "fuss_cry_weeks_10_12"):
        f = figure(fid)
        assert f.mean is not None
        assert f.sd is not None
        means = m.cry.child_means(f.age_days)
        out.append(
            Check(
                f,
                "fuss+cry min/day, mean",
                float(means.mean()),
                f.mean - 0.25 * f.sd,
                f.mean + 0.25 * f.sd,
            )
        )
        out.append(
            Check(
                f,
                "fuss+cry min/day, SD between infants",
                float(means.std(ddof=1)),
                0.75 * f.sd,
                1.25 * f.sd,
            )
        )
    f = figure("colic_weeks_1_6")
    assert f.share_band
    out.append(Check(f, "colic share", m.cry.colic_share(f.age_days), *f.share_band))
    for fid in ("colic_weeks_8_9", "colic_weeks_10_12"):
        f = figure(fid)
        assert f.share is not None
        tol = max(SHARE_TOLERANCE * f.share, SHARE_TOLERANCE_FLOOR)
        out.append(
            Check(
                f,
                "colic share",
                m.cry.colic_share(f.age_days),
                max(f.share - tol, 0.0),
                f.share + tol,
                note=KNOWN_MISSES.get(fid, ""),
            )
        )
    out.extend(_sleep_checks(m))
    for fid, value in m.cycle_by_age.items():
        f = figure(fid)
        assert f.mean is not None
        out.append(Check(f, "sleep cycle, min", value, f.mean - 1.0, f.mean + 1.0))
    return out


def _sleep_checks(m: Measured) -> list[Check]:
    out: list[Check] = []
    for fid, sleep in (
        ("total_sleep_infants", m.long_sleep),
        ("total_sleep_toddlers", m.long_sleep),
    ):
        f = figure(fid)
        assert f.mean is not None
        assert f.band
        per_child = sleep.child_means(sleep.total_sleep_h, f.age_days)
        # Galland's group mean and its own regression averaged over the group's ages differ
        # (11.9 h against 11.2 h for ages 2-5: the pooled studies sit at younger ages). The
        # model follows the regression, so either end is accepted.
        regression = float(np.mean([galland_total_sleep_h(a) for a in range(*f.age_days)]))
        out.append(
            Check(
                f,
                "total sleep h, mean",
                float(per_child.mean()),
                min(f.mean, regression) - 0.5,
                max(f.mean, regression) + 0.5,
            )
        )
        out.append(
            Check(
                f,
                "total sleep h, 2.5th percentile",
                float(np.percentile(per_child, 2.5)),
                f.band[0] - 0.75,
                f.band[0] + 0.75,
            )
        )
        out.append(
            Check(
                f,
                "total sleep h, 97.5th percentile",
                float(np.percentile(per_child, 97.5)),
                f.band[1] - 0.75,
                f.band[1] + 0.75,
            )
        )
    for fid, sleep in (
        ("night_wakings_0_2_months", m.infant_sleep),
        ("night_wakings_1_2_years", m.long_sleep),
    ):
        f = figure(fid)
        assert f.band
        per_child = sleep.child_means(sleep.signalled, f.age_days)
        out.append(Check(f, "signalled wakings/night, mean", float(per_child.mean()), *f.band))
        out.append(
            Check(
                f,
                "signalled wakings/night, 97.5th percentile",
                float(np.percentile(per_child, 97.5)),
                0.7 * f.band[1],
                1.15 * f.band[1],
                note=KNOWN_MISSES.get(fid, ""),
            )
        )
    for fid in (
        "no_6h_stretch_6_months",
        "no_8h_stretch_6_months",
        "no_6h_stretch_12_months",
        "no_8h_stretch_12_months",
    ):
        f = figure(fid)
        assert f.share is not None
        hours = 6.0 if "6h" in fid else 8.0
        tol = 0.12 if f.secondary else 0.08
        value = m.infant_sleep.share_without_stretch(hours, f.age_days)
        out.append(
            Check(f, f"nights without {hours:g} h unbroken", value, f.share - tol, f.share + tol)
        )
    return out


def check(params: ModelParams) -> list[Check]:
    return checks(simulate_and_measure(params))


# --- fitting -------------------------------------------------------------------------------

Step = Callable[[ModelParams, Measured], ModelParams]


def _scale_knots(curve: AgeCurve, factors: dict[float, float]) -> AgeCurve:
    values = [v * factors.get(k, 1.0) for k, v in zip(curve.knots_days, curve.values, strict=True)]
    return curve.with_values(tuple(values))


def _ratio(target: float, model: float, damping: float = 0.8) -> float:
    if model <= 0 or not np.isfinite(model):
        return 1.0
    return float(np.clip((target / model) ** damping, 0.5, 2.0))


def _fit_crying(p: ModelParams, m: Measured) -> ModelParams:
    week = {int(r["week"]): r for r in weekly_profile(m.cry, weeks=13)}
    early = (week[1]["mean"] + week[2]["mean"]) / 2
    mid = (week[5]["mean"] + week[6]["mean"]) / 2
    late = (week[11]["mean"] + week[12]["mean"]) / 2
    factors = {
        0.0: _ratio(125.0, early),
        14.0: _ratio(125.0, early),
        42.0: _ratio(126.0, mid),
        84.0: _ratio(68.0, late),
    }
    sd_early = m.cry.child_means((7, 49)).std(ddof=1)
    sd_late = m.cry.child_means((63, 84)).std(ddof=1)
    spread = {
        0.0: _ratio(68.0, sd_early, 1.0),
        49.0: _ratio(68.0, sd_early, 1.0),
        84.0: _ratio(46.0, sd_late, 1.0),
        1826.0: _ratio(46.0, sd_late, 1.0),
    }
    return replace(
        p,
        episode_rate=_scale_knots(p.episode_rate, factors),
        episode_rate_sd=_scale_knots(p.episode_rate_sd, spread),
    )


def _fit_wakings(p: ModelParams, m: Measured) -> ModelParams:
    young = m.infant_sleep.child_means(m.infant_sleep.signalled, (0, 61))
    older = m.long_sleep.child_means(m.long_sleep.signalled, (365, 730))
    six = m.infant_sleep.share_without_stretch(6.0, (168, 198))
    twelve = m.infant_sleep.share_without_stretch(6.0, (350, 380))
    factors = {
        0.0: _ratio(1.7, young.mean()),
        61.0: _ratio(1.7, young.mean()),
        182.0: _ratio(0.376, six),
        365.0: _ratio(0.279, twelve),
        730.0: _ratio(2.5, float(np.percentile(older, 97.5)), 1.2),
    }
    spread = np.percentile(young, 97.5) - young.mean()
    scaled = _scale_knots(p.wake_prob, factors)
    # C8: from six months on, the chance of waking at a transition falls with age. Without
    # this bound the fit made 1-year-olds wake at nearly every transition and settle
    # silently, which matches every signalled figure and contradicts the claim. Before six
    # months it is left free: in the newborn weeks feeds take the place of other wakings.
    values = np.array(scaled.values)
    later = np.asarray(scaled.knots_days) >= MATURING_FROM_DAYS
    values[later] = np.minimum.accumulate(values[later])
    falling = scaled.with_values(tuple(values))
    low, high = _range("wake_prob_sd")
    return replace(
        p,
        wake_prob=falling,
        wake_prob_sd=float(np.clip(p.wake_prob_sd * _ratio(1.7, spread, 0.7), low, high)),
    )


def _range(name: str) -> tuple[float, float]:
    """A parameter's declared plausible range (``params.param(range=...)``)."""
    (f,) = [f for f in fields(ModelParams) if f.name == name]
    low, high = f.metadata["range"]
    return float(low), float(high)


def fit(
    params: ModelParams,
    *,
    iterations: int = 6,
    on_iteration: Callable[[int, list[Check]], None] | None = None,
    infant: StudyDesign = INFANT_COHORT,
    long: StudyDesign = LONG_COHORT,
) -> ModelParams:
    """Damped fixed-point fit of the free parameters; returns the adjusted parameters."""
    p = params
    for i in range(iterations):
        m = simulate_and_measure(p, infant=infant, long=long)
        if on_iteration is not None:
            on_iteration(i, checks(m))
        p = _fit_wakings(_fit_crying(p, m), m)
    return p


FITTED_FIELDS = ("episode_rate", "episode_rate_sd", "wake_prob", "wake_prob_sd")


def fitted_json(params: ModelParams) -> str:
    values: dict[str, Any] = {}
    for name in FITTED_FIELDS:
        value = getattr(params, name)
        values[name] = (
            [round(v, 5) for v in value.values]
            if isinstance(value, AgeCurve)
            else round(float(value), 5)
        )
    return (
        json.dumps(
            {
                "note": "written by `beside calibrate --write`; see docs/model.md",
                "cohorts": {
                    "infant": _design_note(INFANT_COHORT),
                    "long": _design_note(LONG_COHORT),
                },
                "values": values,
            },
            indent=2,
        )
        + "\n"
    )


def _design_note(d: StudyDesign) -> str:
    return f"{d.children} children, {d.months:g} months from birth, seed {d.seed}"


def fitted_path() -> Path:
    return Path(str(resources.files("beside.model").joinpath("fitted.json")))
