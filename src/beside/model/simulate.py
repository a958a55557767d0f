"""Run a study: chunks of children, on this machine or a Dask cluster, streamed to Parquet.

Memory stays bounded: the engine hands over its records every month of simulated time. Results
do not depend on the chunk size or on the number of workers (draws are per child), only the
order of rows does.

On this machine, ``workers`` are threads of this process. The engine spends almost all its
time inside NumPy, which releases the GIL, and the monthly tables go to the Parquet writer
without a copy. Worker processes had to hand every record over through a file or a socket:
for the 100,000-child study that cost more than it saved (benchmarks/RESULTS.md).

On a Dask cluster (``scheduler``), workers write each chunk as Arrow IPC *spool* files in the
staging folder and the client streams them into one Parquet file per table: nothing large
crosses a socket. Where the workers cannot see that folder (a remote scheduler without a
shared filesystem, found out by a probe file), the tables travel back through Dask instead;
at most ``workers + 1`` chunks are then in flight. Everything is written into a staging
folder and moved into place at the end, so a failed run leaves nothing half-written behind.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import secrets
import shutil
import tempfile
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from beside import __version__
from beside.errors import ConfigError, OutputError
from beside.model.cohort import StudyDesign
from beside.model.engine import FLUSH_DAYS, stream_chunk
from beside.model.params import ModelParams
from beside.records.tables import ENUM_COLUMNS, SCHEMAS

TABLES = ("children", "nights", "wakings", "episodes")
#: Children per chunk: large enough that NumPy's per-call cost (and, with threads, the
#: hand-over of the GIL around each call) is small; the 100,000-child study ran about 10 % faster
#: with 25,000 than with 12,500. Memory is bounded by the hand-over of each part.
MAX_CHUNK_CHILDREN = 25_000
#: Child-days per part handed to the writer (12,500 children for a month): about 180 MB.
PART_CHILD_DAYS = 375_000
MAX_WORKERS = 256
COMPRESSIONS = ("none", "snappy", "zstd")

Progress = Callable[[int, int], None]
Spool = dict[str, str]  # table name -> IPC file path


@dataclass(frozen=True)
class StudyResult:
    out_dir: Path
    rows: dict[str, int]
    seconds: float
    chunks: int

    @property
    def child_nights(self) -> int:
        return self.rows["nights"]


def default_chunk_size(design: StudyDesign, workers: int = 1) -> int:
    """Enough chunks to keep every worker busy, each at most ``MAX_CHUNK_CHILDREN``."""
    per_worker = -(-design.children // (2 * workers)) if workers > 1 else design.children
    return max(1, min(MAX_CHUNK_CHILDREN, per_worker))


def part_days(chunk_size: int) -> int:
    """Days per part, so that a part holds about ``PART_CHILD_DAYS`` whatever the chunk."""
    return max(1, min(FLUSH_DAYS, PART_CHILD_DAYS // chunk_size))


def chunks(design: StudyDesign, chunk_size: int) -> list[tuple[int, int]]:
    return [
        (first, min(chunk_size, design.children - first))
        for first in range(0, design.children, chunk_size)
    ]


def _spool_chunk(
    params: ModelParams, design: StudyDesign, first_id: int, size: int, spool_dir: str, token: str
) -> Spool | dict[str, pa.Buffer]:
    """On a Dask worker: write the chunk to IPC files beside the client, if visible."""
    probe = Path(spool_dir) / "probe"
    shared = probe.exists() and probe.read_text() == token
    if not shared:
        parts: list[dict[str, pa.Table]] = []
        stream_chunk(params, design, first_id=first_id, size=size, sink=parts.append)
        out = {}
        for name in TABLES:
            sink = pa.BufferOutputStream()
            with pa.ipc.new_stream(sink, SCHEMAS[name]) as writer:
                for part in parts:
                    writer.write_table(part[name])
            out[name] = sink.getvalue()
        return out
    paths = {name: str(Path(spool_dir) / f"chunk-{first_id}-{name}.arrow") for name in TABLES}
    with ExitStack() as stack:
        writers = {
            name: stack.enter_context(pa.ipc.new_file(paths[name], SCHEMAS[name]))
            for name in TABLES
        }

        def sink(tables: dict[str, pa.Table]) -> None:
            for name, table in tables.items():
                writers[name].write_table(table)

        stream_chunk(
            params, design, first_id=first_id, size=size, sink=sink, flush_days=part_days(size)
        )
    return paths


def _read_spooled(result: Spool | dict[str, pa.Buffer], name: str) -> Iterator[pa.RecordBatch]:
    value = result[name]
    if isinstance(value, pa.Buffer):
        yield from pa.ipc.open_stream(value)
        return
    with pa.OSFile(value) as source:
        reader = pa.ipc.open_file(source)
        for i in range(reader.num_record_batches):
            yield reader.get_batch(i)
    os.unlink(value)


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
def _client(scheduler: str) -> Iterator[Any]:
    """A Dask client on an existing scheduler."""
    from distributed import Client

    try:
        client = Client(scheduler, timeout="10s")  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError) as exc:
        raise ConfigError(
            f"cannot reach the Dask scheduler at {scheduler}: {exc}", field="scheduler"
        ) from exc
    with client:
        yield client


def _delta_encoded(schema: pa.Schema) -> dict[str, str]:
    """Ids, ages and timestamps as DELTA_BINARY_PACKED: neighbouring rows are close (rows come
    day by day, child by child), so the files shrink by a third to a half. On this machine
    writing is the bottleneck of a large study: the bytes saved cost more than the encoding
    (benchmarks/RESULTS.md)."""
    return {
        f.name: "DELTA_BINARY_PACKED"
        for f in schema
        if pa.types.is_integer(f.type) or pa.types.is_timestamp(f.type)
        if f.name not in ENUM_COLUMNS and f.type.bit_width >= 32
    }


class _Writers:
    """One Parquet writer per table, in the staging folder."""

    def __init__(self, staging: Path, compression: str) -> None:
        self.rows = dict.fromkeys(TABLES, 0)
        self.writers = {
            name: pq.ParquetWriter(
                staging / f"{name}.parquet",
                SCHEMAS[name],
                compression=compression,
                use_dictionary=[c for c in SCHEMAS[name].names if c in ENUM_COLUMNS],
                column_encoding=_delta_encoded(SCHEMAS[name]),
                write_statistics=["child_id", "age_days"],
                # Rows reach the encoders a million at a time: measured 14 % less CPU than
                # the default of 1,024 for the episodes table.
                write_batch_size=1 << 20,
            )
            for name in TABLES
        }

    def write(self, name: str, data: pa.Table | pa.RecordBatch) -> None:
        if data.num_rows:
            if isinstance(data, pa.RecordBatch):
                self.writers[name].write_batch(data, row_group_size=1 << 20)
            else:
                self.writers[name].write_table(data, row_group_size=1 << 20)
            self.rows[name] += data.num_rows

    def close(self) -> None:
        for writer in self.writers.values():
            writer.close()


def _run_here(
    params: ModelParams,
    design: StudyDesign,
    plan: list[tuple[int, int]],
    out: _Writers,
    progress: Progress | None,
) -> None:
    done = 0
    for first, size in plan:

        def sink(tables: dict[str, pa.Table]) -> None:
            for name, table in tables.items():
                out.write(name, table)

        stream_chunk(
            params, design, first_id=first, size=size, sink=sink, flush_days=part_days(size)
        )
        done += size
        if progress is not None:
            progress(done, design.children)


class _Stopped(Exception):
    """The run was stopped (an error elsewhere): a worker thread gives up its chunk."""


def _run_threads(
    params: ModelParams,
    design: StudyDesign,
    plan: list[tuple[int, int]],
    out: _Writers,
    workers: int,
    progress: Progress | None,
) -> None:
    """Chunks on ``workers`` threads; this thread writes each month's tables as they come.

    The queue holds at most one part per worker, so memory stays bounded however fast the
    workers are. If anything fails (a worker, or writing), every thread stops and the error
    is raised here.
    """
    parts: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=workers)
    stop = threading.Event()
    todo = iter(plan)
    lock = threading.Lock()

    def put(item: tuple[str, Any]) -> None:
        while not stop.is_set():
            try:
                parts.put(item, timeout=0.1)
                return
            except queue.Full:
                continue
        raise _Stopped

    def work() -> None:
        try:
            while not stop.is_set():
                with lock:
                    nxt = next(todo, None)
                if nxt is None:
                    break
                first, size = nxt
                stream_chunk(
                    params,
                    design,
                    first_id=first,
                    size=size,
                    sink=lambda tables: put(("tables", tables)),
                    flush_days=part_days(size),
                )
            item: tuple[str, Any] = ("finished", None)
        except _Stopped:
            return
        except BaseException as exc:  # handed to the writing thread, raised there
            item = ("error", exc)
        with contextlib.suppress(_Stopped):
            put(item)

    threads = [threading.Thread(target=work, daemon=True) for _ in range(workers)]
    for thread in threads:
        thread.start()
    try:
        running = workers
        child_days = 0
        while running:
            kind, value = parts.get()
            if kind == "error":
                raise value
            if kind == "finished":
                running -= 1
                continue
            for name, table in value.items():
                out.write(name, table)
            child_days += value["nights"].num_rows
            if progress is not None:
                progress(min(child_days // design.days, design.children), design.children)
    finally:
        stop.set()
        for thread in threads:
            thread.join()


def _write_probe(spool: Path, token: str) -> None:
    """Workers that read this token back share the staging folder with the client."""
    (spool / "probe").write_text(token)


def _run_on_cluster(
    params: ModelParams,
    design: StudyDesign,
    plan: list[tuple[int, int]],
    out: _Writers,
    staging: Path,
    client: Any,
    window: int,
    progress: Progress | None,
) -> None:
    spool = staging / "spool"
    spool.mkdir()
    token = secrets.token_hex(8)
    _write_probe(spool, token)
    pending: deque[tuple[int, Any]] = deque()
    todo = iter(plan)

    def submit() -> None:
        nxt = next(todo, None)
        if nxt is not None:
            future = client.submit(
                _spool_chunk, params, design, nxt[0], nxt[1], str(spool), token, pure=False
            )
            pending.append((nxt[1], future))

    for _ in range(window):
        submit()
    done = 0
    while pending:
        size, future = pending.popleft()
        result = future.result()
        future.release()
        submit()
        for name in TABLES:
            for batch in _read_spooled(result, name):
                out.write(name, batch)
        done += size
        if progress is not None:
            progress(done, design.children)


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
    most columns are floats that compress poorly. ``compression="zstd"`` halves the size.
    """
    if not 1 <= workers <= MAX_WORKERS:
        raise ConfigError(f"workers must be between 1 and {MAX_WORKERS}", field="workers")
    if compression not in COMPRESSIONS:
        raise ConfigError(
            f"compression must be one of {', '.join(COMPRESSIONS)}", field="compression"
        )
    size = chunk_size or default_chunk_size(design, workers)
    plan = chunks(design, size)
    staging = prepare_output(out_dir)
    started = time.perf_counter()
    try:
        out = _Writers(staging, compression)
        if scheduler is None and workers == 1:
            _run_here(params, design, plan, out, progress)
        elif scheduler is None:
            _run_threads(params, design, plan, out, workers, progress)
        else:
            with _client(scheduler) as client:
                window = sum(client.nthreads().values()) + 1
                _run_on_cluster(params, design, plan, out, staging, client, window, progress)
        out.close()
        shutil.rmtree(staging / "spool", ignore_errors=True)
        seconds = time.perf_counter() - started
        _write_manifest(staging, design, out.rows, seconds, size, workers)
        for path in staging.iterdir():
            os.replace(path, out_dir / path.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return StudyResult(out_dir=out_dir, rows=out.rows, seconds=seconds, chunks=len(plan))


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
