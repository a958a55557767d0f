"""The self-soothing threshold: the peak distress above which a try to calm alone mostly
fails (C13), estimated from the tries a journal records.

Among the episodes where the child tried on its own (turned away or used a comfort
strategy, C11, C12), the chance of calming alone is fitted as a logistic curve of peak
distress, grouped in half-point bins; the threshold is where the curve crosses one half.
A curve that does not fall with distress, or crosses outside 0-10, gives no threshold: the
records say the child calms alone at every level seen, or at none. A caregiver staying
near raises the chance (the safe base, C15), so the estimate is the threshold *as the child
was met*, not a trait of the child alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from beside.insights.estimates import Sample

F64 = npt.NDArray[np.float64]
#: Fewest tries, successes and failures from which a curve is fitted (assumed: below these
#: a logistic fit is mostly its starting point).
MIN_TRIES, MIN_EACH = 20, 3
#: A small ridge on both coefficients keeps the fit finite when every try at low distress
#: worked and every try at high distress failed (complete separation); assumed, 1e-3.
RIDGE = 1e-3
ITERATIONS = 50
TOLERANCE = 1e-7


@dataclass(frozen=True)
class Threshold:
    value: float | None
    low: float | None
    high: float | None
    tries: int
    successes: int
    note: str

    def as_dict(self) -> dict[str, float | int | str | None]:
        def r(x: float | None) -> float | None:
            return None if x is None else round(x, 2)

        return {
            "value": r(self.value),
            "low": r(self.low),
            "high": r(self.high),
            "tries": self.tries,
            "successes": self.successes,
            "note": self.note,
        }


def fit_logistic(x: F64, tries: F64, successes: F64) -> tuple[F64, F64]:
    """Intercepts and slopes of logit(p) = a + b x, one fit per row of ``tries`` (shape
    ``(fits, bins)``), by Newton's method on the binomial likelihood, all rows at once."""
    a = np.zeros(tries.shape[0])
    b = np.zeros(tries.shape[0])
    for _ in range(ITERATIONS):
        eta = a[:, None] + b[:, None] * x[None, :]
        p = 1.0 / (1.0 + np.exp(-eta))
        w = tries * p * (1 - p)
        r = successes - tries * p
        g_a = r.sum(1) - RIDGE * a
        g_b = (r * x).sum(1) - RIDGE * b
        h_aa = w.sum(1) + RIDGE
        h_ab = (w * x).sum(1)
        h_bb = (w * x * x).sum(1) + RIDGE
        det = h_aa * h_bb - h_ab * h_ab
        step_a = (h_bb * g_a - h_ab * g_b) / det
        step_b = (h_aa * g_b - h_ab * g_a) / det
        a, b = a + step_a, b + step_b
        if max(np.abs(step_a).max(), np.abs(step_b).max()) < TOLERANCE:
            break
    return a, b


def _crossing(a: F64, b: F64) -> F64:
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(b < 0, -a / b, np.nan)
    out: F64 = np.where((t >= 0) & (t <= 10), t, np.nan)
    return out


def estimate(sample: Sample, centres: F64) -> Threshold:
    """The threshold and its bootstrap interval from the sample's ``fit{k}_*`` sums."""
    k = centres.size
    tries = np.stack([sample.sums[f"fit{i}_tries"] for i in range(k)], axis=1)
    alone = np.stack([sample.sums[f"fit{i}_alone"] for i in range(k)], axis=1)
    n, s = float(tries.sum()), float(alone.sum())
    if n < MIN_TRIES or min(s, n - s) < MIN_EACH:
        return Threshold(None, None, None, int(n), int(s), "too few tries to tell yet")
    a, b = fit_logistic(centres, tries.sum(0, keepdims=True), alone.sum(0, keepdims=True))
    value = float(_crossing(a, b)[0])
    if np.isnan(value):
        side = "at every level recorded" if s / n > 0.5 else "at hardly any level yet"
        return Threshold(None, None, None, int(n), int(s), f"calms alone {side}")
    low = high = None
    if sample.units >= 2:
        w = sample.weights.astype(np.float64)
        a_b, b_b = fit_logistic(centres, w @ tries, w @ alone)
        draws = _crossing(a_b, b_b)
        draws = draws[np.isfinite(draws)]
        if draws.size >= 0.9 * w.shape[0]:
            low, high = (float(v) for v in np.percentile(draws, [2.5, 97.5]))
    note = "" if low is not None else "interval not estimable from these records"
    return Threshold(value, low, high, int(n), int(s), note)
