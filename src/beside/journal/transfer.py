"""Export a household as one JSON document, and import one back, atomically.

Import checks every row before anything is kept: a document with one bad row imports
nothing, and the error lists every bad row by its place in the document
(``episodes[12].peak_distress``). Rows are parsed in JSON mode through ``records``, so the
rules and messages are the API's. Who logged an entry travels as an email and when as an
instant; on import the importing account is the logger and the original time is kept.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from beside.errors import ValidationFailed, Violation
from beside.journal import naps as nap_store
from beside.journal import repository as repo
from beside.journal import sleep_times
from beside.journal.schema import (
    Base,
    ChildRow,
    EpisodeRow,
    NapRow,
    NightRow,
    NoteRow,
    UserRow,
    WakingRow,
    new_id,
)
from beside.records import rules
from beside.records.ages import evening_of
from beside.records.models import Child, Episode, Nap, Night, Note, Waking
from beside.records.parse import parse_record_json

R = TypeVar("R", bound=BaseModel)
FORMAT = "beside-journal"
VERSION = 1
CHILD_FIELDS = tuple(Child.model_fields)
EPISODE_FIELDS = tuple(Episode.model_fields)
NIGHT_FIELDS = tuple(f for f in Night.model_fields if f != "wakings")
WAKING_FIELDS = tuple(Waking.model_fields)
NAP_FIELDS = tuple(Nap.model_fields)
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


def _rows(
    s: Session, table: Any, names: tuple[str, ...], where: Any, order: tuple[Any, ...]
) -> list[dict[str, Any]]:
    """Plain rows (no ORM objects: five years of records export in about a second), each
    value in its JSON form."""
    columns = [table.__table__.c[n] for n in names]
    result = s.execute(select(*columns).where(where).order_by(*order))
    return [{n: _json(v) for n, v in zip(names, row, strict=True)} for row in result]


def export_household(s: Session, household_id: str) -> dict[str, Any]:
    house = repo.household(s, household_id)
    emails = {row.id: row.email for row in s.execute(select(UserRow.id, UserRow.email))}
    children = list(
        s.scalars(
            select(ChildRow)
            .where(ChildRow.household_id == household_id)
            .order_by(ChildRow.name, ChildRow.id)
        )
    )
    ids = [c.id for c in children]
    logged = ("created_by", "created_at")
    episodes = _rows(
        s,
        EpisodeRow,
        ("child_id", *EPISODE_FIELDS, *logged),
        EpisodeRow.child_id.in_(ids),
        (EpisodeRow.child_id, EpisodeRow.start, EpisodeRow.id),
    )
    nights = _rows(
        s,
        NightRow,
        ("id", "child_id", *NIGHT_FIELDS, *logged),
        NightRow.child_id.in_(ids),
        (NightRow.child_id, NightRow.bedtime),
    )
    naps = _rows(
        s,
        NapRow,
        ("child_id", *NAP_FIELDS, *logged),
        NapRow.child_id.in_(ids),
        (NapRow.child_id, NapRow.start, NapRow.id),
    )
    wakings: dict[str, list[dict[str, Any]]] = {}
    for w in _rows(
        s,
        WakingRow,
        ("night_id", *WAKING_FIELDS),
        WakingRow.night_id.in_(select(NightRow.id).where(NightRow.child_id.in_(ids))),
        (WakingRow.night_id, WakingRow.start),
    ):
        wakings.setdefault(w.pop("night_id"), []).append(w)
    notes = s.scalars(
        select(NoteRow)
        .where(NoteRow.household_id == household_id)
        .order_by(NoteRow.created_at, NoteRow.id)
    )

    def entry(row: dict[str, Any]) -> dict[str, Any]:
        """Who logged it travels as an email; ids stay behind."""
        row["child"] = row.pop("child_id")
        row["logged_by"] = emails.get(row.pop("created_by"))
        row["logged_at"] = row.pop("created_at")
        return row

    def night(row: dict[str, Any]) -> dict[str, Any]:
        own = wakings.get(row.pop("id"), [])
        return entry(row) | {"wakings": own}

    return {
        "format": FORMAT,
        "version": VERSION,
        "household": {"name": house.name, "time_zone": house.time_zone},
        "children": [{"ref": c.id, **_pick(c, CHILD_FIELDS)} for c in children],
        "episodes": [entry(e) for e in episodes],
        "nights": [night(n) for n in nights],
        "naps": [entry(n) for n in naps],
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
    """Compact JSON: ``indent`` would switch the standard library to its pure-Python encoder
    (about four times slower for five years of records)."""
    return json.dumps(export_household(s, household_id), ensure_ascii=False)


def _parse(model: type[BaseModel], data: dict[str, Any], where: str, bad: list[Violation]) -> Any:
    try:
        return parse_record_json(model, json.dumps(data))
    except ValidationFailed as exc:
        bad.extend(Violation(f"{where}.{v.field}", v.code, v.message) for v in exc.violations)
        return None


def _parse_all(
    model: type[R], items: list[dict[str, Any]], kind: str, bad: list[Violation]
) -> list[R | None]:
    """Every row at once (one JSON validation for the list: an import of five years takes
    well under a second); only if some row is bad, row by row, so that every bad row is
    named."""
    try:
        return list(TypeAdapter(list[model]).validate_json(json.dumps(items)))  # type: ignore[valid-type]
    except ValidationError:
        return [_parse(model, item, f"{kind}[{i}]", bad) for i, item in enumerate(items)]


def _fields(item: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {k: item[k] for k in names if k in item}


def _logged_at(item: dict[str, Any], where: str, now: datetime, bad: list[Violation]) -> datetime:
    """When the entry was first logged (kept across export and import); else now."""
    value = item.get("logged_at")
    if value is None:
        return now
    try:
        when = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        when = None
    if when is None or when.tzinfo is None:
        bad.append(Violation(f"{where}.logged_at", "invalid_time", "an ISO time with offset"))
        return now
    return when


def _check(
    bad: list[Violation], where: str, rule: Callable[..., None], *args: Any, **kwargs: Any
) -> bool:
    """Run one store rule; a rule it breaks is recorded under the row's place."""
    try:
        rule(*args, **kwargs)
    except ValidationFailed as exc:
        bad.extend(Violation(f"{where}.{v.field}", v.code, v.message) for v in exc.violations)
        return False
    return True


