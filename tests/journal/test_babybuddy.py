"""Import from Baby Buddy, against a fake Baby Buddy server on 127.0.0.1 and saved files."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from beside.errors import SourceError, ValidationFailed
from beside.journal import accounts as account_store
from beside.journal import babybuddy
from beside.journal import households as household_store
from beside.journal import nights as night_store
from beside.journal.schema import ChildRow, NapRow, NightRow, NoteRow, Role, WakingRow
from tests.journal.fake_babybuddy import KEY, Family, family, render, serve

NOW = datetime(2025, 11, 20, 12, 0, tzinfo=UTC)


def _household(s: Session) -> tuple[str, str]:
    house = household_store.create_household(s, name="Lund", time_zone="Europe/Oslo", now=NOW)
    user = account_store.create_user(
        s, email="l@example.org", display_name="L", password_hash="x", now=NOW
    )
    household_store.add_member(s, house.id, user.id, Role.OWNER, now=NOW)
    s.commit()
    return house.id, user.id


def _expected_wakings(fam: Family) -> set[tuple[datetime, datetime]]:
    """The truth, as instants: every gap between consecutive non-nap sleeps of a night."""
    nights = [e for e in fam.sleep if not e["nap"]]
    return {
        (a["end"], b["start"])
        for a, b in pairwise(sorted(nights, key=lambda e: e["start"]))
        if b["start"] - a["end"] < timedelta(hours=2)
    }


def _count(s: Session, table: type) -> int:
    return s.scalar(select(func.count()).select_from(table)) or 0


def test_import_from_a_server_that_changes_time_zones_between_pages(engine: Engine) -> None:
    fam = family()
    with serve(fam) as (url, log), Session(engine) as s:
        house, user = _household(s)
        counts = babybuddy.import_babybuddy(
            s, house, babybuddy.read_server(url, KEY), by=user, now=NOW
        )
        s.commit()
        assert counts == {
            "children": 2,
            "episodes": 0,
            "nights": 6,
            "naps": 6,
            "notes": 3,
            "unchanged": 0,
        }
        # naps are kept, each as Baby Buddy had it (issue 10: they were counted and dropped)
        naps = {(n.start, n.end) for n in s.scalars(select(NapRow))}
        assert naps == {(e["start"], e["end"]) for e in fam.sleep if e["nap"]}
        names = sorted(s.scalars(select(ChildRow.name)))
        assert names == ["Mia Lund", "Oskar Lund"]
        stored = {(w.start, w.end) for w in s.scalars(select(WakingRow))}
        assert stored == _expected_wakings(fam)
        assert len(stored) == 12
        # Baby Buddy says neither how a waking ended nor whether the child called out.
        assert {w.resettled_by.value for w in s.scalars(select(WakingRow))} == {"not_recorded"}
        assert {w.signalled for w in s.scalars(select(WakingRow))} == {None}
        # the night across the end of summer time keeps its real length (one hour more)
        by_evening = {n.evening.isoformat(): n for n in s.scalars(select(NightRow))}
        assert night_store.night_hours(by_evening["2025-10-25"]) == pytest.approx(12 + 10 / 60)
        assert night_store.night_hours(by_evening["2025-10-24"]) == pytest.approx(11 + 10 / 60)
        texts = sorted(s.scalars(select(NoteRow.text)))
        assert texts == sorted(
            ["Fell asleep on the feed.", "First tooth, maybe?", "Big brother helped with the bath."]
        )
    # paged (at most 4 a page), the numeric child id in filters, never the slug
    assert any("offset=4" in line for line in log)
    assert all("slug" not in line and "mia-lund" not in line for line in log)
    assert any(line.startswith("/api/sleep/?child=1") for line in log)


def test_a_second_import_adds_only_what_baby_buddy_did_not_have_before(engine: Engine) -> None:
    """Issue 10, item 3: each entry is known by its Baby Buddy id, so running the import
    again changes nothing, and after more nights were logged there it adds just those."""
    fam = family()
    with Session(engine) as s:
        house, user = _household(s)
    with serve(fam) as (url, _), Session(engine) as s:
        babybuddy.import_babybuddy(s, house, babybuddy.read_server(url, KEY), by=user, now=NOW)
        s.commit()
        again = babybuddy.import_babybuddy(
            s, house, babybuddy.read_server(url, KEY), by=user, now=NOW
        )
        s.commit()
        assert again == {
            "children": 0,
            "episodes": 0,
            "nights": 0,
            "naps": 0,
            "notes": 0,
            "unchanged": 2 + 6 + 6 + 3,
        }
        assert _count(s, ChildRow) == 2
        assert _count(s, NightRow) == 6
    later = family(nights=8)  # the same family, two more nights (and naps) logged since
    with serve(later) as (url, _), Session(engine) as s:
        more = babybuddy.import_babybuddy(
            s, house, babybuddy.read_server(url, KEY), by=user, now=NOW
        )
        s.commit()
        assert (more["nights"], more["naps"], more["children"]) == (2, 2, 0)
        assert _count(s, NightRow) == 8
        assert _count(s, NapRow) == 8
        assert _count(s, ChildRow) == 2


def test_pages_saved_one_file_each_as_the_server_gave_them(engine: Engine, tmp_path: Path) -> None:
    """Issue 10, item 3: `--from` takes the pages as saved from the server (sleep-1.json,
    sleep-2.json, ... or a sleep/ folder), not only one file per endpoint."""
    fam = family()
    (tmp_path / "children.json").write_text(
        json.dumps({"count": 2, "next": None, "results": [render(c, False) for c in fam.children]})
    )
    for n, start in enumerate(range(0, len(fam.sleep), 5), start=1):
        page = [render(e, local=n % 2 == 0) for e in fam.sleep[start : start + 5]]
        (tmp_path / f"sleep-{n}.json").write_text(json.dumps({"next": None, "results": page}))
    (tmp_path / "notes").mkdir()
    for n, note in enumerate(fam.notes, start=1):
        (tmp_path / "notes" / f"page{n}.json").write_text(json.dumps([render(note, False)]))
    with Session(engine) as s:
        house, user = _household(s)
        counts = babybuddy.import_babybuddy(
            s, house, babybuddy.read_files(tmp_path), by=user, now=NOW
        )
        s.commit()
    assert (counts["nights"], counts["naps"], counts["notes"]) == (6, 6, 3)


def test_saved_files_import_the_same(engine: Engine, tmp_path: Path) -> None:
    fam = family()
    pages = {
        "children.json": fam.children,
        "sleep.json": fam.sleep,
        "notes.json": fam.notes,
    }
    for i, (name, items) in enumerate(pages.items()):
        # a page with "results" for one file, bare lists for the others; mixed offsets
        rendered = [render(e, local=(j + i) % 2 == 1) for j, e in enumerate(items)]
        data = {"count": len(items), "next": None, "results": rendered} if i == 1 else rendered
        (tmp_path / name).write_text(json.dumps(data), encoding="utf-8")
    with Session(engine) as s:
        house, user = _household(s)
        counts = babybuddy.import_babybuddy(
            s, house, babybuddy.read_files(tmp_path), by=user, now=NOW
        )
        s.commit()
        assert counts["nights"] == 6
        assert {(w.start, w.end) for w in s.scalars(select(WakingRow))} == _expected_wakings(fam)


def test_a_bad_entry_imports_nothing_and_is_named_by_its_baby_buddy_id(engine: Engine) -> None:
    fam = family()
    broken = fam.sleep[4]  # the second night's first sleep
    broken["end"] = broken["start"] + timedelta(days=2)  # runs into later nights
    future = fam.sleep[8]
    future["start"] = NOW + timedelta(days=1)
    future["end"] = NOW + timedelta(days=1, hours=2)
    with serve(fam) as (url, _), Session(engine) as s:
        house, user = _household(s)
        with pytest.raises(ValidationFailed) as exc:
            babybuddy.import_babybuddy(s, house, babybuddy.read_server(url, KEY), by=user, now=NOW)
        s.commit()
        named = {(v.field, v.code) for v in exc.value.violations}
        # the future sleep, and the night that the over-long sleep now overlaps
        assert (f"sleep {future['id']}.bedtime", "in_future") in named, named
        assert ("sleep 110, 111.bedtime", "overlaps") in named, named
        assert _count(s, ChildRow) == 0
        assert _count(s, NightRow) == 0


def test_a_wrong_key_is_a_clear_error_and_the_key_stays_with_its_server() -> None:
    fam = family(nights=2)
    with serve(fam) as (url, _), pytest.raises(SourceError, match=r"401.*API key"):
        babybuddy.read_server(url, "not the key")
    with serve(fam, next_host="elsewhere.example:8000") as (url, log):
        # a proxied server naming itself otherwise: its pages are still read, from it
        source = babybuddy.read_server(url, KEY)
        assert len(source.sleep) == len(fam.sleep)
        assert any("offset=4" in line for line in log)
    with pytest.raises(SourceError, match="could not reach"):
        babybuddy.read_server("http://127.0.0.1:9", KEY)


def test_missing_files_are_named(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"children\.json is missing"):
        babybuddy.read_files(tmp_path)
