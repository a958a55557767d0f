"""Export a household as one JSON document, and import one back, atomically and only once.

Import checks every row before anything is kept: a document with one bad row imports
nothing, and the error lists every bad row by its place in the document
(``episodes[12].peak_distress``). Rows are parsed in JSON mode through ``records``, so the
rules and messages are the API's. Who logged an entry travels as an email and when as an
instant; on import the importing account is the logger and the original time is kept.

Every exported record carries a stable ``id`` (version 2). Importing finds the records that
are here already by that id (an imported record keeps it as its ``import_key``): a document
imported twice changes nothing the second time and says so; one that holds both known and
new records is refused unless ``merge`` is asked for, which adds only the new ones, checked
against what is stored. Version 1 documents (no ids) still import, as new records.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

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
VERSION = 2
#: Version 1 had no record ids (children had a ``ref`` used only inside the document).
READABLE_VERSIONS = (1, 2)
CHILD_FIELDS = tuple(Child.model_fields)
EPISODE_FIELDS = tuple(Episode.model_fields)
NIGHT_FIELDS = tuple(f for f in Night.model_fields if f != "wakings")
WAKING_FIELDS = tuple(Waking.model_fields)
NAP_FIELDS = tuple(Nap.model_fields)
NOTE_FIELDS = tuple(Note.model_fields)
PARTLY_HERE = "partly_imported"
#: The kinds of record a document holds, in the order they are counted.
KINDS = ("children", "episodes", "nights", "naps", "notes")


def _json(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "value"):
        return value.value
    return value


def _rows(
    s: Session, table: Any, names: tuple[str, ...], where: Any, order: tuple[Any, ...]
) -> list[dict[str, Any]]:
    """Plain rows (no ORM objects: five years of records export in about a second), each
    value in its JSON form."""
    columns = [table.__table__.c[n] for n in names]
    result = s.execute(select(*columns).where(where).order_by(*order))
    return [{n: _json(v) for n, v in zip(names, row, strict=True)} for row in result]


def _stable_id(row: dict[str, Any]) -> dict[str, Any]:
    """A record's id in an export: where it came from (its import key), else its own."""
    key = row.pop("import_key")
    row["id"] = key or row["id"]
    return row


