"""What every request meets before any route, and every answer carries (issue 11).

- **Headers are capped** (``MAX_HEADER_BYTES``, 431): an 80 KB cookie once stalled the
  server for ten seconds (Python's cookie unquoting is quadratic on 3.11.7, CVE-2024-7592),
  and 1 MB headers were accepted.
- **A body is JSON** where a route reads one (415 otherwise): form-encoded, ``text/plain``
  and type-less POSTs are what a page on another site can send without asking.
- **A write from a browser must come from our own pages**: a browser names the requesting
  site (``Sec-Fetch-Site``; else ``Origin``), and anything but this origin is refused (403
  ``cross_site``), cookie or not (a login from another site is login CSRF). A page on
  another port of the same host is ``same-site``, not ``same-origin``: refused too (found by
  the review: it created households, signed the victim in and accepted invitations).
  Programs (curl, scripts with a Bearer token) send neither header and are not affected.
- **Only our cookies reach the app**, with token-shaped values (``web.cookies``), so
  Starlette's quadratic unquoting never sees a long quoted value, whatever the Python.
- **Security headers** on every answer: a CSP that allows only our own scripts, styles and
  images (the htmx pages live with it: no inline script), no framing, no sniffing, no
  referrer, and ``no-store`` (a family's records are not cached on a shared computer).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from beside.web.cookies import own_cookie_header
from beside.web.errors import body

#: Every header of a request together (names and values); browsers send under 8 KiB.
MAX_HEADER_BYTES = 16 * 1024
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (
        b"content-security-policy",
        b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
        b" connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
        b" frame-ancestors 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
)


TOO_LARGE = json.dumps(
    body("too_large", "the request's body is larger than this route takes")
).encode()


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse(body(code, message), status_code=status)


def cross_site_refusal(headers: Headers) -> str | None:
    """Why a write a browser sent is not from our own pages, or None if it is."""
    fetch_site = headers.get("sec-fetch-site")
    if fetch_site is not None:
        return None if fetch_site in ("same-origin", "none") else f"sent from {fetch_site}"
    origin = headers.get("origin")
    # by host and port only: behind a TLS proxy the browser's https is our http
    if origin is not None and urlsplit(origin).netloc != headers.get("host", ""):
        return "sent from another origin"
    return None


def _is_json(content_type: str) -> bool:
    kind = content_type.split(";", 1)[0].strip().lower()
    return kind == "application/json" or (
        kind.startswith("application/") and kind.endswith("+json")
    )


def _header_bytes(raw: Iterable[tuple[bytes, bytes]]) -> int:
    return sum(len(name) + len(value) + 4 for name, value in raw)


def _only_own_cookies(scope: Scope) -> Scope:
    raw = scope.get("headers", [])
    if not any(name == b"cookie" for name, _ in raw):
        return scope
    cookies = [v.decode("latin-1") for n, v in raw if n == b"cookie"]
    kept = own_cookie_header(cookies)
    headers = [(n, v) for n, v in raw if n != b"cookie"]
    if kept is not None:
        headers.append((b"cookie", kept.encode("latin-1")))
    return {**scope, "headers": headers}


class RequestGuard:
    """A pure ASGI middleware (no body is read here, and nothing is buffered)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        too_large = False

        async def send_with_headers(message: Message) -> None:
            nonlocal too_large
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if message["status"] == 413:
                    # Starlette's body limit answers in plain text: the one JSON shape instead
                    too_large = True
                    headers = [
                        (b"content-type", b"application/json"),
                        (b"content-length", str(len(TOO_LARGE)).encode()),
                    ]
                present = {name.lower() for name, _ in headers}
                message = {
                    **message,
                    "headers": [
                        *headers,
                        *((n, v) for n, v in SECURITY_HEADERS if n not in present),
                    ],
                }
            elif message["type"] == "http.response.body" and too_large:
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": TOO_LARGE}
            await send(message)

        refusal = self._refusal(scope)
        if refusal is not None:
            await refusal(scope, receive, send_with_headers)
            return
        await self.app(_only_own_cookies(scope), receive, send_with_headers)

    def _refusal(self, scope: Scope) -> JSONResponse | None:
        raw = scope.get("headers", [])
        if _header_bytes(raw) > MAX_HEADER_BYTES:
            return _error(
                431,
                "headers_too_large",
                f"the request's headers are over {MAX_HEADER_BYTES // 1024} KiB",
            )
        if scope["method"] in SAFE_METHODS:
            return None
        headers = Headers(raw=raw)
        has_body = headers.get("content-length", "0") != "0" or "transfer-encoding" in headers
        if has_body and not _is_json(headers.get("content-type", "")):
            return _error(415, "unsupported_media_type", "send the body as application/json")
        why = cross_site_refusal(headers)
        if why is not None:
            return _error(
                403,
                "cross_site",
                f"a change sent by a browser must come from Beside's pages ({why})",
            )
        return None
