"""A household's children: added, found (by id or by name), listed and changed; a child's
birth date can only move to a day on or before their first record."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from beside.errors import NotFound, ValidationFailed, Violation
from beside.journal.entries import assign, paged
from beside.journal.schema import (
    ChildRow,
    EpisodeRow,
    NapRow,
    NightRow,
)
from beside.records import rules
from beside.records.models import Child


def add_child(s: Session, household_id: str, child: Child) -> ChildRow:
    rules.check_born_by(child.birth_date, field="birth_date")
    row = ChildRow(household_id=household_id, **child.model_dump())
    s.add(row)
    s.flush()
    return row


def children_of(
    s: Session, household_id: str, *, limit: int | None = None, offset: int = 0
) -> list[ChildRow]:
    """A household's children by name (then id, so that the order is total)."""
    query = select(ChildRow).where(ChildRow.household_id == household_id)
    return list(s.scalars(paged(query.order_by(ChildRow.name, ChildRow.id), limit, offset)))


def get_child(s: Session, household_id: str, child_id: str) -> ChildRow:
    """The child, if it belongs to this household; otherwise NotFound (never 'forbidden')."""
    row = s.get(ChildRow, child_id)
    if row is None or row.household_id != household_id:
        raise NotFound("no such child")
    return row


def child_by_ref(s: Session, household_id: str, ref: str) -> ChildRow:
    """A child of the household by id or, if unambiguous, by name (for the command line)."""
    row = s.get(ChildRow, ref)
    if row is not None and row.household_id == household_id:
        return row
    named = list(
        s.scalars(
            select(ChildRow).where(ChildRow.household_id == household_id, ChildRow.name == ref)
        )
    )
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        raise ValidationFailed(
            [Violation("child", "ambiguous", f"{len(named)} children are called {ref}: use the id")]
        )
    raise NotFound(f"no child {ref!r} in this household")


def replace_child(s: Session, row: ChildRow, child: Child) -> ChildRow:
    """Change a child; a birth date that would leave records before the birth is refused."""
    rules.check_born_by(child.birth_date, field="birth_date")
    earliest = min(
        (
            when
            for when in (
                s.scalar(select(func.min(EpisodeRow.start)).where(EpisodeRow.child_id == row.id)),
                s.scalar(select(func.min(NightRow.bedtime)).where(NightRow.child_id == row.id)),
                s.scalar(select(func.min(NapRow.start)).where(NapRow.child_id == row.id)),
            )
            if when is not None
        ),
        default=None,
    )
    if earliest is not None:
        try:
            rules.check_after_birth(earliest, child.birth_date, field="birth_date")
        except ValidationFailed:
            raise ValidationFailed(
                [
                    Violation(
                        "birth_date",
                        rules.BEFORE_BIRTH,
                        "this child has records from before that date",
                    )
                ]
            ) from None
    assign(row, child)
    s.flush()
    return row