def export_household(s: Session, household_id: str) -> dict[str, Any]:
    house = repo.household(s, household_id)
    emails = {row.id: row.email for row in s.execute(select(UserRow.id, UserRow.email))}
    children = _rows(
        s,
        ChildRow,
        ("id", "import_key", *CHILD_FIELDS),
        ChildRow.household_id == household_id,
        (ChildRow.name, ChildRow.id),
    )
    child_ref = {c["id"]: c["import_key"] or c["id"] for c in children}
    row_ids = list(child_ref)
    identity = ("id", "import_key", "child_id")
    logged = ("created_by", "created_at")
    episodes = _rows(
        s,
        EpisodeRow,
        (*identity, *EPISODE_FIELDS, *logged),
        EpisodeRow.child_id.in_(row_ids),
        (EpisodeRow.child_id, EpisodeRow.start, EpisodeRow.id),
    )
    nights = _rows(
        s,
        NightRow,
        (*identity, *NIGHT_FIELDS, *logged),
        NightRow.child_id.in_(row_ids),
        (NightRow.child_id, NightRow.bedtime),
    )
    wakings: dict[str, list[dict[str, Any]]] = {}
    for w in _rows(
        s,
        WakingRow,
        ("night_id", *WAKING_FIELDS),
        WakingRow.night_id.in_(select(NightRow.id).where(NightRow.child_id.in_(row_ids))),
        (WakingRow.night_id, WakingRow.start),
    ):
        wakings.setdefault(w.pop("night_id"), []).append(w)
    naps = _rows(
        s,
        NapRow,
        (*identity, *NAP_FIELDS, *logged),
        NapRow.child_id.in_(row_ids),
        (NapRow.child_id, NapRow.start, NapRow.id),
    )
    notes = s.scalars(
        select(NoteRow)
        .where(NoteRow.household_id == household_id)
        .order_by(NoteRow.created_at, NoteRow.id)
    )

    def entry(row: dict[str, Any]) -> dict[str, Any]:
        """Who logged it travels as an email; the child by its stable id."""
        row["child"] = child_ref[row.pop("child_id")]
        row["logged_by"] = emails.get(row.pop("created_by"))
        row["logged_at"] = row.pop("created_at")
        return _stable_id(row)

    def night(row: dict[str, Any]) -> dict[str, Any]:
        own = wakings.get(row["id"], [])
        return entry(row) | {"wakings": own}

    return {
        "format": FORMAT,
        "version": VERSION,
        "household": {"name": house.name, "time_zone": house.time_zone},
        "children": [_stable_id(c) for c in children],
        "episodes": [entry(e) for e in episodes],
        "nights": [night(n) for n in nights],
        "naps": [entry(n) for n in naps],
        "notes": [
            {
                "id": n.import_key or n.id,
                "child": None if n.child_id is None else child_ref.get(n.child_id),
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
    model: type[R], rows: list[tuple[str, dict[str, Any]]], bad: list[Violation]
) -> list[R | None]:
    """Every row at once (one JSON validation for the list: an import of five years takes
    well under a second); only if some row is bad, row by row, so that every bad row is
    named by its place (the first of each pair)."""
    try:
        adapter = TypeAdapter(list[model])  # type: ignore[valid-type]
        return list(adapter.validate_json(json.dumps([data for _, data in rows])))
    except ValidationError:
        return [_parse(model, data, where, bad) for where, data in rows]


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


def _key(item: dict[str, Any]) -> str | None:
    """A record's stable id in the document, if it has one."""
    value = item.get("id")
    return str(value)[:120] if value is not None and value != "" else None


@dataclass
class _Here:
    """What of a household is stored already: its children by every id they answer to, and
    the ids of their entries by kind (the store's id and the import key, both)."""

    children: dict[str, ChildRow]
    entries: dict[str, set[str]]

    @classmethod
    def load(cls, s: Session, household_id: str) -> _Here:
        rows = repo.children_of(s, household_id)
        children: dict[str, ChildRow] = {}
        for row in rows:
            children[row.id] = row
            if row.import_key:
                children[row.import_key] = row
        ids = [row.id for row in rows]
        entries: dict[str, set[str]] = {}
        for kind, table, where in (
            ("episodes", EpisodeRow, EpisodeRow.child_id.in_(ids)),
            ("nights", NightRow, NightRow.child_id.in_(ids)),
            ("naps", NapRow, NapRow.child_id.in_(ids)),
            ("notes", NoteRow, NoteRow.household_id == household_id),
        ):
            keys: set[str] = set()
            for row_id, key in s.execute(select(table.id, table.import_key).where(where)):
                keys.add(row_id)
                if key:
                    keys.add(key)
            entries[kind] = keys
        return cls(children, entries)


@dataclass
class _Import:
    """One import, row by row: what is new, what is here already, what is wrong."""

    s: Session
    household_id: str
    tz: ZoneInfo
    by: str
    now: datetime
    here: _Here
    bad: list[Violation] = field(default_factory=list)
    children: dict[str, ChildRow] = field(default_factory=dict)
    #: children that were here before this import (their new entries meet stored ones)
    stored: set[str] = field(default_factory=set)
    new: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    unchanged: int = 0

    def is_here(self, kind: str, item: dict[str, Any]) -> bool:
        key = _key(item)
        if key is not None and key in self.here.entries[kind]:
            self.unchanged += 1
            return True
        return False

    def child_of(self, item: dict[str, Any], where: str) -> ChildRow | None:
        child = self.children.get(str(item.get("child")))
        if child is None:
            self.bad.append(Violation(f"{where}.child", "unknown_child", "names no child here"))
        return child

    def logged(self, item: dict[str, Any], where: str) -> datetime:
        return _logged_at(item, where, self.now, self.bad)

    def accepted(
        self,
        kind: str,
        model: type[R],
        items: list[dict[str, Any]],
        fields_of: Callable[[dict[str, Any]], dict[str, Any]],
        rule: Callable[..., None],
    ) -> list[tuple[int, dict[str, Any], R, ChildRow, datetime]]:
        """The document's records of one kind that are new and keep every rule on their
        own (the record's, and the store's ``rule``), each with its place, its child and
        when it was logged; every other is counted as here already or named as bad."""
        fresh = [(i, it) for i, it in enumerate(items) if not self.is_here(kind, it)]
        parsed = _parse_all(model, [(f"{kind}[{i}]", fields_of(it)) for i, it in fresh], self.bad)
        out = []
        for (i, item), record in zip(fresh, parsed, strict=True):
            where = f"{kind}[{i}]"
            child = self.child_of(item, where)
            logged = self.logged(item, where)
            if child is None or record is None:
                continue
            if _check(self.bad, where, rule, record, now=self.now, born=child.birth_date):
                out.append((i, item, record, child, logged))
        return out

    def row(self, record: BaseModel, item: dict[str, Any], child_id: str, **more: Any) -> Any:
        return {
            **record.model_dump(),
            **more,
            "id": new_id(),
            "import_key": _key(item),
            "child_id": child_id,
            "created_by": self.by,
        }


def _children(job: _Import, items: list[dict[str, Any]], version: int) -> None:
    for i, item in enumerate(items):
        ref = str(item.get("id") if version >= 2 else item.get("ref"))
        known = job.here.children.get(ref) if version >= 2 else None
        if known is not None:
            job.children[ref] = known
            job.stored.add(known.id)
            job.unchanged += 1
            continue
        child = _parse(Child, _fields(item, CHILD_FIELDS), f"children[{i}]", job.bad)
        if child is not None and _check(
            job.bad, f"children[{i}]", rules.check_born_by, child.birth_date, field="birth_date"
        ):
            row = repo.add_child(job.s, job.household_id, child)
            row.import_key = _key(item) if version >= 2 else None
            job.children[ref] = row
            job.new["children"] += 1


def _episodes(job: _Import, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    taken = job.accepted(
        "episodes", Episode, items, lambda it: _fields(it, EPISODE_FIELDS), repo.check_episode
    )
    return [job.row(e, item, child.id, created_at=logged) for _, item, e, child, logged in taken]


def _nights(
    job: _Import, items: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, list[Any]]]:
    """New nights and their wakings; and every child's nights, new and stored, as
    (start, end) for the naps to be checked against."""
    per_child: dict[str, list[tuple[int, dict[str, Any], Night, datetime]]] = {}
    for i, item, night, child, logged in job.accepted(
        "nights",
        Night,
        items,
        lambda it: {**_fields(it, NIGHT_FIELDS), "wakings": it.get("wakings", [])},
        repo.check_night_alone,
    ):
        per_child.setdefault(child.id, []).append((i, item, night, logged))
    night_rows: list[dict[str, Any]] = []
    waking_rows: list[dict[str, Any]] = []
    sleeps: dict[str, list[Any]] = {}
    for child_id, entries in per_child.items():
        clashes = repo.check_nights_apart([night for _, _, night, _ in entries], job.tz)
        for k, v in clashes:
            job.bad.append(Violation(f"nights[{entries[k][0]}].{v.field}", v.code, v.message))
        for i, item, night, logged in entries:
            if child_id in job.stored:
                _check(job.bad, f"nights[{i}]", _fits_stored_nights, job.s, child_id, night, job.tz)
            row = job.row(
                night.model_copy(update={"wakings": ()}),
                item,
                child_id,
                created_at=logged,
                evening=evening_of(night.bedtime, job.tz),
            )
            row.pop("wakings")
            night_rows.append(row)
            waking_rows += [
                {
                    **w.model_dump(),
                    "id": new_id(),
                    "night_id": row["id"],
                    "created_by": job.by,
                    "created_at": logged,
                }
                for w in night.wakings
            ]
            sleeps.setdefault(child_id, []).append((night.bedtime, night.wake_time))
    return night_rows, waking_rows, sleeps


def _fits_stored_nights(s: Session, child_id: str, night: Night, tz: ZoneInfo) -> None:
    """A merged night against the child's stored nights and naps (the store's own rules)."""
    if sleep_times.overlapping_night(s, child_id, night.bedtime, night.wake_time) is not None:
        raise ValidationFailed([Violation("bedtime", rules.OVERLAPS, "overlaps a stored night")])
    if sleep_times.overlapping_nap(s, child_id, night.bedtime, night.wake_time) is not None:
        raise ValidationFailed([Violation("bedtime", rules.OVERLAPS, "overlaps a stored nap")])
    evening = evening_of(night.bedtime, tz)
    taken = select(NightRow.id).where(NightRow.child_id == child_id, NightRow.evening == evening)
    if s.scalar(taken) is not None:
        raise ValidationFailed(
            [Violation("bedtime", rules.OVERLAPS, "a stored night is on that evening")]
        )


def _fits_stored_naps(s: Session, child_id: str, nap: Nap) -> None:
    if sleep_times.overlapping_nap(s, child_id, nap.start, nap.end) is not None:
        raise ValidationFailed([Violation("start", rules.OVERLAPS, "overlaps a stored nap")])
    if sleep_times.overlapping_night(s, child_id, nap.start, nap.end) is not None:
        raise ValidationFailed([Violation("start", rules.OVERLAPS, "overlaps a stored night")])


def _naps(
    job: _Import, items: list[dict[str, Any]], nights: dict[str, list[Any]]
) -> list[dict[str, Any]]:
    per_child: dict[str, list[tuple[int, dict[str, Any], Nap, datetime]]] = {}
    for i, item, nap, child, logged in job.accepted(
        "naps", Nap, items, lambda it: _fields(it, NAP_FIELDS), nap_store.check_nap_alone
    ):
        per_child.setdefault(child.id, []).append((i, item, nap, logged))
    rows: list[dict[str, Any]] = []
    for child_id, taken in per_child.items():
        overlapping = sleep_times.naps_apart(
            [(nap.start, nap.end) for _, _, nap, _ in taken], nights.get(child_id, [])
        )
        job.bad.extend(
            Violation(f"naps[{taken[k][0]}].start", rules.OVERLAPS, "overlaps another sleep")
            for k in overlapping
        )
        for i, item, nap, logged in taken:
            if child_id in job.stored:
                _check(job.bad, f"naps[{i}]", _fits_stored_naps, job.s, child_id, nap)
            rows.append(job.row(nap, item, child_id, created_at=logged))
    return rows


def _notes(job: _Import, items: list[dict[str, Any]]) -> list[NoteRow]:
    fresh = [(i, it) for i, it in enumerate(items) if not job.is_here("notes", it)]
    parsed = _parse_all(
        Note, [(f"notes[{i}]", _fields(it, NOTE_FIELDS)) for i, it in fresh], job.bad
    )
    out = []
    for (i, item), note in zip(fresh, parsed, strict=True):
        child = job.child_of(item, f"notes[{i}]") if item.get("child") else None
        if note is None or (item.get("child") and child is None):
            continue
        out.append(
            NoteRow(
                household_id=job.household_id,
                child_id=child.id if child else None,
                author_id=job.by,
                text=note.text,
                tags=list(note.tags),
                created_at=note.written_at or job.now,
                import_key=_key(item),
            )
        )
    return out


def import_household(
    s: Session,
    household_id: str,
    document: dict[str, Any],
    *,
    by: str,
    now: datetime,
    merge: bool = False,
) -> dict[str, int]:
    """Import into ``household_id``; all or nothing. Returns the new records per kind, and
    ``unchanged``: how many of the document's records were here already.

    Every new row is checked by the records' rules and the store's (``repository.check_*``)
    before anything is written; then rows are written in bulk. Nights and naps are checked
    among the document's own, and, for a child that was here already, against the stored
    ones. A document that holds both records here already and new ones is refused unless
    ``merge`` (``partly_imported``), so that a second import of a changed export is a
    choice, not a surprise.
    """
    version = document.get("version")
    if document.get("format") != FORMAT or version not in READABLE_VERSIONS:
        raise ValidationFailed(
            [
                Violation(
                    "format", "unknown_format", f"expected a {FORMAT} document, version {VERSION}"
                )
            ]
        )
    assert isinstance(version, int)
    job = _Import(
        s,
        household_id,
        repo.household_zone(s, household_id),
        by,
        now,
        _Here.load(s, household_id),
    )
    savepoint = s.begin_nested()
    _children(job, _list(document, "children", job.bad), version)
    episode_rows = _episodes(job, _list(document, "episodes", job.bad))
    night_rows, waking_rows, sleeps = _nights(job, _list(document, "nights", job.bad))
    nap_rows = _naps(job, _list(document, "naps", job.bad), sleeps)
    note_rows = _notes(job, _list(document, "notes", job.bad))
    job.new.update(
        episodes=len(episode_rows),
        nights=len(night_rows),
        naps=len(nap_rows),
        notes=len(note_rows),
    )
    added = sum(job.new.values())
    if not job.bad and added and job.unchanged and not merge:
        job.bad.append(
            Violation(
                "document",
                PARTLY_HERE,
                f"{job.unchanged} of its {job.unchanged + added} records are here already:"
                f" import with merge to add only the {added} new ones",
            )
        )
    if job.bad:
        savepoint.rollback()
        raise ValidationFailed(job.bad)
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
    return {**job.new, "unchanged": job.unchanged}


def summary_line(counts: dict[str, int]) -> str:
    """What an import did, in a line: the new records, or that nothing changed."""
    if not any(counts.get(kind) for kind in KINDS):
        n = counts.get("unchanged", 0)
        return f"nothing changed: all {n} records in it are here already" if n else "empty"
    one = {"children": "child", "episodes": "episode", "nights": "night", "naps": "nap"}
    added = ", ".join(
        f"{counts[kind]} {one.get(kind, 'note') if counts[kind] == 1 else kind}"
        for kind in KINDS
        if counts.get(kind)
    )
    kept = counts.get("unchanged", 0)
    return f"added {added}" + (f"; {kept} were here already" if kept else "")


def _list(document: dict[str, Any], key: str, bad: list[Violation]) -> list[dict[str, Any]]:
    items = document.get(key, [])
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        bad.append(Violation(key, "not_a_list", "must be a list of objects"))
        return []
    return items