def import_household(
    s: Session, household_id: str, document: dict[str, Any], *, by: str, now: datetime
) -> dict[str, int]:
    """Import into ``household_id``; all or nothing. Returns counts per record type.

    Every row is checked by the records' rules and the store's (``repository.check_*``)
    before anything is written; then rows are written in bulk. The document's children are
    new children, so the rules between nights are checked among the document's own nights.
    """
    if document.get("format") != FORMAT or document.get("version") != VERSION:
        raise ValidationFailed(
            [
                Violation(
                    "format", "unknown_format", f"expected a {FORMAT} document, version {VERSION}"
                )
            ]
        )
    tz = repo.household_zone(s, household_id)
    bad: list[Violation] = []
    savepoint = s.begin_nested()
    children: dict[str, ChildRow] = {}
    for i, item in enumerate(_list(document, "children", bad)):
        child = _parse(Child, _fields(item, CHILD_FIELDS), f"children[{i}]", bad)
        if child is not None:
            children[str(item.get("ref"))] = repo.add_child(s, household_id, child)

    def child_of(item: dict[str, Any], where: str) -> ChildRow | None:
        child = children.get(str(item.get("child")))
        if child is None:
            bad.append(Violation(f"{where}.child", "unknown_child", "names no child here"))
        return child

    episode_items = _list(document, "episodes", bad)
    episode_rows: list[dict[str, Any]] = []
    parsed_episodes = _parse_all(
        Episode, [_fields(it, EPISODE_FIELDS) for it in episode_items], "episodes", bad
    )
    for i, (item, episode) in enumerate(zip(episode_items, parsed_episodes, strict=True)):
        where = f"episodes[{i}]"
        child = child_of(item, where)
        logged = _logged_at(item, where, now, bad)
        if child is None or episode is None:
            continue
        if _check(bad, where, repo.check_episode, episode, now=now):
            episode_rows.append(
                {
                    **episode.model_dump(),
                    "id": new_id(),
                    "child_id": child.id,
                    "created_by": by,
                    "created_at": logged,
                }
            )

    night_items = _list(document, "nights", bad)
    parsed_nights = _parse_all(
        Night,
        [{**_fields(it, NIGHT_FIELDS), "wakings": it.get("wakings", [])} for it in night_items],
        "nights",
        bad,
    )
    per_child: dict[str, list[tuple[int, Night, datetime]]] = {}
    nights_of: dict[str, list[tuple[datetime, datetime | None]]] = {}
    for i, (item, night) in enumerate(zip(night_items, parsed_nights, strict=True)):
        where = f"nights[{i}]"
        child = child_of(item, where)
        logged = _logged_at(item, where, now, bad)
        if child is None or night is None:
            continue
        if _check(bad, where, repo.check_night_alone, night, now=now):
            per_child.setdefault(child.id, []).append((i, night, logged))
            nights_of.setdefault(child.id, []).append((night.bedtime, night.wake_time))
    night_rows: list[dict[str, Any]] = []
    waking_rows: list[dict[str, Any]] = []
    for child_id, entries in per_child.items():
        clashes = repo.check_nights_apart([night for _, night, _ in entries], tz)
        for k, v in clashes:
            bad.append(Violation(f"nights[{entries[k][0]}].{v.field}", v.code, v.message))
        for _, night, logged in entries:
            night_id = new_id()
            night_rows.append(
                {
                    "id": night_id,
                    "child_id": child_id,
                    "evening": evening_of(night.bedtime, tz),
                    "bedtime": night.bedtime,
                    "sleep_onset": night.sleep_onset,
                    "wake_time": night.wake_time,
                    "sleep_method": night.sleep_method,
                    "settle_fuss_cry_min": night.settle_fuss_cry_min,
                    "created_by": by,
                    "created_at": logged,
                }
            )
            waking_rows += [
                {
                    **w.model_dump(),
                    "id": new_id(),
                    "night_id": night_id,
                    "created_by": by,
                    "created_at": logged,
                }
                for w in night.wakings
            ]

    nap_items = _list(document, "naps", bad)
    parsed_naps = _parse_all(Nap, [_fields(it, NAP_FIELDS) for it in nap_items], "naps", bad)
    naps_of: dict[str, list[tuple[int, Nap, datetime]]] = {}
    for i, (item, nap) in enumerate(zip(nap_items, parsed_naps, strict=True)):
        where = f"naps[{i}]"
        child = child_of(item, where)
        logged = _logged_at(item, where, now, bad)
        if child is None or nap is None:
            continue
        if _check(bad, where, nap_store.check_nap_alone, nap, now=now):
            naps_of.setdefault(child.id, []).append((i, nap, logged))
    nap_rows: list[dict[str, Any]] = []
    for child_id, taken in naps_of.items():
        overlapping = sleep_times.naps_apart(
            [(nap.start, nap.end) for _, nap, _ in taken], nights_of.get(child_id, [])
        )
        bad.extend(
            Violation(f"naps[{taken[k][0]}].start", rules.OVERLAPS, "overlaps another sleep")
            for k in overlapping
        )
        nap_rows += [
            {
                **nap.model_dump(),
                "id": new_id(),
                "child_id": child_id,
                "created_by": by,
                "created_at": logged,
            }
            for _, nap, logged in taken
        ]

    note_items = _list(document, "notes", bad)
    parsed_notes = _parse_all(Note, [_fields(it, NOTE_FIELDS) for it in note_items], "notes", bad)
    note_rows: list[NoteRow] = []
    for i, (item, note) in enumerate(zip(note_items, parsed_notes, strict=True)):
        child = child_of(item, f"notes[{i}]") if item.get("child") else None
        if note is None or (item.get("child") and child is None):
            continue
        note_rows.append(
            NoteRow(
                household_id=household_id,
                child_id=child.id if child else None,
                author_id=by,
                text=note.text,
                tags=list(note.tags),
                created_at=note.written_at or now,
            )
        )
    if bad:
        savepoint.rollback()
        raise ValidationFailed(bad)
    # Core inserts (executemany): rows are checked already, and the ORM's unit of work
    # would cost about as much again.
    for table, rows in (
        (Base.metadata.tables["episodes"], episode_rows),
        (Base.metadata.tables["nights"], night_rows),
        (Base.metadata.tables["wakings"], waking_rows),
        (Base.metadata.tables["naps"], nap_rows),
    ):
        if rows:
            s.connection().execute(insert(table), rows)
    s.add_all(note_rows)
    s.flush()
    return {
        "children": len(children),
        "episodes": len(episode_rows),
        "nights": len(night_rows),
        "naps": len(nap_rows),
        "notes": len(note_rows),
    }


def _list(document: dict[str, Any], key: str, bad: list[Violation]) -> list[dict[str, Any]]:
    items = document.get(key, [])
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        bad.append(Violation(key, "not_a_list", "must be a list of objects"))
        return []
    return items
