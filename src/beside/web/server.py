"""The HTTP server's connection handling: deadlines for slow clients (issue 11).

Uvicorn closes a keep-alive connection that stays idle, but none that trickles its request:
the review kept slow-header and slow-body connections open past 40 s, and each holds a
socket and, for a body, a request in the app. Here a request must send all of its headers
within ``header_timeout_s`` of its first byte (or of the connection opening), and all of
its body within ``body_timeout_s`` of its headers; otherwise the connection is closed.
The body's time is generous (``docs/settings.md``): a large import over a slow uplink is
no attack.
"""

from __future__ import annotations

import asyncio
import functools
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from beside.settings import Settings


def server_options(settings: Settings) -> dict[str, Any]:
    """How ``beside serve`` runs uvicorn. No access log: its lines name households and
    children (ids in every path), and a family's journal should leave no traces in server
    logs (errors are still logged). No proxy headers read by uvicorn, which believes any
    from 127.0.0.1 by default: ``web.guard`` reads them, from the proxies it is told to
    trust only. Slow clients meet deadlines (``DeadlineProtocol``); uvicorn calls the
    partial as it would the class."""
    return {
        "host": settings.host,
        "port": settings.port,
        "access_log": False,
        "proxy_headers": False,
        "server_header": False,
        "http": functools.partial(
            DeadlineProtocol,
            header_timeout_s=settings.header_timeout_s,
            body_timeout_s=settings.body_timeout_s,
        ),
    }


class DeadlineProtocol(HttpToolsProtocol):
    """Uvicorn's httptools protocol with a deadline on reading each request."""

    def __init__(
        self, *args: Any, header_timeout_s: float, body_timeout_s: float, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.header_timeout_s = header_timeout_s
        self.body_timeout_s = body_timeout_s
        self._deadline: asyncio.TimerHandle | None = None

    def _arm(self, seconds: float) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(seconds, self._too_slow)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        if not self.transport.is_closing():
            self.transport.close()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm(self.header_timeout_s)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._arm(self.header_timeout_s)

    def on_headers_complete(self) -> None:
        super().on_headers_complete()
        self._arm(self.body_timeout_s)

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._disarm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)
