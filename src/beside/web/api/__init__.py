"""The JSON API, version 1. Routes parse, check access (``web.deps``) and call the journal;
they hold no rules of their own."""

from __future__ import annotations

from fastapi import APIRouter

from beside.web.api import (
    accounts,
    audit,
    children,
    coaching,
    episodes,
    members,
    naps,
    nights,
    transfer,
)

PREFIX = "/api/v1"
#: Included straight into the app (``web.app``): a router nested in a router costs FastAPI
#: a second round of matching on every request.
ROUTERS: tuple[APIRouter, ...] = tuple(
    part.router
    for part in (accounts, audit, children, episodes, nights, naps, members, coaching, transfer)
)

__all__ = ["PREFIX", "ROUTERS"]
