"""A small Baby Buddy of our own on 127.0.0.1, speaking exactly the API the importer uses.

- ``Authorization: Token <key>`` or 401 ``{"detail": ...}``;
- ``GET /api/children/``, ``/api/sleep/?child=<id>``, ``/api/notes/?child=<id>``; a child's
  slug in ``child=`` is refused with 400, as Baby Buddy does;
- pages of ``{"count", "next", "previous", "results"}`` with ``limit``/``offset``, at most
  ``max_page`` entries, ``next`` as an absolute URL;
- times with offsets, in UTC on one request and in the family's zone on the next.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")
KEY = "0123456789abcdef0123456789abcdef01234567"


@dataclass
class Family:
    children: list[dict[str, Any]] = field(default_factory=list)
    #: sleep entries with aware datetimes; rendered per request
    sleep: list[dict[str, Any]] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)


def family(nights: int = 6, first_evening: date = date(2025, 10, 23)) -> Family:
    """Two children; the first has ``nights`` nights of three sleeps each (two wakings a
    night, one night across the end of summer time) and a nap a day; notes for both."""
    fam = Family(
        children=[
            {
                "id": 1,
                "first_name": "Mia",
                "last_name": "Lund",
                "birth_date": "2025-03-01",
                "slug": "mia-lund",
            },
            {
                "id": 2,
                "first_name": "Oskar",
                "last_name": "Lund",
                "birth_date": "2023-06-15",
                "slug": "oskar-lund",
            },
        ]
    )
    entry_id = 100
    for n in range(nights):
        day = first_evening + timedelta(days=n)
        bed = datetime(day.year, day.month, day.day, 19, 30, tzinfo=OSLO)
        pieces = [(0, 220), (240, 450), (470, 670)]  # minutes after bed: two gaps of 20
        for a, b in pieces:
            entry_id += 1
            fam.sleep.append(
                {
                    "id": entry_id,
                    "child": 1,
                    "start": (bed + timedelta(minutes=a)).astimezone(UTC),
                    "end": (bed + timedelta(minutes=b)).astimezone(UTC),
                    "nap": False,
                    "notes": "",
                    "tags": [],
                }
            )
        entry_id += 1
        nap = datetime(day.year, day.month, day.day, 13, 0, tzinfo=OSLO)
        fam.sleep.append(
            {
                "id": entry_id,
                "child": 1,
                "start": nap.astimezone(UTC),
                "end": (nap + timedelta(minutes=80)).astimezone(UTC),
                "nap": True,
                "notes": "",
                "tags": [],
            }
        )
    fam.sleep[0]["notes"] = "Fell asleep on the feed."
    fam.sleep[0]["tags"] = ["feeding"]
    fam.notes = [
        {
            "id": 7,
            "child": 1,
            "note": "First tooth, maybe?",
            "time": datetime(2025, 10, 25, 9, 15, tzinfo=OSLO).astimezone(UTC),
            "tags": ["teeth"],
        },
        {
            "id": 8,
            "child": 2,
            "note": "Big brother helped with the bath.",
            "time": datetime(2025, 10, 26, 18, 0, tzinfo=OSLO).astimezone(UTC),
            "tags": [],
        },
    ]
    return fam


def render(value: Any, local: bool) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(OSLO if local else UTC).isoformat()
    if isinstance(value, dict):
        return {k: render(v, local) for k, v in value.items()}
    return value


@contextmanager
def serve(
    fam: Family, *, max_page: int = 4, next_host: str | None = None
) -> Iterator[tuple[str, list[str]]]:
    """Run the fake server; yields its base URL and the request log (paths with queries).
    ``next_host`` makes ``next`` links point elsewhere (a server that should not be trusted)."""
    log: list[str] = []
    counter = iter(range(10**9))

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _send(self, status: int, body: Any) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            log.append(self.path)
            if self.headers.get("Authorization") != f"Token {KEY}":
                self._send(401, {"detail": "Invalid token."})
                return
            parts = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            items: list[dict[str, Any]]
            if parts.path == "/api/children/":
                items = fam.children
            elif parts.path in ("/api/sleep/", "/api/notes/"):
                child = query.get("child")
                if child is not None and not child.isdigit():
                    self._send(400, {"child": ["Select a valid choice."]})
                    return
                source = fam.sleep if parts.path == "/api/sleep/" else fam.notes
                items = [e for e in source if child is None or str(e["child"]) == child]
            else:
                self._send(404, {"detail": "Not found."})
                return
            limit = min(int(query.get("limit", max_page)), max_page)
            offset = int(query.get("offset", 0))
            base = f"http://{next_host or self.headers['Host']}{parts.path}"

            def link(at: int) -> str:
                return base + "?" + urlencode({**query, "limit": limit, "offset": at})

            local = next(counter) % 2 == 1  # UTC, then the family's zone, then UTC ...
            self._send(
                200,
                {
                    "count": len(items),
                    "next": link(offset + limit) if offset + limit < len(items) else None,
                    "previous": link(max(0, offset - limit)) if offset > 0 else None,
                    "results": [render(e, local) for e in items[offset : offset + limit]],
                },
            )

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", log
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
