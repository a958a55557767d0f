"""Export: everything a household logged, as one ``records.document.JournalDocument``.

Plain rows, not ORM objects, and no validation on the way out: five years of records export
in about half a second, and an export never refuses to hand a family its records because a
rule changed since they were stored. Who logged an entry travels as an email; each record by
its stable id (where it came from, if it was imported; else its own).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from beside.journal import audit
from beside.journal import households as household_store
from beside.journal.schema import (
    ChildRow,
    EpisodeRow,
    NapRow,
    NightRow,
    NoteRow,
    SecurityEventKind,
    UserRow,
    WakingRow,
)
from beside.records.document import (
    FORMAT,
    VERSION,
    ChildEntry,
    DocumentHousehold,
    EpisodeEntry,
    JournalDocument,
    NapEntry,
    NightEntry,
    NoteEntry,
)
from beside.records.models import Child, Episode, Nap, Night, Waking

CHILD_FIELDS = tuple(Child.model_fields)
EPISODE_FIELDS = tuple(Episode.model_fields)
NIGHT_FIELDS = tuple(f for f in Night.model_fields if f != "wakings")
WAKING_FIELDS = tuple(Waking.model_fields)
NAP_FIELDS = tuple(Nap.model_fields)


def _rows(
    s: Session, table: Any, names: tuple[str, ...], where: Any, order: tuple[Any, ...]
) -> list[dict[str, Any]]:
    """Plain rows (no ORM objects: five years of records export in about a second)."""
    columns = [table.__table__.c[n] for n in names]
    result = s.execute(select(*columns).where(where).order_by(*order))
    return [dict(zip(names, row, strict=True)) for row in result]


def _stable_id(row: dict[str, Any]) -> dict[str, Any]:
    """A record's id in an export: where it came from (its import key), else its own."""
    key = row.pop("import_key")
    row["id"] = key or row["id"]
    return row


def export_household(
    s: Session, household_id: str, *, with_emails: bool = False
) -> JournalDocument:
    """Everything the household logged. Built without validation (``model_construct``):
    the rows were checked when they were stored, and an export must never refuse to hand a
    family its records because a rule changed since.

    Who logged each entry (``logged_by``, a note's ``author``) is the members' e-mails,
    which an export passed on to a coach or a new app need not carry: only ``with_emails``
    (issue 11). An import never needs them (the importing account is the logger)."""
    house = household_store.household(s, household_id)
    emails = (
        {row.id: row.email for row in s.execute(select(UserRow.id, UserRow.email))}
        if with_emails
        else {}
    )
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
    wakings: dict[str, list[Waking]] = {}
    for w in _rows(
        s,
        WakingRow,
        ("night_id", *WAKING_FIELDS),
        WakingRow.night_id.in_(select(NightRow.id).where(NightRow.child_id.in_(row_ids))),
        (WakingRow.night_id, WakingRow.start),
    ):
        wakings.setdefault(w.pop("night_id"), []).append(Waking.model_construct(**w))
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

    def night(row: dict[str, Any]) -> NightEntry:
        own = tuple(wakings.get(row["id"], ()))  # by the store's id, before it is replaced
        return NightEntry.model_construct(**entry(row), wakings=own)

    return JournalDocument.model_construct(
        format=FORMAT,
        version=VERSION,
        household=DocumentHousehold.model_construct(name=house.name, time_zone=house.time_zone),
        children=tuple(ChildEntry.model_construct(**_stable_id(c)) for c in children),
        episodes=tuple(EpisodeEntry.model_construct(**entry(e)) for e in episodes),
        nights=tuple(night(n) for n in nights),
        naps=tuple(NapEntry.model_construct(**entry(n)) for n in naps),
        notes=tuple(
            NoteEntry.model_construct(
                id=n.import_key or n.id,
                child=None if n.child_id is None else child_ref.get(n.child_id),
                text=n.text,
                tags=tuple(n.tags),
                written_at=n.created_at,
                author=emails.get(n.author_id),
            )
            for n in notes
        ),
    )


def record_export(
    s: Session, household_id: str, *, by: str | None, with_emails: bool, now: datetime
) -> None:
    """An export is in the household's audit log: it holds everything the family logged.
    ``by`` None: made on the server, from the command line."""
    detail = "with members' e-mails" if with_emails else ""
    if by is None:
        detail = "on the server (beside export)" + (f", {detail}" if detail else "")
    audit.household_event(s, SecurityEventKind.EXPORTED, household_id, by=by, at=now, detail=detail)


def export_json(s: Session, household_id: str, *, with_emails: bool = False) -> str:
    return export_household(s, household_id, with_emails=with_emails).model_dump_json()
