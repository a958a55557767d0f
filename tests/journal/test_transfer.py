"""Export and import: a round trip loses nothing; a bad row imports nothing and is named."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import jsonschema
import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from beside.errors import ValidationFailed
from beside.journal import accounts as account_store
from beside.journal import children as child_store
from beside.journal import csv_files, export, naps, transfer
from beside.journal import episodes as episode_store
from beside.journal import households as household_store
from beside.journal import nights as night_store
from beside.journal.schema import ChildRow, EpisodeRow, NightRow, NoteRow, Role, WakingRow
from beside.records import Child, Episode, Nap, Night, Waking
from beside.records.document import document_from_json_data, json_schema
from beside.records.enums import (
    CaregiverResponse,
    ChildAction,
    Outcome,
    ResettleMethod,
    SleepMethod,
    TraitLevel,
    Trigger,
)

NOW = datetime(2025, 11, 20, 12, 0, tzinfo=UTC)
PARIS = ZoneInfo("Europe/Paris")


def _filled_household(s: Session) -> tuple[str, str]:
    house = household_store.create_household(s, name="Dubois", time_zone="Europe/Paris", now=NOW)
    user = account_store.create_user(
        s, email="l@example.org", display_name="L", password_hash="x", now=NOW
    )
    household_store.add_member(s, house.id, user.id, Role.OWNER, now=NOW)
    child = child_store.add_child(
        s,
        house.id,
        Child(
            name="Léa", birth_date=date(2024, 12, 1), sensitivity=TraitLevel.HIGH, older_siblings=1
        ),
    )
    base = datetime(2025, 10, 1, 19, 30, tzinfo=PARIS)
    for day in range(5):
        start = base + timedelta(days=day, hours=-8)
        episode_store.log_episode(
            s,
            child,
            Episode(
                start=start,
                end=start + timedelta(minutes=7 + day),
                trigger=Trigger.TIREDNESS,
                peak_distress=4.5 + day,
                child_action=ChildAction.TURNED_AWAY,
                response=CaregiverResponse.STAYED_PRESENT,
                latency_min=1.5,
                outcome=Outcome.CALMED_ALONE,
                minutes_to_calm=6.0,
                notes="sat nearby, she came back for a hug",
            ),
            by=user.id,
            now=NOW,
        )
        bed = base + timedelta(days=day)
        night_store.log_night(
            s,
            child,
            Night(
                bedtime=bed,
                sleep_onset=bed + timedelta(minutes=20),
                wake_time=bed + timedelta(hours=11),
                sleep_method=SleepMethod.RESPONSIVE_SETTLING,
                settle_fuss_cry_min=4.0 + day,
                wakings=(
                    Waking(
                        start=bed + timedelta(hours=4),
                        end=bed + timedelta(hours=4, minutes=12),
                        signalled=True,
                        resettled_by=ResettleMethod.FED,
                        latency_min=2.0,
                    ),
                ),
            ),
            tz=PARIS,
            by=user.id,
            now=NOW,
        )
        nap = bed - timedelta(hours=6)
        naps.log_nap(
            s,
            child,
            Nap(
                start=nap,
                end=nap + timedelta(minutes=75),
                sleep_method=SleepMethod.RESPONSIVE_SETTLING,
                notes="in the pram",
            ),
            by=user.id,
            now=NOW,
        )
    tonight = NOW - timedelta(hours=1)  # a night still in progress: no final wake yet
    night_store.log_night(
        s, child, Night(bedtime=tonight, sleep_onset=tonight), tz=PARIS, by=user.id, now=NOW
    )
    s.add(
        NoteRow(
            household_id=house.id,
            child_id=child.id,
            author_id=user.id,
            text="Good week.",
            tags=["sleep"],
            created_at=NOW,
        )
    )
    s.flush()
    return house.id, user.id


def _exported(s: Session, household_id: str) -> dict[str, Any]:
    """The export as its JSON file holds it."""
    return export.export_household(s, household_id).model_dump(mode="json")


def _import(s: Session, household_id: str, doc: dict[str, Any], **kw: Any) -> dict[str, int]:
    """A document as a file would hold it: parsed by the records' rules, then imported."""
    return transfer.import_household(s, household_id, document_from_json_data(doc), **kw)


