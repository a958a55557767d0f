"""Slow clients meet deadlines (issue 11): the review kept slow-header and slow-body
connections open past 40 s. Against the real server, one process and two (the deadlines
must reach the workers too)."""

from __future__ import annotations

import socket
import time
from urllib.parse import urlsplit

import httpx
import pytest
from sqlalchemy import Engine

from tests.web.live_server import live_server

DEADLINES = {"BESIDE_HEADER_TIMEOUT_S": "1", "BESIDE_BODY_TIMEOUT_S": "2"}


def _open(base: str) -> socket.socket:
    parts = urlsplit(base)
    sock = socket.create_connection((parts.hostname, parts.port), timeout=10)
    return sock


def _closed_after(sock: socket.socket, trickle: bytes, limit_s: float) -> float:
    """Send ``trickle`` a byte at a time every 0.2 s until the server closes; seconds taken."""
    start = time.monotonic()
    sock.settimeout(0.2)
    for byte in trickle * 1000:
        if time.monotonic() - start > limit_s:
            break
        try:
            sock.send(bytes([byte]))
            if sock.recv(4096) == b"":
                return time.monotonic() - start
        except TimeoutError:
            continue
        except OSError:
            return time.monotonic() - start
    return time.monotonic() - start


@pytest.mark.parametrize("workers", [1, 2])
def test_slow_headers_a_silent_connection_and_a_slow_body_are_cut_off(
    engine: Engine, workers: int
) -> None:
    with live_server(engine, workers=workers, env=DEADLINES) as (base, _):
        silent = _open(base)
        silent.settimeout(6)
        start = time.monotonic()
        assert silent.recv(1) == b""
        assert time.monotonic() - start < 4

        slow_headers = _open(base)
        slow_headers.send(b"GET /openapi.json HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        assert _closed_after(slow_headers, b"X-Slow: 1\r\n", limit_s=8) < 4

        slow_body = _open(base)
        slow_body.send(
            b"POST /api/v1/auth/signup HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/json\r\nContent-Length: 5000\r\n\r\n"
        )
        assert _closed_after(slow_body, b'{"a": ', limit_s=10) < 5

        # and a client in good time is served as ever
        assert httpx.get(f"{base}/openapi.json", timeout=5).status_code == 200
