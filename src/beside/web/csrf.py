"""The CSRF token a page sends with every change it makes under the session cookie.

The guard already refuses writes another site's page sends (``web.guard``: ``Sec-Fetch-Site``
or ``Origin``), and the cookie is SameSite=Strict. The token is the layer that does not
depend on the browser: a change made with the cookie must also carry ``X-CSRF-Token``,
which only a page of ours can know. It is an HMAC of the session's secret, so the server
keeps nothing for it, it changes with each sign-in, and it survives a reverse proxy that
rewrites the host or the scheme (the check never looks at either: the failure of many
self-hosted apps behind a TLS proxy, whose token check compares the origin it sees with the
one the browser names). Programs with a Bearer token need none: no browser sends that.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

CSRF_HEADER = "X-CSRF-Token"
_PURPOSE = b"beside csrf token v1"


def csrf_token(session_secret: str) -> str:
    """The token for pages signed in with this session's secret."""
    digest = hmac.new(session_secret.encode(), _PURPOSE, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def csrf_matches(session_secret: str, sent: str | None) -> bool:
    return sent is not None and hmac.compare_digest(csrf_token(session_secret), sent.strip())