def _normalised(doc: dict[str, Any]) -> dict[str, Any]:
    """Who imported differs between households; everything else must not, ids included
    (a record's id is stable wherever it travels)."""
    out = doc
    for key in ("episodes", "nights", "naps", "notes"):
        for row in out[key]:
            row.pop("logged_by", None)
            row.pop("author", None)
    return out


def test_round_trip_loses_nothing(engine: Engine) -> None:
    with Session(engine) as s:
        house, _ = _filled_household(s)
        first = _exported(s, house)
        jsonschema.validate(first, json_schema())  # the published format holds for a real one
        target = household_store.create_household(s, name="Copy", time_zone="Europe/Paris", now=NOW)
        importer = account_store.create_user(
            s, email="i@example.org", display_name="I", password_hash="x", now=NOW
        )
        counts = _import(s, target.id, first, by=importer.id, now=NOW)
        s.commit()
        assert counts == {
            "children": 1,
            "episodes": 5,
            "nights": 6,
            "naps": 5,
            "notes": 1,
            "unchanged": 0,
        }
        second = _exported(s, target.id)
    first.pop("household")
    second.pop("household")
    assert _normalised(second) == _normalised(first)


def test_one_bad_row_imports_nothing_and_every_bad_row_is_named(engine: Engine) -> None:
    with Session(engine) as s:
        house, user = _filled_household(s)
        doc = _exported(s, house)
        doc["episodes"][1]["peak_distress"] = 11
        doc["episodes"][3]["end"] = "2025-01-01T00:00:00+00:00"
        doc["nights"][2]["wakings"][0]["start"] = "2030-01-01T00:00:00+00:00"
        target = household_store.create_household(s, name="Copy", time_zone="UTC", now=NOW)
        s.commit()
        with pytest.raises(ValidationFailed) as exc:
            _import(s, target.id, doc, by=user, now=NOW)
        s.commit()  # even a caller that commits afterwards keeps nothing
        fields = [v.field for v in exc.value.violations]
        assert "episodes[1].peak_distress" in fields
        assert "episodes[3].end" in fields
        assert "nights[2].wakings[0].end" in fields
        in_target = (
            select(func.count()).select_from(ChildRow).where(ChildRow.household_id == target.id)
        )
        assert s.scalar(in_target) == 0
        assert s.scalar(select(func.count()).select_from(EpisodeRow)) == 5
        assert s.scalar(select(func.count()).select_from(NightRow)) == 6
        assert s.scalar(select(func.count()).select_from(WakingRow)) == 5


def test_a_document_of_another_kind_is_refused(engine: Engine) -> None:
    with Session(engine) as s:
        house, user = _filled_household(s)
        with pytest.raises(ValidationFailed) as exc:
            _import(s, house, {"format": "babybuddy"}, by=user, now=NOW)
        assert exc.value.violations[0].code == "unknown_format"


