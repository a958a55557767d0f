"""A cohort's folder tallied a span of ages at a time gives the sums of tallying it whole,
whatever the row groups of its files; and the child-day lookup finds each pair or none."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from beside.insights import child_days
from beside.insights.child_days import ChildDays
from beside.insights.tallies import tally, tally_files
from beside.model.cohort import StudyDesign
from beside.model.engine import simulate_chunk
from beside.model.params import default_params


@pytest.fixture(scope="module")
def cohort() -> dict[str, pa.Table]:
    design = StudyDesign(children=30, months=4, seed=3)
    return simulate_chunk(default_params(), design, first_id=0, size=30)


def _write(folder: Path, tables: dict[str, pa.Table], rows_per_group: dict[str, int]) -> Path:
    folder.mkdir()
    pq.write_table(tables["children"], folder / "children.parquet")
    for name, rows in rows_per_group.items():
        table = tables[name].sort_by([("age_days", "ascending"), ("child_id", "ascending")])
        pq.write_table(table, folder / f"{name}.parquet", row_group_size=rows)
    return folder


@pytest.mark.parametrize("workers", [1, 2])
def test_spans_of_ages_add_up_to_the_whole_cohort(
    cohort: dict[str, pa.Table], tmp_path: Path, workers: int
) -> None:
    nights = cohort["nights"].num_rows
    # Nights in 10-day groups (30 children a day), the other tables in groups that reach
    # across those spans, so some spans must be filtered out of a larger group.
    folder = _write(
        tmp_path / "run",
        cohort,
        {"nights": 300, "wakings": 997, "episodes": 1013},
    )
    assert pq.ParquetFile(folder / "nights.parquet").metadata.num_row_groups == -(-nights // 300)
    whole = tally(cohort, period="month")
    spans = tally_files(folder, workers=workers)
    assert spans.size == whole.size
    np.testing.assert_array_equal(spans.child_id, whole.child_id)
    np.testing.assert_array_equal(spans.period_day, whole.period_day)
    for name, values in whole.sums.items():
        np.testing.assert_allclose(spans.sums[name], values, rtol=1e-5, atol=1e-3, err_msg=name)


def test_one_file_of_one_group_is_read_once(cohort: dict[str, pa.Table], tmp_path: Path) -> None:
    folder = _write(
        tmp_path / "run",
        cohort,
        {"nights": 10**9, "wakings": 10**9, "episodes": 10**9},
    )
    whole = tally(cohort, period="month")
    spans = tally_files(folder, workers=1)
    np.testing.assert_allclose(spans.sums["episodes"], whole.sums["episodes"])


def test_the_dense_lookup_and_the_binary_search_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(5)
    child = rng.integers(3, 40, 500)
    age = rng.integers(10, 90, 500)
    # Pairs asked about: some recorded, some not, some outside the grid on each side.
    ask_child = np.concatenate([child, rng.integers(0, 45, 400), [2, 41, 3, 39]])
    ask_age = np.concatenate([age, rng.integers(0, 100, 400), [10, 10, 9, 90]])

    dense = ChildDays.of_pairs([(child, age)])
    found = dense.index(ask_child, ask_age)
    monkeypatch.setattr(child_days, "DENSE_CELLS", 0)
    searched = ChildDays.of_pairs([(child, age)])
    assert searched._grid is None
    np.testing.assert_array_equal(found, searched.index(ask_child, ask_age))

    hit = found >= 0
    np.testing.assert_array_equal(dense.child_id[found[hit]], ask_child[hit])
    np.testing.assert_array_equal(dense.age_days[found[hit]], ask_age[hit])
    recorded = set(zip(child.tolist(), age.tolist(), strict=True))
    missed = [
        (c, a) in recorded
        for c, a, h in zip(ask_child.tolist(), ask_age.tolist(), hit.tolist(), strict=True)
        if not h
    ]
    assert missed
    assert not any(missed)
