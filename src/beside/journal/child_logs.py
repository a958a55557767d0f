"""A child's stored records as one ``ChildLog``: the journal's side of the spine
(store -> records -> tables -> insights)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Row, or_, select
from sqlalchemy.orm import Session

from beside.errors import NotFound
from beside.journal import access
from beside.journal import accounts as account_store
from beside.journal import children as child_store
from beside.journal import entries as entry_store
from beside.journal import households as household_store
from beside.journal import nights as night_store
from beside.journal.schema import (
    ChildRow,
    EpisodeRow,
    NapRow,
    NightRow,
    NoteRow,
    UserRow,
    WakingRow,
)
from beside.records.child_log import ChildLog
from beside.records.models import Child, Episode, Nap, Waking


def child_record(row: ChildRow) -> Child:
    return entry_store.row_record(Child, row)


def episode_record(row: EpisodeRow | Row[Any]) -> Episode:
    return entry_store.row_record(Episode, row)


def child_log_dates(
    s: Session,
    household_id: str,
    child: ChildRow,
    *,
    since: date | None = None,
    until: date | None = None,
) -> ChildLog:
    """Entries that began on the local dates ``since`` to ``until`` (both included) in the
    household's zone (a night by its bedtime)."""
    tz = household_store.household_zone(s, household_id)

    def midnight(d: date) -> datetime:
        return datetime.combine(d, time(0), tzinfo=tz)

    return child_log(
        s,
        household_id,
        child,
        since=None if since is None else midnight(since),
        until=None if until is None else midnight(until + timedelta(days=1)),
    )


def child_log(
    s: Session,
    household_id: str,
    child: ChildRow,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
) -> ChildLog:
    """Every episode, night and nap of ``child`` that began in [since, until), as records.

    Read as plain rows, not ORM objects: the objects cost four times the query for a
    child's five years (0.4-0.6 s against about 0.13 s, benchmarks/bench_pages.py), and
    nothing here is changed. The records' rules run again all the same."""
    episodes = entry_store.in_window(
        select(EpisodeRow.__table__).where(EpisodeRow.child_id == child.id),
        EpisodeRow.start,
        since,
        until,
    )
    nights = entry_store.in_window(
        select(NightRow.__table__).where(NightRow.child_id == child.id),
        NightRow.bedtime,
        since,
        until,
    )
    naps = entry_store.in_window(
        select(NapRow.__table__).where(NapRow.child_id == child.id), NapRow.start, since, until
    )
    night_ids = nights.with_only_columns(NightRow.id)
    wakings: dict[str, list[Waking]] = defaultdict(list)
    for w in s.execute(
        select(WakingRow.__table__)
        .where(WakingRow.night_id.in_(night_ids.scalar_subquery()))
        .order_by(WakingRow.start)
    ):
        wakings[w.night_id].append(night_store.waking_record(w))
    return ChildLog(
        child=child_record(child),
        episodes=tuple(episode_record(r) for r in s.execute(episodes.order_by(EpisodeRow.start))),
        nights=tuple(
            night_store.night_record(r, wakings=wakings[r.id])
            for r in s.execute(nights.order_by(NightRow.bedtime))
        ),
        time_zone=household_store.household_zone(s, household_id),
        naps=tuple(entry_store.row_record(Nap, r) for r in s.execute(naps.order_by(NapRow.start))),
    )


def log_for_reader(
    s: Session,
    *,
    email: str,
    child: str,
    household: str | None,
    since: date | None,
    until: date | None,
) -> ChildLog:
    """The child's log for an account that may read it (the command line's way in: a child
    by id, or by name within ``household``). NotFound outside the account's households."""
    house, kid = reader_child(s, email=email, child=child, household=household)
    return child_log_dates(s, house, kid, since=since, until=until)


def reader_child(
    s: Session, *, email: str, child: str, household: str | None
) -> tuple[str, ChildRow]:
    """The household and the child, for an account that may read them (a child by id, or
    by name within ``household``). NotFound outside the account's households."""
    user = account_store.user_by_email(s, email)
    if household is None:
        row = s.get(ChildRow, child)
        if row is None:
            raise NotFound("no such child: give its id, or --household with its name")
        household = row.household_id
    access.require(s, user.id, household, access.Action.READ)
    return household, child_store.child_by_ref(s, household, child)


def notes_about(
    s: Session, household_id: str, child: ChildRow, *, since: date, until: date
) -> list[tuple[str, datetime, str]]:
    """Notes on the child (or on the whole household) written on the local dates since to
    until: (author's name, when, text), oldest first."""
    tz = household_store.household_zone(s, household_id)
    start = datetime.combine(since, time(0), tzinfo=tz)
    end = datetime.combine(until + timedelta(days=1), time(0), tzinfo=tz)
    query = (
        select(NoteRow, UserRow.display_name)
        .join(UserRow, UserRow.id == NoteRow.author_id)
        .where(
            NoteRow.household_id == household_id,
            or_(NoteRow.child_id == child.id, NoteRow.child_id.is_(None)),
            NoteRow.created_at >= start,
            NoteRow.created_at < end,
        )
        .order_by(NoteRow.created_at, NoteRow.id)
    )
    return [(name, note.created_at, note.text) for note, name in s.execute(query)]