def test_csv_round_trip_and_bad_rows_by_line(engine: Engine) -> None:

    with Session(engine) as s:
        house, user = _filled_household(s)
        files = csv_files.export_csv(s, house)
        assert set(files) == {
            "children.csv",
            "episodes.csv",
            "nights.csv",
            "wakings.csv",
            "naps.csv",
            "notes.csv",
        }
        target = household_store.create_household(s, name="Copy", time_zone="Europe/Paris", now=NOW)
        counts = csv_files.import_csv(s, target.id, files, by=user, now=NOW)
        s.commit()
        assert counts == {
            "children": 1,
            "episodes": 5,
            "nights": 6,
            "naps": 5,
            "notes": 1,
            "unchanged": 0,
        }
        again_in = csv_files.import_csv(s, target.id, files, by=user, now=NOW)
        assert sum(again_in[k] for k in transfer.KINDS) == 0  # the same files again: no change
        again = csv_files.export_csv(s, target.id)
        strip = lambda text: [line.split(",")[1:] for line in text.splitlines()]  # noqa: E731
        assert strip(again["episodes.csv"]) == strip(files["episodes.csv"])
        assert again["wakings.csv"] == files["wakings.csv"]
        assert strip(again["naps.csv"]) == strip(files["naps.csv"])
        # nights: the ref and the child's id (columns 0 and 1) differ; the rest must not
        assert [r[1:] for r in strip(again["nights.csv"])] == [
            r[1:] for r in strip(files["nights.csv"])
        ]
        broken = dict(files)
        rows = list(csv.DictReader(io.StringIO(broken["episodes.csv"])))
        rows[2]["peak_distress"] = "12"  # the third episode: file line 4, after the header
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        broken["episodes.csv"] = out.getvalue()
        broken["wakings.csv"] = (
            broken["wakings.csv"] + "n99,2025-10-01T00:00:00+00:00,"
            "2025-10-01T00:05:00+00:00,True,alone,\n"
        )
        other = household_store.create_household(s, name="Other", time_zone="UTC", now=NOW)
        s.commit()
        with pytest.raises(ValidationFailed) as exc:
            csv_files.import_csv(s, other.id, broken, by=user, now=NOW)
        s.commit()
        fields = [v.field for v in exc.value.violations]
        assert "wakings.csv line 7: night" in fields
        assert "episodes.csv line 4: peak_distress" in fields
        in_other = (
            select(func.count()).select_from(ChildRow).where(ChildRow.household_id == other.id)
        )
        assert s.scalar(in_other) == 0


def test_nights_that_clash_inside_a_document_are_named(engine: Engine) -> None:
    """An import checks its nights against each other (they belong to new children): an
    overlap, two nights on one evening, and a broken logged_at are each named."""
    with Session(engine) as s:
        house, user = _filled_household(s)
        doc = _exported(s, house)
        complete = [n for n in doc["nights"] if n["wake_time"] is not None]
        twin = dict(complete[1], wakings=[])  # the same night again
        later = dict(complete[2], wakings=[])
        later["bedtime"] = later["sleep_onset"] = complete[2]["sleep_onset"]
        later["wake_time"] = complete[3]["sleep_onset"]  # runs into the next night
        doc["nights"] = [*doc["nights"], twin]
        doc["nights"][2] = later
        doc["episodes"][0]["logged_at"] = "yesterday"
        target = household_store.create_household(s, name="Copy", time_zone="Europe/Paris", now=NOW)
        s.commit()
        with pytest.raises(ValidationFailed) as exc:
            _import(s, target.id, doc, by=user, now=NOW)
        # each entry reads right first (the records' rules); then the store's rules
        assert {(v.field, v.code) for v in exc.value.violations} == {
            ("episodes[0].logged_at", "datetime_parsing")
        }
        doc["episodes"][0]["logged_at"] = None
        with pytest.raises(ValidationFailed) as exc:
            _import(s, target.id, doc, by=user, now=NOW)
        named = {(v.field, v.code) for v in exc.value.violations}
        overlapping = {field for field, code in named if code == "overlaps"}
        # the twin, the night the long one runs into, and the next day's nap it covers
        assert len(overlapping) == 3, named
        assert "naps[3].start" in overlapping, named


def _count_all(s: Session) -> tuple[int, ...]:
    return tuple(
        s.scalar(select(func.count()).select_from(t)) or 0
        for t in (ChildRow, EpisodeRow, NightRow, WakingRow, NoteRow)
    )


