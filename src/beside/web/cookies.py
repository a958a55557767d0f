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
from dataclasses import dataclass


@dataclass(frozen=True)
class CookieNames:
    """The names of our two cookies: the page session's (HttpOnly, SameSite=Strict;
    programs send a Bearer token instead) and a device's that signed in before
    (``journal.throttle``; sent to the sign-in routes only).

    Over https the names carry the browsers' prefixes: ``__Host-`` binds the session to
    this exact host, Secure and path ``/``, so a neighbour on a sibling subdomain or a
    plain-http page cannot set or overwrite it (cookie tossing); the device cookie has a
    narrower path and so can only be ``__Secure-``. Only the names of the request's kind
    are read: over https an unprefixed session cookie is no session."""

    session: str
    device: str
    secure: bool


PLAIN = CookieNames(session="beside_session", device="beside_device", secure=False)
SECURE = CookieNames(session="__Host-beside_session", device="__Secure-beside_device", secure=True)
SESSION_COOKIE = PLAIN.session
DEVICE_COOKIE_PATH = "/api/v1/auth"
#: Every cookie the app reads.
OWN_COOKIES = (PLAIN.session, PLAIN.device, SECURE.session, SECURE.device)
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
