"""Run a study: chunks of children, on this machine or a Dask cluster, streamed to Parquet.

Memory stays bounded: the engine hands over its records part by part (about a month of a
chunk at a time). Results do not depend on the chunk size or on the number of workers (draws
are per child), only the order of rows does; every child's records stay in time order.

With one worker, this process simulates and writes. With ``--workers N``, N worker processes
each simulate a chunk and write every part of it as Parquet files of their own in the staging
folder; this process joins each part to the output as soon as it is there, by copying its
bytes and rewriting only the footer (``parquet_concat``). Encoding thus runs in parallel, and
no record is handed from process to process. (Threads in one process, and a local Dask
cluster, were both measured slower: they share the GIL with the simulation. See
benchmarks/RESULTS.md.)

With ``--scheduler`` the same chunks run on an existing Dask cluster. Where its workers
cannot see the staging folder (a remote cluster without a shared filesystem, found out by a
probe file) the tables travel back through Dask instead. Everything is written into a staging
folder and moved into place at the end, so a failed run leaves nothing half-written behind:
an error, Ctrl-C or SIGTERM (what ``timeout``, SLURM and ``docker stop`` send; the CLI turns
it into an exception) remove the folder on the way out, and the folder of a run killed
outright (SIGKILL) is removed by the next run into the same place. Before starting, a run
estimates what it will write and refuses when the disk cannot hold it.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from beside.errors import ConfigError, OutputError
from beside.insights.tallies import (
    CHILD_MONTHS,
    Tallies,
    child_months_table,
    month_tallies,
)
from beside.model.cohort import StudyDesign
from beside.model.engine import FLUSH_DAYS, stream_chunk
from beside.model.params import ModelParams
from beside.records.schemas import ENUM_COLUMNS, SCHEMAS
from beside.study import provenance
from beside.study.parquet_concat import ParquetConcat

RAW_TABLES = ("children", "nights", "wakings", "episodes")
#: Every table a study can write: the four raw tables, and ``child_months`` (one row per
#: child and month: the tallies every measure is a ratio of, with latent means; issue 13).
TABLES = (*RAW_TABLES, CHILD_MONTHS)
#: Children per chunk: large enough that NumPy's per-call cost is small (25,000 measured
#: about 10 % faster than 12,500). Memory is bounded by the hand-over of each part.
MAX_CHUNK_CHILDREN = 25_000
#: Child-days per part handed to the writer (12,500 children for a month): about 180 MB.
PART_CHILD_DAYS = 375_000
MAX_WORKERS = 256
COMPRESSIONS = ("none", "snappy", "zstd")

Progress = Callable[[int, int], None]

#: Bytes written per child and day, by compression: measured on 2,000 children over their
#: first month (2026-12-04, pyarrow 22: 172 uncompressed, 140 with zstd), the most a day
#: of a child's life writes (the first year averages 166 and 133; 48 to 60 months, 94), so
#: an estimate from these errs high (rounded up for the files' footers). Snappy was not
#: measured: counted as none.
BYTES_PER_CHILD_DAY = {"none": 180, "snappy": 180, "zstd": 145}
#: ``child_months`` alone: 110 four-byte columns a row, and a month of a child is a row.
BYTES_PER_CHILD_MONTH = 450
#: A run's staging folder, and the file in it naming the process that owns it.
PARTIAL_PREFIX = ".beside-partial-"
OWNER_FILE = ".owner"


def chosen_tables(names: tuple[str, ...]) -> tuple[str, ...]:
    """The tables asked for, checked, in the order they are written."""
    unknown = [name for name in names if name not in TABLES]
    if unknown or not names:
        raise ConfigError(
            f"tables are some of {', '.join(TABLES)}"
            + (f"; {unknown[0]!r} is not one" if unknown else ""),
            field="tables",
        )
    return tuple(name for name in TABLES if name in names)


def estimate_bytes(
    design: StudyDesign, compression: str = "none", tables: tuple[str, ...] = TABLES
) -> int:
    """About how much a study writes, before it starts (an upper estimate)."""
    months = design.children * (int(design.months) + 2)
    summary = months * BYTES_PER_CHILD_MONTH if CHILD_MONTHS in tables else 0
    if not set(tables) & set(RAW_TABLES):
        return summary
    return summary + design.children * design.days * BYTES_PER_CHILD_DAY.get(compression, 180)


def size_words(n: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB", "TB"):
        if n < 1000 or unit == "TB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1000
    raise AssertionError("unreachable")


def check_room(out_dir: Path, need: int) -> None:
    """Refuse, with the figures, a run the disk cannot hold: found out before it starts,
    not hours in with a full disk."""
    place = out_dir
    while not place.exists() and place != place.parent:
        place = place.parent
    free = shutil.disk_usage(place).free
    if need > free:
        raise OutputError(
            f"this run would write about {size_words(need)} and {place} has "
            f"{size_words(free)} free: choose fewer children or months, or another folder",
            field="out",
        )


@dataclass(frozen=True)
class StudyResult:
    out_dir: Path
    rows: dict[str, int]
    seconds: float
    chunks: int

    @property
    def child_nights(self) -> int:
        """Nights simulated (whether or not the nights table was written)."""
        return self.rows.get("nights", self.simulated_child_days)

    simulated_child_days: int = 0


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


def _chunk_parts(
    params: ModelParams,
    design: StudyDesign,
    first_id: int,
    size: int,
    parts_dir: str,
    token: str,
    compression: str,
    tables: tuple[str, ...] = TABLES,
) -> int | dict[str, pa.Buffer]:
    """On a worker process: simulate a chunk and write each part of it (about a month) as
    Parquet files of its own beside the client, so the encoding runs in the workers, in
    parallel, and the client can join each part as soon as it is there. Returns the number
    of parts. If the folder is not visible from here (a remote cluster), the tables go back
    as Arrow IPC buffers instead."""
    probe = Path(parts_dir) / "probe"
    raw = tuple(name for name in tables if name in RAW_TABLES)
    if not (probe.exists() and probe.read_text() == token):
        parts: list[dict[str, pa.Table]] = []
        stream_chunk(params, design, first_id=first_id, size=size, sink=parts.append)
        received = {name: [part[name] for part in parts] for name in raw}
        if CHILD_MONTHS in tables:
            summary = child_months_table(Tallies.concat([month_tallies(p) for p in parts]))
            received[CHILD_MONTHS] = [summary]
        out = {}
        for name, pieces in received.items():
            sink = pa.BufferOutputStream()
            with pa.ipc.new_stream(sink, pieces[0].schema) as writer:
                for piece in pieces:
                    writer.write_table(piece)
            out[name] = sink.getvalue()
        return out
    folder = _chunk_dir(Path(parts_dir), first_id)
    folder.mkdir()
    count = 0
    months = _Months() if CHILD_MONTHS in tables else None

    def write_part(part: dict[str, pa.Table], names: tuple[str, ...] = raw) -> None:
        nonlocal count
        if names == raw and months is not None:
            months.add(part)
        if not names:
            return
        unfinished = folder / f"writing-{count}"
        unfinished.mkdir()
        writers = _Writers(unfinished, compression, names)
        try:
            writers.write_tables({name: part[name] for name in names})
        finally:
            writers.close()
        unfinished.rename(_part_dir(folder, count))  # whole, or not there at all
        count += 1

    stream_chunk(
        params, design, first_id=first_id, size=size, sink=write_part, flush_days=part_days(size)
    )
    if months is not None:  # the chunk's months, whole, as its last part
        write_part({CHILD_MONTHS: months.table()}, (CHILD_MONTHS,))
    return count


def _chunk_dir(parts_dir: Path, first_id: int) -> Path:
    return parts_dir / f"chunk-{first_id}"


def _part_dir(chunk_dir: Path, index: int) -> Path:
    return chunk_dir / f"part-{index:05d}"


def _write_received(buffers: dict[str, pa.Buffer], chunk_dir: Path, compression: str) -> int:
    """Tables sent back through Dask, written here as the chunk's one part."""
    chunk_dir.mkdir()
    part = _part_dir(chunk_dir, 0)
    part.mkdir()
    writers = _Writers(part, compression, tuple(buffers))
    try:
        for name, value in buffers.items():
            for batch in pa.ipc.open_stream(value):
                writers.write(name, batch)
    finally:
        writers.close()
    return 1


