"""One-call entries for 3 a.m.: an episode now, a waking now, bedtime, morning, a nap.

A tired parent gives as little as possible; what they do not say is stored as not recorded
(``records.quick_forms``) and can be filled in later. The API and ``beside log`` both come
here, so both behave the same.

A waking belongs to a night. If the child has no night around the waking yet, one is opened
(in progress: no final wake until the morning) at the bedtime given, or else at the child's
usual bedtime (median of recent nights); with neither, the call asks for a bedtime rather
than inventing one.

A form that starts an entry may carry the id the phone made for it (``entry_id``): the same
tap sent twice (kept offline, its first answer lost) returns the entry stored the first
time, unchanged, instead of a second one (``entries.sent_before``).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from beside.errors import ValidationFailed, Violation
from beside.journal import entries as entry_store
from beside.journal import episodes as episode_store
from beside.journal import naps
from beside.journal import nights as night_store
from beside.journal.schema import ChildRow, EpisodeRow, NapRow, NightRow, WakingRow
from beside.records.ages import evening_of
from beside.records.enums import ChildAction, Outcome, SleepMethod
from beside.records.models import Episode, Nap, Night, Waking
from beside.records.parse import parse_record
from beside.records.quick_forms import (
    CalmNow,
    EpisodeNow,
    NapEnd,
    NapStart,
    NightEnd,
    NightStart,
    WakingNow,
)

NEEDS_BEDTIME = "needs_bedtime"
#: A night still open this long after bedtime was surely left open by mistake.
NIGHT_LEFT_OPEN = timedelta(hours=16)


def log_episode_now(
    s: Session, child: ChildRow, entry: EpisodeNow, *, by: str, now: datetime
) -> EpisodeRow:
    """An episode that began ``minutes_ago`` (0: just now)."""
    if (sent := entry_store.sent_before(s, EpisodeRow, child, entry.entry_id)) is not None:
        return sent
    episode = parse_record(
        Episode,
        {
            "start": now - timedelta(minutes=entry.minutes_ago),
            "trigger": entry.trigger,
            "peak_distress": entry.peak_distress,
            "child_action": entry.child_action,
            "response": entry.response,
            "outcome": entry.outcome,
            "minutes_to_calm": entry.minutes_to_calm,
            "aftercare": entry.aftercare,
        },
    )
    return episode_store.log_episode(s, child, episode, by=by, now=now, entry_id=entry.entry_id)


def turned_away_now(s: Session, row: EpisodeRow, *, now: datetime) -> EpisodeRow:
    """A tap during an episode: the child turned away (C11)."""
    return _amend(s, row, now=now, child_action=ChildAction.TURNED_AWAY)


def calm_now(s: Session, row: EpisodeRow, entry: CalmNow, *, now: datetime) -> EpisodeRow:
    """The episode ends now: its end and minutes to calm are the time since its start."""
    minutes = round((now - row.start).total_seconds() / 60.0, 1)
    return _amend(s, row, now=now, end=now, minutes_to_calm=minutes, outcome=entry.outcome)


def not_calm_yet(s: Session, row: EpisodeRow, *, now: datetime) -> EpisodeRow:
    """Undo "calm": the episode is in progress again, its end and outcome not known."""
    return _amend(s, row, now=now, end=None, minutes_to_calm=None, outcome=Outcome.NOT_RECORDED)


def _amend(s: Session, row: EpisodeRow, *, now: datetime, **changes: object) -> EpisodeRow:
    """The stored episode with ``changes``, checked by the records' rules again."""
    episode = parse_record(Episode, {**entry_store.record_fields(Episode, row), **changes})
    return episode_store.replace_episode(s, row, episode, now=now)


def log_waking_now(
    s: Session, child: ChildRow, entry: WakingNow, *, tz: ZoneInfo, by: str, now: datetime
) -> NightRow:
    """Add the waking to the night around it (opening one if needed); returns the night."""
    return add_waking_now(s, child, entry, tz=tz, by=by, now=now)[0]


def add_waking_now(
    s: Session, child: ChildRow, entry: WakingNow, *, tz: ZoneInfo, by: str, now: datetime
) -> tuple[NightRow, WakingRow]:
    """The waking, and the night it went into. A phone times a waking itself and sends it
    whole when the child is back asleep: ``minutes_ago`` it began, ``awake_min`` long."""
    if (sent := entry_store.sent_before(s, WakingRow, child, entry.entry_id)) is not None:
        return sent.night, sent
    start = now - timedelta(minutes=entry.minutes_ago)
    end = now if entry.awake_min is None else start + timedelta(minutes=entry.awake_min)
    waking = parse_record(
        Waking,
        {
            "start": start,
            "end": end,
            "signalled": entry.signalled,
            "resettled_by": entry.resettled_by,
            "latency_min": entry.latency_min,
        },
    )
    return _add_waking(
        s, child, waking, entry.bedtime, tz=tz, by=by, now=now, entry_id=entry.entry_id
    )


