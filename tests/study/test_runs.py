"""The study runner: Parquet out, bounded chunks, threads, Dask, and nothing half-written."""

from dataclasses import replace
from pathlib import Path

import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from beside.errors import ConfigError, OutputError
from beside.model.cohort import StudyDesign
from beside.model.params import default_params
from beside.records.enums import Strategy
from beside.records.schemas import SCHEMAS
from beside.study.runs import run_study
from tests.tables_equal import same_records

DESIGN = StudyDesign(children=60, months=2.5, seed=3)


def _read(folder: Path, name: str):  # type: ignore[no-untyped-def]
    table = pq.read_table(folder / f"{name}.parquet")
    return table.sort_by(
        [(k, "ascending") for k in ("child_id", "age_days") if k in table.column_names]
        + ([("start", "ascending")] if "start" in table.column_names else [])
    )


def test_writes_the_four_tables_with_the_contract_columns(tmp_path: Path) -> None:
    result = run_study(default_params(), DESIGN, tmp_path, chunk_size=25)
    assert result.chunks == 3
    for name, schema in SCHEMAS.items():
        file = pq.ParquetFile(tmp_path / f"{name}.parquet")
        assert file.schema_arrow.names == schema.names
    assert pq.read_table(tmp_path / "children.parquet").num_rows == 60
    assert pq.read_table(tmp_path / "nights.parquet").num_rows == 60 * DESIGN.days
    assert (tmp_path / "study.json").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".beside-partial")]


def test_chunk_size_and_workers_do_not_change_the_records(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    run_study(default_params(), DESIGN, a, chunk_size=60)
    run_study(default_params(), DESIGN, b, workers=2, chunk_size=7)
    for name in SCHEMAS:
        assert same_records(name, _read(a, name), _read(b, name)), name


def test_a_dask_scheduler_runs_the_same_study(tmp_path: Path) -> None:
    """``--scheduler``: the same records from a cluster of worker processes, whether they
    share the output folder (spool files) or not (tables sent back through Dask)."""
    from distributed import LocalCluster

    import beside.study.runs as simulate

    alone, shared, apart = tmp_path / "alone", tmp_path / "shared", tmp_path / "apart"
    run_study(default_params(), DESIGN, alone)
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        address = cluster.scheduler_address
        run_study(default_params(), DESIGN, shared, scheduler=address, chunk_size=11)
        with pytest.MonkeyPatch.context() as patch:
            # No probe file: to the workers, the folder looks like another machine's.
            patch.setattr(simulate, "_write_probe", lambda spool, token: None)
            run_study(default_params(), DESIGN, apart, scheduler=address, chunk_size=13)
    for name in SCHEMAS:
        assert same_records(name, _read(alone, name), _read(shared, name)), name
        assert same_records(name, _read(alone, name), _read(apart, name)), name


def test_a_failing_worker_stops_the_run_and_leaves_nothing(tmp_path: Path) -> None:
    bad = StudyDesign(children=40, months=2, seed=1)
    params = default_params()
    broken = replace(params, sleep_regression=(None, None, None))
    with pytest.raises(TypeError):
        run_study(broken, bad, tmp_path, workers=2, chunk_size=5)
    assert list(tmp_path.iterdir()) == []


def test_bad_output_folder_fails_cleanly(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(OutputError, match=r"not a folder|cannot write"):
        run_study(default_params(), DESIGN, blocker)
    with pytest.raises(OutputError):
        run_study(default_params(), DESIGN, blocker / "inside")


def test_a_failing_run_leaves_nothing_behind(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        run_study(default_params(), DESIGN, tmp_path, workers=0)
    bad = StudyDesign(children=5, months=1, strategy=Strategy.RESPONSIVE)
    with pytest.raises(ConfigError):
        run_study(default_params(), bad, tmp_path, compression="brotli-ish")
    assert list(tmp_path.iterdir()) == []


def test_from_months_starts_from_the_state_of_a_child_that_age() -> None:
    """Issue 8: a run from 36 months lives the first 36 months first (a burn-in), so its
    children start with a three-year-old's skill and security, and the same child has the
    same first records whether its run starts at birth or at 36 months."""
    from beside.model.engine import simulate_chunk
    from beside.model.params import default_params

    late = StudyDesign(children=20, months=1, from_months=36, strategy=Strategy.RESPONSIVE)
    whole = StudyDesign(children=20, months=37, strategy=Strategy.RESPONSIVE)
    a = simulate_chunk(default_params(), late, first_id=0, size=20)["nights"]
    b = simulate_chunk(default_params(), whole, first_id=0, size=20)["nights"]
    first_age = late.start_age_days
    assert a["age_days"].to_numpy().min() == first_age
    assert float(a["skill"].to_numpy().mean()) > 0.2
    same = b.filter(pc.greater_equal(b["age_days"], first_age))
    assert same.slice(0, a.num_rows)["skill"].equals(a["skill"])
