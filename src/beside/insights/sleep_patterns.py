"""Sleep from nights and wakings: totals, wakings (signalled or not) and the longest stretch.

Parents report the wakings they hear, so norms of night wakings and of "sleeping six hours
in a row" (Galland et al. 2012; Pennestri et al. 2018) are compared with *signalled*
wakings; total wakings are what C10 speaks of.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from beside.insights import tally_kernel as kernel
from beside.insights.child_days import F64, ChildDays, floats, ints, said, seconds


@dataclass(frozen=True)
class SleepNights:
    days: ChildDays
    total_sleep_h: F64
    night_sleep_h: F64
    onset_latency_min: F64
    wakings: F64
    signalled: F64
    #: Wakings known to be silent (a waking nobody marked either way is neither).
    silent: F64
    longest_stretch_min: F64
    awake_min: F64
    #: Signalled wakings whose response latency was recorded, and the sum of those latencies.
    answered_wakings: F64
    response_latency_min: F64
    #: Day sleep before the night, NaN where no nap was recorded.
    nap_min: F64

    @classmethod
    def of(cls, nights: pa.Table, wakings: pa.Table) -> SleepNights:
        nights = nights.sort_by([("child_id", "ascending"), ("age_days", "ascending")])
        days = ChildDays.of_nights(nights)
        onset = seconds(nights, "sleep_onset")
        wake = seconds(nights, "wake_time")
        night = days.index(ints(wakings, "child_id"), ints(wakings, "age_days"))
        start, end = seconds(wakings, "start"), seconds(wakings, "end")
        signalled = said(wakings, "signalled")
        latency = np.asarray(floats(wakings, "latency_min"), dtype=np.float32)
        sums = np.zeros((days.size, 7))
        if not kernel.night_sums(night, start, end, signalled, latency, onset, wake, sums):
            o = np.lexsort((start, night))
            sums[:] = 0.0
            kernel.night_sums(
                night[o], start[o], end[o], signalled[o], latency[o], onset, wake, sums
            )
        nap = floats(nights, "nap_min")
        night_h = (wake - onset - sums[:, 2]) / 3600.0
        return cls(
            days=days,
            total_sleep_h=night_h + nap / 60.0,
            night_sleep_h=night_h,
            onset_latency_min=(onset - seconds(nights, "bedtime")) / 60.0,
            wakings=sums[:, 0],
            signalled=sums[:, 1],
            silent=sums[:, 6],
            longest_stretch_min=sums[:, 5],
            awake_min=sums[:, 2] / 60.0,
            answered_wakings=sums[:, 3],
            response_latency_min=sums[:, 4],
            nap_min=nap,
        )

    def child_means(self, values: F64, age_days: tuple[float, float]) -> F64:
        return self.days.per_child_mean(values, self.days.in_ages(age_days))

    def share_without_stretch(self, hours: float, age_days: tuple[float, float]) -> float:
        """Share of nights in the age range with no stretch of ``hours`` free of signals."""
        mask = self.days.in_ages(age_days)
        return float(np.mean(self.longest_stretch_min[mask] < hours * 60.0))
