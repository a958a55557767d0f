"""Fuss and cry minutes per day, and colic by the modified Wessel rule.

Crying by day (episodes), at bedtime (before sleep onset) and by night (signalled wakings)
all count, as in the 24-hour diaries pooled by Wolke, Bilgin & Samara 2017.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from beside.insights.child_days import F64, ChildDays

#: Modified Wessel: three hours or more a day, on three or more days of one week.
COLIC_MIN_PER_DAY = 180.0
COLIC_DAYS_PER_WEEK = 3


@dataclass(frozen=True)
class CryDays:
    days: ChildDays
    cry_min: F64

    @classmethod
    def of(cls, nights: pa.Table, episodes: pa.Table, wakings: pa.Table) -> CryDays:
        days = ChildDays.of_nights(nights)
        bedtime = (
            days.total(nights, "settle_cry_min") if "settle_cry_min" in nights.column_names else 0.0
        )
        return cls(days, days.total(episodes, "cry_min") + days.total(wakings, "cry_min") + bedtime)

    def child_means(self, age_days: tuple[float, float]) -> F64:
        return self.days.per_child_mean(self.cry_min, self.days.in_ages(age_days))

    def colic_share(self, age_days: tuple[float, float]) -> float:
        """Share of children meeting the rule, averaged over the whole weeks in the range."""
        lo, hi = age_days
        week = self.days.age_days // 7
        shares = []
        for w in range(int(np.ceil(lo / 7)), int(hi // 7)):
            mask = week == w
            if not mask.any():
                continue
            heavy = (self.cry_min[mask] >= COLIC_MIN_PER_DAY).astype(np.int64)
            ids, inverse = np.unique(self.days.child_id[mask], return_inverse=True)
            per_child = np.bincount(inverse, weights=heavy, minlength=ids.size)
            shares.append(float(np.mean(per_child >= COLIC_DAYS_PER_WEEK)))
        return float(np.mean(shares)) if shares else float("nan")


def weekly_profile(cry: CryDays, *, weeks: int) -> list[dict[str, float]]:
    """Mean and spread of daily fuss + cry minutes, week by week of age."""
    rows = []
    for w in range(weeks):
        means = cry.child_means((7 * w, 7 * w + 7))
        if means.size:
            rows.append(_summary(means, week=w + 1))
    return rows


def _summary(values: npt.NDArray[np.float64], **extra: float) -> dict[str, float]:
    return {
        **extra,
        "mean": float(values.mean()),
        "sd": float(values.std(ddof=1)) if values.size > 1 else 0.0,
        "p10": float(np.percentile(values, 10)),
        "p90": float(np.percentile(values, 90)),
        "n": float(values.size),
    }
