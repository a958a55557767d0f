"""Beside's journal server beside Baby Buddy's, in one run, on this machine (issue 10).

Both are loaded with wrk (Debian's), 50 connections, A B A B, each run after a warm-up;
the figures are medians of the two runs of each, in answered (2xx) requests a second: a
refused request is quick to answer and is no work done. Start Baby Buddy afresh for each
run (its entries must not overlap, and the write slots start over). Workloads:

- write: Beside's "log an episode now" against Baby Buddy's ``POST /api/sleep/``;
- read: 100 entries of a child with 5,000 (Beside: episodes; Baby Buddy: sleep entries).

Baby Buddy runs as ``../shared/anchors/babybuddy-serve`` starts it (gunicorn 2 x 4 gthread,
SQLite); give its address, token and child. Beside runs as ``beside serve --workers N``
(SQLite, WAL). With ``--write-results``, the table replaces the one between the markers in
benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import psutil
from sqlalchemy.orm import Session

from beside.journal import access, members
from beside.journal import children as child_store
from beside.journal import episodes as episode_store
from beside.journal.db import make_engine
from beside.journal.migrate import upgrade
from beside.journal.schema import TokenKind
from beside.records import Child, Episode

HERE = Path(__file__).parent
LUA = HERE / "wrk"
RESULTS = HERE / "RESULTS.md"
START, END = "<!-- side-by-side:start -->", "<!-- side-by-side:end -->"


def beside_world(url: str, entries: int) -> tuple[str, str]:
    """An account, a household and a child with ``entries`` episodes; (child's path, token)."""
    engine = make_engine(url)
    upgrade(engine)
    now = datetime.now(UTC)
    with Session(engine) as s:
        user = access.sign_up(
            s, email="bench@example.org", display_name="B", password="bench bench bench", now=now
        )
        house = members.create_owned_household(s, user, name="Bench", time_zone="UTC", now=now)
        born = (now - timedelta(days=3 * 365)).date()
        child = child_store.add_child(s, house.id, Child(name="Ada", birth_date=born))
        first = now - timedelta(days=900)
        for i in range(entries):
            start = first + timedelta(hours=3 * i)
            episode_store.log_episode(
                s, child, Episode(start=start, peak_distress=4.0), by=user.id, now=now
            )
        token = access.issue_token(s, user, kind=TokenKind.API, now=now)
        s.commit()
        path = f"/api/v1/households/{house.id}/children/{child.id}/episodes"
    engine.dispose()
    return path, token


def start_beside(url: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from beside.cli import main; main()",
            "serve",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        env={**os.environ, "BESIDE_DATABASE_URL": url},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(f"http://127.0.0.1:{port}/openapi.json", timeout=2)
            return server
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise RuntimeError("Beside did not start") from None
            time.sleep(0.3)


def wrk(
    url: str, script: str, seconds: float, env: dict[str, str], connections: int
) -> dict[str, float]:
    """One wrk run: requests a second, p99 in ms, requests and non-2xx answers."""
    done = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds:g}s",
            "--latency",
            "--timeout",
            "10s",
            "-s",
            str(LUA / script),
            url,
        ],
        capture_output=True,
        text=True,
        env={**os.environ, **env, "BENCH_THREADS": "2"},
        check=True,
    )
    text = done.stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))  # type: ignore[union-attr]
    p99 = re.search(r"\s99%\s+([\d.]+)(us|ms|s)\b", text)
    assert p99 is not None, text
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    done_in = re.search(r"(\d+) requests in ([\d.]+)(ms|s|m)\b", text)
    assert done_in is not None, text
    total = int(done_in.group(1))
    seconds = float(done_in.group(2)) * {"ms": 0.001, "s": 1.0, "m": 60.0}[done_in.group(3)]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text
    )
    failed = (int(bad.group(1)) if bad else 0) + (sum(map(int, errors.groups())) if errors else 0)
    # Answered requests a second: a refused entry (a 400 for an overlapping sleep, say) is
    # quick to answer and must not count as work done.
    return {
        "rate": (total - failed) / seconds,
        "wrk_rate": rate,
        "p99_ms": float(p99.group(1)) * scale,
        "requests": total,
        "failed": failed,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--babybuddy-url", required=True)
    parser.add_argument("--babybuddy-token", required=True)
    parser.add_argument("--babybuddy-child", required=True)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--warmup", type=float, default=5.0)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=1, help="Beside's server processes")
    parser.add_argument("--write-results", action="store_true")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="beside-side-by-side-"))
    url = f"sqlite+pysqlite:///{folder / 'journal.db'}"
    path, token = beside_world(url, 5000)
    port = 8123
    server = start_beside(url, port, args.workers)
    bb = args.babybuddy_url.rstrip("/")
    slots = 0

    def bb_write(seconds: float) -> dict[str, float]:
        nonlocal slots
        env = {
            "BENCH_TOKEN": args.babybuddy_token,
            "BENCH_CHILD": args.babybuddy_child,
            "BENCH_FROM": str(slots),
        }
        got = wrk(f"{bb}/api/sleep/", "babybuddy_write.lua", seconds, env, args.connections)
        slots += int(got["requests"]) + 2 * args.connections + 100
        return got

    beside = f"http://127.0.0.1:{port}{path}"
    runs = {
        "write": (
            lambda s: wrk(
                f"{beside}/now", "beside_write.lua", s, {"BENCH_TOKEN": token}, args.connections
            ),
            bb_write,
        ),
        "read": (
            lambda s: wrk(
                f"{beside}?limit=100",
                "beside_read.lua",
                s,
                {"BENCH_TOKEN": token},
                args.connections,
            ),
            lambda s: wrk(
                f"{bb}/api/sleep/?child={args.babybuddy_child}&limit=100",
                "babybuddy_read.lua",
                s,
                {"BENCH_TOKEN": args.babybuddy_token},
                args.connections,
            ),
        ),
    }
    figures: dict[str, dict[str, list[dict[str, float]]]] = {}
    try:
        for workload, (ours, theirs) in runs.items():
            figures[workload] = {"beside": [], "babybuddy": []}
            for _ in range(2):  # A B A B
                for name, run in (("beside", ours), ("babybuddy", theirs)):
                    run(args.warmup)
                    got = run(args.seconds)
                    print(workload, name, got, file=sys.stderr)
                    figures[workload][name].append(got)
        alive = httpx.get(
            f"http://127.0.0.1:{port}{path}?limit=1",
            headers={"Authorization": f"Bearer {token}"},
            timeout=5,
        )
    finally:
        os.killpg(server.pid, 9)
        server.wait()
    table = render(figures, args, alive.status_code == 200)
    print(table)
    if args.write_results:
        text = RESULTS.read_text(encoding="utf-8")
        head, _, rest = text.partition(START)
        _, _, tail = rest.partition(END)
        RESULTS.write_text(f"{head}{START}\n{table}{END}{tail}", encoding="utf-8")


