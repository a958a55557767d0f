"""A child's stored records as one ``ChildLog``: the journal's side of the spine
(store -> records -> tables -> insights)."""

from __future__ import annotations

from datetime import datetime
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from beside.journal import repository as repo
from beside.journal.schema import ChildRow, EpisodeRow, NightRow
from beside.records.child_log import ChildLog
from beside.records.models import Child, Episode

R = TypeVar("R", Child, Episode)


def _record(model: type[R], row: object) -> R:
    """A stored row as its record (same field names: one vocabulary); the rules run again."""
    return model.model_validate({name: getattr(row, name) for name in model.model_fields})


def child_record(row: ChildRow) -> Child:
    return _record(Child, row)


def episode_record(row: EpisodeRow) -> Episode:
    return _record(Episode, row)


def child_log(
    s: Session,
    household_id: str,
    child: ChildRow,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
) -> ChildLog:
    """Every episode and night of ``child`` that began in [since, until), as records."""
    episodes = select(EpisodeRow).where(EpisodeRow.child_id == child.id)
    nights = select(NightRow).where(NightRow.child_id == child.id)
    if since is not None:
        episodes = episodes.where(EpisodeRow.start >= since)
        nights = nights.where(NightRow.bedtime >= since)
    if until is not None:
        episodes = episodes.where(EpisodeRow.start < until)
        nights = nights.where(NightRow.bedtime < until)
    return ChildLog(
        child=child_record(child),
        episodes=tuple(episode_record(r) for r in s.scalars(episodes.order_by(EpisodeRow.start))),
        nights=tuple(
            repo.night_record(r)
            for r in s.scalars(
                nights.order_by(NightRow.bedtime).options(selectinload(NightRow.wakings))
            )
        ),
        time_zone=repo.household_zone(s, household_id),
    )
