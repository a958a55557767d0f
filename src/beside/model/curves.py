"""Quantities that change with age, given at knots and interpolated between them."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: DESIGN.md and the CLI contract: a month is 30.44 days.
DAYS_PER_MONTH = 30.44


@dataclass(frozen=True)
class AgeCurve:
    """Piecewise-linear in age; flat beyond the first and last knot."""

    knots_days: tuple[float, ...]
    values: tuple[float, ...]

    def __post_init__(self) -> None:
        if len(self.knots_days) != len(self.values) or len(self.values) < 1:
            raise ValueError("an AgeCurve needs as many values as knots, and at least one")
        if any(b <= a for a, b in zip(self.knots_days, self.knots_days[1:], strict=False)):
            raise ValueError("AgeCurve knots must increase")

    def at(self, age_days: float) -> float:
        return float(np.interp(age_days, self.knots_days, self.values))

    def with_values(self, values: tuple[float, ...]) -> AgeCurve:
        return AgeCurve(self.knots_days, tuple(float(v) for v in values))
