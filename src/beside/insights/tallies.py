"""Tallies: per child and period, the sums every measure is a ratio of.

A period is a day (one child's journal: the bootstrap resamples days) or a month of age (a
cohort: the bootstrap resamples children, and a 100,000-child cohort's episodes never need
to be in memory at once, since tallies of batches of children simply concatenate).

Only columns a journal can fill are read (``records.schemas.observable``).
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from beside.insights import tally_kernel as kernel
from beside.insights.child_days import F64, I64, ChildDays, codes, floats, ints
from beside.insights.crying import CryDays
from beside.insights.estimates import Sample
from beside.insights.sleep_patterns import SleepNights
from beside.records.ages import DAYS_PER_MONTH
from beside.records.enums import CHILD_ACTIONS as ACTIONS
from beside.records.enums import (
    OUTCOMES,
    TRIGGERS,
    CaregiverResponse,
    ChildAction,
    Outcome,
    Trigger,
)

Period = Literal["day", "month"]

#: Peak distress bands of the self-soothing chart (C13), 0-2, 2-4, ... 8-10.
DISTRESS_BANDS = (0.0, 2.0, 4.0, 6.0, 8.0, 10.01)
#: Finer bins for fitting the threshold (0.5 wide).
FIT_BINS = np.arange(0.0, 10.5, 0.5)
#: Responses a journal or the model can name (not "not recorded", which has no minutes to
#: calm of its own to compare).
RESPONSES = tuple(r for r in CaregiverResponse if r != CaregiverResponse.NOT_RECORDED)
#: A child who turned away or used a comfort strategy tried to calm on its own (C11, C12).
TRIED = (ChildAction.TURNED_AWAY, ChildAction.COMFORT_STRATEGY)


Floats = npt.NDArray[np.floating[Any]]

#: Peak distress counted as extreme (the top of the 0-10 scale; assumed, for the pattern).
EXTREME_FROM = 9.0
N_BANDS = len(DISTRESS_BANDS) - 1
#: The episode sums, in the order ``tally_kernel.episode_sums`` adds them.
EPISODE_COLUMNS = (
    "episodes",
    "calmed_alone",
    "tried",
    "tried_calmed_alone",
    "turned_away",
    "shut_down",
    "extreme",
    "overstimulated",
    "overstimulated_turned_away",
    "action_recorded",
    "outcome_recorded",
    "tried_outcome_recorded",
    "trigger_recorded",
    *(f"band{k}_{x}" for k in range(N_BANDS) for x in ("episodes", "calmed_alone")),
    *(f"fit{k}_{x}" for k in range(FIT_BINS.size) for x in ("tries", "alone")),
    *(f"calm_{x}_{r.value}" for r in RESPONSES for x in ("n", "min")),
    *(f"calm_{x}_band{k}" for k in range(N_BANDS) for x in ("n", "min")),
)


@dataclass(frozen=True)
class Tallies:
    child_id: I64
    #: First age day of the period (a day, or the first day of a month of age).
    period_day: I64
    period: Period
    sums: dict[str, Floats]

    @property
    def size(self) -> int:
        return int(self.child_id.size)

    @property
    def month(self) -> I64:
        return month_of(self.period_day)

    def compact(self) -> Tallies:
        """The sums as float32: half the memory, exact for counts to 16 million and for
        minutes to a few thousandths in a child's month; totals are added in float64."""
        return Tallies(
            self.child_id.astype(np.int32).astype(np.int64),
            self.period_day,
            self.period,
            {k: v.astype(np.float32) for k, v in self.sums.items()},
        )

    def sorted_by_month(self) -> Tallies:
        month = self.month
        if month.size < 2 or bool(np.all(month[1:] >= month[:-1])):
            return self
        order = np.argsort(month, kind="stable")
        return Tallies(
            self.child_id[order],
            self.period_day[order],
            self.period,
            {k: v[order] for k, v in self.sums.items()},
        )

    def rows(self, start: int, stop: int) -> Tallies:
        """Rows ``start:stop`` (views, not copies)."""
        return Tallies(
            self.child_id[start:stop],
            self.period_day[start:stop],
            self.period,
            {k: v[start:stop] for k, v in self.sums.items()},
        )

    def select(self, mask: npt.NDArray[np.bool_]) -> Tallies:
        return Tallies(
            self.child_id[mask],
            self.period_day[mask],
            self.period,
            {k: v[mask] for k, v in self.sums.items()},
        )

    def sample(self, *, seed: int = 0) -> Sample:
        """Per-unit sums for the bootstrap: per child for a cohort, else per period."""
        children, inverse = np.unique(self.child_id, return_inverse=True)
        if children.size > 1:
            sums: dict[str, Floats] = {
                k: np.bincount(inverse, weights=v, minlength=children.size).astype(np.float64)
                for k, v in self.sums.items()
            }
            return Sample(sums, "child", seed)
        return Sample(dict(self.sums), self.period, seed)

    @staticmethod
    def concat(parts: Iterable[Tallies]) -> Tallies:
        """Tallies of batches as one; a period split between batches (a month that two
        windows of days share) is added up into one row."""
        items = list(parts)
        child = np.concatenate([t.child_id for t in items])
        day = np.concatenate([t.period_day for t in items])
        key, inverse = np.unique(child * 100_000 + day, return_inverse=True)
        sums = {
            k: np.bincount(
                inverse, weights=np.concatenate([t.sums[k] for t in items]), minlength=key.size
            ).astype(np.float32)
            for k in items[0].sums
        }
        return Tallies(key // 100_000, key % 100_000, items[0].period, sums)


def month_of(age_days: I64) -> I64:
    """The month of age a day falls in (a month is 365.25 / 12 days)."""
    out: I64 = np.floor((age_days + 0.5) / DAYS_PER_MONTH).astype(np.int64)
    return out


def _month_start(age_days: I64) -> I64:
    """The first day of the month of age each day falls in."""
    out: I64 = np.round(month_of(age_days) * DAYS_PER_MONTH).astype(np.int64)
    return out


class _Groups:
    """Maps (child, age day) to the row of its period."""

    def __init__(self, days: ChildDays, period: Period) -> None:
        start = days.age_days if period == "day" else _month_start(days.age_days)
        key = days.child_id * 100_000 + start
        # Days come in (child, day) order, so each period's days are one run of rows.
        new = np.ones(key.size, dtype=bool)
        new[1:] = key[1:] != key[:-1]
        self.key = key[new]
        self.of_day = np.cumsum(new) - 1
        self.days = days

    @property
    def size(self) -> int:
        return int(self.key.size)

    def of(self, child_id: I64, age_days: I64) -> I64:
        pos = self.days.index(child_id, age_days)
        out: I64 = np.where(pos >= 0, self.of_day[np.maximum(pos, 0)], -1)
        return out

    def add(self, idx: I64, weights: F64 | npt.NDArray[np.bool_] | None = None) -> F64:
        keep = idx >= 0
        w = None if weights is None else np.asarray(weights, dtype=np.float64)[keep]
        out: F64 = np.bincount(idx[keep], weights=w, minlength=self.size).astype(np.float64)
        return out


#: The columns a tally reads (fewer columns, less to decode: reading is most of the time).
READS = {
    "nights": ("child_id", "age_days", "bedtime", "sleep_onset", "wake_time",
               "settle_fuss_cry_min", "nap_min"),
    "wakings": ("child_id", "age_days", "start", "end", "signalled", "latency_min",
                "fuss_cry_min"),
    "episodes": ("child_id", "age_days", "start", "end", "trigger", "peak_distress",
                 "child_action", "response", "outcome", "minutes_to_calm", "fuss_cry_min"),
}  # fmt: skip


def _read_ages(path: Path, columns: list[str], lo: int, hi: int) -> pa.Table:
    """The rows of ages [lo, hi) of one file: the row groups whose ``age_days`` statistics
    meet the span, filtered only where a group reaches outside it. Reading the groups
    directly decodes 8x faster than a dataset scan with the same filter (measured on a
    10,000-child cohort: 0.08 s against 0.63 s a span, benchmarks/RESULTS.md)."""
    file = pq.ParquetFile(path)
    meta = file.metadata
    column = meta.schema.names.index("age_days")
    groups, outside = [], False
    for g in range(meta.num_row_groups):
        stats = meta.row_group(g).column(column).statistics
        if stats is None or not stats.has_min_max:
            groups.append(g)
            outside = True
        elif stats.max >= lo and stats.min < hi:
            groups.append(g)
            outside = outside or stats.min < lo or stats.max >= hi
    table = file.read_row_groups(groups, columns=columns)
    if outside:
        ages = table["age_days"]
        table = table.filter(pc.and_(pc.greater_equal(ages, lo), pc.less(ages, hi)))
    return table


def _tally_ages(folder: Path, lo: int, hi: int) -> Tallies:
    """Ages [lo, hi) of a cohort, read and tallied (in a worker process)."""
    tables = {
        name: _read_ages(folder / f"{name}.parquet", list(cols), lo, hi)
        for name, cols in READS.items()
    }
    return tally(tables, period="month").compact()


def age_windows(folder: Path) -> list[tuple[int, int]]:
    """Spans of ages that the nights file's row groups were written in (one flush of the
    simulator each). The wakings and episodes of those days were written in the same
    flush, so a span read decodes each row group of every table about once."""
    meta = pq.ParquetFile(folder / "nights.parquet").metadata
    column = meta.schema.names.index("age_days")
    spans = set()
    for g in range(meta.num_row_groups):
        stats = meta.row_group(g).column(column).statistics
        if stats is None or not stats.has_min_max:
            ages = pq.read_table(folder / "nights.parquet", columns=["age_days"])
            first, last = (
                int(pc.min(ages["age_days"]).as_py()),
                int(pc.max(ages["age_days"]).as_py()),
            )
            return [(first, last + 1)]
        spans.add((int(stats.min), int(stats.max) + 1))
    bounds = sorted({lo for lo, _ in spans} | {hi for _, hi in spans})
    return list(itertools.pairwise(bounds))


def tally_files(
    folder: Path, *, workers: int = 2, progress: Callable[[int, int], None] | None = None
) -> Tallies:
    """A simulated cohort's folder (``beside simulate --out``), tallied by month, a span of
    ages at a time, ``workers`` spans at once. A night, its wakings and the day's episodes
    share their ``age_days``, so each span is complete; memory holds a span per worker, not
    the whole cohort (100,000 children over a year: 36 M nights, 120 M episodes)."""
    spans = age_windows(folder)
    parts: list[Tallies] = []
    if workers <= 1 or len(spans) == 1:
        for i, (lo, hi) in enumerate(spans):
            parts.append(_tally_ages(folder, lo, hi))
            if progress is not None:
                progress(i + 1, len(spans))
        return Tallies.concat(parts)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = [pool.submit(_tally_ages, folder, lo, hi) for lo, hi in spans]
        for i, future in enumerate(as_completed(futures)):
            parts.append(future.result())
            if progress is not None:
                progress(i + 1, len(spans))
    return Tallies.concat(parts)


def _known(members: tuple[StrEnum, ...]) -> tuple[StrEnum, ...]:
    """The members but ``not_recorded`` (coded -1, like a value we do not know)."""
    return tuple(m for m in members if m.value != "not_recorded")


def _born(table: pa.Table) -> pa.Table:
    ages = table["age_days"]
    if table.num_rows and pc.min(ages).as_py() < 0:
        return table.filter(pc.greater_equal(ages, 0))
    return table


def tally(tables: dict[str, pa.Table], *, period: Period) -> Tallies:
    """Every sum the measures need, per child and period. Entries dated before the child's
    birth (which a journal should not hold) have no age to be measured at and are left out."""
    nights, wakings, episodes = (_born(tables[name]) for name in ("nights", "wakings", "episodes"))
    days = ChildDays.of_tables(nights, episodes)
    g = _Groups(days, period)
    sums: dict[str, Floats] = {}

    cry = CryDays.of(nights, episodes, wakings, days=days)
    day_idx = g.of(days.child_id, days.age_days)
    sums["days"] = g.add(day_idx)
    sums["fuss_cry_min"] = g.add(day_idx, cry.fuss_cry_min)

    sleep = SleepNights.of(nights, wakings)
    n_idx = g.of(sleep.days.child_id, sleep.days.age_days)
    sums["nights"] = g.add(n_idx)
    for name in ("wakings", "signalled", "silent", "answered_wakings", "response_latency_min"):
        sums[name] = g.add(n_idx, getattr(sleep, name))
    sums["night_sleep_min"] = g.add(n_idx, sleep.night_sleep_h * 60.0)
    sums["onset_latency_min"] = g.add(n_idx, sleep.onset_latency_min)
    sums["awake_min"] = g.add(n_idx, sleep.awake_min)
    sums["longest_stretch_min"] = g.add(n_idx, sleep.longest_stretch_min)
    for hours in (6, 8):
        sums[f"no_{hours}h_nights"] = g.add(n_idx, sleep.longest_stretch_min < hours * 60.0)
    napped = ~np.isnan(sleep.nap_min)
    sums["nap_nights"] = g.add(n_idx, napped)
    sums["total_sleep_min"] = g.add(n_idx, np.where(napped, sleep.total_sleep_h * 60.0, 0.0))

    e_idx = g.of(ints(episodes, "child_id"), ints(episodes, "age_days"))
    e_sums = np.zeros((g.size, len(EPISODE_COLUMNS)))
    kernel.episode_sums(
        e_idx,
        np.asarray(floats(episodes, "peak_distress"), dtype=np.float32),
        codes(episodes, "child_action", _known(ACTIONS)),
        codes(episodes, "outcome", _known(OUTCOMES)),
        codes(episodes, "response", RESPONSES),
        np.asarray(floats(episodes, "minutes_to_calm"), dtype=np.float32),
        codes(episodes, "trigger", _known(TRIGGERS)),
        TRIGGERS.index(Trigger.OVERSTIMULATION),
        np.array([ACTIONS.index(a) for a in TRIED], dtype=np.int8),
        OUTCOMES.index(Outcome.CALMED_ALONE),
        ACTIONS.index(ChildAction.TURNED_AWAY),
        ACTIONS.index(ChildAction.SHUT_DOWN),
        np.array(DISTRESS_BANDS),
        FIT_BINS,
        EXTREME_FROM,
        len(RESPONSES),
        e_sums,
    )
    sums.update({name: e_sums[:, k] for k, name in enumerate(EPISODE_COLUMNS)})
    return Tallies(g.key // 100_000, g.key % 100_000, period, sums)


# --- child_months: the tallies as a table a study writes (issue 13, item 2) -------------

#: The model's inner state, averaged over a child's nights of the month: in the table for
#: research, never read by a measure (a journal cannot record it).
LATENT_MONTHLY = ("security", "skill")
CHILD_MONTHS = "child_months"
_KEY_COLUMNS = ("child_id", "month", "period_day")


def month_tallies(tables: dict[str, pa.Table]) -> Tallies:
    """A simulated part's tallies by month, with the sums of the latent columns over its
    nights (``<name>_sum``): parts of one month add up (``Tallies.concat``)."""
    t = tally(tables, period="month")
    nights = _born(tables["nights"])
    key = ints(nights, "child_id") * 100_000 + _month_start(ints(nights, "age_days"))
    order = np.argsort(t.child_id * 100_000 + t.period_day, kind="stable")
    keys = (t.child_id * 100_000 + t.period_day)[order]
    row = order[np.searchsorted(keys, key)]
    for name in LATENT_MONTHLY:
        t.sums[f"{name}_sum"] = np.bincount(
            row, weights=floats(nights, name), minlength=t.size
        ).astype(np.float64)
    return t


def child_months_table(t: Tallies) -> pa.Table:
    """One row per child and month of age: every sum the measures are ratios of, as
    float32 (``Tallies.compact``), and the month's mean latent security and skill, marked
    ``kind: latent`` in the schema. The common question (how do children fare month by
    month) needs no raw table."""
    t = t.sorted_by_month()
    columns: dict[str, pa.Array] = {
        "child_id": pa.array(t.child_id.astype(np.int32)),
        "month": pa.array(t.month.astype(np.int16)),
        "period_day": pa.array(t.period_day.astype(np.int32)),
    }
    fields = [pa.field(name, columns[name].type) for name in _KEY_COLUMNS]
    for name, values in t.sums.items():
        if name.endswith("_sum") and name.removesuffix("_sum") in LATENT_MONTHLY:
            continue
        columns[name] = pa.array(np.asarray(values, dtype=np.float32))
        fields.append(pa.field(name, pa.float32(), metadata={"kind": "tally"}))
    nights = np.asarray(t.sums["nights"], dtype=np.float64)
    for name in LATENT_MONTHLY:
        total = np.asarray(t.sums[f"{name}_sum"], dtype=np.float64)
        mean = np.divide(total, nights, out=np.full(t.size, np.nan), where=nights > 0)
        columns[name] = pa.array(mean.astype(np.float32))
        fields.append(pa.field(name, pa.float32(), metadata={"kind": "latent"}))
    return pa.Table.from_arrays(list(columns.values()), schema=pa.schema(fields))


def read_child_months(path: Path) -> Tallies:
    """A study's ``child_months`` file as tallies, read a column at a time into arrays of
    its own: peak memory is the tallies and one column, not the tallies twice over with
    the decoder's buffers (1.8 GB for 100,000 children over a year, read whole)."""
    file = pq.ParquetFile(path)
    skip = {*_KEY_COLUMNS, *LATENT_MONTHLY}

    def column(name: str, dtype: type[np.generic]) -> npt.NDArray[Any]:
        values = file.read(columns=[name], use_threads=False).column(0)
        return np.array(values.to_numpy(), dtype=dtype)  # a copy: the Arrow buffers go

    return Tallies(
        column("child_id", np.int64),
        column("period_day", np.int64),
        "month",
        {name: column(name, np.float32) for name in file.schema_arrow.names if name not in skip},
    )
