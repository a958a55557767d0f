"""Issue 11: the database, its WAL and its shared memory were 0644 (readable by every
account on the machine). Seen to fail before ``journal.db._private_file``."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from sqlalchemy import text

from beside.journal.db import make_engine
from beside.journal.migrate import upgrade


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_sqlite_journal_and_its_wal_are_private(tmp_path: Path) -> None:
    old = os.umask(0o022)  # the usual umask, which gave 0644
    try:
        database = tmp_path / "journal.db"
        engine = make_engine(f"sqlite+pysqlite:///{database}")
        upgrade(engine)
        with engine.connect() as c:  # keep a connection: WAL and shm stay on disk
            c.execute(text("CREATE TABLE IF NOT EXISTS probe (x INTEGER)"))
            c.execute(text("INSERT INTO probe VALUES (1)"))
            c.commit()
            files = [database, Path(f"{database}-wal"), Path(f"{database}-shm")]
            assert all(p.exists() for p in files)
            assert {p.name: _mode(p) for p in files} == {p.name: 0o600 for p in files}
        engine.dispose()
        # a journal made by an older Beside, readable by all, is made private when opened
        database.chmod(0o644)
        make_engine(f"sqlite+pysqlite:///{database}").dispose()
        assert _mode(database) == 0o600
    finally:
        os.umask(old)
