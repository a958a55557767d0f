"""Print docs/model.md's table "Sleep training and attachment, both ways".

Three seeds of 200 children, 60 months from birth, a method from 8 months (by day the family
stays responsive), with the seeds' mechanisms on and with the three disputed ones off.
Run: `.venv/bin/python scripts/sleep_training_table.py`.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from beside.insights.crying import CryDays
from beside.insights.sleep_patterns import SleepNights
from beside.model.cohort import StudyDesign
from beside.model.engine import simulate_chunk
from beside.model.params import default_params, switch_names
from beside.records.enums import Strategy

SEEDS = (1, 2, 3)
CHILDREN = 200
M = 30.44
ARMS = (
    ("responsive", None),
    ("graduated extinction at 8 mo", Strategy.GRADUATED_EXTINCTION),
    ("extinction at 8 mo", Strategy.EXTINCTION),
    ("camping out at 8 mo", Strategy.CAMPING_OUT),
)


def measure(method: Strategy | None, *, disputed: bool, seed: int) -> list[float]:
    params = default_params()
    if not disputed:
        params = params.with_switches(**dict.fromkeys(switch_names(), False))
    design = StudyDesign(
        children=CHILDREN,
        months=60.0,
        seed=seed,
        strategy=Strategy.RESPONSIVE,
        switch_to=method,
        switch_at_months=8.0 if method else None,
    )
    t = simulate_chunk(params, design, first_id=0, size=CHILDREN)
    nights = t["nights"]
    age = nights["age_days"].to_numpy()

    def latent(name: str, lo: float, hi: float) -> float:
        within = (age >= lo * M) & (age < hi * M)
        return float(nights[name].to_numpy()[within].mean())

    sleep = SleepNights.of(nights, t["wakings"])
    cry = CryDays.of(nights, t["episodes"], t["wakings"])
    return [
        latent("security", 11, 12),
        latent("security", 59, 60),
        latent("skill", 59, 60),
        float(sleep.child_means(sleep.signalled, (9 * M, 10 * M)).mean()),
        float(sleep.child_means(sleep.signalled, (59 * M, 60 * M)).mean()),
        float(cry.child_means((11 * M, 12 * M)).mean()),
        bedtime_cry(nights, 8.5, 9.5),
    ]


def bedtime_cry(nights: pa.Table, lo: float, hi: float) -> float:
    age = nights["age_days"].to_numpy()
    within = (age >= lo * M) & (age < hi * M)
    return float(nights["settle_fuss_cry_min"].to_numpy()[within].mean())


def main() -> None:
    print(
        "| arm | mechanisms | security 12 mo | security 60 mo | skill 60 mo | signalled "
        "wakings 9-10 mo | signalled wakings 59-60 mo | fuss+cry 12 mo | bedtime crying "
        "8.5-9.5 mo |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for label, method in ARMS:
        for disputed in (True, False):
            rows = np.array([measure(method, disputed=disputed, seed=s) for s in SEEDS])
            mean = rows.mean(axis=0)
            cells = [f"{mean[0]:.2f}", f"{mean[1]:.2f}", f"{mean[2]:.2f}", f"{mean[3]:.2f}"]
            cells += [f"{mean[4]:.2f}", f"{mean[5]:.0f}", f"{mean[6]:.1f}"]
            which = "seeds' (on)" if disputed else "disputed off"
            print(f"| {label} | {which} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
