"""An ensemble of parameter sets consistent with the published bands.

One fitted parameter set hides how much the model's answers rest on its assumptions. Here
the assumptions (every parameter the fit does not set, ``sensitivity.factors``) are drawn
across their declared ranges by a Latin hypercube, the fitted parameters kept, and a set is
accepted when every fit check the shipped parameters meet is still met on the fit cohorts
(rejection sampling: the published figures decide which assumptions stay). ``compare
--ensemble N`` runs each arm under N accepted sets, so its bands carry parameter
uncertainty as well as Monte-Carlo noise.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from beside.errors import ConfigError
from beside.model.params import ModelParams, default_params
from beside.study import calibration as cal
from beside.study.sensitivity import apply, factors


def _met(params: ModelParams) -> set[tuple[str, str]]:
    m = cal.simulate_and_measure(params, infant=cal.FIT_INFANT, long=cal.FIT_LONG)
    return {(c.figure.id, c.label) for c in cal.checks(m) if c.ok}


def draw(
    sets: int,
    *,
    max_candidates: int | None = None,
    seed: int = 20261207,
    on_candidate: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Draw candidates until ``sets`` are accepted (or ``max_candidates``, 4x by default)."""
    from scipy.stats import qmc

    base = default_params()
    required = _met(base)
    chosen = factors()
    lows = np.array([f.low for f in chosen])
    highs = np.array([f.high for f in chosen])
    limit = max_candidates if max_candidates is not None else 4 * sets
    unit = qmc.LatinHypercube(d=len(chosen), seed=seed).random(limit)
    accepted: list[list[float]] = []
    tried = 0
    for row in unit:
        if len(accepted) == sets:
            break
        values = lows + row * (highs - lows)
        tried += 1
        if required <= _met(apply(base, chosen, values)):
            accepted.append([round(float(v), 6) for v in values])
        if on_candidate is not None:
            on_candidate(tried, len(accepted))
    return {
        "note": "written by `beside ensemble --write`; see docs/model.md",
        "rule": "every fit check the shipped parameters meet is still met on the fit cohorts",
        "factors": [f.name for f in chosen],
        "tried": tried,
        "accepted": len(accepted),
        "sets": accepted,
    }


def ensemble_path() -> Path:
    return Path(str(resources.files("beside.model").joinpath("ensemble.json")))


def load(count: int, base: ModelParams | None = None) -> list[ModelParams]:
    """The first ``count`` accepted sets, applied to ``base`` (default: the shipped fit)."""
    path = ensemble_path()
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    sets = data.get("sets", [])
    if not 1 <= count <= len(sets):
        raise ConfigError(
            f"ensemble must be between 1 and {len(sets)} (the accepted parameter sets)",
            field="ensemble",
        )
    by_name = {f.name: f for f in factors()}
    chosen = [by_name[name] for name in data["factors"]]
    start = base if base is not None else default_params()
    return [apply(start, chosen, np.asarray(values)) for values in sets[:count]]
