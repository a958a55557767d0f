"""Times as a tired parent types them: ``now``, ``-10m`` (ten minutes ago), ``-1h30m``,
``19:00`` (on the household's clock, the last time it was 19:00), or ISO 8601 (with an
offset, or read on the household's clock).

The command line parses through here, so each form means the same wherever it is taken; a
form it does not know is a ``ValidationFailed`` naming the option.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta, tzinfo

from beside.errors import ValidationFailed, Violation
from beside.records.times import FIRST_YEAR, LAST_YEAR

INVALID_TIME = "invalid_time"
_AGO = re.compile(r"^-(?:(\d+)h)?(?:(\d+)m)?$")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
#: Further back than this, "-Nm" is surely a typo (assumed: a quick log is about today).
MOST_AGO = timedelta(hours=48)


def parse_when(text: str, *, tz: tzinfo, now: datetime, field: str) -> datetime:
    """The instant ``text`` names, as an aware datetime."""
    value = text.strip().lower()
    if value == "now":
        return now
    ago = _AGO.match(value)
    if ago and (ago.group(1) or ago.group(2)):
        delta = timedelta(hours=int(ago.group(1) or 0), minutes=int(ago.group(2) or 0))
        if delta > MOST_AGO:
            raise _bad(field, f"{text!r} is more than 48 hours ago: give the date and time")
        return now - delta
    clock = _CLOCK.match(value)
    if clock:
        hour, minute = int(clock.group(1)), int(clock.group(2))
        if hour > 23 or minute > 59:
            raise _bad(field, f"{text!r} is not a time of day")
        local_now = now.astimezone(tz)
        when = datetime.combine(local_now.date(), time(hour, minute), tzinfo=tz)
        return when - timedelta(days=1) if when > local_now else when
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        raise _bad(
            field, f"{text!r} is not a time: use now, -10m, 19:00 or 2026-11-30T19:00"
        ) from None
    if not FIRST_YEAR <= when.year <= LAST_YEAR:
        raise _bad(field, f"must be between the years {FIRST_YEAR} and {LAST_YEAR}")
    return when if when.tzinfo is not None else when.replace(tzinfo=tz)


def _bad(field: str, message: str) -> ValidationFailed:
    return ValidationFailed([Violation(field, INVALID_TIME, message)])
