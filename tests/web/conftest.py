"""The API against a real store (SQLite and PostgreSQL), through Starlette's test client."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from beside.settings import Settings
from beside.web.app import create_app


@pytest.fixture
def client(engine: Engine) -> Iterator[TestClient]:
    url = engine.url.render_as_string(hide_password=False)
    with TestClient(create_app(Settings(database_url=url, allowed_hosts="testserver"))) as c:
        yield c
