"""The coach's page (issue 12, item 7) on SQLite and PostgreSQL: every household that
invited the coach and only those, each child's upsets, nights and wakings called out since
the chosen date (older entries not counted), and the notes of the period; removed, the
household is gone from the page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from beside.journal import access, members
from beside.journal import children as child_store
from beside.journal import households as household_store
from beside.journal.episodes import log_episode
from beside.journal.nights import log_night
from beside.journal.schema import NoteRow, Role, UserRow
from beside.records import Child, Episode, Night, Waking
from tests.web.api_client import PASSWORD
from tests.web.test_pages_access import NOW, _page_session


def test_the_coach_sees_what_changed_in_each_family(client: TestClient, engine: Engine) -> None:
    now = datetime.now(UTC)
    with Session(engine) as s:
        coach, mia, leo = (
            access.sign_up(
                s, email=f"{n}@example.org", display_name=n.title(), password=PASSWORD, now=NOW
            )
            for n in ("cora", "mia", "leo")
        )
        first = members.create_owned_household(s, mia, name="Mia's", time_zone="UTC", now=NOW)
        second = members.create_owned_household(s, leo, name="Leo's", time_zone="UTC", now=NOW)
        other = members.create_owned_household(s, leo, name="Not coached", time_zone="UTC", now=NOW)
        household_store.add_member(s, first.id, coach.id, Role.COACH, now=NOW)
        household_store.add_member(s, second.id, coach.id, Role.COACH, now=NOW)
        household_store.add_member(s, other.id, coach.id, Role.VIEWER, now=NOW)
        noor = child_store.add_child(
            s, first.id, Child(name="Noor", birth_date=now.date() - timedelta(days=300))
        )
        child_store.add_child(s, second.id, Child(name="Ivo", birth_date=now.date()))
        for days_ago in (2, 3, 20):  # the last is before "since"
            start = now - timedelta(days=days_ago)
            log_episode(s, noor, Episode(start=start, peak_distress=4), by=mia.id, now=now)
        bed = now - timedelta(days=4)
        wakings = tuple(
            Waking(start=bed + timedelta(hours=h), end=bed + timedelta(hours=h, minutes=5),
                   signalled=said)
            for h, said in ((2, True), (4, False))
        )  # fmt: skip
        night = Night(bedtime=bed, sleep_onset=bed, wake_time=bed + timedelta(hours=10),
                      wakings=wakings)  # fmt: skip
        log_night(s, noor, night, tz=ZoneInfo("UTC"), by=mia.id, now=now)
        s.add(NoteRow(household_id=first.id, author_id=coach.id, text="Call on Friday",
                      tags=[], created_at=now - timedelta(days=1)))  # fmt: skip
        s.commit()
        first_id, coach_id, mia_id = first.id, coach.id, mia.id
    headers = _page_session(client, "cora@example.org")
    since = (now - timedelta(days=10)).date().isoformat()
    page = client.get(f"/coach?since={since}", headers=headers)
    assert page.status_code == 200
    html = " ".join(page.text.split())
    assert "Mia&#39;s" in html
    assert "Leo&#39;s" in html
    assert "Not coached" not in html
    assert "Noor</a>: 2 upsets, 1 night with 1 waking called out" in html
    assert "Ivo</a>: 0 upsets, 0 nights" in html
    assert "Cora</strong>" in html
    assert "Call on Friday" in html
    assert "your families, as their coach" in client.get("/", headers=headers).text.lower()

    with Session(engine) as s:
        owner = s.get(UserRow, mia_id)
        assert owner is not None
        members.remove(s, owner, first_id, coach_id, now=now)
        s.commit()
    html = client.get(f"/coach?since={since}", headers=headers).text
    assert "Mia&#39;s" not in html
    assert "Leo&#39;s" in html
