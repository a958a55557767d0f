"""Calibration: the default cohort against every published figure, and the fit that ships.

``checks`` compares a simulated default cohort (the typical mix of caregivers and traits)
with each figure of ``norms/`` whose ``use`` is ``fit``. Every check has a *role*:

- ``fit``: moved by the free parameters and part of the objective;
- ``echo``: decided by an input the fit does not touch (Galland's sleep regression, the
  sleep cycle curve, the onset latency), so agreement shows the input was read, not that
  the model predicts it. Which input each echoes is in ``ECHOES`` and a test holds it.

``validation_checks`` compares the same cohort with figures kept out of every fit
(``use: validation``); ``contrast_checks`` runs two-arm trials (``use: contrast``).

``fit`` minimises an explicit weighted objective with ``scipy.optimize.least_squares`` over
the free parameters (``FREE``): for each fit check, the distance outside its band in units
of the band's half-width, plus a small pull to the band's centre. Bands are the published
ones; a point figure with no interval gets one stated tolerance (``POINT_TOLERANCE`` or
``SHARE_TOLERANCE``), the same for every figure. ``cross_validate`` refits with one group
of studies held out (``FOLDS``) and reports the held-out misses; ``switch_refits`` refits
with each disputed mechanism off.

Reading of bands: Galland et al. give night wakings as a normal range (0 to an upper bound);
we require the mean to fall inside it and the 97.5th percentile of children's means to lie
near its upper bound (0.7 to 1.15 of it).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields, replace
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from beside.insights.crying import CryDays
from beside.insights.sleep_patterns import SleepNights
from beside.model.cohort import StudyDesign
from beside.model.curves import AgeCurve
from beside.model.engine import simulate_chunk
from beside.model.params import ModelParams, switch_names
from beside.norms.figures import Figure, figure, figures_for, galland_total_sleep_h
from beside.records.enums import Strategy

#: Checks the model misses, with why. A miss is reported, never hidden by a wider band.
KNOWN_MISSES = {
    "colic_weeks_10_12": (
        "missed: the review's own mean and SD at 10-12 weeks (68 +/- 46 min) already put "
        "about 0.7 % of infants' weekly means above 3 h before any day-to-day variation, so "
        "0.6 % colic by the day-counting Wessel rule cannot be met together with that SD; "
        "the model fits the mean and SD and misses the colic share"
    ),
    "iglowstein_total_6_months": (
        "missed (an echo): total sleep follows Galland et al.'s regression, 13.2 h at 6 "
        "months; Iglowstein et al. counted time in bed, which runs about an hour longer"
    ),
    "iglowstein_night_12_months": (
        "missed (an echo): night sleep is Galland et al.'s total less the assumed day-sleep "
        "share; Iglowstein et al.'s night counts time in bed, so it runs longer"
    ),
}
#: What each echo check reads back: the input that decides it.
ECHOES = {
    "total_sleep_infants": "sleep_regression, sleep_sd_h (Galland's regression is an input)",
    "total_sleep_toddlers": "sleep_regression, sleep_sd_h (Galland's regression is an input)",
    "iglowstein_total_6_months": "sleep_regression, sleep_sd_h",
    "iglowstein_night_12_months": "sleep_regression, nap_share",
    "mindell_total_0_36_months": "sleep_regression",
    "cycle_term": "cycle_min",
    "cycle_3_months": "cycle_min",
    "cycle_8_months": "cycle_min",
    "paavonen_latency_6_months": "onset_min, onset_age_factor (plus any bedtime protest)",
}
#: Age from which the fit keeps the waking chance from rising (C8).
MATURING_FROM_DAYS = 182
#: Tolerance around a published *point* share (no interval published): a third of it, at
#: least one percentage point. Around a published mean with an SD: a quarter of the SD;
#: around a mean with neither: a quarter of the mean. Published bands are used as published.
SHARE_TOLERANCE = 1 / 3
SHARE_TOLERANCE_FLOOR = 0.01
SD_TOLERANCE = 0.25
POINT_TOLERANCE = 0.25
#: Weight of a secondary figure (read from a synthesis or the press) in the objective.
SECONDARY_WEIGHT = 0.5
#: Pull towards a band's centre, against its half-width: keeps the optimum off the band's
#: edges, where Monte-Carlo noise would tip it out (assumed).
CENTRE_PULL = 0.1
#: Cohorts for the report and the in-sample check.
INFANT_COHORT = StudyDesign(children=2000, months=13.0, seed=20261123)
LONG_COHORT = StudyDesign(children=500, months=60.0, seed=20261124)
#: Cohorts of the main fit (other seeds than the report's), on common random numbers: the
#: SD bands of Wolke et al. are narrow (66-70 min), so the main fit needs about as many
#: infants as the report to fit the spread rather than one draw's noise.
MAIN_INFANT = StudyDesign(children=2000, months=13.0, seed=20261208)
MAIN_LONG = StudyDesign(children=400, months=36.0, seed=20261209)
#: Smaller cohorts for the folds and the switch-off refits.
FIT_INFANT = StudyDesign(children=800, months=13.0, seed=20261201)
FIT_LONG = StudyDesign(children=250, months=36.0, seed=20261202)
#: Groups of studies held out together in ``cross_validate`` (k-fold over studies).
FOLDS: dict[str, frozenset[str]] = {
    "crying diaries (Wolke 2017)": frozenset({"wolke2017"}),
    "crying at 5-6 weeks and 2-year wakings (Vermillet 2022, Paavonen 2020)": frozenset(
        {"vermillet2022", "paavonen2020"}
    ),
    "parent-reported wakings (Galland 2012)": frozenset({"galland2012"}),
    "unbroken stretches (Pennestri 2018)": frozenset({"pennestri2018"}),
}


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
    role: str = "fit"

    @property
    def ok(self) -> bool:
        return bool(self.low <= self.model <= self.high)

    @property
    def weight(self) -> float:
        return SECONDARY_WEIGHT if self.figure.secondary else 1.0

    def as_row(self) -> dict[str, Any]:
        return {
            "figure": self.figure.id,
            "what": self.label,
            "model": round(self.model, 3),
            "norm": self.figure.describe(),
            "accepted_from": round(self.low, 3),
            "accepted_to": round(self.high, 3),
            "ok": self.ok,
            "role": self.role,
            "echoes": ECHOES.get(self.figure.id, ""),
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


def _make(f: Figure, label: str, value: float, low: float, high: float) -> Check:
    return Check(
        f,
        label,
        value,
        low,
        high,
        note=KNOWN_MISSES.get(f.id, ""),
        role="echo" if f.id in ECHOES else "fit",
    )


def _around_mean(f: Figure, label: str, value: float) -> Check:
    """A published mean: its band if it has one, else a quarter SD (or a quarter of it)."""
    if f.mean_band:
        return _make(f, label, value, *f.mean_band)
    assert f.mean is not None
    tol = SD_TOLERANCE * f.sd if f.sd is not None else POINT_TOLERANCE * f.mean
    return _make(f, label, value, f.mean - tol, f.mean + tol)


def _around_share(f: Figure, label: str, value: float) -> Check:
    """A published share: its band; else a Wilson 95 % interval of its counts; else the
    stated tolerance (a third of the share, or of its complement when above one half)."""
    if f.share_band:
        return _make(f, label, value, *f.share_band)
    if f.events is not None and f.n is not None:
        return _make(f, label, value, *wilson_interval(f.events, f.n))
    assert f.share is not None
    small = min(f.share, 1.0 - f.share)
    tol = max(SHARE_TOLERANCE * small, SHARE_TOLERANCE_FLOOR)
    return _make(f, label, value, max(f.share - tol, 0.0), min(f.share + tol, 1.0))


def wilson_interval(events: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    """Wilson score interval of a published count (Wilson 1927)."""
    p = events / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def _spread(f: Figure, label: str, value: float) -> Check:
    if f.sd_band:
        return _make(f, label, value, *f.sd_band)
    assert f.sd is not None
    return _make(f, label, value, (1 - SD_TOLERANCE) * f.sd, (1 + SD_TOLERANCE) * f.sd)


def checks(m: Measured) -> list[Check]:
    """Every ``use: fit`` figure the model can produce, as one or more checks."""
    out: list[Check] = []
    for fid in ("fuss_cry_weeks_1_6", "fuss_cry_weeks_5_6", "fuss_cry_weeks_10_12"):
        f = figure(fid)
        means = m.cry.child_means(f.age_days)
        out.append(_around_mean(f, "fuss+cry min/day, mean", float(means.mean())))
        out.append(_spread(f, "fuss+cry min/day, SD between infants", float(means.std(ddof=1))))
    for fid in ("colic_weeks_1_6", "colic_weeks_8_9", "colic_weeks_10_12"):
        f = figure(fid)
        out.append(_around_share(f, "colic share", m.cry.colic_share(f.age_days)))
    out.extend(_sleep_checks(m))
    for fid, value in m.cycle_by_age.items():
        f = figure(fid)
        assert f.mean is not None
        out.append(_make(f, "sleep cycle, min", value, f.mean - 1.0, f.mean + 1.0))
    return out


def _sleep_checks(m: Measured) -> list[Check]:
    out: list[Check] = []
    for fid in ("total_sleep_infants", "total_sleep_toddlers"):
        f = figure(fid)
        assert f.mean is not None
        assert f.band
        per_child = m.long_sleep.child_means(m.long_sleep.total_sleep_h, f.age_days)
        # Galland's group mean and its own regression averaged over the group's ages differ
        # (11.9 h against 11.2 h for ages 2-5: the pooled studies sit at younger ages). The
        # model follows the regression, so either end is accepted.
        regression = float(np.mean([galland_total_sleep_h(a) for a in range(*f.age_days)]))
        out.append(
            _make(
                f,
                "total sleep h, mean",
                float(per_child.mean()),
                min(f.mean, regression) - 0.5,
                max(f.mean, regression) + 0.5,
            )
        )
        for q, edge in ((2.5, f.band[0]), (97.5, f.band[1])):
            out.append(
                _make(
                    f,
                    f"total sleep h, {q:g}th percentile",
                    float(np.percentile(per_child, q)),
                    edge - 0.75,
                    edge + 0.75,
                )
            )
    for fid, sleep in (
        ("night_wakings_0_2_months", m.infant_sleep),
        ("night_wakings_1_2_years", m.long_sleep),
    ):
        f = figure(fid)
        assert f.band
        per_child = sleep.child_means(sleep.signalled, f.age_days)
        out.append(_make(f, "signalled wakings/night, mean", float(per_child.mean()), *f.band))
        out.append(
            _make(
                f,
                "signalled wakings/night, 97.5th percentile",
                float(np.percentile(per_child, 97.5)),
                0.7 * f.band[1],
                1.15 * f.band[1],
            )
        )
    for fid in (
        "no_6h_stretch_6_months",
        "no_8h_stretch_6_months",
        "no_6h_stretch_12_months",
        "no_8h_stretch_12_months",
    ):
        f = figure(fid)
        hours = 6.0 if "6h" in fid else 8.0
        value = m.infant_sleep.share_without_stretch(hours, f.age_days)
        out.append(_around_share(f, f"nights without {hours:g} h unbroken", value))
    f = figure("iglowstein_total_6_months")
    six = m.infant_sleep.child_means(m.infant_sleep.total_sleep_h, f.age_days)
    out.append(_around_mean(f, "total sleep h, mean", float(six.mean())))
    out.append(_spread(f, "total sleep h, SD between infants", float(six.std(ddof=1))))
    f = figure("iglowstein_night_12_months")
    night = m.infant_sleep.child_means(m.infant_sleep.night_sleep_h, f.age_days)
    out.append(_around_mean(f, "night sleep h, mean", float(night.mean())))
    out.append(_spread(f, "night sleep h, SD between infants", float(night.std(ddof=1))))
    f = figure("mindell_total_0_36_months")
    total = m.long_sleep.child_means(m.long_sleep.total_sleep_h, f.age_days)
    out.append(_around_mean(f, "total sleep h, mean", float(total.mean())))
    f = figure("paavonen_latency_6_months")
    latency = m.infant_sleep.child_means(m.infant_sleep.onset_latency_min, f.age_days)
    out.append(_around_mean(f, "sleep-onset latency min, mean", float(latency.mean())))
    f = figure("paavonen_wakings_24_months")
    two = m.long_sleep.child_means(m.long_sleep.signalled, f.age_days)
    out.append(_around_mean(f, "signalled wakings/night, mean", float(two.mean())))
    return out


def validation_checks(m: Measured) -> list[Check]:
    """Figures kept out of every fit (``use: validation``), compared the same way.

    Sun et al. 2018 asked parents for the usual number of wakings (a whole number), so a
    child whose mean of signalled wakings rounds to 3 or more counts as "3 or more".
    """
    out: list[Check] = []
    for f in figures_for("validation"):
        sleep = m.infant_sleep if f.age_days[1] <= 400 else m.long_sleep
        means = sleep.child_means(sleep.signalled, f.age_days)
        if f.measure == "share_children_wakings_2plus":
            every = sleep.child_means(sleep.wakings, f.age_days)
            value, label = float(np.mean(every >= 2.0)), "children with 2+ wakings/night (any)"
        elif f.measure == "share_children_signalled_3plus":
            value, label = float(np.mean(means >= 2.5)), "children with 3+ signalled wakings"
        else:
            value, label = float(np.mean(means < 0.5)), "children with no signalled waking"
        check = _around_share(f, label, value)
        out.append(replace(check, role="validation"))
    return out


def check(params: ModelParams) -> list[Check]:
    return checks(simulate_and_measure(params))


# --- the objective ---------------------------------------------------------------------------


def far_outside(cs: Sequence[Check]) -> list[Check]:
    """Fit checks, known misses aside, more than half a band-width outside their band: the
    standard the shipped fit is held to, and an ensemble member too (the objective's
    compromise may leave a few just outside; docs/calibration.md lists them)."""
    out = []
    for c in cs:
        if c.role != "fit" or c.figure.id in KNOWN_MISSES:
            continue
        half = (c.high - c.low) / 2
        if c.model < c.low - half or c.model > c.high + half:
            out.append(c)
    return out


def residuals(cs: Sequence[Check]) -> np.ndarray:
    """Weighted residuals of the fit checks: outside-the-band distance and centre pull."""
    out: list[float] = []
    for c in cs:
        # A known miss is reported, not fitted: the model cannot meet it together with the
        # rest (see its note), and chasing it would only drag the figures it conflicts with.
        if c.role != "fit" or c.figure.id in KNOWN_MISSES:
            continue
        half = max((c.high - c.low) / 2.0, 1e-6)
        centre = (c.high + c.low) / 2.0
        model = c.model if np.isfinite(c.model) else c.high + 10 * half
        outside = (model - min(max(model, c.low), c.high)) / half
        w = math.sqrt(c.weight)
        out.extend((w * outside, w * CENTRE_PULL * (model - centre) / half))
    return np.asarray(out, dtype=np.float64)


def objective(cs: Sequence[Check]) -> float:
    """Sum of squared weighted residuals over the fit checks but the known misses (0 would be
    every check at its band's centre; a check just inside its band adds at most the centre
    pull)."""
    r = residuals(cs)
    return float(r @ r)


# --- the free parameters ---------------------------------------------------------------------


@dataclass(frozen=True)
class Free:
    """One coordinate of the fit: a log-value (or a log-step) and its bounds."""

    name: str
    low: float
    high: float


def _range(name: str) -> tuple[float, float]:
    """A parameter's declared plausible range (``params.param(range=...)``)."""
    (f,) = [f for f in fields(ModelParams) if f.name == name]
    low, high = f.metadata["range"]
    return float(low), float(high)


