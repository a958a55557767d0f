"""The weekly report for one child: the week's measures beside the norms, patterns worth a
word, the guidance chosen for the child's age and week, the coach's notes, and the charts,
as HTML and as PDF (WeasyPrint) from one typed, frozen context with a JSON twin.

The measures are the week's; the patterns read every record the family has (they look at
ages, not at one week). One chart definition serves the page and the PDF (Altair -> SVG).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from beside.errors import ValidationFailed, Violation
from beside.guide.content import HelpNow, Piece, shipped
from beside.guide.select import pick
from beside.insights import summary
from beside.insights.patterns import Pattern
from beside.records.child_log import ChildLog
from beside.reports import charts, day_pattern
from beside.reports.render import render
from beside.reports.text import estimate_text

WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
#: At most this many pieces of guidance in a week's report (a tired parent reads a few).
MAX_PIECES = 5


def parse_week(text: str) -> tuple[date, date]:
    """'2026-W48' -> its Monday and Sunday (ISO 8601 weeks)."""
    match = WEEK.match(text)
    if match:
        try:
            monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
            return monday, monday + timedelta(days=6)
        except ValueError:
            pass
    raise ValidationFailed(
        [Violation("week", "invalid_week", "must be an ISO week such as 2026-W48")]
    )


@dataclass(frozen=True)
class NoteView:
    author: str
    written_at: datetime
    text: str


@dataclass(frozen=True)
class WeeklyReport:
    week: str
    first_day: date
    last_day: date
    insights: summary.ChildInsights
    patterns: tuple[Pattern, ...]
    guidance: tuple[Piece, ...]
    help_now: HelpNow
    notes: tuple[NoteView, ...]
    day_rows: tuple[dict[str, Any], ...]
    days: tuple[str, ...]


def _situations(i: summary.ChildInsights) -> list[str]:
    """The situations this week's records show, in the order a parent meets them."""

    def happened(measure_id: str) -> bool:
        e = i.report.get(measure_id)
        return e is not None and e.value > 0

    return [
        situation
        for situation, measure_id in (
            ("crying", "episodes_per_day"),
            ("turning_away", "turned_away_share"),
            ("calmed_alone", "calmed_alone_share"),
            ("night_waking", "signalled_wakings_per_night"),
        )
        if happened(measure_id)
    ]


def build(
    week: str,
    week_log: ChildLog,
    history: ChildLog,
    notes: list[NoteView],
    *,
    found: tuple[Pattern, ...] | None = None,
) -> WeeklyReport:
    """The report of ``week`` (``week_log`` holds its records; ``history`` all of them).
    ``found``: the history's patterns, where the caller has them already."""
    first, last = parse_week(week)
    insights = summary.of_child(week_log)
    if found is None:
        found = summary.patterns_of(history)
    age = insights.corrected_age_days
    pieces: list[Piece] = []
    for situation in _situations(insights):
        for p in pick(age, situation):
            if p not in pieces and len(pieces) < MAX_PIECES:
                pieces.append(p)
    rows = day_pattern.rows(week_log, first, last)
    days = tuple(
        (first + timedelta(days=k)).strftime("%a %d %b") for k in range((last - first).days + 1)
    )
    return WeeklyReport(
        week=week,
        first_day=first,
        last_day=last,
        insights=insights,
        patterns=tuple(found),
        guidance=tuple(pieces),
        help_now=shipped().help_now,
        notes=tuple(sorted(notes, key=lambda n: n.written_at)),
        day_rows=tuple(rows),
        days=days,
    )


def chart_svgs(r: WeeklyReport) -> dict[str, str]:
    out = {}
    if r.day_rows:
        out["day"] = charts.to_svg(charts.day_pattern(list(r.day_rows), days=r.days))
    return out


def measure_rows(i: summary.ChildInsights) -> list[dict[str, str]]:
    """The measured figures in words, each with its interval, count and caveat."""
    return [
        {
            "label": m.definition.label,
            "value": estimate_text(m.estimate, m.definition.unit),
            "caveat": m.definition.caveat,
        }
        for m in i.report.measures
        if m.estimate is not None
    ]


def not_recorded(i: summary.ChildInsights) -> list[str]:
    return [m.definition.label for m in i.report.measures if m.estimate is None]


def to_html(r: WeeklyReport) -> str:
    i = r.insights
    return render(
        "weekly.html.j2",
        title=f"{i.name}: week {r.week}",
        r=r,
        i=i,
        measures=measure_rows(i),
        not_recorded=not_recorded(i),
        seen=[p for p in r.patterns if p.status == "seen"],
        charts=chart_svgs(r),
    )


def to_pdf(r: WeeklyReport) -> bytes:
    """The same page as a PDF (A4), for a coach's file or the child's doctor."""
    from weasyprint import HTML  # imported here: it loads Pango, which the CLI rarely needs

    pdf: bytes = HTML(string=to_html(r)).write_pdf()
    return pdf


def to_json(r: WeeklyReport) -> dict[str, Any]:
    return {
        "format": "beside-weekly-report",
        "version": 1,
        "week": r.week,
        "first_day": r.first_day.isoformat(),
        "last_day": r.last_day.isoformat(),
        "insights": summary.child_json(r.insights),
        "patterns": [p.as_dict() for p in r.patterns],
        "guidance": [
            {
                "id": p.id,
                "situation": p.situation,
                "moment": p.moment,
                "claims": list(p.claims),
                "text": p.text,
                "source": p.source,
            }
            for p in r.guidance
        ],
        "help_now_source": r.help_now.source,
        "notes": [
            {"author": n.author, "written_at": n.written_at.isoformat(), "text": n.text}
            for n in r.notes
        ],
        "day_pattern": list(r.day_rows),
    }
