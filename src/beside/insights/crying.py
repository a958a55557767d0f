"""Fuss and cry minutes per day, and colic by the modified Wessel rule.

Crying by day (episodes), at bedtime (before sleep onset) and by night (wakings) all count,
as in the 24-hour diaries pooled by Wolke, Bilgin & Samara 2017. Everything here is what a
journal can hold: an episode's fuss/cry minutes where someone noted them, else its length
from start to end (calm, or the end of crying); bedtime and waking crying where noted. What
nobody noted counts as nothing, so a journal's totals are a floor, never a guess.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from beside.insights.child_days import F64, ChildDays, floats, seconds, seconds_where_known

#: Modified Wessel: three hours or more a day, on three or more days of one week.
COLIC_MIN_PER_DAY = 180.0
COLIC_DAYS_PER_WEEK = 3


def episode_cry_min(episodes: pa.Table) -> F64:
    """Each episode's fuss/cry minutes: as noted, else start to end, else nothing."""
    noted = floats(episodes, "fuss_cry_min")
    end, known = seconds_where_known(episodes, "end")
    span = np.where(known, end - seconds(episodes, "start"), 0) / 60.0
    out: F64 = np.where(np.isnan(noted), span, noted)
    return out


@dataclass(frozen=True)
class CryDays:
    days: ChildDays
    fuss_cry_min: F64

    @classmethod
    def of(
        cls,
        nights: pa.Table,
        episodes: pa.Table,
        wakings: pa.Table,
        *,
        days: ChildDays | None = None,
    ) -> CryDays:
        """Per day of ``days`` (by default, the days with a night)."""
        days = days or ChildDays.of_nights(nights)
        return cls(
            days,
            days.total(episodes, episode_cry_min(episodes))
            + days.total(wakings, floats(wakings, "fuss_cry_min"))
            + days.total(nights, floats(nights, "settle_fuss_cry_min")),
        )

    def child_means(self, age_days: tuple[float, float]) -> F64:
        return self.days.per_child_mean(self.fuss_cry_min, self.days.in_ages(age_days))

    def colic_share(self, age_days: tuple[float, float]) -> float:
        """Share of children meeting the rule, averaged over the whole weeks in the range."""
        lo, hi = age_days
        week = self.days.age_days // 7
        shares = []
        for w in range(int(np.ceil(lo / 7)), int(hi // 7)):
            mask = week == w
            if not mask.any():
                continue
            heavy = (self.fuss_cry_min[mask] >= COLIC_MIN_PER_DAY).astype(np.int64)
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
