"""Validation rules shared by records, tables, the journal, import and the API.

Each rule has a stable code (like Baby Buddy's model validators) and raises
``ValidationFailed`` naming the field. Pydantic runs them inside model validators; the
columnar checks in ``tables.py`` apply the same rules to whole arrays.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta, timezone
from itertools import pairwise

from pydantic import ValidationError

from beside.errors import ValidationFailed, Violation

END_BEFORE_START = "end_before_start"
IN_FUTURE = "in_future"
OUTSIDE_NIGHT = "outside_night"
OVERLAPS = "overlaps"
NAIVE_AND_AWARE = "mixed_time_zones"
BEFORE_BIRTH = "before_birth"
DUE_DATE_APART = "due_date_out_of_range"
#: The first zone on Earth to start a day (Kiribati, UTC+14): a day has begun somewhere once
#: it has begun there, so "before birth" and "in the future" are judged by it.
EARLIEST_ZONE = timezone(timedelta(hours=14))
#: How far a due date may lie from the birth date: a baby born at 22 weeks (the edge of
#: viability) is 18 weeks early; at 44 weeks, 4 weeks late (assumed bounds; corrected age,
#: NORMS.md, needs only the difference).
MOST_EARLY = timedelta(weeks=18)
MOST_LATE = timedelta(weeks=4)


def _comparable(a: datetime, b: datetime, field: str) -> None:
    if (a.tzinfo is None) != (b.tzinfo is None):
        raise ValidationFailed(
            [Violation(field, NAIVE_AND_AWARE, "give both times with a time zone, or neither")]
        )


def check_interval(
    start: datetime, end: datetime, *, field: str, allow_equal: bool = False
) -> None:
    """End after start, compared as instants (offsets taken into account)."""
    _comparable(start, end, field)
    if end < start or (end == start and not allow_equal):
        raise ValidationFailed([Violation(field, END_BEFORE_START, "must be after the start")])


def check_not_future(when: datetime, *, field: str, now: datetime | None = None) -> None:
    """No entry from the future; aware times are compared in UTC."""
    reference = now or (datetime.now(UTC) if when.tzinfo else datetime.now())
    if when > reference:
        raise ValidationFailed([Violation(field, IN_FUTURE, "cannot be in the future")])


def check_born_by(birth: date, *, field: str, now: datetime | None = None) -> None:
    """A birth date that has come somewhere on Earth already (a child not yet born has no
    records)."""
    today = (now or datetime.now(UTC)).astimezone(EARLIEST_ZONE).date()
    if birth > today:
        raise ValidationFailed([Violation(field, IN_FUTURE, "cannot be in the future")])


def check_due_date(birth: date, due: date | None) -> None:
    """A due date within 18 weeks after the birth (preterm) or 4 weeks before it."""
    if due is not None and not birth - MOST_LATE <= due <= birth + MOST_EARLY:
        raise ValidationFailed(
            [
                Violation(
                    "due_date",
                    DUE_DATE_APART,
                    "must be at most 18 weeks after the birth date, or 4 weeks before it",
                )
            ]
        )


def check_after_birth(when: datetime, birth: date, *, field: str) -> None:
    """Nothing happens to a child before the day it was born (in any zone: the day is
    taken to begin as early as anywhere on Earth)."""
    if when < datetime.combine(birth, time(0), tzinfo=EARLIEST_ZONE):
        raise ValidationFailed([Violation(field, BEFORE_BIRTH, "is before the child's birth date")])


def check_waking_in_night(
    start: datetime,
    end: datetime,
    onset: datetime,
    wake: datetime | None,
    field: str,
) -> None:
    """Between sleep onset and the final wake (a night in progress has no final wake yet).
    ``field`` names the waking: ``wakings[2]`` inside a night, ``start`` on its own."""
    if start < onset or (wake is not None and end > wake):
        raise ValidationFailed(
            [
                Violation(
                    field,
                    OUTSIDE_NIGHT,
                    "a waking must fall between sleep onset and the final wake",
                )
            ]
        )


def check_no_overlap(intervals: Sequence[tuple[datetime, datetime]], *, field: str) -> None:
    """Intervals for one child may touch but not overlap."""
    ordered = sorted(enumerate(intervals), key=lambda pair: pair[1][0])
    for (_, (_, prev_end)), (i, (start, _)) in pairwise(ordered):
        if start < prev_end:
            raise ValidationFailed(
                [Violation(f"{field}[{i}]", OVERLAPS, "overlaps another entry for this child")]
            )


def field_path(loc: Sequence[str | int]) -> str:
    """``("wakings", 0, "end")`` -> ``wakings[0].end``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def violations_from_pydantic(error: ValidationError) -> list[Violation]:
    """Pydantic's errors, re-shaped into ours (field path, stable code, message)."""
    out: list[Violation] = []
    for item in error.errors():
        field = field_path(item["loc"])
        ctx_error = item.get("ctx", {}).get("error")
        if isinstance(ctx_error, ValidationFailed):
            out.extend(
                Violation(f"{field}.{v.field}" if field else v.field, v.code, v.message)
                for v in ctx_error.violations
            )
            continue
        out.append(Violation(field or "body", str(item["type"]), str(item["msg"])))
    return out
