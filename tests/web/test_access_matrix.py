"""Every endpoint x every role x own or another household, over HTTP, on both backends.

Own household: allowed -> 2xx, not allowed -> 403. Another household: always 404 (its
existence is not revealed), even with the real ids of that household's records. Roles are
those of journal.access.ALLOWED. Each request gets fresh records, so a DELETE cannot starve
the requests after it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from beside.journal import access, members, naps
from beside.journal import accounts as account_store
from beside.journal import children as child_store
from beside.journal import episodes as episode_store
from beside.journal import households as household_store
from beside.journal import nights as night_store
from beside.journal.access import ALLOWED, Action
from beside.journal.schema import Role, TokenKind
from beside.records import Child
from beside.records.enums import (
    CaregiverResponse,
    ChildAction,
    Outcome,
    ResettleMethod,
)
from beside.records.models import Episode, Nap, Night, Waking
from beside.settings import Settings
from beside.web.app import create_app

NOW = datetime.now(UTC)
DAY = (NOW - timedelta(days=3)).replace(hour=18, minute=0, second=0, microsecond=0)
_counter = itertools.count()


def _episode_body(_: dict[str, str]) -> dict[str, Any]:
    return {
        "start": (DAY - timedelta(minutes=next(_counter))).isoformat(),
        "peak_distress": 5,
        "child_action": "sought_caregiver",
        "response": "held",
        "outcome": "calmed_with_help",
    }


def _night_body(_: dict[str, str]) -> dict[str, Any]:
    bed = DAY - timedelta(days=30 + next(_counter))
    return {
        "bedtime": bed.isoformat(),
        "sleep_onset": bed.isoformat(),
        "wake_time": (bed + timedelta(hours=10)).isoformat(),
    }


def _waking_body(_: dict[str, str]) -> dict[str, Any]:
    start = DAY - timedelta(days=10) + timedelta(hours=5)
    return {
        "start": start.isoformat(),
        "end": (start + timedelta(minutes=4)).isoformat(),
        "signalled": False,
        "resettled_by": "alone",
    }


def _nap_body(_: dict[str, str]) -> dict[str, Any]:
    start = DAY - timedelta(days=40 + next(_counter), hours=5)
    return {"start": start.isoformat(), "end": (start + timedelta(hours=1)).isoformat()}


def _fixed(body: dict[str, Any]) -> Callable[[dict[str, str]], dict[str, Any]]:
    return lambda _: body


def _import_doc(_: dict[str, str]) -> dict[str, Any]:
    return {
        "format": "beside-journal",
        "version": 1,
        "children": [
            {"ref": "x", "name": f"Imported {next(_counter)}", "birth_date": "2025-01-01"}
        ],
    }


def _invitation_body(_: dict[str, str]) -> dict[str, Any]:
    return {"email": f"invitee{next(_counter)}@example.org", "role": "viewer"}


Body = Callable[[dict[str, str]], dict[str, Any]] | None
#: Who may leave: every member but the owner (who would leave a household no one manages).
LEAVERS = frozenset({Role.CAREGIVER, Role.VIEWER, Role.COACH})
C = "/children/{child}"
N = C + "/nights/{night}"
# (method, path under /households/{house}, body, action needed or roles allowed).
# {fresh} and {house_name} ask for a household of its own for the request (leaving and
# deleting would take the shared one away from the requests after them).
ENDPOINTS: list[tuple[str, str, Body, Action | frozenset[Role]]] = [
    ("GET", "/children", None, Action.READ),
    ("POST", "/children", _fixed({"name": "Kit", "birth_date": "2025-01-01"}), Action.LOG),
    ("GET", C, None, Action.READ),
    ("PUT", C, _fixed({"name": "Kitty", "birth_date": "2025-01-01"}), Action.LOG),
    ("DELETE", C, None, Action.MANAGE),
    ("GET", C + "/insights", None, Action.READ),
    ("GET", C + "/report?week=2025-W40", None, Action.READ),
    ("GET", C + "/episodes", None, Action.READ),
    ("POST", C + "/episodes", _episode_body, Action.LOG),
    ("POST", C + "/episodes/now", _fixed({"peak_distress": 3}), Action.LOG),
    ("GET", C + "/episodes/{episode}", None, Action.READ),
    ("PUT", C + "/episodes/{episode}", _episode_body, Action.LOG),
    ("DELETE", C + "/episodes/{episode}", None, Action.LOG),
    ("GET", C + "/nights", None, Action.READ),
    ("POST", C + "/nights", _night_body, Action.LOG),
    ("POST", C + "/nights/now", _fixed({"minutes_ago": 5}), Action.LOG),
    (
        "POST",
        C + "/nights/wakings/now",
        _fixed({"minutes_ago": 20, "bedtime": (NOW - timedelta(hours=3)).isoformat()}),
        Action.LOG,
    ),
    ("GET", N, None, Action.READ),
    ("PUT", N, _night_body, Action.LOG),
    ("POST", C + "/nights/{open_night}/end", _fixed({}), Action.LOG),
    ("DELETE", N, None, Action.LOG),
    ("POST", N + "/wakings", _waking_body, Action.LOG),
    ("GET", N + "/wakings/{waking}", None, Action.READ),
    ("PUT", N + "/wakings/{waking}", _waking_body, Action.LOG),
    ("DELETE", N + "/wakings/{waking}", None, Action.LOG),
    ("GET", C + "/naps", None, Action.READ),
    ("POST", C + "/naps", _nap_body, Action.LOG),
    ("POST", C + "/naps/now", _fixed({"minutes_ago": 5}), Action.LOG),
    ("GET", C + "/naps/{nap}", None, Action.READ),
    ("PUT", C + "/naps/{nap}", _nap_body, Action.LOG),
    ("POST", C + "/naps/{open_nap}/end", _fixed({}), Action.LOG),
    ("DELETE", C + "/naps/{nap}", None, Action.LOG),
    ("GET", "/members", None, Action.READ),
    ("DELETE", "/members/{member}", None, Action.MANAGE),
    ("GET", "/invitations", None, Action.MANAGE),
    ("POST", "/invitations", _invitation_body, Action.MANAGE),
    ("DELETE", "/invitations/{invitation}", None, Action.MANAGE),
    ("POST", "/invitations/{invitation}/resend", None, Action.MANAGE),
    ("DELETE", "/coaches/{coach}", None, Action.MANAGE),
    ("POST", "/leave{fresh}", None, LEAVERS),
    ("PATCH", "", _fixed({"time_zone": "UTC"}), Action.MANAGE),
    ("DELETE", "?confirm={house_name}", None, Action.MANAGE),
    ("GET", "/notes", None, Action.READ),
    ("POST", "/notes", _fixed({"text": "Bedtime went well."}), Action.NOTE),
    ("GET", "/export", None, Action.MANAGE),
    ("GET", "/audit", None, Action.MANAGE),
    ("POST", "/import", _import_doc, Action.MANAGE),
]


def _fresh(engine: Engine, house: str, path: str, role: Role, place: str) -> dict[str, str]:
    """A new child with an episode and a night with one waking (and, if the path needs
    them, a night in progress, a coach, a member, a pending invitation or a household of
    its own), stored through the journal's own rules."""
    with Session(engine) as s:
        extra: dict[str, str] = {}
        if "{fresh}" in path or "{house_name}" in path:
            name = f"Fresh {next(_counter)}"
            home = household_store.create_household(s, name=name, time_zone="UTC", now=NOW)
            first = account_store.create_user(
                s,
                email=f"owner-{home.id}@example.org",
                display_name="owner",
                password_hash="not a usable hash",
                now=NOW,
            )
            household_store.add_member(s, home.id, first.id, Role.OWNER, now=NOW)
            if place == "own":
                caller = account_store.user_by_email(s, f"{role.value}@example.org")
                household_store.add_member(s, home.id, caller.id, role, now=NOW)
            house = home.id
            extra = {"fresh": "", "house_name": name}
        owner = account_store.user_by_email(s, f"owner-{house}@example.org")
        child = child_store.add_child(
            s, house, Child(name="Ada", birth_date=DAY.date() - timedelta(days=400))
        )
        episode = episode_store.log_episode(
            s,
            child,
            Episode(
                start=DAY,
                peak_distress=4,
                child_action=ChildAction.SOUGHT_CAREGIVER,
                response=CaregiverResponse.HELD,
                outcome=Outcome.CALMED_WITH_HELP,
            ),
            by=owner.id,
            now=NOW,
        )
        bed = DAY - timedelta(days=10)
        waking = Waking(
            start=bed + timedelta(hours=2),
            end=bed + timedelta(hours=2, minutes=10),
            signalled=True,
            resettled_by=ResettleMethod.HELD,
        )
        night = night_store.log_night(
            s,
            child,
            Night(
                bedtime=bed, sleep_onset=bed, wake_time=bed + timedelta(hours=11), wakings=(waking,)
            ),
            tz=UTC,  # type: ignore[arg-type]
            by=owner.id,
            now=NOW,
        )
        ids = {
            "house": house,
            "child": child.id,
            "episode": episode.id,
            "night": night.id,
            "waking": night.wakings[0].id,
        }
        nap_start = DAY - timedelta(days=20, hours=5)
        ids["nap"] = naps.log_nap(
            s,
            child,
            Nap(start=nap_start, end=nap_start + timedelta(hours=1)),
            by=owner.id,
            now=NOW,
        ).id
        if "{open_nap}" in path:
            asleep = NOW - timedelta(minutes=30)
            ids["open_nap"] = naps.log_nap(s, child, Nap(start=asleep), by=owner.id, now=NOW).id
        if "{open_night}" in path:
            tonight = NOW - timedelta(hours=2)
            ids["open_night"] = night_store.log_night(
                s,
                child,
                Night(bedtime=tonight, sleep_onset=tonight),
                tz=UTC,  # type: ignore[arg-type]
                by=owner.id,
                now=NOW,
            ).id
        if "{invitation}" in path:
            ids["invitation"] = members.invite(
                s, owner, house, role=Role.VIEWER, email=f"i{next(_counter)}@example.org", now=NOW
            ).invitation.id
        if "{member}" in path:
            member = account_store.create_user(
                s,
                email=f"member{next(_counter)}@example.org",
                display_name="Member",
                password_hash="not a usable hash",
                now=NOW,
            )
            household_store.add_member(s, house, member.id, Role.VIEWER, now=NOW)
            ids["member"] = member.id
        if "{coach}" in path:
            coach = account_store.create_user(
                s,
                email=f"coach{next(_counter)}@example.org",
                display_name="Coach",
                password_hash="not a usable hash",
                now=NOW,
            )
            household_store.add_member(s, house, coach.id, Role.COACH, now=NOW)
            ids["coach"] = coach.id
        s.commit()
        return {**ids, **extra}