def render(
    figures: dict[str, dict[str, list[dict[str, float]]]], args: argparse.Namespace, alive: bool
) -> str:
    def med(runs: list[dict[str, float]], key: str) -> float:
        return statistics.median(r[key] for r in runs)

    machine = (
        f"{platform.machine()}, {psutil.cpu_count()} cores, "
        f"{psutil.virtual_memory().total / 2**30:.0f} GiB, Python {platform.python_version()}"
    )
    lines = [
        f"Measured {datetime.now(UTC):%Y-%m-%d} on {machine}: `make bench-journal "
        f"BABYBUDDY=...` (benchmarks/bench_side_by_side.py), wrk 2 threads x "
        f"{args.connections} connections, {args.seconds:g} s after a {args.warmup:g} s warm-up, "
        "A B A B, medians of two runs of answered (2xx) requests a second; Beside "
        f"`serve --workers {args.workers}`, Baby Buddy 2.10 gunicorn 2 x 4 gthread, both SQLite.",
        "",
        "| workload | Baby Buddy | Beside | ratio | goal | met |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for workload, label in (
        ("write", 'write: `POST /api/sleep/` vs "log an episode now"'),
        ("read", "read: 100 entries of a child with 5,000"),
    ):
        ours, theirs = figures[workload]["beside"], figures[workload]["babybuddy"]
        ratio = med(ours, "rate") / med(theirs, "rate")
        p99_ratio = med(ours, "p99_ms") / med(theirs, "p99_ms")
        failed = sum(r["failed"] for r in ours)
        theirs_failed = sum(r["failed"] for r in theirs)
        met = ratio >= 3 and failed == 0 and (workload == "read" or p99_ratio <= 1 / 3)
        if workload == "read":
            met = met and alive
        goal = (
            "at least 3x the throughput, p99 below a third"
            if workload == "write"
            else "at least 3x, no request lost, answering after"
        )
        lines.append(
            f"| {label} | {med(theirs, 'rate'):.0f} req/s, p99 {med(theirs, 'p99_ms'):.0f} ms,"
            f" {theirs_failed} failed | {med(ours, 'rate'):.0f} req/s,"
            f" p99 {med(ours, 'p99_ms'):.0f} ms, {failed} failed"
            f" | {ratio:.1f}x, p99 {p99_ratio:.2f} | {goal} | {'yes' if met else 'no'} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
