"""The insights of one child's records or of a simulated cohort, as one typed value with a
JSON twin (``docs/insights.md`` documents the shape). CLI, API and reports call these."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from beside.insights.against_norms import Comparison, age_words, compare
from beside.insights.estimates import Estimate
from beside.insights.measures import OBSERVATIONAL, Report, measure
from beside.insights.patterns import Pattern, patterns
from beside.insights.tallies import (
    CHILD_MONTHS,
    read_child_months,
    tally,
    tally_files,
)
from beside.insights.threshold import Threshold
from beside.records.ages import corrected_age_days
from beside.records.child_log import ChildLog
from beside.records.to_tables import tables_of

#: Measures given month by month, for the charts over time.
OVER_TIME = (
    "tried_alone_share",
    "tried_success_share",
    "turned_away_share",
    "calmed_alone_share",
    "signalled_wakings_per_night",
    "wakings_per_night",
    "fuss_cry_min_per_day",
)
#: Months per step of the threshold over time: a child's three months rarely hold the 20
#: tries a fit needs before the second birthday, six months usually do (and are the chart's
#: first age windows, fitted once for both); a cohort's month holds thousands.
THRESHOLD_MONTHS_CHILD, THRESHOLD_MONTHS_COHORT = 6, 1
FORMAT_VERSION = 1


@dataclass(frozen=True)
class ChildInsights:
    name: str
    age_days: int
    corrected_age_days: int
    report: Report
    norms: tuple[Comparison, ...]
    patterns: tuple[Pattern, ...] = ()

    @property
    def age_words(self) -> str:
        return age_words(self.corrected_age_days)


def of_child(log: ChildLog, *, seed: int = 0) -> ChildInsights:
    """One child's records (already limited to the window wanted), by day."""
    tables = tables_of([log])
    tallies = tally(tables, period="day")
    report = measure(
        tallies,
        monthly=OVER_TIME,
        threshold_months=THRESHOLD_MONTHS_CHILD,
        seed=seed,
    )
    lo, hi = report.age_days
    age = (lo + hi) // 2 if hi > lo else 0
    corrected = int(corrected_age_days(age, log.child.birth_date, log.child.due_date))
    return ChildInsights(
        name=log.child.name,
        age_days=age,
        corrected_age_days=corrected,
        report=report,
        norms=tuple(compare(report, corrected_age_days=corrected)),
        patterns=patterns(tallies, name=log.child.name) if tallies.size else (),
    )


def patterns_of(log: ChildLog) -> tuple[Pattern, ...]:
    """The patterns worth a word in ``log`` (all of a child's records: they look at ages)."""
    tallies = tally(tables_of([log]), period="day")
    return patterns(tallies, name=log.child.name) if tallies.size else ()


def of_simulation(folder: Path, *, seed: int = 0, progress: Any = None) -> Report:
    """A simulated cohort's folder: its ``child_months`` table when the study wrote one
    (the tallies, already made: nothing raw is read), else the raw tables tallied a window
    of ages at a time. Both give the same report."""
    months = folder / f"{CHILD_MONTHS}.parquet"
    if months.exists():
        tallies = read_child_months(months)
        if progress is not None:
            progress(1, 1)
    else:
        tallies = tally_files(folder, progress=progress)
    return measure(
        tallies,
        monthly=OVER_TIME,
        threshold_months=THRESHOLD_MONTHS_COHORT,
        seed=seed,
    )


def _cell(value: object) -> object:
    if isinstance(value, Estimate | Threshold):
        return value.as_dict()
    return value


def report_json(r: Report) -> dict[str, Any]:
    def distress(rows: Any) -> list[dict[str, Any]]:
        return [
            {
                "distress_from": row.distress_from,
                "distress_to": row.distress_to,
                "calmed_alone": _cell(row.calmed_alone),
                "minutes_to_calm": _cell(row.minutes_to_calm),
            }
            for row in rows
        ]

    return {
        "children": r.children,
        "age_days": list(r.age_days),
        "resampled_over": r.unit,
        "measures": [m.as_dict() for m in r.measures],
        "self_soothing": {
            "by_distress": distress(r.by_distress),
            "threshold": r.threshold.as_dict(),
            "by_age": [
                {
                    "months": list(w.months),
                    "by_distress": distress(w.rows),
                    "threshold": w.threshold.as_dict(),
                }
                for w in r.windows
            ],
        },
        "threshold_over_time": [{"months": [lo, hi], **t.as_dict()} for lo, hi, t in r.thresholds],
        "minutes_to_calm_by_response": {
            k: _cell(v) for k, v in r.minutes_to_calm_by_response.items()
        },
        "minutes_to_calm_caveat": OBSERVATIONAL,
        "monthly": [{k: _cell(v) for k, v in row.items()} for row in r.monthly],
    }


def child_json(c: ChildInsights) -> dict[str, Any]:
    return {
        "format": "beside-insights",
        "version": FORMAT_VERSION,
        "child": {
            "name": c.name,
            "age_days": c.age_days,
            "corrected_age_days": c.corrected_age_days,
            "age": c.age_words,
        },
        "norms": [n.as_dict() for n in c.norms],
        "patterns": [p.as_dict() for p in c.patterns],
        **report_json(c.report),
    }


def simulation_json(r: Report) -> dict[str, Any]:
    return {"format": "beside-insights", "version": FORMAT_VERSION, **report_json(r)}
