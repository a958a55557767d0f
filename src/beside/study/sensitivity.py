"""Global sensitivity of the model's key outcomes to its assumptions (Morris screening).

Which of the model's numbers decide what it concludes? Elementary effects (Morris 1991;
Campolongo, Cariboni & Saltelli 2007's mu*) over every parameter's declared range answer it
without assuming the outcomes are linear. Fitted parameters are held at their fitted values:
the published figures pin them (their uncertainty is the fit's, in docs/calibration.md);
the screening is over the *assumptions*. Every run uses the same children (common random
numbers), so an effect is the parameter's, not the draw's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np

from beside.insights.crying import CryDays
from beside.insights.sleep_patterns import SleepNights
from beside.model.cohort import StudyDesign
from beside.model.curves import AgeCurve
from beside.model.engine import simulate_chunk
from beside.model.params import ModelParams, default_params
from beside.study.calibration import FITTED_FIELDS

#: The cohort each run simulates: the typical mix from birth to two years.
SCREENING_COHORT = StudyDesign(children=200, months=24.0, seed=20261206)
#: Outcomes screened, each measured on the screening cohort.
OUTCOMES = (
    "fuss+cry min/day, weeks 1-12",
    "fuss+cry min/day, 12-24 months",
    "signalled wakings/night, 12-24 months",
    "all wakings/night, 12-24 months",
    "security at 2 years",
    "self-soothing skill at 2 years",
    "minutes to calm, 12-24 months",
)


@dataclass(frozen=True)
class Factor:
    """One screened parameter: a number moved across its range, or a curve or tuple whose
    values are all scaled by a multiplier within its range."""

    name: str
    low: float
    high: float
    scaled: bool
    claim: str


def factors(exclude: tuple[str, ...] = FITTED_FIELDS) -> list[Factor]:
    base = ModelParams()
    out = []
    for f in fields(ModelParams):
        if f.name == "switches" or f.name in exclude:
            continue
        low, high = (float(v) for v in f.metadata["range"])
        value = getattr(base, f.name)
        if low == high or isinstance(value, bool | int):
            continue  # fixed by definition, or a count (early_night_cycles)
        out.append(Factor(f.name, low, high, not isinstance(value, float), f.metadata["claim"]))
    return out


def apply(params: ModelParams, chosen: list[Factor], values: np.ndarray) -> ModelParams:
    changes: dict[str, Any] = {}
    for factor, v in zip(chosen, values, strict=True):
        current = getattr(params, factor.name)
        if isinstance(current, AgeCurve):
            changes[factor.name] = current.with_values(tuple(x * v for x in current.values))
        elif isinstance(current, tuple):
            changes[factor.name] = tuple(x * v for x in current)
        else:
            changes[factor.name] = float(v)
    return replace(params, **changes)


def outcomes(params: ModelParams, design: StudyDesign = SCREENING_COHORT) -> np.ndarray:
    t = simulate_chunk(params, design, first_id=0, size=design.children)
    nights, wakings, episodes = t["nights"], t["wakings"], t["episodes"]
    cry = CryDays.of(nights, episodes, wakings)
    sleep = SleepNights.of(nights, wakings)
    age = nights["age_days"].to_numpy()
    last = (age >= 700) & (age < 730)
    ep_age = episodes["age_days"].to_numpy()
    calm = episodes["minutes_to_calm"].to_numpy(zero_copy_only=False)
    later = (ep_age >= 365) & (ep_age < 730)
    return np.array(
        [
            cry.child_means((0, 84)).mean(),
            cry.child_means((365, 730)).mean(),
            sleep.child_means(sleep.signalled, (365, 730)).mean(),
            sleep.child_means(sleep.wakings, (365, 730)).mean(),
            nights["security"].to_numpy()[last].mean(),
            nights["skill"].to_numpy()[last].mean(),
            float(np.nanmean(calm[later])),
        ]
    )


@dataclass(frozen=True)
class Screening:
    factors: list[Factor]
    mu_star: np.ndarray  # factors x outcomes
    sigma: np.ndarray
    baseline: np.ndarray
    runs: int
    trajectories: int

    def rows(self) -> list[dict[str, Any]]:
        """mu* per factor and outcome, also as a share of the largest mu* for that outcome."""
        top = np.maximum(self.mu_star.max(axis=0), 1e-12)
        out = []
        for i, f in enumerate(self.factors):
            for j, name in enumerate(OUTCOMES):
                out.append(
                    {
                        "parameter": f.name,
                        "claim": f.claim,
                        "outcome": name,
                        "mu_star": float(self.mu_star[i, j]),
                        "sigma": float(self.sigma[i, j]),
                        "relative": float(self.mu_star[i, j] / top[j]),
                    }
                )
        return out

    def leading(self, count: int = 15) -> list[str]:
        """The factors with the largest relative mu* on any outcome, largest first."""
        top = np.maximum(self.mu_star.max(axis=0), 1e-12)
        score = (self.mu_star / top).max(axis=1)
        return [self.factors[i].name for i in np.argsort(-score)[:count]]


def _run(
    base: ModelParams, chosen: list[Factor], row: np.ndarray, design: StudyDesign
) -> np.ndarray:
    return outcomes(apply(base, chosen, row), design)


def screen(
    params: ModelParams | None = None,
    *,
    trajectories: int = 6,
    levels: int = 4,
    seed: int = 1,
    design: StudyDesign = SCREENING_COHORT,
    chosen: list[Factor] | None = None,
    workers: int = 1,
    on_run: Callable[[int, int], None] | None = None,
) -> Screening:
    """Morris screening (SALib) of ``OUTCOMES`` over ``chosen`` (default: ``factors()``)."""
    from concurrent.futures import ProcessPoolExecutor

    from SALib.analyze import morris as analyze
    from SALib.sample import morris as sample

    base = params if params is not None else default_params()
    chosen = chosen if chosen is not None else factors()
    problem = {
        "num_vars": len(chosen),
        "names": [f.name for f in chosen],
        "bounds": [[f.low, f.high] for f in chosen],
    }
    x = sample.sample(problem, trajectories, num_levels=levels, seed=seed)
    y = np.empty((x.shape[0], len(OUTCOMES)))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        jobs = [pool.submit(_run, base, chosen, row, design) for row in x]
        for i, job in enumerate(jobs):
            y[i] = job.result()
            if on_run is not None:
                on_run(i + 1, x.shape[0])
    mu_star = np.empty((len(chosen), len(OUTCOMES)))
    sigma = np.empty_like(mu_star)
    for j in range(len(OUTCOMES)):
        result = analyze.analyze(problem, x, y[:, j], num_levels=levels, seed=seed)
        mu_star[:, j] = result["mu_star"]
        sigma[:, j] = result["sigma"]
    return Screening(chosen, mu_star, sigma, outcomes(base, design), x.shape[0], trajectories)
