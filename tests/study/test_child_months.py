"""The child_months summary (issue 13, item 2): one row per child and month, written beside
the raw tables by default or alone with ``tables=("child_months",)``; the same whatever the
workers; its latent columns marked; and the insights, reading it when present, give the
very report they give from the raw tables."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from beside.errors import ConfigError
from beside.insights import summary
from beside.model.cohort import StudyDesign
from beside.model.params import default_params
from beside.study.runs import run_study

DESIGN = StudyDesign(children=300, months=3.5, seed=5)


def _sorted(path: Path) -> dict[str, list[object]]:
    table = pq.read_table(path)
    order = pc.sort_indices(table, [("child_id", "ascending"), ("month", "ascending")])
    return table.take(order).to_pydict()


def test_one_row_per_child_and_month_whatever_the_workers(tmp_path: Path) -> None:
    here = run_study(default_params(), DESIGN, tmp_path / "one", chunk_size=70)
    apart = run_study(default_params(), DESIGN, tmp_path / "two", workers=2, chunk_size=70)
    alone = run_study(
        default_params(), DESIGN, tmp_path / "alone", tables=("child_months",), chunk_size=70
    )
    assert sorted(p.name for p in (tmp_path / "alone").iterdir()) == [
        "child_months.parquet",
        "study.json",
    ]
    rows = _sorted(tmp_path / "one" / "child_months.parquet")
    assert rows == _sorted(tmp_path / "two" / "child_months.parquet")
    assert rows == _sorted(tmp_path / "alone" / "child_months.parquet")
    pairs = list(zip(rows["child_id"], rows["month"], strict=True))
    assert len(pairs) == len(set(pairs)) == 300 * 4  # months 0-3, each once per child
    assert here.rows["child_months"] == apart.rows["child_months"] == alone.rows["child_months"]
    nights = pq.read_table(tmp_path / "one" / "nights.parquet")
    assert sum(rows["nights"]) == nights.num_rows  # parts of a month added up, not dropped
    schema = pq.read_schema(tmp_path / "one" / "child_months.parquet")
    assert schema.field("security").metadata == {b"kind": b"latent"}
    assert schema.field("wakings").metadata == {b"kind": b"tally"}
    security = np.array(rows["security"], dtype=float)
    assert np.all((security >= 0) & (security <= 1))
    manifest = json.loads((tmp_path / "alone" / "study.json").read_text())
    assert list(manifest["rows"]) == ["child_months"]


def test_the_insights_read_child_months_and_report_the_same(tmp_path: Path) -> None:
    run_study(default_params(), DESIGN, tmp_path / "full")
    shutil.copytree(tmp_path / "full", tmp_path / "raw")
    (tmp_path / "raw" / "child_months.parquet").unlink()
    from_months = summary.report_json(summary.of_simulation(tmp_path / "full"))
    from_raw = summary.report_json(summary.of_simulation(tmp_path / "raw"))
    assert json.dumps(from_months, sort_keys=True) == json.dumps(from_raw, sort_keys=True)
    # and it was the summary that was read: with the raw tables gone, the same report
    for name in ("nights", "wakings", "episodes"):
        (tmp_path / "full" / f"{name}.parquet").unlink()
    alone = summary.report_json(summary.of_simulation(tmp_path / "full"))
    assert json.dumps(alone, sort_keys=True) == json.dumps(from_raw, sort_keys=True)


def test_a_table_not_known_is_refused_naming_the_option(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="'months' is not one") as refused:
        run_study(default_params(), DESIGN, tmp_path, tables=("months",))
    assert refused.value.field == "tables"