def _add_waking(
    s: Session,
    child: ChildRow,
    waking: Waking,
    bedtime: datetime | None,
    *,
    tz: ZoneInfo,
    by: str,
    now: datetime,
    entry_id: str | None = None,
) -> tuple[NightRow, WakingRow]:
    night = night_store.night_around(s, child, waking.start)
    if (
        night is not None
        and night.wake_time is None
        and waking.start - night.bedtime > NIGHT_LEFT_OPEN
    ):
        raise ValidationFailed(
            [
                Violation(
                    "night",
                    "night_left_open",
                    f"the night of {night.evening.isoformat()} was never ended: "
                    "add its wake-up time first",
                )
            ]
        )
    if night is None:
        night = night_store.log_night(
            s, child, _night_before(s, child, waking.start, bedtime, tz), tz=tz, by=by, now=now
        )
    row = night_store.log_waking(s, night, waking, by=by, now=now, entry_id=entry_id)
    s.refresh(night)
    return night, row


def _night_before(
    s: Session, child: ChildRow, start: datetime, bedtime: datetime | None, tz: ZoneInfo
) -> Night:
    if bedtime is None:
        usual = night_store.usual_bedtime(s, child, tz)
        if usual is None:
            raise ValidationFailed(
                [
                    Violation(
                        "bedtime",
                        NEEDS_BEDTIME,
                        "this is the first night logged for this child: say roughly when "
                        "they went to bed",
                    )
                ]
            )
        evening = evening_of(start, tz)
        bedtime = datetime.combine(evening, usual, tzinfo=tz)
        if usual.hour < 12:  # an after-midnight bedtime falls on the next calendar day
            bedtime += timedelta(days=1)
        bedtime = min(bedtime, start)
    return parse_record(
        Night,
        {"bedtime": bedtime, "sleep_onset": bedtime, "sleep_method": SleepMethod.NOT_RECORDED},
    )


def start_night_now(
    s: Session, child: ChildRow, entry: NightStart, *, tz: ZoneInfo, by: str, now: datetime
) -> NightRow:
    """Bedtime ``minutes_ago`` (0: now): opens a night in progress."""
    if (sent := entry_store.sent_before(s, NightRow, child, entry.entry_id)) is not None:
        return sent
    bedtime = now - timedelta(minutes=entry.minutes_ago)
    night = parse_record(
        Night,
        {
            "bedtime": bedtime,
            "sleep_onset": bedtime + timedelta(minutes=entry.asleep_after_min),
            "sleep_method": entry.sleep_method,
        },
    )
    return night_store.log_night(s, child, night, tz=tz, by=by, now=now, entry_id=entry.entry_id)


def end_night_now(s: Session, night: NightRow, entry: NightEnd, *, now: datetime) -> NightRow:
    """The morning: the night's final wake was ``minutes_ago`` (0: now)."""
    return night_store.end_night(s, night, now - timedelta(minutes=entry.minutes_ago), now=now)


def start_nap_now(
    s: Session, child: ChildRow, entry: NapStart, *, by: str, now: datetime
) -> NapRow:
    """Asleep ``minutes_ago`` (0: now): a nap that ends when the child wakes."""
    if (sent := entry_store.sent_before(s, NapRow, child, entry.entry_id)) is not None:
        return sent
    nap = parse_record(
        Nap,
        {"start": now - timedelta(minutes=entry.minutes_ago), "sleep_method": entry.sleep_method},
    )
    return naps.log_nap(s, child, nap, by=by, now=now, entry_id=entry.entry_id)


def end_nap_now(s: Session, nap: NapRow, entry: NapEnd, *, now: datetime) -> NapRow:
    """Awake: the nap ended ``minutes_ago`` (0: now)."""
    return naps.end_nap(s, nap, now - timedelta(minutes=entry.minutes_ago), now=now)


def night_not_over(s: Session, row: NightRow, *, now: datetime) -> NightRow:
    """Undo "morning": the night is in progress again (refused if a later sleep is logged)."""
    return night_store.reopen_night(s, row, now=now)


def nap_not_over(s: Session, row: NapRow, *, now: datetime) -> NapRow:
    """Undo "awake": the nap is going again (refused if a later sleep is logged)."""
    nap = parse_record(Nap, {**entry_store.record_fields(Nap, row), "end": None})
    return naps.replace_nap(s, row, nap, now=now)
