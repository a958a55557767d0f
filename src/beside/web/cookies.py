"""Our cookies, read in one pass over the header whatever the Python.

Starlette's cookie parser unquotes every value with ``http.cookies._unquote``, which is
quadratic on Python 3.11.7 (CVE-2024-7592): an 80 KB cookie took 10.6 s on the event loop
(issue 11), and FastAPI parses the cookies of every request. Our cookies hold tokens of
URL-safe characters, so nothing needs unquoting: ``web.guard`` hands the app only those
(``own_cookie_header``), and a value of any other shape is no session at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: The page session's cookie (HttpOnly, SameSite=Strict); programs send a Bearer token.
SESSION_COOKIE = "beside_session"
#: A device that signed in before (``journal.throttle``): sent to the sign-in routes only.
DEVICE_COOKIE = "beside_device"
DEVICE_COOKIE_PATH = "/api/v1/auth"
#: Every cookie the app reads.
OWN_COOKIES = (SESSION_COOKIE, DEVICE_COOKIE)
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,128}")


def cookie_value(headers: Iterable[str], name: str) -> str | None:
    """The first ``name=value`` among the Cookie headers whose value is a token."""
    for header in headers:
        for chunk in header.split(";"):
            key, sep, value = chunk.partition("=")
            if sep and key.strip() == name:
                value = value.strip()
                return value if _TOKEN.fullmatch(value) else None
    return None


def own_cookie_header(headers: Iterable[str]) -> str | None:
    """One Cookie header holding only our cookies with token-shaped values (none left:
    None). Nothing else a browser sends for this host reaches the app."""
    kept = [
        f"{name}={value}"
        for name in OWN_COOKIES
        if (value := cookie_value(headers, name)) is not None
    ]
    return "; ".join(kept) or None
