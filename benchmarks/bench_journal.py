"""Journal benchmarks: "log an episode now" under 50 concurrent clients, export and
re-import of five years of one child's records, and a month's list of episodes.

Run with ``make bench-journal`` (or ``.venv/bin/python benchmarks/bench_journal.py``). The
server is the real one (``beside serve``: uvicorn, one process, SQLite in WAL mode) on
loopback; clients run in this process on asyncio. Prints a Markdown block for
benchmarks/RESULTS.md. Figures are medians or percentiles of one run; the machine is shared.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import psutil
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from beside.journal import access, export, transfer
from beside.journal import accounts as account_store
from beside.journal import households as household_store
from beside.journal.db import make_engine
from beside.journal.migrate import upgrade
from beside.journal.schema import EpisodeRow, NightRow, Role, TokenKind, WakingRow
from beside.study.demo import create_demo


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def fill(url: str, months: float, children: int) -> tuple[str, str, str, int, float]:
    """A household with ``months`` of one simulated child's records, through the journal's
    rules; returns household, child, an API token, the entry count and seconds taken."""
    engine = make_engine(url)
    upgrade(engine)
    now = datetime.now(UTC)
    started = time.perf_counter()
    with Session(engine) as s:
        demo = create_demo(s, months=months, seed=3, now=now, children=children)
        user = account_store.user_by_email(s, demo.email)
        token = access.issue_token(s, user, kind=TokenKind.API, now=now)
        child = s.scalars(select(EpisodeRow.child_id).limit(1)).one()
        s.commit()
        entries = sum(
            s.scalar(select(func.count()).select_from(t)) or 0
            for t in (EpisodeRow, NightRow, WakingRow)
        )
    engine.dispose()
    return demo.household_id, child, token, entries, time.perf_counter() - started


def export_import(url: str, household: str, repeats: int) -> dict[str, float]:
    """Export as the JSON document (serialised), then import it into a new household and
    commit; each timed ``repeats`` times, medians."""
    engine = make_engine(url)
    exports, imports = [], []
    text = ""
    for _ in range(repeats):
        with Session(engine) as s:
            started = time.perf_counter()
            text = export.export_json(s, household)
            exports.append(time.perf_counter() - started)
    for i in range(repeats):
        with Session(engine) as s:
            now = datetime.now(UTC)
            house = household_store.create_household(s, name=f"copy {i}", time_zone="UTC", now=now)
            user = account_store.create_user(
                s, email=f"import{i}@bench.invalid", display_name="I", password_hash="x", now=now
            )
            household_store.add_member(s, house.id, user.id, Role.OWNER, now=now)
            s.commit()
            started = time.perf_counter()
            transfer.import_json(s, house.id, text, by=user.id, now=now)
            s.commit()
            imports.append(time.perf_counter() - started)
    engine.dispose()
    return {
        "export_s": statistics.median(exports),
        "import_s": statistics.median(imports),
        "document_mb": len(text.encode()) / 1e6,
    }


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(url: str) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-c", "from beside.cli import main; main()", "serve", "--port", str(port)],
        env={**os.environ, "BESIDE_DATABASE_URL": url},
        stdout=subprocess.DEVNULL,
        stderr=(Path(url.removeprefix("sqlite+pysqlite:///")).parent / "server.log").open("wb"),
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(f"{base}/openapi.json", timeout=2)
            return server, base
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not start") from None
            time.sleep(0.2)


async def month_lists(base: str, path: str, token: str, n: int) -> list[float]:
    """One month of episodes (since/until, up to 500 a page), for ``n`` random months."""
    rng = random.Random(1)
    latencies = []
    today = datetime.now(UTC)
    async with httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {token}"}) as c:
        for _ in range(n):
            since = today - timedelta(days=rng.uniform(31, 5 * 365))
            params = {
                "since": since.isoformat(),
                "until": (since + timedelta(days=30)).isoformat(),
                "limit": 500,
            }
            started = time.perf_counter()
            r = await c.get(path, params=params)
            latencies.append(time.perf_counter() - started)
            assert r.status_code == 200, r.text
    return latencies


async def log_now(
    base: str, path: str, token: str, clients: int, per_client: int, interval_s: float
) -> tuple[list[float], float]:
    """``clients`` clients at once, each logging ``per_client`` episodes "now". With
    ``interval_s`` > 0 each client waits that long between its requests (open loop, jittered
    start); with 0 they fire back to back (closed loop: the server's saturation)."""
    latencies: list[float] = []
    failures: list[str] = []
    limits = httpx.Limits(max_connections=clients)

    async def one(i: int, c: httpx.AsyncClient) -> None:
        rng = random.Random(i)
        if interval_s:
            await asyncio.sleep(rng.uniform(0, interval_s))
        for _ in range(per_client):
            started = time.perf_counter()
            try:
                r = await c.post(path, json={"peak_distress": 5})
            except httpx.TransportError as exc:
                failures.append(repr(exc))
                continue
            latencies.append(time.perf_counter() - started)
            assert r.status_code == 201, r.text
            if interval_s:
                await asyncio.sleep(interval_s * rng.uniform(0.5, 1.5))

    async with httpx.AsyncClient(
        base_url=base, headers={"Authorization": f"Bearer {token}"}, limits=limits, timeout=30
    ) as c:
        started = time.perf_counter()
        await asyncio.gather(*(one(i, c) for i in range(clients)))
        elapsed = time.perf_counter() - started
    if failures:
        print(f"{len(failures)} requests failed in transport: {failures[:3]}", file=sys.stderr)
    return latencies, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--months", type=float, default=72.0, help="of each child's records")
    parser.add_argument(
        "--children", type=int, default=2, help="simulated siblings (2 x 72 months: 20,000)"
    )
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--per-client", type=int, default=40)
    parser.add_argument(
        "--interval-s", type=float, default=1.0, help="between one client's requests"
    )
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="beside-bench-journal-"))
    url = f"sqlite+pysqlite:///{folder / 'journal.db'}"
    household, child, token, entries, fill_s = fill(url, args.months, args.children)
    print(f"filled {entries} entries in {fill_s:.1f} s", file=sys.stderr)
    moved = export_import(url, household, repeats=3)
    # The imports above grew the write-ahead log by tens of megabytes; fold it back into
    # the database, as SQLite would soon do anyway, so that the first logging requests
    # below do not pay for the imports.
    engine = make_engine(url)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    server, base = start_server(url)
    episodes = f"/api/v1/households/{household}/children/{child}/episodes"
    proc = psutil.Process(server.pid)

    def cpu_s() -> float:
        times = proc.cpu_times()
        return float(times.user + times.system)

    try:
        months = asyncio.run(month_lists(base, episodes, token, 60))
        before = cpu_s()
        open_loop, _ = asyncio.run(
            log_now(base, episodes + "/now", token, args.clients, args.per_client, args.interval_s)
        )
        server_cpu_ms = (cpu_s() - before) / len(open_loop) * 1000
        closed_loop, closed_s = asyncio.run(
            log_now(base, episodes + "/now", token, args.clients, args.per_client, 0.0)
        )
    finally:
        server.terminate()
        server.wait(timeout=10)
    ms = 1000.0
    machine = (
        f"{platform.machine()}, {psutil.cpu_count()} cores, "
        f"{psutil.virtual_memory().total / 2**30:.0f} GiB, Python {platform.python_version()}"
    )
    print(f"Machine: {machine}. Command: `{' '.join(['bench_journal.py', *sys.argv[1:]])}`\n")
    print("| what | figure | target | met |\n| --- | --- | --- | --- |")
    rows = [
        (
            f"export, {entries:,} entries ({args.months:g} months of {args.children} "
            "simulated children), JSON",
            f"{moved['export_s']:.2f} s (median of 3), {moved['document_mb']:.1f} MB",
            "at most 2 s",
            moved["export_s"] <= 2,
        ),
        (
            "re-import of that document (all rules, one transaction)",
            f"{moved['import_s']:.2f} s (median of 3)",
            "at most 2 s",
            moved["import_s"] <= 2,
        ),
        (
            "one month of a child's episodes over HTTP (60 random months)",
            f"median {statistics.median(months) * ms:.1f} ms, "
            f"p95 {_percentile(months, 95) * ms:.1f} ms",
            "at most 20 ms",
            _percentile(months, 95) <= 0.020,
        ),
        (
            f"log an episode now, {args.clients} clients, each every "
            f"{args.interval_s:g} s (+/-50 %), {len(open_loop)} requests",
            f"p50 {statistics.median(open_loop) * ms:.1f} ms, "
            f"p99 {_percentile(open_loop, 99) * ms:.1f} ms; server CPU "
            f"{server_cpu_ms:.1f} ms a request",
            "p99 at most 25 ms",
            _percentile(open_loop, 99) <= 0.025,
        ),
        (
            f"log an episode now, {args.clients} clients back to back (saturation), "
            f"{len(closed_loop)} requests",
            f"{len(closed_loop) / closed_s:.0f} requests/s; "
            f"p50 {statistics.median(closed_loop) * ms:.1f} ms, "
            f"p99 {_percentile(closed_loop, 99) * ms:.1f} ms",
            "-",
            "-",
        ),
    ]
    for what, figure, target, met in rows:
        flag = met if isinstance(met, str) else ("yes" if met else "**no**")
        print(f"| {what} | {figure} | {target} | {flag} |")


if __name__ == "__main__":
    main()
