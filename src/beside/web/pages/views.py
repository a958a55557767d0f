"""The pages' templates, escaped whatever their file names end in.

Starlette's Jinja setup escapes only ``.html``, ``.htm`` and ``.xml`` files, so a child
named ``<img src=x onerror=...>`` in a ``.j2`` template would run as a script: here every
template, and every string rendered, is escaped (issue 12, item 9).
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse

from beside.web.csrf import CSRF_HEADER, csrf_token
from beside.web.deps import session_secret


@cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("beside.web", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )


def page(request: Request, template: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    """A page. Signed in, its body carries the CSRF token htmx sends with every change."""
    secret = session_secret(request)
    headers = json.dumps({CSRF_HEADER: csrf_token(secret)}) if secret else ""
    html = environment().get_template(template).render(csrf_headers=headers, **context)
    return HTMLResponse(html, status_code=status)
