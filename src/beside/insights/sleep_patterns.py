"""Sleep from nights and wakings: totals, wakings (signalled or not) and the longest stretch.

Parents report the wakings they hear, so norms of night wakings and of "sleeping six hours
in a row" (Galland et al. 2012; Pennestri et al. 2018) are compared with *signalled*
wakings; total wakings are what C10 speaks of.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from beside.insights.child_days import F64, ChildDays, bools, floats, ints, seconds


@dataclass(frozen=True)
class SleepNights:
    days: ChildDays
    total_sleep_h: F64
    night_sleep_h: F64
    onset_latency_min: F64
    wakings: F64
    signalled: F64
    longest_stretch_min: F64

    @classmethod
    def of(cls, nights: pa.Table, wakings: pa.Table) -> SleepNights:
        nights = nights.sort_by([("child_id", "ascending"), ("age_days", "ascending")])
        days = ChildDays.of_nights(nights)
        onset = seconds(nights, "sleep_onset")
        wake = seconds(nights, "wake_time")
        awake_s = days.total(
            wakings.append_column(
                "dur_s", pa.array(seconds(wakings, "end") - seconds(wakings, "start"))
            ),
            "dur_s",
        )
        nap = np.nan_to_num(floats(nights, "nap_min")) if "nap_min" in nights.column_names else 0
        night_h = (wake - onset - awake_s) / 3600.0
        signalled_mask = bools(wakings, "signalled")
        return cls(
            days=days,
            total_sleep_h=night_h + nap / 60.0,
            night_sleep_h=night_h,
            onset_latency_min=(onset - seconds(nights, "bedtime")) / 60.0,
            wakings=days.count(wakings),
            signalled=days.count(wakings, signalled_mask),
            longest_stretch_min=_longest_stretch(
                days, onset, wake, wakings.filter(pa.array(signalled_mask))
            ),
        )

    def child_means(self, values: F64, age_days: tuple[float, float]) -> F64:
        return self.days.per_child_mean(values, self.days.in_ages(age_days))

    def share_without_stretch(self, hours: float, age_days: tuple[float, float]) -> float:
        """Share of nights in the age range with no stretch of ``hours`` free of signals."""
        mask = self.days.in_ages(age_days)
        return float(np.mean(self.longest_stretch_min[mask] < hours * 60.0))


def _longest_stretch(
    days: ChildDays, onset: np.ndarray, wake: np.ndarray, signalled: pa.Table
) -> F64:
    """Longest time asleep between onset, signalled wakings and the final wake, per night."""
    idx = days.index(ints(signalled, "child_id"), ints(signalled, "age_days"))
    start = seconds(signalled, "start")
    end = seconds(signalled, "end")
    order = np.lexsort((start, idx))
    idx, start, end = idx[order], start[order], end[order]
    keep = idx >= 0
    idx, start, end = idx[keep], start[keep], end[keep]
    # Gap before each waking: from onset (first in its night) or from the previous waking's end.
    first = np.ones(idx.size, dtype=bool)
    first[1:] = idx[1:] != idx[:-1]
    previous_end = np.where(first, onset[idx], np.concatenate(([0], end[:-1])))
    gaps = (start - previous_end) / 60.0
    longest = np.zeros(days.size)
    np.maximum.at(longest, idx, gaps)
    # After the last waking (or the whole night, if none): until the final wake.
    last_end = onset.astype(np.float64).copy()
    if idx.size:
        last = np.ones(idx.size, dtype=bool)
        last[:-1] = idx[1:] != idx[:-1]
        last_end[idx[last]] = end[last]
    out: F64 = np.maximum(longest, (wake - last_end) / 60.0)
    return out
