"""The app's pages against issue 12's speed figures: every page's server time at most
100 ms for a child with five years of records, the overview at most 250 KB transferred, a
tap to a stored entry at most 150 ms on loopback.

A demo journal (SQLite, ``beside demo --months 60``: a simulated child's five years stored
as a family's journal) is served by ``beside serve`` as a user runs it; each page is asked
for over loopback after one warm-up, and the median of the repeats quoted. The time is the
client's, from request to last byte: an upper bound on the server's.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bench_simulator import machine

BESIDE = [sys.executable, "-c", "from beside.cli import main; main()"]


def _serve(home: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "BESIDE_DATA_HOME": str(home)}
    server = subprocess.Popen(
        [*BESIDE, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            httpx.get(f"http://127.0.0.1:{port}/login", timeout=1)
            return server
        except httpx.HTTPError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start")


def _median_ms(
    client: httpx.Client, method: str, path: str, repeats: int, **kw: object
) -> tuple[float, int]:
    client.request(method, path, **kw)  # type: ignore[arg-type]
    times, size = [], 0
    for _ in range(repeats):
        started = time.perf_counter()
        r = client.request(method, path, **kw)  # type: ignore[arg-type]
        times.append(1000 * (time.perf_counter() - started))
        r.raise_for_status()
        size = len(r.content)
    return statistics.median(times), size


def _while_what_if(c: httpx.Client, child: str, now: str, token: str, repeats: int) -> None:
    """Taps while a what-if runs in the background (item 5: it never blocks logging), and
    the what-if's own time: three ways, six months, for the demo child's age."""
    csrf = {"X-CSRF-Token": token}

    def tap() -> float:
        """One tap, then its undo (so the journal is as it was): the tap's milliseconds."""
        started = time.perf_counter()
        r = c.post(now + "/upset", json={"peak_distress": 4}, headers=csrf)
        took = 1000 * (time.perf_counter() - started)
        r.raise_for_status()
        undo = re.search(r'hx-post="([^"]+/undo)"', r.text)[1]  # type: ignore[index]
        c.post(undo, headers=csrf).raise_for_status()
        return took

    quiet = [tap() for _ in range(repeats)]
    ask = {"strategies": ["responsive", "present-nearby", "graduated-extinction"], "months": 6}
    started = time.perf_counter()
    run = c.post(child + "/what-if", json=ask, headers=csrf)
    run.raise_for_status()
    poll = re.search(r'hx-get="([^"]+)"', run.text)[1] + ".json"  # type: ignore[index]
    busy: list[float] = []
    while c.get(poll).json()["progress"] < 1.0:
        busy.append(tap())
        time.sleep(0.25)  # a parent's taps come seconds apart, not in a tight loop
    took = time.perf_counter() - started
    print(
        f"tap 'upset', nothing else running: {statistics.median(quiet):.0f} ms; "
        f"while a what-if runs: {statistics.median(busy):.0f} ms (median of {len(busy)} taps, "
        f"max {max(busy):.0f} ms)"
    )
    print(f"what-if, three ways over six months: {took:.1f} s to the result")
    again = []
    kept = {"peak_distress": 4, "entry_id": "0" * 31 + "1"}
    for _ in range(repeats):
        started = time.perf_counter()
        c.post(now + "/upset", json=kept, headers=csrf).raise_for_status()
        again.append(1000 * (time.perf_counter() - started))
    print(f"the same tap sent again (kept offline, stored once): {statistics.median(again):.0f} ms")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--months", type=float, default=60.0)
    ap.add_argument("--repeats", type=int, default=15)
    ap.add_argument("--port", type=int, default=8731)
    args = ap.parse_args()
    home = Path(tempfile.mkdtemp(prefix="beside-bench-pages-"))
    try:
        made = subprocess.run(
            [*BESIDE, "demo", "--months", str(args.months)],
            env={**os.environ, "BESIDE_DATA_HOME": str(home)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        email, password = re.search(r"sign in as (\S+) with password (\S+)", made).groups()  # type: ignore[union-attr]
        server = _serve(home, args.port)
        try:
            base = f"http://127.0.0.1:{args.port}"
            with httpx.Client(base_url=base, headers={"origin": base}, timeout=60) as c:
                c.post(
                    "/api/v1/auth/session", json={"email": email, "password": password}
                ).raise_for_status()
                home_page = html.unescape(c.get("/").text)
                now = re.search(r'href="(/households/[^"]+/now)"', home_page)[1]  # type: ignore[index]
                token = re.search(r'"X-CSRF-Token": "([^"]+)"', home_page)[1]  # type: ignore[index]
                child = now.removesuffix("/now")
                household = child.split("/children")[0]
                print(f"machine: {machine()}")
                print(made.strip().split(";")[0])
                for name, path in (
                    ("home", "/"),
                    ("right now", now),
                    ("overview", child + "/overview"),
                    ("overview, JSON twin", child + "/overview.json"),
                    ("people", household),
                ):
                    ms, size = _median_ms(c, "GET", path, args.repeats)
                    print(f"{name}: {ms:.0f} ms (median of {args.repeats}), {size / 1000:.0f} KB")
                taps = []
                for _ in range(args.repeats):
                    started = time.perf_counter()
                    r = c.post(
                        now + "/upset", json={"peak_distress": 5}, headers={"X-CSRF-Token": token}
                    )
                    taps.append(1000 * (time.perf_counter() - started))
                    r.raise_for_status()
                    undo = re.search(r'hx-post="([^"]+/undo)"', r.text)[1]  # type: ignore[index]
                    c.post(undo, headers={"X-CSRF-Token": token}).raise_for_status()
                print(
                    f"tap 'upset' to a stored episode: {statistics.median(taps):.0f} ms"
                    f" (median of {args.repeats})"
                )
                _while_what_if(c, child, now, token, args.repeats)
                fresh = []
                for _ in range(args.repeats):  # a new entry each time: no kept drawing fits
                    c.post(
                        now + "/upset", json={"peak_distress": 5}, headers={"X-CSRF-Token": token}
                    ).raise_for_status()
                    started = time.perf_counter()
                    c.get(child + "/overview").raise_for_status()
                    fresh.append(1000 * (time.perf_counter() - started))
                print(
                    f"overview just after a new entry: {statistics.median(fresh):.0f} ms"
                    f" (median of {args.repeats})"
                )
        finally:
            server.terminate()
            server.wait(timeout=30)
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
