"""Child-days: the unit most measures count in (a night belongs to the evening it began)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]


def floats(table: pa.Table, name: str) -> F64:
    out: F64 = np.asarray(table[name].to_numpy(), dtype=np.float64)
    return out


def ints(table: pa.Table, name: str) -> I64:
    out: I64 = np.asarray(table[name].to_numpy(), dtype=np.int64)
    return out


def bools(table: pa.Table, name: str) -> npt.NDArray[np.bool_]:
    out: npt.NDArray[np.bool_] = np.asarray(table[name].to_numpy(), dtype=bool)
    return out


def seconds(table: pa.Table, name: str) -> I64:
    """A timestamp column as integer seconds."""
    values = table[name].to_numpy().astype("datetime64[s]").astype(np.int64)
    out: I64 = values
    return out


def seconds_where_known(table: pa.Table, name: str) -> tuple[I64, npt.NDArray[np.bool_]]:
    """A nullable timestamp column as seconds (0 where null), and where it is known."""
    column = table[name]
    known: npt.NDArray[np.bool_] = np.asarray(pc.is_valid(column), dtype=bool)
    values: I64 = np.asarray(
        pc.fill_null(pc.cast(column, pa.int64()), 0).to_numpy(), dtype=np.int64
    )
    return values, known


@dataclass(frozen=True)
class ChildDays:
    """The distinct (child, age_days) pairs of a nights table, and a lookup into them."""

    child_id: I64
    age_days: I64

    @classmethod
    def of_nights(cls, nights: pa.Table) -> ChildDays:
        child = ints(nights, "child_id")
        age = ints(nights, "age_days")
        key = np.unique(child * 100_000 + age)
        return cls(child_id=key // 100_000, age_days=key % 100_000)

    @property
    def size(self) -> int:
        return int(self.child_id.size)

    def index(self, child_id: I64, age_days: I64) -> I64:
        """Position of each (child, day) pair; -1 where the day has no night recorded."""
        key = self.child_id * 100_000 + self.age_days
        wanted = child_id * 100_000 + age_days
        pos = np.searchsorted(key, wanted)
        pos = np.minimum(pos, max(key.size - 1, 0))
        found = key.size > 0 and key[pos] == wanted
        out: I64 = np.where(found, pos, -1)
        return out

    def total(self, table: pa.Table, value: str | F64) -> F64:
        """Sum a column (or an array row-aligned with it) of a table per child-day; NaN,
        a value nobody recorded, adds nothing."""
        idx = self.index(ints(table, "child_id"), ints(table, "age_days"))
        values = np.nan_to_num(floats(table, value) if isinstance(value, str) else value)
        keep = idx >= 0
        summed: F64 = np.bincount(idx[keep], weights=values[keep], minlength=self.size).astype(
            np.float64
        )
        return summed

    def count(self, table: pa.Table, mask: npt.NDArray[np.bool_] | None = None) -> F64:
        idx = self.index(ints(table, "child_id"), ints(table, "age_days"))
        keep = idx >= 0 if mask is None else (idx >= 0) & mask
        counted: F64 = np.bincount(idx[keep], minlength=self.size).astype(np.float64)
        return counted

    def in_ages(self, age_days: tuple[float, float]) -> npt.NDArray[np.bool_]:
        lo, hi = age_days
        out: npt.NDArray[np.bool_] = (self.age_days >= lo) & (self.age_days < hi)
        return out

    def per_child_mean(self, values: F64, mask: npt.NDArray[np.bool_]) -> F64:
        """Each child's mean over the masked days (children with no such day are left out)."""
        child = self.child_id[mask]
        ids, inverse = np.unique(child, return_inverse=True)
        sums = np.bincount(inverse, weights=values[mask], minlength=ids.size)
        counts = np.bincount(inverse, minlength=ids.size)
        out: F64 = sums / counts
        return out
