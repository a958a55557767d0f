"""Import a journal document into a household, atomically and only once (``export.py``
writes one).

The document is ``records.document.JournalDocument``. Parsing it applies every record's own
rules and names every bad field by its place (``episodes[12].peak_distress``), with the API's
codes and messages; importing then applies the store's rules (no record before the child's
birth, nights apart) to every new entry; a document with one bad entry imports nothing. Who
logged an entry travels as an email and when as an instant; on import the importing account
is the logger and the original time is kept.

Every exported record carries a stable ``id`` (version 2). Importing finds the records that
are here already by that id (an imported record keeps it as its ``import_key``): a document
imported twice changes nothing the second time and says so; one that holds both known and
new records is refused unless ``merge`` is asked for, which adds only the new ones, checked
against what is stored. Version 1 documents (no ids) still import, as new records.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from beside.errors import ValidationFailed, Violation
from beside.journal import audit, sleep_times
from beside.journal import children as child_store
from beside.journal import episodes as episode_store
from beside.journal import households as household_store
from beside.journal import naps as nap_store
from beside.journal import nights as night_store
from beside.journal.schema import (
    Base,
    ChildRow,
    EpisodeRow,
    NapRow,
    NightRow,
    NoteRow,
    SecurityEventKind,
    new_id,
)
from beside.records import rules
from beside.records.ages import evening_of
from beside.records.document import (
    FORMAT,
    VERSION,
    ChildEntry,
    EpisodeEntry,
    JournalDocument,
    NapEntry,
    NightEntry,
    NoteEntry,
    parse_document,
    record_values,
)
from beside.records.models import Child, Nap, Night

E = TypeVar("E", EpisodeEntry, NightEntry, NapEntry)
PARTLY_HERE = "partly_imported"
#: The kinds of record a document holds, in the order they are counted.
KINDS = ("children", "episodes", "nights", "naps", "notes")
__all__ = ["FORMAT", "VERSION", "import_household", "import_json", "summary_line"]


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


@dataclass
class _Here:
    """What of a household is stored already: its children by every id they answer to, and
    the ids of their entries by kind (the store's id and the import key, both)."""

    children: dict[str, ChildRow]
    entries: dict[str, set[str]]

    @classmethod
    def load(cls, s: Session, household_id: str) -> _Here:
        rows = child_store.children_of(s, household_id)
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
    """One import, entry by entry: what is new, what is here already, what is wrong."""

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

    def is_here(self, kind: str, entry: EpisodeEntry | NightEntry | NapEntry | NoteEntry) -> bool:
        if entry.id is not None and entry.id in self.here.entries[kind]:
            self.unchanged += 1
            return True
        return False

    def child_of(self, ref: str, where: str) -> ChildRow | None:
        child = self.children.get(ref)
        if child is None:
            self.bad.append(Violation(f"{where}.child", "unknown_child", "names no child here"))
        return child

    def accepted(
        self, kind: str, entries: Sequence[E], rule: Callable[..., None]
    ) -> list[tuple[int, E, ChildRow]]:
        """The document's entries of one kind that are new and keep the store's ``rule``
        (the records' own rules held when the document was parsed), each with its place and
        its child; every other is counted as here already or named as bad."""
        out = []
        for i, entry in enumerate(entries):
            if self.is_here(kind, entry):
                continue
            where = f"{kind}[{i}]"
            child = self.child_of(entry.child, where)
            if child is not None and _check(
                self.bad, where, rule, entry, now=self.now, born=child.birth_date
            ):
                out.append((i, entry, child))
        return out

    def row(
        self, entry: EpisodeEntry | NightEntry | NapEntry, child_id: str, **more: Any
    ) -> dict[str, Any]:
        return {
            **record_values(entry),
            "created_at": entry.logged_at or self.now,
            **more,
            "id": new_id(),
            "import_key": entry.id,
            "child_id": child_id,
            "created_by": self.by,
        }


def _children(job: _Import, entries: Sequence[ChildEntry], version: int) -> None:
    for i, entry in enumerate(entries):
        ref = (entry.id if version >= 2 else entry.ref) or f"children[{i}]"
        known = job.here.children.get(ref) if version >= 2 else None
        if known is not None:
            job.children[ref] = known
            job.stored.add(known.id)
            job.unchanged += 1
            continue
        child = Child(**record_values(entry))
        if _check(
            job.bad, f"children[{i}]", rules.check_born_by, child.birth_date, field="birth_date"
        ):
            row = child_store.add_child(job.s, job.household_id, child)
            row.import_key = entry.id if version >= 2 else None
            job.children[ref] = row
            job.new["children"] += 1


def _episodes(job: _Import, entries: Sequence[EpisodeEntry]) -> list[dict[str, Any]]:
    taken = job.accepted("episodes", entries, episode_store.check_episode)
    return [job.row(e, child.id) for _, e, child in taken]


def _nights(
    job: _Import, entries: Sequence[NightEntry]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, list[Any]]]:
    """New nights and their wakings; and every child's nights, new and stored, as
    (start, end) for the naps to be checked against."""
    per_child: dict[str, list[tuple[int, NightEntry]]] = {}
    for i, night, child in job.accepted("nights", entries, night_store.check_night_alone):
        per_child.setdefault(child.id, []).append((i, night))
    night_rows: list[dict[str, Any]] = []
    waking_rows: list[dict[str, Any]] = []
    sleeps: dict[str, list[Any]] = {}
    for child_id, taken in per_child.items():
        clashes = night_store.check_nights_apart([night for _, night in taken], job.tz)
        for k, v in clashes:
            job.bad.append(Violation(f"nights[{taken[k][0]}].{v.field}", v.code, v.message))
        for i, night in taken:
            if child_id in job.stored:
                _check(job.bad, f"nights[{i}]", _fits_stored_nights, job.s, child_id, night, job.tz)
            row = job.row(night, child_id, evening=evening_of(night.bedtime, job.tz))
            row.pop("wakings")
            night_rows.append(row)
            waking_rows += [
                {
                    **w.model_dump(),
                    "id": new_id(),
                    "night_id": row["id"],
                    "created_by": job.by,
                    "created_at": row["created_at"],
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
    job: _Import, entries: Sequence[NapEntry], nights: dict[str, list[Any]]
) -> list[dict[str, Any]]:
    per_child: dict[str, list[tuple[int, NapEntry]]] = {}
    for i, nap, child in job.accepted("naps", entries, nap_store.check_nap_alone):
        per_child.setdefault(child.id, []).append((i, nap))
    rows: list[dict[str, Any]] = []
    for child_id, taken in per_child.items():
        overlapping = sleep_times.naps_apart(
            [(nap.start, nap.end) for _, nap in taken], nights.get(child_id, [])
        )
        job.bad.extend(
            Violation(f"naps[{taken[k][0]}].start", rules.OVERLAPS, "overlaps another sleep")
            for k in overlapping
        )
        for i, nap in taken:
            if child_id in job.stored:
                _check(job.bad, f"naps[{i}]", _fits_stored_naps, job.s, child_id, nap)
            rows.append(job.row(nap, child_id))
    return rows


def _notes(job: _Import, entries: Sequence[NoteEntry]) -> list[NoteRow]:
    out = []
    for i, note in enumerate(entries):
        if job.is_here("notes", note):
            continue
        child = job.child_of(note.child, f"notes[{i}]") if note.child else None
        if note.child and child is None:
            continue
        out.append(
            NoteRow(
                household_id=job.household_id,
                child_id=child.id if child else None,
                author_id=job.by,
                text=note.text,
                tags=list(note.tags),
                created_at=note.written_at or job.now,
                import_key=note.id,
            )
        )
    return out


def import_household(
    s: Session,
    household_id: str,
    document: JournalDocument,
    *,
    by: str,
    now: datetime,
    merge: bool = False,
) -> dict[str, int]:
    """Import into ``household_id``; all or nothing. Returns the new records per kind, and
    ``unchanged``: how many of the document's records were here already.

    The document's entries kept the records' rules when it was parsed; here every new one
    is checked by the store's rules (``episodes.check_episode``,
    ``nights.check_night_alone``, ...) before anything is written; then rows are written in
    bulk. Nights and naps are checked among the document's own,
    and, for a child that was here already, against the stored ones. A document that holds
    both records here already and new ones is refused unless ``merge``
    (``partly_imported``), so that a second import of a changed export is a choice, not a
    surprise.
    """
    job = _Import(
        s,
        household_id,
        household_store.household_zone(s, household_id),
        by,
        now,
        _Here.load(s, household_id),
    )
    savepoint = s.begin_nested()
    _children(job, document.children, document.version)
    episode_rows = _episodes(job, document.episodes)
    night_rows, waking_rows, sleeps = _nights(job, document.nights)
    nap_rows = _naps(job, document.naps, sleeps)
    note_rows = _notes(job, document.notes)
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
    counts = {**job.new, "unchanged": job.unchanged}
    audit.household_event(
        s, SecurityEventKind.IMPORTED, household_id, by=by, at=now, detail=summary_line(counts)
    )
    s.flush()
    return counts


def import_json(
    s: Session,
    household_id: str,
    text: str | bytes,
    *,
    by: str,
    now: datetime,
    merge: bool = False,
) -> dict[str, int]:
    """A document's JSON text, parsed (every bad field named) and imported."""
    return import_household(s, household_id, parse_document(text), by=by, now=now, merge=merge)


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
