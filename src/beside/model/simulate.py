"""Run a study: chunks of children, on one process or a Dask cluster, streamed to Parquet.

Memory stays bounded: at most ``2 * workers`` chunks are in flight, and each finished chunk
is written as row groups and dropped. Results do not depend on the chunk size or on the
number of workers (``rng`` draws per child), only the order of rows does. Files are written
into a staging folder and moved into place at the end, so a failed run leaves nothing
half-written behind.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from beside import __version__
from beside.errors import ConfigError, OutputError
from beside.model.cohort import StudyDesign
from beside.model.engine import simulate_chunk
from beside.model.params import ModelParams
from beside.records.tables import ENUM_COLUMNS, SCHEMAS

TABLES = ("children", "nights", "wakings", "episodes")
#: About a million child-days per chunk: roughly 250 MB of records in the first year.
CHILD_DAYS_PER_CHUNK = 1_000_000
MAX_WORKERS = 256

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class StudyResult:
    out_dir: Path
    rows: dict[str, int]
    seconds: float
    chunks: int

    @property
    def child_nights(self) -> int:
        return self.rows["nights"]


def default_chunk_size(design: StudyDesign) -> int:
    return max(100, min(20_000, CHILD_DAYS_PER_CHUNK // design.days, design.children))


def chunks(design: StudyDesign, chunk_size: int) -> list[tuple[int, int]]:
    return [
        (first, min(chunk_size, design.children - first))
        for first in range(0, design.children, chunk_size)
    ]


def _run_chunk(
    params: ModelParams,
    design: StudyDesign,
    first_id: int,
    size: int,
) -> dict[str, pa.Table]:
    return simulate_chunk(params, design, first_id=first_id, size=size)


def _run_chunk_ipc(
    params: ModelParams,
    design: StudyDesign,
    first_id: int,
    size: int,
) -> dict[str, pa.Buffer]:
    """On a Dask worker: each table as one Arrow IPC buffer, which crosses process
    boundaries as a single block and is read back without a copy."""
    out = {}
    for name, table in _run_chunk(params, design, first_id, size).items():
        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, table.schema) as writer:
            writer.write_table(table)
        out[name] = sink.getvalue()
    return out


def _from_ipc(buffers: dict[str, pa.Buffer]) -> dict[str, pa.Table]:
    return {name: pa.ipc.open_stream(buf).read_all() for name, buf in buffers.items()}


def prepare_output(out_dir: Path) -> Path:
    """Check the folder can be written, and make a staging folder inside it."""
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"{out_dir} exists and is not a folder", field="out")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=".beside-partial-", dir=out_dir))
    except OSError as exc:
        raise OutputError(f"cannot write to {out_dir}: {exc.strerror or exc}", field="out") from exc


@contextmanager
def _executor(workers: int, scheduler: str | None) -> Iterator[Any]:
    """None for in-process, else a Dask client (local cluster, or an existing scheduler)."""
    if scheduler is None and workers == 1:
        yield None
        return
    from distributed import Client, LocalCluster

    if scheduler is not None:
        try:
            client = Client(scheduler, timeout="10s")  # type: ignore[no-untyped-call]
        except (OSError, TimeoutError) as exc:
            raise ConfigError(
                f"cannot reach the Dask scheduler at {scheduler}: {exc}", field="scheduler"
            ) from exc
        with client:
            yield client
        return
    cluster = LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        memory_limit=0,
    )
    with cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
        yield client


def _results(
    params: ModelParams, design: StudyDesign, plan: list[tuple[int, int]], client: Any, window: int
) -> Iterator[tuple[int, dict[str, pa.Table]]]:
    """Chunk results in plan order, with at most ``window`` chunks in flight."""
    if client is None:
        for first, size in plan:
            yield size, _run_chunk(params, design, first, size)
        return
    pending: deque[tuple[int, Any]] = deque()
    todo = iter(plan)
    for first, size in todo:
        pending.append(
            (size, client.submit(_run_chunk_ipc, params, design, first, size, pure=False))
        )
        if len(pending) >= window:
            break
    while pending:
        size, future = pending.popleft()
        result = _from_ipc(future.result())
        future.release()
        nxt = next(todo, None)
        if nxt is not None:
            pending.append(
                (nxt[1], client.submit(_run_chunk_ipc, params, design, *nxt, pure=False))
            )
        yield size, result


def run_study(
    params: ModelParams,
    design: StudyDesign,
    out_dir: Path,
    *,
    workers: int = 1,
    scheduler: str | None = None,
    chunk_size: int | None = None,
    progress: Progress | None = None,
    compression: str = "none",
) -> StudyResult:
    """Simulate the study and write ``children``, ``nights``, ``wakings`` and ``episodes``
    as Parquet files in ``out_dir``, with ``study.json`` describing the run.

    Files are uncompressed by default: writing is the slowest part of a large study, and
    most of the columns are floats that compress poorly. Pass ``compression="zstd"`` for
    files about half the size.
    """
    if not 1 <= workers <= MAX_WORKERS:
        raise ConfigError(f"workers must be between 1 and {MAX_WORKERS}", field="workers")
    size = chunk_size or default_chunk_size(design)
    plan = chunks(design, size)
    staging = prepare_output(out_dir)
    started = time.perf_counter()
    rows = dict.fromkeys(TABLES, 0)
    try:
        writers = {
            name: pq.ParquetWriter(
                staging / f"{name}.parquet",
                SCHEMAS[name],
                compression=compression,
                use_dictionary=[c for c in SCHEMAS[name].names if c in ENUM_COLUMNS],
                write_statistics=["child_id", "age_days"],
            )
            for name in TABLES
        }
        done = 0
        with _executor(workers, scheduler) as client:
            for n_children, tables in _results(params, design, plan, client, 2 * workers):
                for name in TABLES:
                    writers[name].write_table(tables[name], row_group_size=1 << 20)
                    rows[name] += tables[name].num_rows
                del tables
                done += n_children
                if progress is not None:
                    progress(done, design.children)
        for writer in writers.values():
            writer.close()
        seconds = time.perf_counter() - started
        _write_manifest(staging, design, rows, seconds, size, workers)
        for path in staging.iterdir():
            os.replace(path, out_dir / path.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return StudyResult(out_dir=out_dir, rows=rows, seconds=seconds, chunks=len(plan))


def _write_manifest(
    staging: Path,
    design: StudyDesign,
    rows: dict[str, int],
    seconds: float,
    chunk_size: int,
    workers: int,
) -> None:
    manifest = {
        "beside_version": __version__,
        "design": {k: (v.value if hasattr(v, "value") else v) for k, v in asdict(design).items()},
        "rows": rows,
        "seconds": round(seconds, 3),
        "chunk_size": chunk_size,
        "workers": workers,
        "note": "Simulated children. Columns marked latent exist only in simulation.",
    }
    (staging / "study.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