def prepare_output(out_dir: Path) -> Path:
    """Check the folder can be written, clear what a killed run left in it, and make a
    staging folder inside it, owned by this process."""
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"{out_dir} exists and is not a folder", field="out")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        remove_stale_partials(out_dir)
        staging = Path(tempfile.mkdtemp(prefix=PARTIAL_PREFIX, dir=out_dir))
        owner = {"pid": os.getpid(), "host": socket.gethostname(), "started": time.time()}
        (staging / OWNER_FILE).write_text(json.dumps(owner), encoding="utf-8")
        return staging
    except OSError as exc:
        raise OutputError(f"cannot write to {out_dir}: {exc.strerror or exc}", field="out") from exc


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    return True


def remove_stale_partials(out_dir: Path) -> list[Path]:
    """Staging folders of runs that were killed (SIGKILL, a power cut: no chance to clean
    up) are removed: those whose owning process on this machine is gone, or that name no
    owner. A folder another machine's run owns (a shared filesystem) is left alone."""
    removed = []
    here = socket.gethostname()
    for folder in out_dir.glob(PARTIAL_PREFIX + "*"):
        if not folder.is_dir():
            continue
        try:
            owner = json.loads((folder / OWNER_FILE).read_text(encoding="utf-8"))
            stale = owner.get("host") == here and not _alive(int(owner["pid"]))
        except (OSError, ValueError, KeyError, TypeError):
            stale = True  # no readable owner: from before owners were written, or torn
        if stale:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


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


