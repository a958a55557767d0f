"""An ensemble of parameter sets consistent with the published bands.

One fitted parameter set hides how much the model's answers rest on its assumptions. Here
the assumptions that the sensitivity screening found to matter most (``leading``, from
``beside sensitivity``'s result) are drawn across their declared ranges by a Latin
hypercube, the others kept; for each draw the fitted parameters are refitted from the
shipped fit (the published figures, not the first guess, decide them), and the set is
accepted when it meets the bands as well as the shipped fit is held to: no fit check, known
misses aside, more than half a band-width outside its band on the fit cohorts. ``compare
--ensemble N`` runs each arm under N accepted sets, so its bands carry parameter
uncertainty as well as Monte-Carlo noise.

Two designs were measured and dropped: drawing all 117 assumptions at random and keeping
the fitted ones accepted none of 24 candidates, and refitting after such a draw accepted
none of 24 either (objectives after the refit 16 to 3,300, against 0.06 for the shipped
fit): moved together across their full ranges, some band breaks every time. Screening
first and propagating what matters is the usual order (Saltelli et al. 2008, Global
Sensitivity Analysis: The Primer, ch. 3).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from beside.errors import ConfigError
from beside.model.params import ModelParams, default_params
from beside.study import calibration as cal
from beside.study.sensitivity import Factor, apply, factors

RULE = (
    "the leading assumptions drawn across their ranges, the fitted parameters refitted; "
    "accepted when no fit check (known misses aside) lies more than half a band-width "
    "outside its band"
)


def _chosen(names: list[str]) -> list[Factor]:
    by_name = {f.name: f for f in factors()}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        raise ConfigError(f"not an assumption the ensemble can draw: {unknown[0]}", field="factors")
    return [by_name[n] for n in names]


def _candidate(
    names: list[str], values: list[float], refit_evaluations: int
) -> tuple[bool, list[float], float]:
    base = default_params()
    drawn = apply(base, _chosen(names), np.asarray(values))
    result = cal.fit(drawn, max_evaluations=refit_evaluations)
    m = cal.simulate_and_measure(result.params, infant=cal.FIT_INFANT, long=cal.FIT_LONG)
    cs = cal.checks(m)
    free = [round(float(v), 6) for v in cal.to_vector(result.params)]
    return not cal.far_outside(cs), free, round(cal.objective(cs), 4)


def leading_factors(screening: Path, count: int) -> list[str]:
    """The ``count`` assumptions a sensitivity run ranked first (its ``leading`` list)."""
    data = json.loads(screening.read_text(encoding="utf-8"))
    return [str(n) for n in data["leading"][:count]]


def draw(
    sets: int,
    names: list[str],
    *,
    candidates: int | None = None,
    refit_evaluations: int = 26,
    workers: int = 2,
    seed: int = 20261207,
    on_candidate: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Try ``candidates`` draws (3x ``sets`` by default) and keep the first ``sets``
    accepted, in draw order (so the result does not depend on ``workers``)."""
    from scipy.stats import qmc

    chosen = _chosen(names)
    lows = np.array([f.low for f in chosen])
    highs = np.array([f.high for f in chosen])
    limit = candidates if candidates is not None else 3 * sets
    unit = qmc.LatinHypercube(d=len(chosen), seed=seed).random(limit)
    rows = [[round(float(v), 6) for v in lows + row * (highs - lows)] for row in unit]
    outcomes: list[tuple[bool, list[float], float]] = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        jobs = [pool.submit(_candidate, names, row, refit_evaluations) for row in rows]
        for job in jobs:
            outcomes.append(job.result())
            if on_candidate is not None:
                on_candidate(len(outcomes), sum(ok for ok, _, _ in outcomes))
    accepted = [
        {"assumptions": row, "fitted": free, "objective": obj}
        for row, (ok, free, obj) in zip(rows, outcomes, strict=True)
        if ok
    ][:sets]
    return {
        "note": "written by `beside ensemble --write`; see docs/model.md",
        "rule": RULE,
        "factors": [f.name for f in chosen],
        "free": [c.name for c in cal.free_coordinates()],
        "refit_evaluations": refit_evaluations,
        "tried": len(rows),
        "accepted": len(accepted),
        "rejected_objectives": sorted(obj for ok, _, obj in outcomes if not ok),
        "sets": accepted,
    }


def ensemble_path() -> Path:
    return Path(str(resources.files("beside.model").joinpath("ensemble.json")))


def load(
    count: int, base: ModelParams | None = None, path: Path | None = None
) -> list[ModelParams]:
    """The first ``count`` accepted sets (from ``path``, default the shipped file), applied
    to ``base`` (default: the shipped fit): the drawn assumptions, then the refitted
    coordinates."""
    path = path if path is not None else ensemble_path()
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    sets = data.get("sets", [])
    if not 1 <= count <= len(sets):
        raise ConfigError(
            f"ensemble must be between 1 and {len(sets)} (the accepted parameter sets)",
            field="ensemble",
        )
    chosen = _chosen(list(data["factors"]))
    start = base if base is not None else default_params()
    return [
        cal.from_vector(apply(start, chosen, np.asarray(s["assumptions"])), np.asarray(s["fitted"]))
        for s in sets[:count]
    ]
