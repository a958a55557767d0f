"""A child at a glance (issue 12, item 4): today so far, the recent nights with their
wakings called out or silent, this week's measures beside the norms with the patterns worth
a word and the guidance (the weekly report's), the 24-hour pattern, and the self-soothing
chart over the child's months with the distress up to which calming alone has worked (C13).

One frozen, typed context serves the page and its JSON twin. Everything here comes from
what the family wrote down; a count of nothing is "not recorded" where nothing could have
been counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import Any

from beside.insights import summary
from beside.insights.against_norms import age_words
from beside.insights.measures import Report
from beside.insights.threshold import Threshold
from beside.records.ages import age_days, corrected_age_days
from beside.records.child_log import ChildLog
from beside.records.enums import Outcome
from beside.records.models import Night
from beside.reports import charts, weekly

#: Nights listed, the latest first: a week of them is what a sleep diary asks for.
RECENT_NIGHTS = 7
#: Fewest tries behind a point of the self-soothing chart (assumed: with fewer, its 95 %
#: interval spans most of 0-100 % and the point says little).
MIN_TRIES_PER_POINT = 5


@dataclass(frozen=True)
class NightLine:
    """One night: bedtime and morning on the family's clock, its wakings by kind."""

    evening: date
    bedtime: str
    #: None while the night goes on (or when its end was never logged).
    morning: str | None
    called_out: int
    silent: int
    #: Wakings nobody said were called out or silent.
    unsaid: int

    @property
    def wakings_words(self) -> str:
        parts = [
            f"{count} {words}"
            for count, words in (
                (self.called_out, "called out"),
                (self.silent, "quiet"),
                (self.unsaid, "not said which"),
            )
            if count
        ]
        return ", ".join(parts) if parts else "none written down"

    def as_dict(self) -> dict[str, Any]:
        return {
            "evening": self.evening.isoformat(),
            "bedtime": self.bedtime,
            "morning": self.morning,
            "wakings": {
                "called_out": self.called_out,
                "silent": self.silent,
                "unsaid": self.unsaid,
            },
        }


@dataclass(frozen=True)
class Today:
    """The local day so far."""

    day: date
    upsets: int
    calmed_alone: int
    calmed_with_help: int
    #: Minutes from start to calm, summed over the upsets where that was recorded; None
    #: when none of today's upsets has it.
    minutes_to_calm: float | None
    naps: int
    #: Minutes asleep in today's finished naps; None when no nap has finished.
    nap_min: float | None

    @property
    def upset_words(self) -> str:
        if not self.upsets:
            return "No upset written down today."
        rest = self.upsets - self.calmed_alone - self.calmed_with_help
        parts = [
            f"{count} {words}"
            for count, words in (
                (self.calmed_alone, "calmed on their own"),
                (self.calmed_with_help, "with help"),
                (rest, "with no calm written down"),
            )
            if count
        ]
        said = f"{self.upsets} upset{'s' * (self.upsets != 1)}: {', '.join(parts)}"
        if self.minutes_to_calm is None:
            return said + "."
        return f"{said}; {self.minutes_to_calm:.0f} minutes to calm in all."

    @property
    def nap_words(self) -> str:
        if not self.naps:
            return "No nap written down today."
        said = f"{self.naps} nap{'s' * (self.naps != 1)}"
        return said + ("." if self.nap_min is None else f", {self.nap_min:.0f} minutes asleep.")

    def as_dict(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "upsets": self.upsets,
            "calmed_alone": self.calmed_alone,
            "calmed_with_help": self.calmed_with_help,
            "minutes_to_calm": _recorded(self.minutes_to_calm),
            "naps": self.naps,
            "nap_min": _recorded(self.nap_min),
        }


@dataclass(frozen=True)
class ThresholdSpan:
    """The self-soothing threshold over a span of the child's months (C13)."""

    from_month: int
    to_month: int
    threshold: Threshold

    def as_dict(self) -> dict[str, Any]:
        return {
            "from_month": self.from_month,
            "to_month": self.to_month,
            **self.threshold.as_dict(),
        }


@dataclass(frozen=True)
class Overview:
    name: str
    age_words: str
    #: True when the age is corrected for an early birth.
    corrected: bool
    today: Today
    nights: tuple[NightLine, ...]
    week: weekly.WeeklyReport
    #: The self-soothing chart's points: calmed alone by peak distress, by age window.
    soothing: tuple[dict[str, Any], ...]
    thresholds: tuple[ThresholdSpan, ...]


