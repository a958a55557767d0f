"""What makes the app installable and lets it open with no connection (issue 12, item 3):
the service worker, served from the root so that it looks after every page, and the page it
shows when there is no connection. That page holds no one's records and no CSRF token: the
worker keeps a copy of it, and nothing of a family may linger in a shared tablet's cache."""

from __future__ import annotations

from importlib.resources import files

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from beside.web.pages.views import page

router = APIRouter(include_in_schema=False)


@router.get("/sw.js")
def service_worker() -> Response:
    script = files("beside.web").joinpath("static", "sw.js").read_bytes()
    return Response(script, media_type="text/javascript", headers={"Cache-Control": "no-cache"})


@router.get("/offline", response_class=HTMLResponse)
def offline(request: Request) -> Response:
    return page(request, "offline.html.j2", csrf=False, title="No connection")
