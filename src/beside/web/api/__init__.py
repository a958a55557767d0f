"""The JSON API, version 1. Routes parse, check access (``web.deps``) and call the journal;
they hold no rules of their own."""

from __future__ import annotations

from fastapi import APIRouter

from beside.web.api import accounts, children, coaching, episodes, nights, transfer

router = APIRouter(prefix="/api/v1")
for part in (accounts, children, episodes, nights, coaching, transfer):
    router.include_router(part.router)

__all__ = ["router"]
