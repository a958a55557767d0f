"""A journal child's weekly report: the journal's records and notes joined to the report
(this layer may read the journal and call the views; the CLI and the API share it)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from beside.journal.child_logs import child_log, child_log_dates, notes_about
from beside.journal.schema import ChildRow
from beside.reports import weekly


def weekly_report(s: Session, household_id: str, child: ChildRow, week: str) -> weekly.WeeklyReport:
    first, last = weekly.parse_week(week)
    week_log = child_log_dates(s, household_id, child, since=first, until=last)
    history = child_log(s, household_id, child)
    notes = [
        weekly.NoteView(author, when, text)
        for author, when, text in notes_about(s, household_id, child, since=first, until=last)
    ]
    return weekly.build(week, week_log, history, notes)