class _Months:
    """A chunk's tallies by month, part by part: a month split between two parts adds up
    (``Tallies.concat``), so the chunk's table has one row per child and month."""

    def __init__(self) -> None:
        self.parts: list[Tallies] = []

    def add(self, tables: dict[str, pa.Table]) -> None:
        self.parts.append(month_tallies(tables).compact())

    def table(self) -> pa.Table:
        return child_months_table(Tallies.concat(self.parts))


class _Writers:
    """One Parquet writer per table, in the staging folder (``child_months``'s is opened
    at its first rows: its schema is the tallies')."""

    def __init__(self, staging: Path, compression: str, names: tuple[str, ...] = TABLES) -> None:
        self.staging = staging
        self.compression = compression
        self.rows = dict.fromkeys(names, 0)
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
            for name in names
            if name in RAW_TABLES
        }

    def write(self, name: str, data: pa.Table | pa.RecordBatch) -> None:
        if name not in self.rows:
            return  # a table not asked for
        if name not in self.writers:
            self.writers[name] = pq.ParquetWriter(
                self.staging / f"{name}.parquet",
                data.schema,
                compression=self.compression,
                write_statistics=["child_id", "month"],
            )
        if data.num_rows:
            if isinstance(data, pa.RecordBatch):
                self.writers[name].write_batch(data, row_group_size=1 << 20)
            else:
                self.writers[name].write_table(data, row_group_size=1 << 20)
            self.rows[name] += data.num_rows

    def write_tables(self, tables: dict[str, pa.Table]) -> None:
        """One part of a chunk: a table for each name."""
        for name, table in tables.items():
            self.write(name, table)

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
        months = _Months() if CHILD_MONTHS in out.rows else None

        def sink(part: dict[str, pa.Table], months: _Months | None = months) -> None:
            out.write_tables(part)
            if months is not None:
                months.add(part)

        stream_chunk(
            params,
            design,
            first_id=first,
            size=size,
            sink=sink,
            flush_days=part_days(size),
        )
        if months is not None:
            out.write(CHILD_MONTHS, months.table())
        done += size
        if progress is not None:
            progress(done, design.children)


def _write_probe(folder: Path, token: str) -> None:
    """Workers that read this token back share the staging folder with the client."""
    (folder / "probe").write_text(token)


