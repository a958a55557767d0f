"""The application factory: ``create_app(settings)``; nothing connects at import time."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from starlette.types import ASGIApp

from beside import __version__
from beside.journal.db import make_server_engine, session_factory
from beside.journal.migrate import upgrade
from beside.settings import Settings, load
from beside.web import errors
from beside.web.api import PREFIX, ROUTERS
from beside.web.deps import BODY_MODELS
from beside.web.guard import RequestGuard
from beside.web.limits import MAX_BODY_BYTES
from beside.web.pages import (
    child_details,
    coaching,
    entries,
    home,
    household,
    installable,
    moment,
    overview,
    sleep,
    what_if,
)
from beside.web.pages.views import Revalidated


def create_app(settings: Settings | None = None, *, migrate: bool = False) -> FastAPI:
    """The app over one engine, built from ``settings`` (default: the environment's);
    ``migrate`` brings the store's schema up to date first, on that same engine."""
    settings = settings or load()
    engine, slots = make_server_engine(settings.journal_url())
    if migrate:
        upgrade(engine)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        runs = getattr(app.state, "what_if", None)
        if runs is not None:
            runs.close()  # a what-if still running is dropped: it stored nothing
        engine.dispose()  # close pooled connections when the app stops

    app = FastAPI(
        title="Beside journal API",
        version=__version__,
        description="Record a child's upsets and nights; read them back.",
        lifespan=lifespan,
        # FastAPI's /docs and /redoc pages load their scripts from a CDN: no third-party
        # requests from our pages. The schema itself is at /openapi.json.
        docs_url=None,
        # Bodies are small JSON; an import is the one large one (its route says so). A
        # 200 MB POST once took the server from 215 to 683 MB (issue 11).
        max_body_size=MAX_BODY_BYTES,
        redoc_url=None,
        # No telemetry, whatever the environment says (FastAPI can export OpenTelemetry
        # when FASTAPI_OTEL_AUTO_CONFIGURE and an OTLP endpoint are set).
        telemetry={
            "tracing": False,
            "metrics": False,
            "logs": False,
            "operation_spans": False,
            "auto_configure": False,
        },
    )
    _guarded(app, settings)
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessions = session_factory(engine)
    app.state.sqlite_writer = asyncio.Lock()  # see web.deps.db_session
    # At most as many requests hold a session as the pool has connections (web.deps).
    app.state.db_slots = asyncio.Semaphore(slots) if slots else None
    errors.install(app)
    for router in ROUTERS:
        app.include_router(router, prefix=PREFIX)
    app.include_router(home.router)
    app.include_router(moment.router)
    app.include_router(sleep.router)
    app.include_router(overview.router)
    app.include_router(household.router)
    app.include_router(coaching.router)
    app.include_router(installable.router)
    app.include_router(what_if.router)
    app.include_router(child_details.router)
    app.include_router(entries.router)
    app.mount("/static", Revalidated(packages=[("beside.web", "static")]), name="static")
    _document_bodies(app)
    return app


def _guarded(app: FastAPI, settings: Settings) -> None:
    """``web.guard`` outside everything, FastAPI's own layers included: its body limit
    answers 413 before any user middleware, and the server-error layer answers 500s."""
    build = app.build_middleware_stack

    def build_guarded() -> ASGIApp:
        return RequestGuard(build(), settings)

    app.build_middleware_stack = build_guarded  # type: ignore[method-assign]


def _document_bodies(app: FastAPI) -> None:
    """Bodies are parsed in JSON mode by ``deps.json_body``; add their schemas to OpenAPI."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = build()
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for model in BODY_MODELS:
            body = model.model_json_schema(ref_template="#/components/schemas/{model}")
            components.update(body.pop("$defs", {}))
            components[model.__name__] = body
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def app_from_environment() -> FastAPI:
    """The app as each of ``beside serve --workers N``'s processes builds it: its settings
    from the environment, which the command has set (uvicorn starts workers by import)."""
    return create_app(load())
