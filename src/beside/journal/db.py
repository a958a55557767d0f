"""Engines and sessions. Nothing connects at import time: call ``make_engine(url)``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, make_url
from sqlalchemy.orm import Session, sessionmaker

#: Connections a server engine keeps (SQLAlchemy's defaults, stated so the server can count
#: them: ``connection_slots``).
POOL_SIZE = 5
MAX_OVERFLOW = 10


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for ``url`` (``Settings.journal_url()``). SQLite gets WAL, foreign keys and
    a busy timeout, so that concurrent writers wait instead of failing."""
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        _private_file(engine.url.database)
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _private_file(database: str | None) -> None:
    """The database file readable by its owner only (0600), made so before SQLite first
    opens it; SQLite gives its WAL and shared-memory files the database's own mode. They
    were 0644, readable by every account on the machine (issue 11). A file that is there
    already is made private too, if it is ours."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    try:
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        if path.stat().st_uid == os.getuid():
            path.chmod(0o600)
    except OSError:
        return  # not ours to change, or the folder is missing: SQLite says so when it opens


def begin_writing(s: Session) -> None:
    """Begin the session's transaction for writing: on SQLite, ``BEGIN IMMEDIATE``, which
    takes the write lock before the request's first read and waits for it (busy timeout)
    while another process holds it. A write request checks, then writes (no overlapping
    night, an invitation still pending): under the lock from the start, what it checked is
    what it writes on, even with several server processes over one file (``beside serve
    --workers``); the driver alone would read outside the transaction and begin at the
    first write, so two processes could both pass a check. Elsewhere (reads, the command
    line) the driver's handling stays: it begins at the first write, so readers never lock.
    """
    if s.get_bind().dialect.name == "sqlite":
        s.connection().exec_driver_sql("BEGIN IMMEDIATE")


def make_server_engine(url: str) -> tuple[Engine, int | None]:
    """An engine for the server, and how many connections it can hand out at once (None
    for an in-memory SQLite database, whose pool has no such bound). The server lets no
    more requests than that hold a session at a time, so none ever waits for a connection
    on the event loop."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:"):
        return make_engine(url), None
    engine = make_engine(url, pool_size=POOL_SIZE, max_overflow=MAX_OVERFLOW)
    return engine, POOL_SIZE + MAX_OVERFLOW


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
