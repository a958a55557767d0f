"""Child-days: the unit most measures count in (a night belongs to the evening it began)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from beside.insights import tally_kernel as kernel

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]


def codes(table: pa.Table, name: str, members: Sequence[StrEnum]) -> npt.NDArray[np.int8]:
    """An enum column as codes in ``members`` order, whatever order its dictionary is in
    (-1 for a value not among them), without turning millions of rows into strings."""
    column = table[name]
    if not pa.types.is_dictionary(column.type):
        column = pc.dictionary_encode(column)
    out = np.empty(len(column), dtype=np.int8)
    at = 0
    order = {m.value: i for i, m in enumerate(members)}
    for chunk in column.chunks:
        lookup = np.array([order.get(v, -1) for v in chunk.dictionary.to_pylist()], np.int8)
        idx = np.asarray(chunk.indices.fill_null(0).to_numpy(), dtype=np.int64)
        out[at : at + len(chunk)] = lookup[idx] if lookup.size else -1
        at += len(chunk)
    return out


def floats(table: pa.Table, name: str) -> F64:
    out: F64 = np.asarray(table[name].to_numpy(), dtype=np.float64)
    return out


def ints(table: pa.Table, name: str) -> I64:
    out: I64 = np.asarray(table[name].to_numpy(), dtype=np.int64)
    return out


def said(table: pa.Table, name: str) -> npt.NDArray[np.int8]:
    """A yes/no column as 1 or 0, and -1 where nobody said."""
    column = pc.fill_null(pc.cast(table[name], pa.int8()), -1)
    out: npt.NDArray[np.int8] = np.asarray(column.to_numpy(), dtype=np.int8)
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


#: Largest child x day grid ``ChildDays.index`` builds (8 bytes a cell: 400 MB).
DENSE_CELLS = 50_000_000


@dataclass(frozen=True)
class ChildDays:
    """The distinct (child, age_days) pairs of a nights table, and a lookup into them."""

    child_id: I64
    age_days: I64

    @classmethod
    def of_nights(cls, nights: pa.Table) -> ChildDays:
        return cls.of_pairs([(ints(nights, "child_id"), ints(nights, "age_days"))])

    @classmethod
    def of_tables(cls, nights: pa.Table, episodes: pa.Table) -> ChildDays:
        """Every day with a night or an episode recorded (a journal may hold one only)."""
        return cls.of_pairs(
            [(ints(t, "child_id"), ints(t, "age_days")) for t in (nights, episodes)]
        )

    @classmethod
    def of_pairs(cls, pairs: Sequence[tuple[I64, I64]]) -> ChildDays:
        """The distinct pairs in (child, day) order: by marking a dense grid when it is small
        (np.unique sorts, and was the slowest step of a cohort's tallies)."""
        child = np.concatenate([c for c, _ in pairs])
        age = np.concatenate([a for _, a in pairs])
        if child.size == 0:
            empty = np.zeros(0, dtype=np.int64)
            return cls(child_id=empty, age_days=empty)
        c0, a0 = int(child.min()), int(age.min())
        width = int(age.max()) - a0 + 1
        cells = (int(child.max()) - c0 + 1) * width
        if cells <= DENSE_CELLS:
            seen = np.zeros(cells, dtype=bool)
            seen[(child - c0) * width + (age - a0)] = True
            at = np.flatnonzero(seen)
            return cls(child_id=at // width + c0, age_days=at % width + a0)
        key = np.unique(child * 100_000 + age)
        return cls(child_id=key // 100_000, age_days=key % 100_000)

    @cached_property
    def _grid(self) -> tuple[int, int, int, I64] | None:
        """The dense child x day lookup behind ``index``, built once."""
        if not self.size:
            return None
        c0, a0 = int(self.child_id.min()), int(self.age_days.min())
        width = int(self.age_days.max()) - a0 + 1
        cells = (int(self.child_id.max()) - c0 + 1) * width
        if cells > DENSE_CELLS:
            return None
        grid = np.full(cells, -1, dtype=np.int64)
        grid[(self.child_id - c0) * width + (self.age_days - a0)] = np.arange(self.size)
        return c0, a0, width, grid

    @property
    def size(self) -> int:
        return int(self.child_id.size)

    def index(self, child_id: I64, age_days: I64) -> I64:
        """Position of each (child, day) pair; -1 where the day has no night recorded.

        Through a dense child x day grid when it is small (a lookup per row), else by binary
        search (rows in day order miss the cache on every search: 3x slower, measured)."""
        if self._grid is not None:
            c0, a0, width, grid = self._grid
            dense: I64 = np.empty(child_id.size, dtype=np.int64)
            kernel.grid_positions(
                np.ascontiguousarray(child_id, dtype=np.int64),
                np.ascontiguousarray(age_days, dtype=np.int64),
                c0, a0, width, grid, dense,
            )  # fmt: skip
            return dense
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
