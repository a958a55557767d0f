"""The real server (``beside serve``: uvicorn, one process or ``workers``) on a free port,
for tests that need it as a user runs it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress

import httpx
from sqlalchemy import Engine


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def live_server(
    engine: Engine, workers: int = 1, env: dict[str, str] | None = None
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """The server on ``engine``'s database (``env``: more settings); yields its base URL
    and process, once it answers. Killed on the way out, with its workers (one process
    group)."""
    port = free_port()
    url = engine.url.render_as_string(hide_password=False)
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
        env={**os.environ, "BESIDE_DATABASE_URL": url, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{base}/openapi.json", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)
        yield base, server
    finally:
        kill_all(server)


def kill_all(server: subprocess.Popen[bytes]) -> None:
    """SIGKILL the server and every worker it started."""
    with suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGKILL)
    server.wait()
