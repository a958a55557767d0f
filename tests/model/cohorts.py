"""Seeded cohorts for the claim tests, each simulated once per test process.

Tables are immutable, so caching them shares no mutable state between tests.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from beside.model.cohort import StudyDesign
from beside.model.curves import AgeCurve
from beside.model.engine import simulate_chunk
from beside.model.params import Switches, default_params
from beside.records.enums import Strategy

M = 30.44


@cache
def run(
    strategy: Strategy | None = None,
    *,
    months: float = 24.0,
    children: int = 300,
    seed: int = 1,
    from_months: float = 0.0,
    switch_to: Strategy | None = None,
    switch_at: float | None = None,
    over_praise: float | None = None,
    acknowledges: float | None = None,
    modelling: float = 0.0,
    explaining: float = 0.0,
    switches: tuple[tuple[str, bool], ...] = (),
    overrides: tuple[tuple[str, object], ...] = (),
) -> dict[str, pa.Table]:
    """A seeded cohort; ``overrides`` set parameters (a number scales an AgeCurve's values,
    an AgeCurve replaces it)."""
    params = default_params()
    if switches:
        params = replace(params, switches=replace(Switches(), **dict(switches)))
    for name, value in overrides:
        current = getattr(params, name)
        if isinstance(current, AgeCurve) and not isinstance(value, AgeCurve):
            assert isinstance(value, int | float)
            value = current.with_values(tuple(v * value for v in current.values))
        params = replace(params, **{name: value})
    design = StudyDesign(
        children=children,
        months=months,
        from_months=from_months,
        strategy=strategy,
        switch_to=switch_to,
        switch_at_months=switch_at,
        seed=seed,
        over_praise=over_praise,
        acknowledges=acknowledges,
        modelling=modelling,
        explaining=explaining,
    )
    return simulate_chunk(params, design, first_id=0, size=children)


def _strings(table: pa.Table, name: str) -> npt.NDArray[np.str_]:
    return np.asarray(table[name].cast(pa.string()).to_numpy(zero_copy_only=False)).astype(str)


@dataclass(frozen=True)
class Events:
    """Columns of an episodes or wakings table as NumPy arrays, enums as strings."""

    cols: dict[str, np.ndarray]

    @classmethod
    def of(cls, table: pa.Table) -> Events:
        cols: dict[str, np.ndarray] = {}
        for field in table.schema:
            if pa.types.is_dictionary(field.type):
                cols[field.name] = _strings(table, field.name)
            elif pa.types.is_timestamp(field.type):
                cols[field.name] = (
                    table[field.name].to_numpy().astype("datetime64[s]").astype(np.int64)
                )
            else:
                cols[field.name] = table[field.name].to_numpy()
        return cls(cols)

    def __getitem__(self, name: str) -> np.ndarray:
        return self.cols[name]

    def ages(self, lo_months: float, hi_months: float) -> npt.NDArray[np.bool_]:
        age = self.cols["age_days"]
        return (age >= lo_months * M) & (age < hi_months * M)

    def share(self, mask: npt.NDArray[np.bool_], within: npt.NDArray[np.bool_]) -> float:
        return float(mask[within].mean())


def nightly_latent(
    tables: dict[str, pa.Table], column: str, lo_months: float, hi_months: float
) -> float:
    """Mean of a latent nightly column (security, skill) over an age range."""
    age = tables["nights"]["age_days"].to_numpy()
    values = tables["nights"][column].to_numpy()
    keep = (age >= lo_months * M) & (age < hi_months * M)
    return float(values[keep].mean())


def child_traits(tables: dict[str, pa.Table], column: str) -> npt.NDArray[np.str_]:
    """A child-level column, aligned to child_id."""
    children = tables["children"]
    out = np.empty(children.num_rows, dtype=object)
    out[children["child_id"].to_numpy()] = (
        _strings(children, column)
        if pa.types.is_dictionary(children.schema.field(column).type)
        else children[column].to_numpy()
    )
    return out


SEEDS = (1, 2, 3)


def per_child_latent(
    tables: dict[str, pa.Table], column: str, lo_months: float, hi_months: float
) -> npt.NDArray[np.float64]:
    """Each child's mean of a latent nightly column over an age range, by child_id."""
    nights = tables["nights"]
    age = nights["age_days"].to_numpy()
    keep = (age >= lo_months * M) & (age < hi_months * M)
    child = nights["child_id"].to_numpy()[keep]
    values = nights[column].to_numpy()[keep].astype(np.float64)
    return np.bincount(child, values) / np.maximum(np.bincount(child), 1)