def free_coordinates() -> tuple[Free, ...]:
    """The fitted coordinates. AgeCurves move within their declared multiplier range of the
    declared defaults; after six months the waking chance may only fall (C8), so those
    knots are log-steps bounded above by 0."""
    base = ModelParams()
    out: list[Free] = []
    lo, hi = _range("episode_rate")
    for k in (0, 42, 84):
        v = base.episode_rate.at(k)
        out.append(Free(f"log episode_rate@{k}", math.log(v * lo), math.log(v * hi)))
    lo, hi = _range("episode_rate_sd")
    for k in (0, 84):
        v = base.episode_rate_sd.at(k)
        out.append(Free(f"log episode_rate_sd@{k}", math.log(v * lo), math.log(v * hi)))
    lo, hi = _range("wake_prob")
    for k in (0, 61, MATURING_FROM_DAYS):
        v = base.wake_prob.at(k)
        out.append(Free(f"log wake_prob@{k}", math.log(v * lo), math.log(v * hi)))
    for k in (365, 730):
        out.append(Free(f"log step wake_prob@{k}", math.log(0.05), 0.0))
    lo, hi = _range("wake_prob_sd")
    out.append(Free("log wake_prob_sd", math.log(lo), math.log(hi)))
    lo, hi = _range("waking_arousal")
    v = base.waking_arousal[0]
    out.append(Free("log waking_arousal mean", math.log(v * lo), math.log(v * hi)))
    return tuple(out)