def test_the_same_document_twice_changes_nothing_and_says_so(engine: Engine) -> None:
    """Issue 10, item 3: records carry stable ids; a second import finds them."""
    with Session(engine) as s:
        house, user = _filled_household(s)
        doc = _exported(s, house)
        before = _count_all(s)
        same = _import(s, house, doc, by=user, now=NOW)
        assert same == dict.fromkeys(transfer.KINDS, 0) | {"unchanged": 1 + 5 + 6 + 5 + 1}
        assert transfer.summary_line(same) == (
            "nothing changed: all 18 records in it are here already"
        )
        assert _count_all(s) == before
        copy = household_store.create_household(s, name="Copy", time_zone="Europe/Paris", now=NOW)
        _import(s, copy.id, doc, by=user, now=NOW)
        again = _import(s, copy.id, doc, by=user, now=NOW)
        assert again["unchanged"] == 18
        assert sum(again[k] for k in transfer.KINDS) == 0
        # the copy's own export names the records by the same ids
        assert _exported(s, copy.id)["episodes"][0]["id"] == doc["episodes"][0]["id"]


def test_known_and_new_records_need_merge_which_adds_only_the_new(engine: Engine) -> None:
    with Session(engine) as s:
        house, user = _filled_household(s)
        doc = _exported(s, house)
        s.commit()
        extra = dict(doc["episodes"][0], id="a-new-one")
        extra["start"] = "2025-10-20T08:00:00+00:00"
        extra["end"] = "2025-10-20T08:10:00+00:00"
        clash = dict(doc["nights"][0], id="another-new-one")  # a new night on a stored one
        doc["episodes"].append(extra)
        before = _count_all(s)
        with pytest.raises(ValidationFailed) as exc:
            _import(s, house, doc, by=user, now=NOW)
        assert [(v.field, v.code) for v in exc.value.violations] == [
            ("document", "partly_imported")
        ]
        assert "18 of its 19 records" in exc.value.violations[0].message
        assert _count_all(s) == before
        doc["nights"].append(clash)
        with pytest.raises(ValidationFailed) as exc:
            _import(s, house, doc, by=user, now=NOW, merge=True)
        assert {(v.field, v.code) for v in exc.value.violations} == {
            (f"nights[{len(doc['nights']) - 1}].bedtime", "overlaps")
        }
        doc["nights"].pop()
        merged = _import(s, house, doc, by=user, now=NOW, merge=True)
        assert merged["episodes"] == 1
        assert merged["unchanged"] == 18
        assert _count_all(s)[1] == before[1] + 1


def test_exports_leave_members_emails_out_unless_asked(engine: Engine) -> None:
    """Issue 11: every export carried the members' e-mails (who logged each entry)."""
    with Session(engine) as s:
        house, _ = _filled_household(s)
        plain = _exported(s, house)
        text = export.export_json(s, house)
        assert "l@example.org" not in text
        assert {e["logged_by"] for e in plain["episodes"]} == {None}
        assert {n["author"] for n in plain["notes"]} == {None}
        assert "l@example.org" not in "".join(csv_files.export_csv(s, house).values())
        named = export.export_household(s, house, with_emails=True)
        assert {e.logged_by for e in named.episodes} == {"l@example.org"}


def test_a_csv_cell_never_becomes_a_formula_and_comes_back_as_written(engine: Engine) -> None:
    """Issue 11: a note like ``=HYPERLINK(...)`` went into the CSV as a formula."""
    formula = '=HYPERLINK("http://example.com/x","click")'
    with Session(engine) as s:
        house, user = _filled_household(s)
        child = child_store.children_of(s, house)[0]
        s.add(
            NoteRow(
                household_id=house,
                child_id=child.id,
                author_id=user,
                text=formula,
                tags=["@home"],
                created_at=NOW,
            )
        )
        s.flush()
        files = csv_files.export_csv(s, house)
        cells = [cell for row in csv.reader(io.StringIO(files["notes.csv"])) for cell in row]
        assert f"'{formula}" in cells
        assert "'@home" in cells
        assert not [c for c in cells if c.startswith(("=", "+", "@"))]
        target = household_store.create_household(s, name="Copy", time_zone="UTC", now=NOW)
        csv_files.import_csv(s, target.id, files, by=user, now=NOW)
        texts = {n["text"]: n["tags"] for n in _exported(s, target.id)["notes"]}
        assert texts[formula] == ["@home"]
