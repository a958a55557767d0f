"""Putting an entry right afterwards (issue 12, item 1): a day's entries as the household's
clock shows them, and each kind of entry changed through the same rules as when it was
first logged. What the form does not carry (a waking's latency, an episode's fuss minutes)
stays as it was stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from beside.journal import entries as entry_store
from beside.journal import episodes as episode_store
from beside.journal import naps as nap_store
from beside.journal import nights as night_store
from beside.journal.schema import ChildRow, EpisodeRow, NapRow, NightRow, WakingRow
from beside.records.enums import Outcome
from beside.records.fixes import EpisodeFix, NapFix, NightFix, WakingFix, local_instant
from beside.records.models import Episode, Nap, Night, Waking
from beside.records.parse import parse_record

CALMED = (Outcome.CALMED_ALONE, Outcome.CALMED_WITH_HELP)
#: More entries than anyone logs in one day: the page lists them all.
DAY_LIMIT = 500


@dataclass(frozen=True)
class DayEntries:
    """A local day: the upsets and naps that began on it, and the night of its evening."""

    day: date
    episodes: list[EpisodeRow]
    night: NightRow | None
    naps: list[NapRow]


def day_entries(s: Session, child: ChildRow, day: date, tz: ZoneInfo) -> DayEntries:
    since = datetime.combine(day, time(), tzinfo=tz)
    until = datetime.combine(day + timedelta(days=1), time(), tzinfo=tz)
    night = s.scalars(
        select(NightRow)
        .where(NightRow.child_id == child.id, NightRow.evening == day)
        .options(selectinload(NightRow.wakings))
    ).first()
    return DayEntries(
        day,
        episode_store.list_episodes(s, child, since=since, until=until, limit=DAY_LIMIT),
        night,
        nap_store.list_naps(s, child, since=since, until=until, limit=DAY_LIMIT),
    )


def _as_shown(
    text: str | None, stored: datetime | None, tz: ZoneInfo, *, field: str
) -> datetime | None:
    """The time a form sent. A form shows times to the second; sent back unchanged, the
    stored time is kept as it was (to the microsecond), so saving a form never moves a
    time nobody touched, and a waking of a few seconds stays valid."""
    if text is None:
        return None
    when = local_instant(text, tz, field=field)
    if stored is not None and stored.replace(microsecond=0) == when:
        return stored
    return when


def fix_episode(
    s: Session, row: EpisodeRow, fix: EpisodeFix, *, tz: ZoneInfo, now: datetime
) -> EpisodeRow:
    """Minutes to calm follow the times when the episode ended in calm (as a tap on "calm"
    set them); otherwise they are not known."""
    start = _as_shown(fix.start, row.start, tz, field="start")
    end = _as_shown(fix.end, row.end, tz, field="end")
    assert start is not None
    calm = None
    if end is not None and fix.outcome in CALMED:
        calm = max(round((end - start).total_seconds() / 60.0, 1), 0.0)
    episode = parse_record(
        Episode,
        {
            **entry_store.record_fields(Episode, row),
            **fix.model_dump(exclude={"start", "end"}),
            "start": start,
            "end": end,
            "minutes_to_calm": calm,
        },
    )
    return episode_store.replace_episode(s, row, episode, now=now)


def fix_night(s: Session, row: NightRow, fix: NightFix, *, tz: ZoneInfo, now: datetime) -> NightRow:
    bedtime = _as_shown(fix.bedtime, row.bedtime, tz, field="bedtime")
    assert bedtime is not None
    onset = _as_shown(fix.sleep_onset, row.sleep_onset, tz, field="sleep_onset") or bedtime
    wake = _as_shown(fix.wake_time, row.wake_time, tz, field="wake_time")
    record = night_store.night_record(row)
    night = parse_record(
        Night,
        {
            **record.model_dump(exclude={"bedtime", "sleep_onset", "wake_time"}),
            "bedtime": bedtime,
            "sleep_onset": onset,
            "wake_time": wake,
        },
    )
    return night_store.retime_night(s, row, night, tz=tz, now=now)


def fix_waking(
    s: Session, row: WakingRow, fix: WakingFix, *, tz: ZoneInfo, now: datetime
) -> WakingRow:
    signalled = None if fix.signalled is None else fix.signalled == "yes"
    waking = parse_record(
        Waking,
        {
            **entry_store.record_fields(Waking, row),
            "start": _as_shown(fix.start, row.start, tz, field="start"),
            "end": _as_shown(fix.end, row.end, tz, field="end"),
            "signalled": signalled,
            "resettled_by": fix.resettled_by,
        },
    )
    return night_store.replace_waking(s, row, waking, now=now)


def fix_nap(s: Session, row: NapRow, fix: NapFix, *, tz: ZoneInfo, now: datetime) -> NapRow:
    nap = parse_record(
        Nap,
        {
            **entry_store.record_fields(Nap, row),
            "start": _as_shown(fix.start, row.start, tz, field="start"),
            "end": _as_shown(fix.end, row.end, tz, field="end"),
        },
    )
    return nap_store.replace_nap(s, row, nap, now=now)