def _recorded(x: float | None) -> float | str:
    return "not_recorded" if x is None else round(x, 1)


def _clock(when: datetime, tz: tzinfo) -> str:
    return when.astimezone(tz).strftime("%H:%M")


def night_line(n: Night, tz: tzinfo) -> NightLine:
    said = [w.signalled for w in n.wakings]
    return NightLine(
        evening=n.bedtime.astimezone(tz).date(),
        bedtime=_clock(n.bedtime, tz),
        morning=None if n.wake_time is None else _clock(n.wake_time, tz),
        called_out=said.count(True),
        silent=said.count(False),
        unsaid=said.count(None),
    )


def _today(history: ChildLog, day: date) -> Today:
    tz = history.time_zone
    upsets = [e for e in history.episodes if e.start.astimezone(tz).date() == day]
    timed = [e.minutes_to_calm for e in upsets if e.minutes_to_calm is not None]
    naps = [n for n in history.naps if n.start.astimezone(tz).date() == day]
    slept = [(n.end - n.start).total_seconds() / 60 for n in naps if n.end is not None]
    return Today(
        day=day,
        upsets=len(upsets),
        calmed_alone=sum(e.outcome is Outcome.CALMED_ALONE for e in upsets),
        calmed_with_help=sum(e.outcome is Outcome.CALMED_WITH_HELP for e in upsets),
        minutes_to_calm=sum(timed) if timed else None,
        naps=len(naps),
        nap_min=sum(slept) if slept else None,
    )


def _soothing(name: str, report: Report) -> list[dict[str, Any]]:
    out = []
    for panel in report.windows:
        lo, hi = panel.months
        for row in panel.rows:
            e = row.calmed_alone
            if e is None or e.n < MIN_TRIES_PER_POINT:
                continue
            out.append(
                {
                    "strategy": name,
                    "ages": f"{lo:g}-{hi:g} months",
                    "ages_from": lo,
                    "distress_mid": (row.distress_from + row.distress_to) / 2,
                    "calmed_alone": e.value,
                    "ci_low": e.low,
                    "ci_high": e.high,
                    "tries": e.n,
                }
            )
    return out


def build(
    today: date,
    week: weekly.WeeklyReport,
    history: ChildLog,
    whole: summary.ChildInsights | None,
) -> Overview:
    """The overview on ``today`` (a local date), from this week's report and every record
    (``whole``: their insights, None when no upset was ever written down)."""
    child = history.child
    days = float(max(age_days(today, child.birth_date), 0))
    corrected = corrected_age_days(days, child.birth_date, child.due_date)
    tz = history.time_zone
    latest = sorted(history.nights, key=lambda n: n.bedtime, reverse=True)[:RECENT_NIGHTS]
    return Overview(
        name=child.name,
        age_words=age_words(corrected),
        corrected=corrected != days,
        today=_today(history, today),
        nights=tuple(night_line(n, tz) for n in latest),
        week=week,
        soothing=tuple(_soothing(child.name, whole.report)) if whole is not None else (),
        thresholds=tuple(ThresholdSpan(a, b, t) for a, b, t in whole.report.thresholds)
        if whole is not None
        else (),
    )


def week_of(day: date) -> str:
    """The ISO week ``day`` falls in, such as 2026-W48."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def chart_svgs(o: Overview) -> dict[str, str]:
    """The page's charts as SVG (the same definitions as the weekly report's)."""
    out = weekly.chart_svgs(o.week)
    if o.soothing:
        out["soothing"] = charts.to_svg(charts.self_soothing(list(o.soothing)))
    return out


def to_json(o: Overview) -> dict[str, Any]:
    return {
        "format": "beside-child-overview",
        "version": 1,
        "name": o.name,
        "age_words": o.age_words,
        "corrected_age": o.corrected,
        "today": o.today.as_dict(),
        "nights": [n.as_dict() for n in o.nights],
        "self_soothing": {
            "points": list(o.soothing),
            "thresholds": [t.as_dict() for t in o.thresholds],
            "claims": ["C13"],
        },
        "week": weekly.to_json(o.week),
    }