def to_vector(p: ModelParams) -> np.ndarray:
    wp = p.wake_prob
    return np.log(
        [
            p.episode_rate.at(0),
            p.episode_rate.at(42),
            p.episode_rate.at(84),
            p.episode_rate_sd.at(0),
            p.episode_rate_sd.at(84),
            wp.at(0),
            wp.at(61),
            wp.at(MATURING_FROM_DAYS),
            wp.at(365) / wp.at(MATURING_FROM_DAYS),
            wp.at(730) / wp.at(365),
            p.wake_prob_sd,
            p.waking_arousal[0],
        ]
    )


def from_vector(p: ModelParams, x: np.ndarray) -> ModelParams:
    v = np.exp(np.asarray(x, dtype=np.float64))
    er = list(p.episode_rate.values)
    knots = p.episode_rate.knots_days
    for k, value in ((0, v[0]), (14, v[0]), (42, v[1]), (84, v[2])):
        er[knots.index(k)] = float(value)
    sd = (float(v[3]), float(v[3]), float(v[4]), float(v[4]))
    wp_knots = p.wake_prob.knots_days
    wp = list(p.wake_prob.values)
    six = float(v[7])
    one = six * float(v[8])
    two = one * float(v[9])
    by_knot = {0: float(v[5]), 61: float(v[6]), 182: six, 365: one, 730: two, 1095: two}
    for k, value in by_knot.items():
        wp[wp_knots.index(k)] = value
    last = wp_knots.index(1826)
    wp[last] = min(ModelParams().wake_prob.values[last], two)
    return replace(
        p,
        episode_rate=p.episode_rate.with_values(tuple(er)),
        episode_rate_sd=p.episode_rate_sd.with_values(sd),
        wake_prob=p.wake_prob.with_values(tuple(wp)),
        wake_prob_sd=float(v[10]),
        waking_arousal=(float(v[11]), *p.waking_arousal[1:]),
    )


