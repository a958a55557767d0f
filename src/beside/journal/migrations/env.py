"""Alembic environment: the connection comes from ``config.attributes['connection']``
(``journal.migrate``, the only way Beside runs migrations; no URL, so no password, is ever
written into Alembic's configuration)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from beside.journal.schema import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run migrations through beside.journal.migrate.upgrade(engine)")
    _migrate(connection)


def _migrate(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
