"""Export a household as one JSON document, and import one back, atomically.

Import checks every row before anything is kept: a document with one bad row imports
nothing, and the error lists every bad row by its place in the document
(``episodes[12].peak_distress``). Rows are parsed in JSON mode through ``records``, so the
rules and messages are the API's. Who logged an entry travels as an email and when as an
instant; on import the importing account is the logger and the original time is kept.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from beside.errors import ValidationFailed, Violation
from beside.journal import repository as repo
from beside.journal.schema import (
    ChildRow,
    EpisodeRow,
    HouseholdRow,
    NightRow,
    NoteRow,
    UserRow,
)
from beside.records.models import Child, Episode, Night, Note
from beside.records.parse import parse_record_json

FORMAT = "beside-journal"
VERSION = 1
CHILD_FIELDS = tuple(Child.model_fields)
EPISODE_FIELDS = tuple(Episode.model_fields)
NIGHT_FIELDS = tuple(f for f in Night.model_fields if f != "wakings")
NOTE_FIELDS = tuple(Note.model_fields)


def _json(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "value"):
        return value.value
    return value


def _pick(row: object, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: _json(getattr(row, name)) for name in names}


def export_household(s: Session, household_id: str) -> dict[str, Any]:
    house = s.get(HouseholdRow, household_id)
    assert house is not None
    emails = {row.id: row.email for row in s.execute(select(UserRow.id, UserRow.email))}
    children = list(
        s.scalars(
            select(ChildRow)
            .where(ChildRow.household_id == household_id)
            .order_by(ChildRow.name, ChildRow.id)
        )
    )
    ids = [c.id for c in children]
    episodes = s.scalars(
        select(EpisodeRow)
        .where(EpisodeRow.child_id.in_(ids))
        .order_by(EpisodeRow.child_id, EpisodeRow.start)
    )
    nights = s.scalars(
        select(NightRow)
        .where(NightRow.child_id.in_(ids))
        .order_by(NightRow.child_id, NightRow.bedtime)
    )
    notes = s.scalars(
        select(NoteRow)
        .where(NoteRow.household_id == household_id)
        .order_by(NoteRow.created_at, NoteRow.id)
    )

    def logged(row: EpisodeRow | NightRow) -> dict[str, Any]:
        return {"logged_by": emails.get(row.created_by), "logged_at": _json(row.created_at)}

    return {
        "format": FORMAT,
        "version": VERSION,
        "household": {"name": house.name, "time_zone": house.time_zone},
        "children": [{"ref": c.id, **_pick(c, CHILD_FIELDS)} for c in children],
        "episodes": [
            {"child": e.child_id, **_pick(e, EPISODE_FIELDS), **logged(e)} for e in episodes
        ],
        "nights": [
            {
                "child": n.child_id,
                **_pick(n, NIGHT_FIELDS),
                **logged(n),
                "wakings": [
                    _pick(w, ("start", "end", "signalled", "resettled_by", "latency_min"))
                    for w in n.wakings
                ],
            }
            for n in nights
        ],
        "notes": [
            {
                "child": n.child_id,
                "text": n.text,
                "tags": list(n.tags),
                "written_at": _json(n.created_at),
                "author": emails.get(n.author_id),
            }
            for n in notes
        ],
    }


def export_json(s: Session, household_id: str) -> str:
    return json.dumps(export_household(s, household_id), indent=1, ensure_ascii=False)


def _parse(model: type[BaseModel], data: dict[str, Any], where: str, bad: list[Violation]) -> Any:
    try:
        return parse_record_json(model, json.dumps(data))
    except ValidationFailed as exc:
        bad.extend(Violation(f"{where}.{v.field}", v.code, v.message) for v in exc.violations)
        return None


def _fields(item: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {k: item[k] for k in names if k in item}


def import_household(
    s: Session, household_id: str, document: dict[str, Any], *, by: str, now: datetime
) -> dict[str, int]:
    """Import into ``household_id``; all or nothing. Returns counts per record type."""
    if document.get("format") != FORMAT or document.get("version") != VERSION:
        raise ValidationFailed(
            [
                Violation(
                    "format", "unknown_format", f"expected a {FORMAT} document, version {VERSION}"
                )
            ]
        )
    house = s.get(HouseholdRow, household_id)
    assert house is not None
    tz = repo.zone(house.time_zone)
    bad: list[Violation] = []
    savepoint = s.begin_nested()
    children: dict[str, ChildRow] = {}
    for i, item in enumerate(document.get("children", [])):
        child = _parse(Child, _fields(item, CHILD_FIELDS), f"children[{i}]", bad)
        if child is not None:
            children[str(item.get("ref"))] = repo.add_child(s, household_id, child)
    counts = {"children": len(children), "episodes": 0, "nights": 0, "notes": 0}
    for i, item in enumerate(document.get("episodes", [])):
        where = f"episodes[{i}]"
        episode = _parse(Episode, _fields(item, EPISODE_FIELDS), where, bad)
        child = children.get(str(item.get("child")))
        if child is None:
            bad.append(Violation(f"{where}.child", "unknown_child", "names no child here"))
        elif episode is not None:
            row = _keep(bad, where, repo.log_episode, s, child, episode, by=by, now=now)
            _logged_at(row, item)
            counts["episodes"] += 1
    for i, item in enumerate(document.get("nights", [])):
        where = f"nights[{i}]"
        night = _parse(
            Night, {**_fields(item, NIGHT_FIELDS), "wakings": item.get("wakings", [])}, where, bad
        )
        child = children.get(str(item.get("child")))
        if child is None:
            bad.append(Violation(f"{where}.child", "unknown_child", "names no child here"))
        elif night is not None:
            row = _keep(bad, where, repo.log_night, s, child, night, tz=tz, by=by, now=now)
            _logged_at(row, item)
            counts["nights"] += 1
    for i, item in enumerate(document.get("notes", [])):
        note = _parse(Note, _fields(item, NOTE_FIELDS), f"notes[{i}]", bad)
        child = children.get(str(item.get("child"))) if item.get("child") else None
        if item.get("child") and child is None:
            bad.append(Violation(f"notes[{i}].child", "unknown_child", "names no child here"))
        elif note is not None:
            s.add(
                NoteRow(
                    household_id=household_id,
                    child_id=child.id if child else None,
                    author_id=by,
                    text=note.text,
                    tags=list(note.tags),
                    created_at=note.written_at or now,
                )
            )
            counts["notes"] += 1
    if bad:
        savepoint.rollback()
        raise ValidationFailed(bad)
    s.flush()
    return counts


def _keep(bad: list[Violation], where: str, action: Any, *args: Any, **kwargs: Any) -> Any:
    """Run one repository call; a rule it breaks is recorded under the row's place."""
    try:
        return action(*args, **kwargs)
    except ValidationFailed as exc:
        bad.extend(Violation(f"{where}.{v.field}", v.code, v.message) for v in exc.violations)
        return None


def _logged_at(row: EpisodeRow | NightRow | None, item: dict[str, Any]) -> None:
    """Keep when the entry was first logged; the importer becomes who logged it."""
    if row is not None and isinstance(item.get("logged_at"), str):
        row.created_at = datetime.fromisoformat(item["logged_at"])
        for waking in getattr(row, "wakings", []):
            waking.created_at = row.created_at