@pytest.fixture
def world(engine: Engine) -> Iterator[tuple[TestClient, dict[str, Any]]]:
    with Session(engine) as s:
        homes = {}
        for label in ("own", "other"):
            house = household_store.create_household(s, name=label, time_zone="UTC", now=NOW)
            owner = account_store.create_user(
                s,
                email=f"owner-{house.id}@example.org",
                display_name="owner",
                password_hash="not a usable hash",
                now=NOW,
            )
            household_store.add_member(s, house.id, owner.id, Role.OWNER, now=NOW)
            homes[label] = house.id
        tokens = {}
        for role in Role:
            user = access.sign_up(
                s,
                email=f"{role.value}@example.org",
                display_name=role.value,
                password=f"password for {role.value}",
                now=NOW,
            )
            household_store.add_member(s, homes["own"], user.id, role, now=NOW)
            tokens[role] = access.issue_token(s, user, kind=TokenKind.API, now=NOW)
        s.commit()
    url = engine.url.render_as_string(hide_password=False)
    with TestClient(create_app(Settings(database_url=url, allowed_hosts="testserver"))) as client:
        yield client, {"homes": homes, "tokens": tokens, "engine": engine}


def test_every_endpoint_every_role_own_and_other_household(
    world: tuple[TestClient, dict[str, Any]],
) -> None:
    client, w = world
    seen = 0
    for role, token in w["tokens"].items():
        auth = {"Authorization": f"Bearer {token}"}
        for method, path, body, action in ENDPOINTS:
            for place in ("own", "other"):
                ids = _fresh(w["engine"], w["homes"][place], path, role, place)
                url = "/api/v1/households/{house}".format(**ids) + path.format(**ids)
                payload = body(ids) if body else None
                r = client.request(method, url, headers=auth, json=payload)
                where = (role.value, method, path, place)
                if place == "other":
                    assert r.status_code == 404, (where, r.text)
                    assert r.json()["error"]["code"] == "not_found"
                elif role in action if isinstance(action, frozenset) else action in ALLOWED[role]:
                    assert 200 <= r.status_code < 300, (where, r.text)
                else:
                    assert r.status_code == 403, (where, r.text)
                    assert r.json()["error"]["code"] == "forbidden"
                seen += 1
    assert seen == len(Role) * len(ENDPOINTS) * 2


HOUSE = "/api/v1/households/{household_id}"


def test_the_matrix_covers_every_household_route(
    world: tuple[TestClient, dict[str, Any]],
) -> None:
    """A new route under a household must join ENDPOINTS (or this fails)."""
    client, _ = world
    routes = {
        (method, path)
        for path, ops in client.app.openapi()["paths"].items()  # type: ignore[attr-defined]
        for method in ops
        if path == HOUSE or path.startswith(HOUSE + "/")
    }
    rename = {
        "{child}": "{child_id}",
        "{episode}": "{episode_id}",
        "{night}": "{night_id}",
        "{open_night}": "{night_id}",
        "{nap}": "{nap_id}",
        "{open_nap}": "{nap_id}",
        "{waking}": "{waking_id}",
        "{coach}": "{user_id}",
        "{member}": "{user_id}",
        "{invitation}": "{invitation_id}",
        "{fresh}": "",
    }
    covered = set()
    for method, target, _, _ in ENDPOINTS:
        path = target.split("?")[0]
        for short, long in rename.items():
            path = path.replace(short, long)
        covered.add((method.lower(), HOUSE + path))
    assert routes == covered
