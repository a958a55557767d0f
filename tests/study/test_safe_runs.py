"""Safe long runs (issue 13, item 5): SIGTERM and SIGINT stop ``beside simulate`` alike,
its workers with it, and leave no staging folder; a staging folder left by a run killed
outright is removed by the next run into the same place, unless a live process owns it; a
run the disk cannot hold is refused before it starts, with the figures."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from beside.errors import OutputError
from beside.model.cohort import StudyDesign
from beside.model.params import default_params
from beside.study.runs import PARTIAL_PREFIX, check_room, estimate_bytes, run_study

BESIDE = [sys.executable, "-c", "from beside.cli import main; main()"]


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_stops_the_run_and_leaves_nothing(
    tmp_path: Path, signum: signal.Signals, code: int
) -> None:
    out = tmp_path / "cohort"
    args = ["--children", "200000", "--months", "12", "--workers", "2", "--out", str(out)]
    run = subprocess.Popen(
        [*BESIDE, "simulate", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while not list(out.glob(PARTIAL_PREFIX + "*/parts")) and time.monotonic() < deadline:
        time.sleep(0.1)  # wait for the workers to be writing
    assert run.poll() is None, run.communicate()[1]
    time.sleep(1.0)
    run.send_signal(signum)
    _, err = run.communicate(timeout=60)
    assert run.returncode == code, err
    assert err.strip().splitlines()[-1] == (
        f"error: stopped by {signum.name}: nothing half-written was left behind"
    )
    assert list(out.iterdir()) == []


def _partial(out: Path, name: str, owner: dict[str, object] | None) -> Path:
    folder = out / (PARTIAL_PREFIX + name)
    (folder / "parts").mkdir(parents=True)
    (folder / "parts" / "nights.parquet").write_bytes(b"x" * 1000)
    if owner is not None:
        (folder / ".owner").write_text(json.dumps(owner), encoding="utf-8")
    return folder


def test_a_killed_runs_folder_is_removed_by_the_next_run(tmp_path: Path) -> None:
    here = socket.gethostname()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()  # a process that ran here and is gone: its pid is free
    killed = _partial(tmp_path, "killed", {"pid": dead.pid, "host": here})
    ownerless = _partial(tmp_path, "ownerless", None)
    running = _partial(tmp_path, "running", {"pid": os.getpid(), "host": here})
    elsewhere = _partial(tmp_path, "elsewhere", {"pid": dead.pid, "host": here + "-other"})
    run_study(default_params(), StudyDesign(children=20, months=1), tmp_path)
    assert not killed.exists()
    assert not ownerless.exists()
    assert running.exists()  # a live run's folder is its own
    assert elsewhere.exists()  # another machine's run, on a shared filesystem
    assert (tmp_path / "nights.parquet").exists()
    assert not (tmp_path / ".owner").exists()


def test_a_run_the_disk_cannot_hold_is_refused_before_it_starts(tmp_path: Path) -> None:
    huge = StudyDesign(children=10_000_000, months=72)
    need = estimate_bytes(huge)
    assert need > 3e12  # about 4 TB, as the issue found
    out = tmp_path / "cohort"
    with pytest.raises(OutputError, match=r"about \d\.\d TB .* free") as refused:
        run_study(default_params(), huge, out)
    assert refused.value.field == "out"
    assert not out.exists()
    check_room(out, 1000)  # a small run fits
    small = StudyDesign(children=100, months=2)
    run_study(default_params(), small, out)
    written = sum(p.stat().st_size for p in out.iterdir())
    assert written <= estimate_bytes(small)  # the estimate errs high, as it says
