"""Schemathesis against the app's own OpenAPI schema, on both backends: no generated input,
however odd, gets a 500. Path ids are pointed at a real household's records so that bodies
reach the rules and the store instead of stopping at a 404."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from beside.journal import access, members, naps
from beside.journal import children as child_store
from beside.journal import episodes as episode_store
from beside.journal import households as household_store
from beside.journal import nights as night_store
from beside.journal.schema import Role, TokenKind
from beside.records import Child
from beside.records.enums import CaregiverResponse, ChildAction, Outcome, ResettleMethod
from beside.records.models import Episode, Nap, Night, Waking
from beside.settings import Settings
from beside.web.app import create_app

NOW = datetime.now(UTC)


def world(engine: Engine, n: int, path: str = "") -> dict[str, str]:
    """A household with one child, an episode, a night with a waking, a nap, and an owner's
    token: fresh for each operation (an operation may revoke its token or delete its child).
    What only some paths can act on is made for those: a night or a nap still going (to
    end), a pending invitation, a member or a coach (to remove)."""
    with Session(engine) as s:
        house = household_store.create_household(s, name="Fuzz", time_zone="Europe/Madrid", now=NOW)
        owner = access.sign_up(
            s, email=f"owner{n}@example.org", display_name="O", password="fuzz fuzz fuzz", now=NOW
        )
        household_store.add_member(s, house.id, owner.id, Role.OWNER, now=NOW)
        child = child_store.add_child(
            s, house.id, Child(name="Pau", birth_date=NOW.date() - timedelta(days=400))
        )
        start = NOW - timedelta(days=2)
        episode = episode_store.log_episode(
            s,
            child,
            Episode(
                start=start,
                peak_distress=3,
                child_action=ChildAction.SOUGHT_CAREGIVER,
                response=CaregiverResponse.HELD,
                outcome=Outcome.CALMED_WITH_HELP,
            ),
            by=owner.id,
            now=NOW,
        )
        bed = NOW - timedelta(days=5)
        night = night_store.log_night(
            s,
            child,
            Night(
                bedtime=bed,
                sleep_onset=bed,
                wake_time=bed + timedelta(hours=10),
                wakings=(
                    Waking(
                        start=bed + timedelta(hours=3),
                        end=bed + timedelta(hours=3, minutes=5),
                        signalled=True,
                        resettled_by=ResettleMethod.FED,
                    ),
                ),
            ),
            tz=household_store.zone("Europe/Madrid"),
            by=owner.id,
            now=NOW,
        )
        nap_start = NOW - timedelta(days=4, hours=6)
        nap = naps.log_nap(
            s, child, Nap(start=nap_start, end=nap_start + timedelta(hours=1)), by=owner.id, now=NOW
        )
        token = access.issue_token(s, owner, kind=TokenKind.API, now=NOW)
        if path.endswith("/naps/{nap_id}/end"):
            nap = naps.log_nap(
                s, child, Nap(start=NOW - timedelta(minutes=30)), by=owner.id, now=NOW
            )
        if path.endswith("/nights/{night_id}/end"):
            tonight = NOW - timedelta(hours=2)
            night = night_store.log_night(
                s,
                child,
                Night(bedtime=tonight, sleep_onset=tonight),
                tz=household_store.zone("Europe/Madrid"),
                by=owner.id,
                now=NOW,
            )
        user_id = owner.id
        if "/members/" in path or "/coaches/" in path:
            other = access.sign_up(
                s,
                email=f"other{n}@example.org",
                display_name="M",
                password="fuzz fuzz fuzz",
                now=NOW,
            )
            role = Role.COACH if "/coaches/" in path else Role.VIEWER
            household_store.add_member(s, house.id, other.id, role, now=NOW)
            user_id = other.id
        invitation = members.invite(
            s, owner, house.id, role=Role.VIEWER, email=f"invitee{n}@example.org", now=NOW
        ).invitation.id
        ids = {
            "household_id": house.id,
            "child_id": child.id,
            "episode_id": episode.id,
            "night_id": night.id,
            "waking_id": night.wakings[0].id if night.wakings else "0" * 32,
            "nap_id": nap.id,
            "user_id": user_id,
            "invitation_id": invitation,
            "token": token,
        }
        s.commit()
        return ids


@pytest.fixture
def app(engine: Engine) -> Iterator[FastAPI]:
    application = create_app(
        Settings(
            database_url=engine.url.render_as_string(hide_password=False),
            allowed_hosts="testserver",
        )
    )
    yield application
    application.state.engine.dispose()


EXAMPLES = 12


def _fuzz(operation: Any, ids: dict[str, str], statuses: set[int]) -> None:
    """EXAMPLES cases of one operation, aimed at this world's records; any 5xx fails."""
    auth = {"Authorization": f"Bearer {ids['token']}"}

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def call(case: Any) -> None:
        for name in case.path_parameters or {}:
            if name in ids:
                case.path_parameters[name] = ids[name]
        response = case.call_and_validate(headers=auth, checks=[not_a_server_error])
        statuses.add(response.status_code)

    call()


def test_no_input_gets_a_server_error(app: FastAPI, engine: Engine) -> None:
    """Every operation, EXAMPLES generated cases each (bodies, queries, headers as the schema
    allows and beyond it). Schemathesis's own pytest plugin does not run on pytest 9 yet
    (``from_fixture``), so the operations are driven here with Hypothesis directly."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 35
    reached: dict[str, set[int]] = {}
    for n, operation in enumerate(operations):
        statuses = reached.setdefault(f"{operation.method.upper()} {operation.path}", set())
        _fuzz(operation, world(engine, n, operation.path), statuses)
    # The cases reach the routes' work, not only auth or lookup failures. (Random sign-ups,
    # log-ins, time zones and token ids rarely pass, so not every operation succeeds.)
    succeeded = [op for op, codes in reached.items() if any(200 <= c < 300 for c in codes)]
    assert len(succeeded) >= 0.6 * len(reached), "\n".join(sorted(set(reached) - set(succeeded)))
