"""What every entry of a journal shares: its times checked, its record's fields landing on its
row and coming back, its lookup by id, deletion, and lists paged and windowed.

The caller owns the transaction: functions here and in the other journal modules add, flush
and return rows; a request or a CLI command commits (so operations compose). Records arrive
already parsed (``records.parse``); what only the store can check lives with the store.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from beside.errors import NotFound, ValidationFailed, Violation
from beside.journal.schema import (
    ChildRow,
    EpisodeRow,
    NapRow,
    NightRow,
    WakingRow,
)
from beside.records import rules

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)
E = TypeVar("E", EpisodeRow, NightRow, NapRow)
Sent = TypeVar("Sent", EpisodeRow, NightRow, NapRow, WakingRow)
Q = TypeVar("Q", bound=Select[*tuple[Any, ...]])
NEEDS_TIME_ZONE = "needs_time_zone"


def check_aware(fields: Mapping[str, datetime | None]) -> None:
    bad = [
        Violation(k, NEEDS_TIME_ZONE, "give the time with its time zone or offset")
        for k, v in fields.items()
        if v is not None and v.tzinfo is None
    ]
    if bad:
        raise ValidationFailed(bad)


def check_not_future(fields: Mapping[str, datetime | None], now: datetime) -> None:
    for name, value in fields.items():
        if value is not None:
            rules.check_not_future(value, field=name, now=now)


def check_times(fields: Mapping[str, datetime | None], *, now: datetime, born: date) -> None:
    """The store's rules for an entry's times: real instants, none in the future, none
    before the child was born."""
    check_aware(fields)
    check_not_future(fields, now)
    for name, value in fields.items():
        if value is not None:
            rules.check_after_birth(value, born, field=name)


def paged(query: Q, limit: int | None, offset: int) -> Q:
    """One page of a list query (in SQL: a household's whole list is never loaded to be
    cut); ``limit`` None is every row."""
    return query.limit(limit).offset(offset) if limit is not None else query.offset(offset)


@cache
def _field_names(model: type[BaseModel]) -> tuple[str, ...]:
    # pydantic's ``model_fields`` is rebuilt on each access (about 25 us): a child's five
    # years are thousands of rows (benchmarks/bench_pages.py)
    return tuple(model.model_fields)


def record_fields(model: type[BaseModel], row: object) -> dict[str, Any]:
    """A stored row's values for a record's fields (same names: one vocabulary)."""
    return {name: getattr(row, name) for name in _field_names(model)}


def row_record(model: type[M], row: object) -> M:
    """A stored row as its record; the record's rules run again."""
    return model.model_validate(record_fields(model, row))


def entry_of(s: Session, table: type[E], child: ChildRow, entry_id: str, what: str) -> E:
    """A child's entry by id; NotFound if it is another child's (never 'forbidden')."""
    row = s.get(table, entry_id)
    if row is None or row.child_id != child.id:
        raise NotFound(f"no such {what}")
    return row


def own_id(entry_id: str | None) -> dict[str, str]:
    """The id a new row is stored under: the phone's, when it made one (issue 12, item 3)."""
    return {} if entry_id is None else {"id": entry_id}


def sent_before(
    s: Session, table: type[Sent], child: ChildRow, entry_id: str | None
) -> Sent | None:
    """The entry a phone already sent under ``entry_id``, if any: a tap kept offline is sent
    again until an answer comes back, so the same entry can arrive twice. An id that is
    another child's entry is refused, naming the field, and tells nothing of that entry."""
    if entry_id is None:
        return None
    row = s.get(table, entry_id)
    if row is None:
        return None
    owner = row.night.child_id if isinstance(row, WakingRow) else row.child_id
    if owner != child.id:
        raise ValidationFailed(
            [Violation("entry_id", "entry_id_taken", "this id is already taken: make a new one")]
        )
    return row


def assign(row: ChildRow | EpisodeRow | WakingRow | NapRow, record: BaseModel) -> None:
    """Replace a stored row's fields with a record's (same names: one vocabulary)."""
    for name, value in record.model_dump().items():
        setattr(row, name, value)


def delete(s: Session, row: ChildRow | EpisodeRow | NightRow | WakingRow | NapRow) -> None:
    """Remove an entry; a child's or a night's own entries go with it."""
    s.delete(row)
    s.flush()


def in_window(
    query: Select[T], column: Any, since: datetime | None, until: datetime | None
) -> Select[T]:
    """Entries that began in [since, until); either end may be open."""
    if since is not None:
        query = query.where(column >= since)
    if until is not None:
        query = query.where(column < until)
    return query


def child_entries(
    table: type[E],
    child: ChildRow,
    began: Any,
    *,
    since: datetime | None,
    until: datetime | None,
    limit: int,
    offset: int,
) -> Select[E]:
    """One page of a child's entries of one kind that began (``began``, a column) in
    [since, until), oldest first (the id breaks ties, so pages never overlap)."""
    query = in_window(select(table).where(table.child_id == child.id), began, since, until)
    return query.order_by(began, table.id).limit(limit).offset(offset)


def utc_now() -> datetime:
    return datetime.now(UTC)
