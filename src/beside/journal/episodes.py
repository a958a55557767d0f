"""Episodes of upset: logged, changed and listed, each checked against the child's birth and
the clock (nothing in the future)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Session

from beside.journal.entries import assign, check_times, child_entries, entry_of, own_id
from beside.journal.schema import (
    ChildRow,
    EpisodeRow,
)
from beside.records.models import Episode


def check_episode(episode: Episode, *, now: datetime, born: date) -> None:
    """What the store adds to the record's own rules: real instants, none in the future or
    before the child's birth."""
    check_times({"start": episode.start, "end": episode.end}, now=now, born=born)


def log_episode(
    s: Session,
    child: ChildRow,
    episode: Episode,
    *,
    by: str,
    now: datetime,
    entry_id: str | None = None,
) -> EpisodeRow:
    """Store an episode, under ``entry_id`` when the phone made one (else a new id)."""
    check_episode(episode, now=now, born=child.birth_date)
    row = EpisodeRow(
        child_id=child.id, created_by=by, created_at=now, **own_id(entry_id), **episode.model_dump()
    )
    s.add(row)
    s.flush()
    return row


def get_episode(s: Session, child: ChildRow, episode_id: str) -> EpisodeRow:
    return entry_of(s, EpisodeRow, child, episode_id, "episode")


def replace_episode(s: Session, row: EpisodeRow, episode: Episode, *, now: datetime) -> EpisodeRow:
    child = s.get(ChildRow, row.child_id)
    assert child is not None
    check_episode(episode, now=now, born=child.birth_date)
    assign(row, episode)
    s.flush()
    return row


def list_episodes(
    s: Session,
    child: ChildRow,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[EpisodeRow]:
    return list(
        s.scalars(
            child_entries(
                EpisodeRow,
                child,
                EpisodeRow.start,
                since=since,
                until=until,
                limit=limit,
                offset=offset,
            )
        )
    )
