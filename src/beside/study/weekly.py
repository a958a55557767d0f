"""A journal child's weekly report and overview: the journal's records and notes joined to
the report (this layer may read the journal and call the views; the CLI, the API and the
pages share it)."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from beside.insights import summary
from beside.insights.patterns import Pattern
from beside.journal.child_logs import child_log, notes_about
from beside.journal.schema import ChildRow
from beside.records.child_log import ChildLog, within_dates
from beside.reports import overview, weekly


def weekly_report(
    s: Session,
    household_id: str,
    child: ChildRow,
    week: str,
    *,
    history: ChildLog | None = None,
    found: tuple[Pattern, ...] | None = None,
) -> weekly.WeeklyReport:
    first, last = weekly.parse_week(week)
    if history is None:
        history = child_log(s, household_id, child)
    week_log = within_dates(history, first, last)
    notes = [
        weekly.NoteView(author, when, text)
        for author, when, text in notes_about(s, household_id, child, since=first, until=last)
    ]
    return weekly.build(week, week_log, history, notes, found=found)


def child_overview(
    s: Session, household_id: str, child: ChildRow, today: date
) -> overview.Overview:
    """The child at a glance on ``today`` (the household's local date)."""
    history = child_log(s, household_id, child)
    whole = summary.of_child(history) if history.episodes else None
    week = weekly_report(
        s,
        household_id,
        child,
        overview.week_of(today),
        history=history,
        found=None if whole is None else whole.patterns,
    )
    return overview.build(today, week, history, whole)
