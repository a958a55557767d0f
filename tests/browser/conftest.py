"""Playwright driving Debian's Chromium (``scripts/chromium`` installs it; Playwright cannot
download its own browsers here). Headless, and with Chromium's calls home off: this
machine's closed network refuses them."""

from __future__ import annotations

import hashlib
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from beside.journal import access, members
from beside.journal import children as child_store
from beside.journal.db import make_engine
from beside.journal.migrate import upgrade
from beside.records import Child
from tests.web.api_client import PASSWORD
from tests.web.live_server import live_server

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: run scripts/chromium (make test does)")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        yield chromium
        chromium.close()


NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
SEVEN_MONTHS_AGO = datetime.now(UTC).date() - timedelta(days=220)
#: a child's name that is HTML: shown as text, never run
TRICK = '<img src=x onerror="window.pwned = 1">'


@dataclass(frozen=True)
class Family:
    """The real server over a journal with one household: Mia (owner, ``PASSWORD``), and
    Noor, seven months old, and a toddler whose name is ``TRICK``."""

    base: str
    engine: Engine
    household_id: str
    noor_id: str


@pytest.fixture
def family(tmp_path: Path) -> Iterator[Family]:
    engine = make_engine(f"sqlite+pysqlite:///{tmp_path / 'journal.db'}")
    upgrade(engine)
    with Session(engine) as s:
        user = access.sign_up(
            s, email="mia@example.org", display_name="Mia", password=PASSWORD, now=NOW
        )
        house = members.create_owned_household(s, user, name="Our home", time_zone="UTC", now=NOW)
        noor = child_store.add_child(s, house.id, Child(name="Noor", birth_date=SEVEN_MONTHS_AGO))
        child_store.add_child(s, house.id, Child(name=TRICK, birth_date=date(2024, 1, 1)))
        s.commit()
        ids = (house.id, noor.id)
    with live_server(engine) as (base, _):
        yield Family(base, engine, *ids)
    engine.dispose()


def sign_in(
    page: Page, base: str, email: str = "mia@example.org", password: str = PASSWORD
) -> None:
    """Sign in on the sign-in page (as Mia unless told)."""
    page.goto(f"{base}/login")
    page.fill("#email", email)
    page.fill("#password", password)
    with page.expect_navigation(url=f"{base}/"):
        page.click("button[type=submit]")


#: axe-core from the npm registry, for the accessibility checks: fetched once into a cache
#: (the tests' only download; CI reaches the registry), checked by its SHA-256.
AXE_VERSION = "4.14.1"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"


@pytest.fixture(scope="session")
def axe_source() -> str:
    cache = Path.home() / ".cache" / "beside-tests" / f"axe-core-{AXE_VERSION}"
    script = cache / "axe.min.js"
    if not script.exists():
        cache.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as work:
            subprocess.run(
                ["npm", "pack", "--silent", f"axe-core@{AXE_VERSION}"],
                cwd=work,
                check=True,
                capture_output=True,
                timeout=300,
            )
            with tarfile.open(Path(work) / f"axe-core-{AXE_VERSION}.tgz") as archive:
                member = archive.extractfile("package/axe.min.js")
                assert member is not None
                script.write_bytes(member.read())
    data = script.read_bytes()
    assert hashlib.sha256(data).hexdigest() == AXE_SHA256, f"{script} is not axe-core {AXE_VERSION}"
    return data.decode("utf-8")


def serious_violations(page: Page, axe: str) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now."""
    page.add_script_tag(content=axe)
    found = page.evaluate("axe.run(document).then(r => r.violations)")
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} places)"
        for v in found
        if v["impact"] in ("serious", "critical")
    ]
