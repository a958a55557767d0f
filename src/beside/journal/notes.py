"""Notes on a household's records: a caregiver's remark or a coach's advice.

Coaches may leave notes (never records); notes name their author and, optionally, a child.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from beside.errors import ValidationFailed, Violation
from beside.journal import children as child_store
from beside.journal.schema import NoteRow

MAX_TAGS = 20


def add_note(
    s: Session,
    household_id: str,
    *,
    author_id: str,
    text: str,
    child_id: str | None,
    tags: list[str],
    now: datetime,
) -> NoteRow:
    if not text.strip():
        raise ValidationFailed([Violation("text", "missing", "a note needs some text")])
    if len(tags) > MAX_TAGS:
        raise ValidationFailed([Violation("tags", "too_many", f"at most {MAX_TAGS} tags")])
    if child_id is not None:
        child_store.get_child(s, household_id, child_id)
    row = NoteRow(
        household_id=household_id,
        child_id=child_id,
        author_id=author_id,
        text=text,
        tags=tags,
        created_at=now,
    )
    s.add(row)
    s.flush()
    return row


def list_notes(
    s: Session, household_id: str, *, child_id: str | None = None, limit: int = 100, offset: int = 0
) -> list[NoteRow]:
    query = select(NoteRow).where(NoteRow.household_id == household_id)
    if child_id is not None:
        query = query.where(NoteRow.child_id == child_id)
    query = query.order_by(NoteRow.created_at.desc(), NoteRow.id).limit(limit).offset(offset)
    return list(s.scalars(query))
