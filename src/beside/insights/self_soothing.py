"""Self-soothing by distress level and age (the seed's "self-soothing distress chart", C13)."""

from __future__ import annotations

import itertools

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from beside.insights.child_days import floats
from beside.records.enums import Outcome

DISTRESS_BINS = (0.0, 2.0, 4.0, 6.0, 8.0, 10.01)


def calmed_alone_by_distress(
    episodes: pa.Table, *, age_days: tuple[float, float]
) -> list[dict[str, float]]:
    """Share of episodes calmed alone in each band of peak distress."""
    age = floats(episodes, "age_days")
    in_age = (age >= age_days[0]) & (age < age_days[1])
    peak = floats(episodes, "peak_distress")[in_age]
    alone = np.asarray(
        pc.equal(pc.cast(episodes["outcome"], pa.string()), Outcome.CALMED_ALONE.value)
    )[in_age]
    rows = []
    for lo, hi in itertools.pairwise(DISTRESS_BINS):
        band = (peak >= lo) & (peak < hi)
        if band.sum():
            rows.append(
                {
                    "distress_from": lo,
                    "distress_to": min(hi, 10.0),
                    "calmed_alone": float(alone[band].mean()),
                    "n": float(band.sum()),
                }
            )
    return rows


def share_where(
    episodes: pa.Table, column_name: str, value: str, age_days: tuple[float, float]
) -> float:
    """Share of episodes in the age range whose ``column_name`` equals ``value``."""
    age = floats(episodes, "age_days")
    in_age = (age >= age_days[0]) & (age < age_days[1])
    hit = np.asarray(pc.equal(pc.cast(episodes[column_name], pa.string()), value))
    return float(hit[in_age].mean()) if in_age.any() else float("nan")