def _run_parts(
    submit: Callable[..., Any],
    window: int,
    params: ModelParams,
    design: StudyDesign,
    plan: list[tuple[int, int]],
    staging: Path,
    compression: str,
    progress: Progress | None,
    tables: tuple[str, ...] = TABLES,
) -> dict[str, int]:
    """Chunks on worker processes, at most ``window`` in flight. Each part a worker finishes
    is joined to the output here while the workers go on; a chunk's parts are joined in
    order, so every child's records stay in time order. ``submit(fn, *args)`` returns
    something with ``done()`` and ``result()``: a Dask future or a multiprocessing result."""
    parts_dir = staging / "parts"
    parts_dir.mkdir()
    token = secrets.token_hex(8)
    _write_probe(parts_dir, token)
    todo = iter(plan)
    running: list[_Chunk] = []

    def next_chunk() -> None:
        nxt = next(todo, None)
        if nxt is not None:
            first, size = nxt
            args = (params, design, first, size, str(parts_dir), token, compression, tables)
            folder = _chunk_dir(parts_dir, first)
            running.append(_Chunk(folder, submit(_chunk_parts, *args), size=size))

    for _ in range(window):
        next_chunk()
    outputs = {name: ParquetConcat(staging / f"{name}.parquet") for name in tables}
    children_done = 0
    try:
        while running:
            joined = False
            for chunk in list(running):
                if chunk.parts is None and chunk.future.done():
                    result = chunk.future.result()  # raises the worker's error, if any
                    chunk.parts = (
                        _write_received(result, chunk.folder, compression)
                        if isinstance(result, dict)
                        else result
                    )
                while _part_dir(chunk.folder, chunk.joined).exists():
                    part = _part_dir(chunk.folder, chunk.joined)
                    for name in tables:
                        if (part / f"{name}.parquet").exists():
                            outputs[name].append(part / f"{name}.parquet")
                    shutil.rmtree(part)
                    chunk.joined += 1
                    joined = True
                if chunk.joined == chunk.parts:  # finished, and every part joined
                    running.remove(chunk)
                    children_done += chunk.size
                    next_chunk()
            if progress is not None and joined:
                if "nights" in outputs:
                    progress(outputs["nights"].num_rows // design.days, design.children)
                else:
                    progress(children_done, design.children)
            if not joined:
                time.sleep(0.05)
    except BaseException:
        for output in outputs.values():
            output.discard()
        raise
    for output in outputs.values():
        output.close()
    return {name: output.num_rows for name, output in outputs.items()}


@dataclass
class _Chunk:
    folder: Path
    future: Any
    size: int = 0
    joined: int = 0
    parts: int | None = None  # known once the worker has finished


class _PoolResult:
    def __init__(self, result: Any) -> None:
        self._result = result

    def done(self) -> bool:
        return bool(self._result.ready())

    def result(self) -> Any:
        return self._result.get()


@contextmanager
def _local_pool(workers: int) -> Iterator[Callable[..., Any]]:
    """Worker processes on this machine, for ``--workers N``. Plain processes rather than a
    local Dask cluster: a Dask worker's event loop, heartbeats and profiler share the GIL with
    the task, and the 100,000-child study ran about a fifth slower under it. Processes are
    spawned (no fork of a process that may hold threads); a failure stops them all."""
    import multiprocessing

    # Set before the workers start (and import NumPy): OpenBLAS would start a spinning thread
    # per core in each of them. Beside does no linear algebra.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    pool = multiprocessing.get_context("spawn").Pool(workers)
    try:
        yield lambda fn, *args: _PoolResult(pool.apply_async(fn, args))
        pool.close()
        pool.join()
    finally:
        pool.terminate()
        pool.join()


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
    tables: tuple[str, ...] = TABLES,
) -> StudyResult:
    """Simulate the study and write ``tables`` (by default ``children``, ``nights``,
    ``wakings``, ``episodes`` and the ``child_months`` summary) as Parquet files in
    ``out_dir``, with ``study.json`` describing the run.

    Files are uncompressed by default: writing is the slowest part of a large study, and
    most columns are floats that compress poorly. ``compression="zstd"`` halves the size.
    """
    if not 1 <= workers <= MAX_WORKERS:
        raise ConfigError(f"workers must be between 1 and {MAX_WORKERS}", field="workers")
    tables = chosen_tables(tables)
    if compression not in COMPRESSIONS:
        raise ConfigError(
            f"compression must be one of {', '.join(COMPRESSIONS)}", field="compression"
        )
    size = chunk_size or default_chunk_size(design, workers)
    plan = chunks(design, size)
    check_room(out_dir, estimate_bytes(design, compression, tables))
    staging = prepare_output(out_dir)
    started = time.perf_counter()
    try:
        if scheduler is None and workers == 1:
            out = _Writers(staging, compression, tables)
            try:
                _run_here(params, design, plan, out, progress)
            finally:
                out.close()
            rows = out.rows
        elif scheduler is None:
            with _local_pool(workers) as submit:
                rows = _run_parts(
                    submit,
                    workers + 1,
                    params,
                    design,
                    plan,
                    staging,
                    compression,
                    progress,
                    tables,
                )
        else:
            with _client(scheduler) as client:
                window = sum(client.nthreads().values()) + 1
                submit = partial(client.submit, pure=False)
                rows = _run_parts(
                    submit, window, params, design, plan, staging, compression, progress, tables
                )
        shutil.rmtree(staging / "parts", ignore_errors=True)
        seconds = time.perf_counter() - started
        _write_manifest(
            staging,
            provenance.manifest(
                params,
                design,
                rows=rows,
                seconds=seconds,
                chunk_size=size,
                workers=workers,
                tables=tables,
                compression=compression,
            ),
        )
        (staging / OWNER_FILE).unlink()
        for path in staging.iterdir():
            os.replace(path, out_dir / path.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return StudyResult(
        out_dir=out_dir,
        rows=rows,
        seconds=seconds,
        chunks=len(plan),
        simulated_child_days=design.children * design.days,
    )


def _write_manifest(staging: Path, manifest: dict[str, Any]) -> None:
    (staging / "study.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
