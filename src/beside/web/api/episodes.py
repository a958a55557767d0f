"""A child's distress episodes: log (in full, or "now" in one call), list, read, change,
remove."""

from __future__ import annotations

from datetime import tzinfo
from typing import Annotated

from fastapi import APIRouter, Depends, Response

from beside.journal import entries as entry_store
from beside.journal import episodes as episode_store
from beside.journal import quick_log
from beside.journal.schema import EpisodeRow
from beside.records.models import Episode
from beside.records.times import Instant
from beside.web.api.paging import Limit, Offset, created_response, page_response
from beside.web.api_models import EpisodeCreate, EpisodeNow, EpisodeOut, EpisodePage, in_zone
from beside.web.deps import (
    CurrentUser,
    HouseholdZone,
    Id,
    NowDep,
    ReadableChild,
    SessionDep,
    WritableChild,
    body_doc,
    json_body,
)

router = APIRouter(prefix="/households/{household_id}/children/{child_id}/episodes")


def episode_out(row: EpisodeRow, tz: tzinfo) -> EpisodeOut:
    fields = {**entry_store.record_fields(Episode, row), "logged_at": row.created_at}
    return EpisodeOut(
        id=row.id, child_id=row.child_id, logged_by=row.created_by, **in_zone(fields, tz)
    )


@router.post("", status_code=201, openapi_extra=body_doc(EpisodeCreate))
def log_episode(
    child: WritableChild,
    tz: HouseholdZone,
    user: CurrentUser,
    s: SessionDep,
    at: NowDep,
    data: Annotated[EpisodeCreate, Depends(json_body(EpisodeCreate))],
) -> EpisodeOut:
    return episode_out(episode_store.log_episode(s, child, data, by=user.id, now=at), tz)


@router.post("/now", status_code=201, response_model=EpisodeOut, openapi_extra=body_doc(EpisodeNow))
def log_episode_now(
    child: WritableChild,
    tz: HouseholdZone,
    user: CurrentUser,
    s: SessionDep,
    at: NowDep,
    data: Annotated[EpisodeNow, Depends(json_body(EpisodeNow))],
) -> Response:
    """One call at 3 a.m.: how upset, and (optionally) what helped; the start is now."""
    row = quick_log.log_episode_now(s, child, data, by=user.id, now=at)
    return created_response(episode_out(row, tz))


@router.get("", response_model=EpisodePage)
def list_episodes(
    child: ReadableChild,
    tz: HouseholdZone,
    s: SessionDep,
    since: Instant | None = None,
    until: Instant | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    """Episodes that began in [since, until), oldest first."""
    rows = episode_store.list_episodes(
        s, child, since=since, until=until, limit=limit + 1, offset=offset
    )
    page = EpisodePage.of([episode_out(r, tz) for r in rows], offset=offset, limit=limit)
    return page_response(page)


@router.get("/{episode_id}")
def get_episode(
    episode_id: Id, child: ReadableChild, tz: HouseholdZone, s: SessionDep
) -> EpisodeOut:
    return episode_out(episode_store.get_episode(s, child, episode_id), tz)


@router.put("/{episode_id}", openapi_extra=body_doc(EpisodeCreate))
def replace_episode(
    episode_id: Id,
    child: WritableChild,
    tz: HouseholdZone,
    s: SessionDep,
    at: NowDep,
    data: Annotated[EpisodeCreate, Depends(json_body(EpisodeCreate))],
) -> EpisodeOut:
    row = episode_store.get_episode(s, child, episode_id)
    return episode_out(episode_store.replace_episode(s, row, data, now=at), tz)


@router.delete("/{episode_id}", status_code=204)
def delete_episode(episode_id: Id, child: WritableChild, s: SessionDep) -> None:
    entry_store.delete(s, episode_store.get_episode(s, child, episode_id))