# --- fitting ---------------------------------------------------------------------------------


@dataclass
class FitResult:
    params: ModelParams
    objective: float
    evaluations: int
    start_objective: float
    held_out: frozenset[str] = frozenset()
    history: list[float] = field(default_factory=list)


def fit(
    params: ModelParams,
    *,
    held_out: frozenset[str] = frozenset(),
    max_evaluations: int = 150,
    on_evaluation: Callable[[int, float], None] | None = None,
    infant: StudyDesign = FIT_INFANT,
    long: StudyDesign = FIT_LONG,
) -> FitResult:
    """Minimise ``objective`` over ``free_coordinates`` from ``params``, leaving out the fit
    checks whose source is in ``held_out``. Common random numbers (the same cohorts every
    evaluation) make the objective a deterministic function of the parameters."""
    from scipy.optimize import least_squares

    coords = free_coordinates()
    low = np.array([c.low for c in coords])
    high = np.array([c.high for c in coords])
    x0 = np.clip(to_vector(params), low + 1e-9, high - 1e-9)
    history: list[float] = []
    cache: dict[bytes, np.ndarray] = {}

    def run(x: np.ndarray) -> np.ndarray:
        key = np.round(x, 12).tobytes()
        if key not in cache:
            cs = checks(simulate_and_measure(from_vector(params, x), infant=infant, long=long))
            kept = [c for c in cs if c.figure.source_key not in held_out]
            cache[key] = residuals(kept)
            history.append(float(cache[key] @ cache[key]))
            if on_evaluation is not None:
                on_evaluation(len(history), history[-1])
        return cache[key]

    start = run(x0)
    result = least_squares(
        run,
        x0,
        bounds=(low, high),
        diff_step=0.03,
        max_nfev=max(1, max_evaluations // (len(coords) + 1)),
        xtol=1e-3,
        ftol=1e-3,
    )
    best = from_vector(params, result.x)
    final = run(result.x)
    return FitResult(
        params=best,
        objective=float(final @ final),
        evaluations=len(history),
        start_objective=float(start @ start),
        held_out=held_out,
        history=history,
    )


Tagged = Callable[[str, int, float], None]


def _tagged(callback: Tagged | None, name: str) -> Callable[[int, float], None] | None:
    if callback is None:
        return None
    return lambda i, value: callback(name, i, value)


@dataclass(frozen=True)
class Fold:
    name: str
    held_out: frozenset[str]
    objective_in_sample: float
    held_out_checks: list[Check]


def cross_validate(
    start: ModelParams,
    *,
    max_evaluations: int = 150,
    on_evaluation: Tagged | None = None,
) -> list[Fold]:
    """k-fold over studies: fit without each group of ``FOLDS`` and check it on the report
    cohorts. ``start`` should not itself be fitted to the held-out figures (the CLI starts
    from the declared, unfitted defaults)."""
    out = []
    for name, group in FOLDS.items():
        result = fit(
            start,
            held_out=group,
            max_evaluations=max_evaluations,
            on_evaluation=_tagged(on_evaluation, name),
        )
        cs = checks(simulate_and_measure(result.params))
        held = [c for c in cs if c.figure.source_key in group and c.role == "fit"]
        out.append(Fold(name, group, result.objective, held))
    return out


# --- contrasts -------------------------------------------------------------------------------

#: Children in each arm of the model's version of a trial.
TRIAL_CHILDREN = 600


def _arms(
    params: ModelParams, *, months: float, switch_at_months: float, seed: int, children: int
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Usual (responsive) care, and the same children with graduated extinction from
    ``switch_at_months`` (common random numbers: the arms differ only by the method)."""
    base = StudyDesign(children=children, months=months, seed=seed, strategy=Strategy.RESPONSIVE)
    trained = replace(
        base, switch_to=Strategy.GRADUATED_EXTINCTION, switch_at_months=switch_at_months
    )
    return (
        simulate_chunk(params, base, first_id=0, size=children),
        simulate_chunk(params, trained, first_id=0, size=children),
    )


def contrast_checks(params: ModelParams, *, children: int = TRIAL_CHILDREN) -> list[Check]:
    """Two trials as the model runs them, each as two arms on the same children.

    Hall et al. 2015: a behavioural programme at 6-8 months left actigraphic wakings (silent
    ones count) unchanged 6 weeks later; checked with the seeds' mechanisms on (C10: the
    child stops signalling, not waking). Price et al. 2012: no difference at 6 years after
    a programme at 8-10 months; checked with the disputed mechanisms off (C3, C5, C6), which
    is the reading of the trials that found no harm.
    """
    out: list[Check] = []
    f = figure("hall_two_wakings_difference")
    shares = []
    for tables in _arms(
        params, months=10.0, switch_at_months=7.0, seed=20261203, children=children
    ):
        sleep = SleepNights.of(tables["nights"], tables["wakings"])
        shares.append(float(np.mean(sleep.child_means(sleep.wakings, f.age_days) >= 2.0)))
    check = _around_share(f, "2+ wakings a night: intervention - control", shares[1] - shares[0])
    out.append(replace(check, role="contrast"))
    f = figure("price_no_difference_6_years")
    off = params.with_switches(**dict.fromkeys(switch_names(), False))
    security = []
    price = _arms(off, months=72.0, switch_at_months=9.0, seed=20261204, children=children)
    for tables in price:
        nights = tables["nights"]
        age = nights["age_days"].to_numpy()
        within = (age >= f.age_days[0]) & (age < f.age_days[1])
        security.append(float(nights["security"].to_numpy()[within].mean()))
    label = "security at 6 years: intervention - control (disputed off)"
    check = _around_share(f, label, security[1] - security[0])
    out.append(replace(check, role="contrast"))
    return out


# --- refits with each switch off -------------------------------------------------------------


@dataclass(frozen=True)
class SwitchRefit:
    switch: str
    objective: float
    failed: list[str]
    params: ModelParams


def switch_refits(
    fitted: ModelParams,
    *,
    max_evaluations: int = 100,
    on_evaluation: Tagged | None = None,
) -> list[SwitchRefit]:
    """Refit with each disputed mechanism off, to publish what each one changes."""
    out = []
    for name in switch_names():
        start = fitted.with_switches(**{name: False})
        result = fit(
            start,
            max_evaluations=max_evaluations,
            on_evaluation=_tagged(on_evaluation, name),
        )
        cs = checks(simulate_and_measure(result.params))
        failed = [f"{c.figure.id}: {c.label}" for c in cs if not c.ok and c.role == "fit"]
        out.append(SwitchRefit(name, result.objective, failed, result.params))
    return out


# --- what ships ------------------------------------------------------------------------------

FITTED_FIELDS = ("episode_rate", "episode_rate_sd", "wake_prob", "wake_prob_sd", "waking_arousal")


def fitted_values_of(params: ModelParams) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in FITTED_FIELDS:
        value = getattr(params, name)
        if isinstance(value, AgeCurve):
            values[name] = [round(v, 5) for v in value.values]
        elif isinstance(value, tuple):
            values[name] = [round(float(v), 5) for v in value]
        else:
            values[name] = round(float(value), 5)
    return values


def fitted_json(params: ModelParams) -> str:
    return (
        json.dumps(
            {
                "note": "written by `beside calibrate --write`; see docs/calibration.md",
                "cohorts": {"infant": _design_note(MAIN_INFANT), "long": _design_note(MAIN_LONG)},
                "values": fitted_values_of(params),
            },
            indent=2,
        )
        + "\n"
    )


def _design_note(d: StudyDesign) -> str:
    return f"{d.children} children, {d.months:g} months from birth, seed {d.seed}"


def fitted_path() -> Path:
    return Path(str(resources.files("beside.model").joinpath("fitted.json")))


def fit_report_path() -> Path:
    return Path(str(resources.files("beside.model").joinpath("fit_report.json")))


def read_fit_report() -> dict[str, Any] | None:
    path = fit_report_path()
    if not path.exists():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


# --- the whole calibration, as `beside calibrate --write` runs it ---------------------------


def trial_outcomes(params: ModelParams, *, children: int = 400) -> dict[str, float]:
    """What the comparisons in the docs rest on: responsive care against graduated
    extinction from 8 months, at 12 months (security, signalled and all wakings, crying)."""
    out: dict[str, float] = {}
    arms = _arms(params, months=13.0, switch_at_months=8.0, seed=20261205, children=children)
    for label, tables in zip(("responsive", "graduated_extinction_8m"), arms, strict=True):
        nights = tables["nights"]
        age = nights["age_days"].to_numpy()
        within = (age >= 350) & (age < 380)
        sleep = SleepNights.of(nights, tables["wakings"])
        cry = CryDays.of(nights, tables["episodes"], tables["wakings"])
        out[f"{label}: security at 12 months"] = float(nights["security"].to_numpy()[within].mean())
        out[f"{label}: signalled wakings/night"] = float(
            sleep.child_means(sleep.signalled, (350, 380)).mean()
        )
        out[f"{label}: all wakings/night"] = float(
            sleep.child_means(sleep.wakings, (350, 380)).mean()
        )
        out[f"{label}: fuss+cry min/day"] = float(cry.child_means((350, 380)).mean())
    return {k: round(v, 3) for k, v in out.items()}


def _fit_job(
    start: ModelParams, held_out: frozenset[str], max_evaluations: int, main: bool = False
) -> tuple[FitResult, list[Check]]:
    result = fit(
        start,
        held_out=held_out,
        max_evaluations=max_evaluations,
        infant=MAIN_INFANT if main else FIT_INFANT,
        long=MAIN_LONG if main else FIT_LONG,
    )
    result.history.clear()  # not needed across the process boundary
    return result, checks(simulate_and_measure(result.params))


def _rows(cs: Sequence[Check]) -> list[dict[str, Any]]:
    return [c.as_row() for c in cs]


def full_calibration(
    start: ModelParams,
    *,
    main_start: ModelParams | None = None,
    workers: int = 2,
    max_evaluations: int = 150,
    on_done: Callable[[str], None] | None = None,
) -> tuple[ModelParams, dict[str, Any]]:
    """Fit on every target, fit each fold without its studies, refit with each switch off,
    and run the validation figures and the trial contrasts on the result.

    ``start`` is the declared, unfitted defaults (``ModelParams()``): every fold starts
    there, so no held-out figure reaches a fold through its starting point. The main fit
    continues from ``main_start`` (the CLI passes the shipped fit, itself fitted from the
    declared defaults) on the larger main cohorts.
    """
    from concurrent.futures import ProcessPoolExecutor

    def done(what: str) -> None:
        if on_done is not None:
            on_done(what)

    with ProcessPoolExecutor(max_workers=workers) as pool:
        main_job = pool.submit(_fit_job, main_start or start, frozenset(), max_evaluations, True)
        fold_jobs = {
            name: pool.submit(_fit_job, start, group, max_evaluations)
            for name, group in FOLDS.items()
        }
        main, main_checks = main_job.result()
        done("fit on every figure")
        switch_jobs = {
            name: pool.submit(
                _fit_job, main.params.with_switches(**{name: False}), frozenset(), max_evaluations
            )
            for name in switch_names()
        }
        folds = []
        for name, job in fold_jobs.items():
            result, cs = job.result()
            group = FOLDS[name]
            folds.append(
                {
                    "name": name,
                    "held_out": sorted(group),
                    "objective_on_the_rest": round(
                        objective([c for c in cs if c.figure.source_key not in group]), 3
                    ),
                    "held_out_objective": round(
                        objective([c for c in cs if c.figure.source_key in group]), 3
                    ),
                    "held_out_checks": _rows(
                        [c for c in cs if c.figure.source_key in group and c.role == "fit"]
                    ),
                }
            )
            done(f"fold without {name}")
        base_outcomes = trial_outcomes(main.params)
        refits = []
        for name, job in switch_jobs.items():
            result, cs = job.result()
            refits.append(
                {
                    "switch": name,
                    "objective": round(objective(cs), 3),
                    "failed": [
                        f"{c.figure.id}: {c.label}"
                        for c in cs
                        if not c.ok and c.role == "fit" and c.figure.id not in KNOWN_MISSES
                    ],
                    "values": fitted_values_of(result.params),
                    "outcomes": trial_outcomes(result.params),
                }
            )
            done(f"refit with {name} off")
    m = simulate_and_measure(main.params)
    report = {
        "objective": {
            "definition": (
                "sum over fit checks (but the known misses) of "
                "w * ((distance outside the band) / half-width)^2 + "
                f"w * ({CENTRE_PULL} * (value - band centre) / half-width)^2; "
                f"w = 1, or {SECONDARY_WEIGHT} for a secondary figure"
            ),
            "started_from": "the declared defaults" if main_start is None else "the shipped fit",
            "start_on_fit_cohorts": round(main.start_objective, 3),
            "end_on_fit_cohorts": round(main.objective, 3),
            "in_sample_on_report_cohorts": round(objective(main_checks), 3),
            "evaluations": main.evaluations,
            "fit_cohorts": [_design_note(MAIN_INFANT), _design_note(MAIN_LONG)],
            "fold_cohorts": [_design_note(FIT_INFANT), _design_note(FIT_LONG)],
            "report_cohorts": [_design_note(INFANT_COHORT), _design_note(LONG_COHORT)],
        },
        "free": [
            {"name": c.name, "low": round(c.low, 4), "high": round(c.high, 4), "value": round(x, 4)}
            for c, x in zip(free_coordinates(), to_vector(main.params), strict=True)
        ],
        "values": fitted_values_of(main.params),
        "checks": _rows(main_checks),
        "validation": _rows(validation_checks(m)),
        "contrasts": _rows(contrast_checks(main.params)),
        "folds": folds,
        "switch_refits": refits,
        "outcomes": base_outcomes,
    }
    return main.params, report


def fit_report_json(report: dict[str, Any]) -> str:
    return json.dumps(report, indent=1) + "\n"
