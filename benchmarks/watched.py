"""Run a command as a user would, timing it and sampling the resident memory of its whole
process tree every 0.1 s (workers included)."""

from __future__ import annotations

import contextlib
import subprocess
import threading
import time

import psutil


def _tree_rss(proc: psutil.Process) -> int:
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            total += p.memory_info().rss
    return total


def run_watched(cmd: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak MB and stdout; exits with the command's stderr if it fails."""
    peak = 0
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    watched = psutil.Process(proc.pid)
    done = threading.Event()

    def watch() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(watched))
            time.sleep(0.1)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    stdout, stderr = proc.communicate()
    seconds = time.perf_counter() - started
    done.set()
    thread.join()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[3:5])} failed: {stderr}")
    return seconds, peak / 1e6, stdout
