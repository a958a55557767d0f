"""Estimates with their uncertainty and the number of records behind them.

Two methods, chosen by what the records are:

- a **cohort** (several children): a cluster bootstrap over children (Davison & Hinkley
  1997, sec. 3.8), since one child's days are not independent of each other;
- **one child**: a bootstrap over its days for means per day or per night, and the Wilson
  score interval (Wilson 1927) for a share of episodes, treating its episodes as
  independent (a week of one child's records rarely holds more than a few dozen).

Every estimate is a ratio of sums (minutes per day, wakings per night, calmed alone per
try), so all of them come from per-unit sums and one matrix of resampling weights, drawn
once: a cohort of 100,000 children costs one matrix product for every measure at once. The
seed is fixed: the same records give the same interval every time.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

F64 = npt.NDArray[np.float64]
F32 = npt.NDArray[np.float32]
RESAMPLES = 400
#: Above this many units the bootstrap draws Poisson(1) weights instead of multinomial
#: counts (Hanley & MacGibbon 2006): the same interval for large samples, far less memory.
POISSON_FROM_UNITS = 2_000
Z95 = 1.959964
PLURAL = {"child": "children", "day": "days", "month": "months"}


@dataclass(frozen=True)
class Estimate:
    """A value, its 95 % interval, and how many records (``n``) and units it rests on."""

    value: float
    low: float
    high: float
    n: int
    units: int
    method: str

    def as_dict(self) -> dict[str, float | int | str | None]:
        return {
            "value": _round(self.value),
            "low": _round(self.low),
            "high": _round(self.high),
            "n": self.n,
            "units": self.units,
            "method": self.method,
        }


def _round(x: float) -> float | None:
    return round(x, 4) if math.isfinite(x) else None


def wilson(events: float, n: float, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for ``events`` of ``n``."""
    if n <= 0:
        return math.nan, math.nan
    p = events / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(centre - half, 0.0), min(centre + half, 1.0)


@lru_cache(maxsize=64)
def resampling_weights(units: int, seed: int) -> F32:
    """Bootstrap weights, ``(RESAMPLES, units)``: how often each unit is drawn in each
    resample. The same for every sample of as many units (drawn once, kept read-only)."""
    rng = np.random.default_rng(seed)
    if units >= POISSON_FROM_UNITS:
        out = rng.poisson(1.0, size=(RESAMPLES, units)).astype(np.float32)
    else:
        picks = rng.integers(0, units, size=(RESAMPLES, units))
        picks += units * np.arange(RESAMPLES)[:, None]
        counts = np.bincount(picks.ravel(), minlength=RESAMPLES * units)
        out = counts.reshape(RESAMPLES, units).astype(np.float32)
    out.flags.writeable = False
    return out


def interval(draws: npt.NDArray[np.floating]) -> tuple[F64, F64]:
    """2.5th and 97.5th percentiles of each column, leaving out NaN (a resample with
    nothing to divide by), linear between order statistics as ``np.percentile``."""
    ordered = np.sort(draws, axis=0)  # NaN sorts last
    finite = np.isfinite(ordered).sum(axis=0)
    out = []
    for q in (0.025, 0.975):
        pos = q * np.maximum(finite - 1, 0)
        lo = np.floor(pos).astype(np.int64)
        hi = np.minimum(lo + 1, np.maximum(finite - 1, 0))
        cols = np.arange(ordered.shape[1])
        a, b = ordered[lo, cols], ordered[hi, cols]
        value = a + (b - a) * (pos - lo)
        out.append(np.where(finite > 0, value, np.nan).astype(np.float64))
    return out[0], out[1]


@dataclass(frozen=True)
class Ratio:
    """What to estimate: ``scale * sum(numerator) / sum(denominator)``; a share if ``share``.
    ``n`` names the sum that counts the records behind it (episodes, nights)."""

    numerator: str
    denominator: str
    n: str
    scale: float = 1.0
    share: bool = False


@dataclass(frozen=True)
class Sample:
    """Per-unit sums (rows: units; one column per named sum) and their resampling weights."""

    sums: dict[str, npt.NDArray[np.floating[Any]]]
    unit: str
    seed: int = 0

    @property
    def units(self) -> int:
        return int(next(iter(self.sums.values())).size) if self.sums else 0

    @property
    def weights(self) -> F32:
        return resampling_weights(self.units, self.seed)

    def estimate(self, ratios: Sequence[Ratio]) -> list[Estimate | None]:
        """Every ratio at once; None where there is nothing to divide by (no night, no
        episode): a measure with no records behind it is not a zero."""
        if not ratios or self.units == 0:
            return [None] * len(ratios)
        num = np.stack([self.sums[r.numerator] for r in ratios], axis=1).astype(np.float32)
        den = np.stack([self.sums[r.denominator] for r in ratios], axis=1).astype(np.float32)
        resampled = self.units >= 2
        if resampled:
            w = self.weights
            with np.errstate(invalid="ignore", divide="ignore"):
                draws = (w @ num) / (w @ den)
            lows, highs = interval(draws)
        out: list[Estimate | None] = []
        for j, r in enumerate(ratios):
            total = float(den[:, j].sum(dtype=np.float64))
            if total <= 0:
                out.append(None)
                continue
            value = r.scale * float(num[:, j].sum(dtype=np.float64)) / total
            n = round(float(self.sums[r.n].sum()))
            units = int(np.count_nonzero(den[:, j]))
            if r.share and self.unit == "day":
                low, high = wilson(value * total, total)
                out.append(Estimate(value, low, high, n, units, "Wilson score interval"))
            elif not resampled or units < 2:
                out.append(Estimate(value, math.nan, math.nan, n, units, "too few to resample"))
            else:
                low, high = r.scale * float(lows[j]), r.scale * float(highs[j])
                method = f"bootstrap over {PLURAL.get(self.unit, self.unit)}"
                out.append(Estimate(value, min(low, high), max(low, high), n, units, method))
        return out
