"""What a coach reads before a call (issue 12, item 7): every household that invited them,
each child with what was written down since a chosen date, the patterns worth a word in
all of the child's records, and the notes of the period (this layer may read the journal
and call the insights; the coach's page shows it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from beside.insights import summary
from beside.journal import children as child_store
from beside.journal import members
from beside.journal.child_logs import child_log, notes_about
from beside.journal.schema import UserRow
from beside.records.child_log import within_dates
from beside.reports.weekly import NoteView


@dataclass(frozen=True)
class ChildSince:
    id: str
    name: str
    upsets: int
    nights: int
    wakings_called_out: int
    #: The patterns seen in all of the child's records, in words (``insights.patterns``).
    flags: tuple[str, ...]


@dataclass(frozen=True)
class HouseholdSince:
    id: str
    name: str
    children: tuple[ChildSince, ...]
    notes: tuple[NoteView, ...]


def coach_digest(s: Session, coach: UserRow, *, since: date, until: date) -> list[HouseholdSince]:
    """For each household coached by ``coach``: the local dates since..until (included)."""
    out = []
    for house in members.households_for_coach(s, coach):
        kids, notes = [], {}
        for row in child_store.children_of(s, house.id):
            history = child_log(s, house.id, row)
            period = within_dates(history, since, until)
            seen = summary.patterns_of(history)
            kids.append(
                ChildSince(
                    id=row.id,
                    name=row.name,
                    upsets=len(period.episodes),
                    nights=len(period.nights),
                    wakings_called_out=sum(
                        w.signalled is True for n in period.nights for w in n.wakings
                    ),
                    flags=tuple(p.words for p in seen if p.status == "seen"),
                )
            )
            for author, when, text in notes_about(s, house.id, row, since=since, until=until):
                notes[(when, author, text)] = NoteView(author, when, text)  # a household note once
        out.append(
            HouseholdSince(
                house.id, house.name, tuple(kids), tuple(notes[k] for k in sorted(notes))
            )
        )
    return out
