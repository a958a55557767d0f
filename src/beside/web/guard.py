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
- **Behind a reverse proxy** (``BESIDE_TRUSTED_PROXIES``) the client's address and scheme
  are the proxy's word (``X-Forwarded-For``, ``X-Forwarded-Proto``), and only a listed
  proxy's: anyone else could name any address and slip past the per-address sign-in limit.
  The address taken is the last one no trusted proxy added.
- **The Host must be ours** (400 ``host_not_allowed``): an IP address, ``localhost``, the
  public URL's host or a listed name. A site whose name an attacker points at 127.0.0.1
  (DNS rebinding) reaches the server as a same-origin page of its own, and its requests
  name its host: they are refused, reads too. An IP address cannot be rebound.
- **Only our cookies reach the app**, with token-shaped values (``web.cookies``), so
  Starlette's quadratic unquoting never sees a long quoted value, whatever the Python.
- **Security headers** on every answer: a CSP that allows only our own scripts, styles and
  images (the htmx pages live with it: no inline script), no framing, no sniffing, no
  referrer, and ``no-store`` (a family's records are not cached on a shared computer).
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from beside.settings import Settings
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


Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def cross_site_refusal(headers: Headers, public_url: str | None = None) -> str | None:
    """Why a write a browser sent is not from our own pages, or None if it is."""
    fetch_site = headers.get("sec-fetch-site")
    if fetch_site is not None:
        return None if fetch_site in ("same-origin", "none") else f"sent from {fetch_site}"
    origin = headers.get("origin")
    if origin is None or origin.rstrip("/").lower() == public_url:
        return None
    # by host and port: behind a TLS proxy that keeps the Host, the browser's https is our http
    if urlsplit(origin).netloc != headers.get("host", ""):
        return "sent from another origin"
    return None


def host_refusal(host: str | None, names: frozenset[str]) -> str | None:
    """Why a request's Host is not one of ours (DNS rebinding), or None if it is."""
    if host is None:
        return None  # HTTP/1.0 without a Host: not a browser, so not a rebinding
    try:
        name = urlsplit(f"//{host}").hostname
    except ValueError:
        name = None
    if not name:
        return "the Host header is not a host name"
    if name == "localhost" or name in names:
        return None
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return f"{name!r} is not a host this server answers for (BESIDE_ALLOWED_HOSTS)"
    return None


def _trusted(address: str, proxies: Sequence[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in proxies)


def through_proxy(scope: Scope, proxies: Sequence[Network]) -> Scope:
    """The scope with the client and scheme a trusted proxy says, if it came through one."""
    client = scope.get("client")
    if not proxies or not client or not _trusted(client[0], proxies):
        return scope
    headers = Headers(scope=scope)
    hops = [h.strip() for v in headers.getlist("x-forwarded-for") for h in v.split(",")]
    address = client[0]
    for hop in reversed(hops):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            break  # not an address: believe no further
        address = hop
        if not _trusted(hop, proxies):
            break
    scheme = scope["scheme"]
    proto = headers.get("x-forwarded-proto", "").split(",")[-1].strip().lower()
    if proto in ("http", "https"):
        scheme = proto
    return {**scope, "client": (address, 0), "scheme": scheme}


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

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.proxies = settings.proxy_networks()
        self.host_names = settings.host_names()
        self.public_url = settings.public_url

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

        scope = through_proxy(scope, self.proxies)
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
        headers = Headers(raw=raw)
        bad_host = host_refusal(headers.get("host"), self.host_names)
        if bad_host is not None:
            return _error(400, "host_not_allowed", bad_host)
        if scope["method"] in SAFE_METHODS:
            return None
        has_body = headers.get("content-length", "0") != "0" or "transfer-encoding" in headers
        if has_body and not _is_json(headers.get("content-type", "")):
            return _error(415, "unsupported_media_type", "send the body as application/json")
        why = cross_site_refusal(headers, self.public_url)
        if why is not None:
            return _error(
                403,
                "cross_site",
                f"a change sent by a browser must come from Beside's pages ({why})",
            )
        return None
