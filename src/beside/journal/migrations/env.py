"""Alembic environment: the engine comes from ``config.attributes['connection']`` (tests and
``journal.migrate``) or from the URL in the config."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from beside.journal.db import make_engine
from beside.journal.schema import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _migrate(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or None)
    with engine.connect() as conn:
        _migrate(conn)
        conn.commit()


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
