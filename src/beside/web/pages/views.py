"""The pages' templates, escaped whatever their file names end in.

Starlette's Jinja setup escapes only ``.html``, ``.htm`` and ``.xml`` files, so a child
named ``<img src=x onerror=...>`` in a ``.j2`` template would run as a script: here every
template, and every string rendered, is escaped (issue 12, item 9).
"""

from __future__ import annotations

import json
from datetime import datetime
from functools import cache
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.responses import Response

from beside.errors import AuthFailed
from beside.journal.access import Caller
from beside.web.csrf import CSRF_HEADER, csrf_token
from beside.web.deps import caller_of, session_secret


@cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("beside.web", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )


async def caller_or_none(request: Request, at: datetime) -> Caller | None:
    """Who opened the page, or None when no one is signed in (the page then sends them to
    sign in, and back: ``sign_in_first``)."""
    try:
        return await caller_of(request, at, writing=False)
    except AuthFailed:
        return None


def sign_in_first(request: Request) -> RedirectResponse:
    path = request.url.path
    return RedirectResponse("/login" if path == "/" else f"/login?next={path}", status_code=303)


class Revalidated(StaticFiles):
    """The pages' scripts and styles: kept by the browser but asked for again each time
    (``no-cache``), which an unchanged file answers with a bodiless 304 (its ETag). Every
    other answer is ``no-store`` (``web.guard``): those hold a family's records."""

    def file_response(self, *args: Any, **kwargs: Any) -> Response:
        response = super().file_response(*args, **kwargs)
        response.headers["cache-control"] = "no-cache"
        return response


def page(
    request: Request, template: str, *, status: int = 200, csrf: bool = True, **context: Any
) -> HTMLResponse:
    """A page. Signed in, its body carries the CSRF token htmx sends with every change
    (unless ``csrf`` is False: a page a cache keeps)."""
    secret = session_secret(request) if csrf else None
    headers = json.dumps({CSRF_HEADER: csrf_token(secret)}) if secret else ""
    html = environment().get_template(template).render(csrf_headers=headers, **context)
    return HTMLResponse(html, status_code=status)


def not_found(request: Request) -> HTMLResponse:
    """A household or child the caller is not in: a page that says so (404), not the
    API's JSON."""
    return page(request, "not_found.html.j2", status=404, title="Not found")
