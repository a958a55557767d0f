"""Times and dates as they may enter Beside: within years a family's records can hold.

A time far outside them is a typo or a probe, and some (year 1 with an offset) cannot even be
turned into UTC: refused here, with the field named, before any store sees them (issue 10:
such a time was a plain-text 500). The bounds are assumed: no child's record is older than
1900 or later than 2199.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator

FIRST_YEAR = 1900
LAST_YEAR = 2199
OUT_OF_RANGE = f"must be between the years {FIRST_YEAR} and {LAST_YEAR}"


def _sane_day(value: date) -> date:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(OUT_OF_RANGE)
    return value


def _sane_instant(value: datetime) -> datetime:
    _sane_day(value.date())
    return value


#: A moment in a record: a datetime within the years above (its zone is checked elsewhere).
Instant = Annotated[datetime, AfterValidator(_sane_instant)]
#: A calendar date in a record (a birth date, a due date, a query's first day).
Day = Annotated[date, AfterValidator(_sane_day)]
