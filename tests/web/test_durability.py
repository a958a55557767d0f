"""A server killed with SIGKILL mid-stream loses no entry whose request was acknowledged.

The real server (``beside serve``, uvicorn, one process) takes "log an episode now" from
eight clients at once; the moment enough 201s have come back it is killed without warning.
Every acknowledged id must then be in the store, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from beside.journal import access
from beside.journal import accounts as account_store
from beside.journal import children as child_store
from beside.journal import households as household_store
from beside.journal.schema import EpisodeRow, Role, TokenKind
from beside.records import Child
from tests.web.live_server import kill_all, live_server

CLIENTS = 8
KILL_AFTER = 300


def _world(engine: Engine) -> tuple[str, str]:
    now = datetime.now(UTC)
    with Session(engine) as s:
        house = household_store.create_household(s, name="Kill", time_zone="UTC", now=now)
        user = account_store.create_user(
            s, email="k@example.org", display_name="K", password_hash="x", now=now
        )
        household_store.add_member(s, house.id, user.id, Role.OWNER, now=now)
        child = child_store.add_child(s, house.id, Child(name="Ola", birth_date=now.date()))
        token = access.issue_token(s, user, kind=TokenKind.API, now=now)
        s.commit()
        return f"/api/v1/households/{house.id}/children/{child.id}/episodes/now", token


@pytest.mark.parametrize("workers", [1, 2])
def test_sigkill_loses_no_acknowledged_entry(engine: Engine, workers: int) -> None:
    """With two server processes over one SQLite file too (beside serve --workers 2)."""
    path, token = _world(engine)
    with live_server(engine, workers) as (base, server):
        acknowledged: list[str] = []
        lock = threading.Lock()
        enough = threading.Event()

        def client() -> None:
            with httpx.Client(base_url=base, timeout=10) as http:
                while True:
                    try:
                        r = http.post(
                            path,
                            json={"peak_distress": 4},
                            headers={"Authorization": f"Bearer {token}"},
                        )
                    except httpx.TransportError:
                        return  # the server is gone
                    assert r.status_code == 201, r.text
                    with lock:
                        acknowledged.append(r.json()["id"])
                        if len(acknowledged) >= KILL_AFTER:
                            enough.set()

        threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
        for t in threads:
            t.start()
        assert enough.wait(timeout=120), "too few entries were acknowledged"
        kill_all(server)
        for t in threads:
            t.join(timeout=30)
    with lock:
        acked = set(acknowledged)
    assert len(acked) >= KILL_AFTER
    engine.dispose()  # a fresh look at what is really on disk
    with Session(engine) as s:
        stored = set(s.scalars(select(EpisodeRow.id)))
    assert acked - stored == set()
