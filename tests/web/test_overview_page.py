"""The child's overview (issue 12, item 4) on SQLite and PostgreSQL: today's upsets and
naps, the recent nights with their wakings called out, quiet or unsaid, and the page and
its JSON twin saying the same; another household's child is not found, and the twin asks
a program to sign in with a 401 rather than a sign-in page."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from beside.journal import access, members
from beside.journal import children as child_store
from beside.journal.episodes import log_episode
from beside.journal.naps import log_nap
from beside.journal.nights import log_night
from beside.records import Child, Episode, Nap, Night, Waking
from beside.records.enums import Outcome
from tests.web.api_client import PASSWORD
from tests.web.test_pages_access import _page_session

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


def _family(engine: Engine) -> tuple[str, str, timedelta]:
    """A household (UTC) with Ivo, 200 days old: two upsets and a nap today, one upset
    yesterday, and last night with a waking of each kind."""
    now = datetime.now(UTC)
    midnight = datetime.combine(now.date(), time(0), tzinfo=UTC)
    since = now - midnight  # every time "today" lies in [midnight, now)
    with Session(engine) as s:
        user = access.sign_up(
            s, email="ana@example.org", display_name="Ana", password=PASSWORD, now=NOW
        )
        stranger = access.sign_up(
            s, email="sol@example.org", display_name="Sol", password=PASSWORD, now=NOW
        )
        members.create_owned_household(s, stranger, name="Away", time_zone="UTC", now=NOW)
        house = members.create_owned_household(s, user, name="Home", time_zone="UTC", now=NOW)
        ivo = child_store.add_child(
            s, house.id, Child(name="Ivo", birth_date=now.date() - timedelta(days=200))
        )
        for k, outcome, calm_min in (
            (1, Outcome.CALMED_ALONE, 4.0),
            (2, Outcome.CALMED_WITH_HELP, None),
        ):
            start = midnight + since * k / 4
            episode = Episode(
                start=start, peak_distress=5, outcome=outcome, minutes_to_calm=calm_min
            )
            log_episode(s, ivo, episode, by=user.id, now=now)
        yesterday = Episode(
            start=midnight - timedelta(hours=3), peak_distress=6, minutes_to_calm=30.0
        )
        log_episode(s, ivo, yesterday, by=user.id, now=now)
        nap_start = midnight + since * 3 / 4
        nap = Nap(start=nap_start, end=nap_start + since / 8)
        log_nap(s, ivo, nap, by=user.id, now=now)
        bed = midnight - timedelta(days=2) + timedelta(hours=19)  # over before any "now"
        wakings = tuple(
            Waking(
                start=bed + timedelta(hours=h),
                end=bed + timedelta(hours=h, minutes=10),
                signalled=said,
            )
            for h, said in ((2, True), (4, False), (6, None), (7, True))
        )
        night = Night(
            bedtime=bed,
            sleep_onset=bed + timedelta(minutes=20),
            wake_time=bed + timedelta(hours=11),
            wakings=wakings,
        )
        log_night(s, ivo, night, tz=ZoneInfo("UTC"), by=user.id, now=now)
        s.commit()
        return house.id, ivo.id, since


def test_the_overview_says_today_and_the_nights(client: TestClient, engine: Engine) -> None:
    household_id, child_id, since = _family(engine)
    path = f"/households/{household_id}/children/{child_id}/overview"
    headers = _page_session(client, "ana@example.org")
    page = client.get(path, headers=headers)
    assert page.status_code == 200, page.text
    assert page.headers["cache-control"] == "no-store"
    html = page.text
    assert "2 upsets: 1 calmed on their own, 1 with help; 4 minutes to calm in all." in html
    assert "1 nap, " in html
    assert "2 called out, 1 quiet, 1 not said which" in html
    twin = client.get(path + ".json", headers=headers)
    assert twin.status_code == 200, twin.text
    o = twin.json()
    assert o["format"] == "beside-child-overview"
    assert o["today"] | {"nap_min": None} == {
        "day": datetime.now(UTC).date().isoformat(),
        "upsets": 2,
        "calmed_alone": 1,
        "calmed_with_help": 1,
        "minutes_to_calm": 4.0,
        "naps": 1,
        "nap_min": None,
    }
    assert abs(o["today"]["nap_min"] - since.total_seconds() / 480) <= 0.06
    assert o["nights"] == [
        {
            "evening": (datetime.now(UTC).date() - timedelta(days=2)).isoformat(),
            "bedtime": "19:00",
            "morning": "06:00",
            "wakings": {"called_out": 2, "silent": 1, "unsaid": 1},
        }
    ]
    # the twin and the page are one context: the week's report is in both
    assert o["week"]["week"] in html


def test_nothing_today_is_said_as_nothing_written_down(client: TestClient, engine: Engine) -> None:
    with Session(engine) as s:
        user = access.sign_up(
            s, email="ana@example.org", display_name="Ana", password=PASSWORD, now=NOW
        )
        house = members.create_owned_household(s, user, name="Home", time_zone="UTC", now=NOW)
        kid = child_store.add_child(s, house.id, Child(name="Ada", birth_date=NOW.date()))
        s.commit()
        path = f"/households/{house.id}/children/{kid.id}/overview"
    headers = _page_session(client, "ana@example.org")
    html = client.get(path, headers=headers).text
    for words in (
        "No upset written down today.",
        "No nap written down today.",
        "No night written down yet.",
        "Not enough upsets written down yet",
    ):
        assert words in html
    today = client.get(path + ".json", headers=headers).json()["today"]
    assert today["minutes_to_calm"] == today["nap_min"] == "not_recorded"


def test_the_overview_is_for_the_household_only(client: TestClient, engine: Engine) -> None:
    household_id, child_id, _ = _family(engine)
    path = f"/households/{household_id}/children/{child_id}/overview"
    headers = _page_session(client, "sol@example.org")
    page = client.get(path, headers=headers)
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    twin = client.get(path + ".json", headers=headers)
    assert twin.status_code == 404
    assert twin.json()["error"]["code"] == "not_found"
    signed_out = client.get(path, follow_redirects=False)
    assert signed_out.status_code == 303
    assert signed_out.headers["location"] == f"/login?next={path}"
    assert client.get(path + ".json").status_code == 401
