"""Both real backends for every store test: a SQLite file and a throwaway PostgreSQL database.

``make test`` starts PostgreSQL (scripts/with-postgres) and sets BESIDE_TEST_POSTGRES_URL.
Without it the PostgreSQL cases fail, saying how to run them: a skipped case checks nothing.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from beside.journal.db import make_engine
from beside.journal.migrate import upgrade

PG_URL = os.environ.get("BESIDE_TEST_POSTGRES_URL")


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        eng = make_engine(f"sqlite+pysqlite:///{tmp_path / 'journal.db'}")
        upgrade(eng)
        yield eng
        eng.dispose()
        return
    if PG_URL is None:
        pytest.fail(
            "PostgreSQL is not running for the tests: use `make test`, or "
            "`scripts/with-postgres .venv/bin/pytest ...`"
        )
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    eng = make_engine(PG_URL.rsplit("/", 1)[0] + f"/{name}")
    upgrade(eng)
    yield eng
    eng.dispose()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    admin.dispose()
