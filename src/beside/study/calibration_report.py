"""The calibration report: every check as a table row, and the model drawn against norms."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from beside.errors import OutputError
from beside.insights import charts
from beside.insights.crying import weekly_profile
from beside.insights.sleep_patterns import SleepNights
from beside.model.curves import DAYS_PER_MONTH
from beside.norms.figures import all_figures, figure, galland_total_sleep_h
from beside.study.calibration import Check, Measured
from beside.study.report_pages import render


def _by_month(
    sleep: SleepNights, values: np.ndarray, months: int, label: str
) -> list[dict[str, Any]]:
    rows = []
    for month in range(months):
        window = (month * DAYS_PER_MONTH, (month + 1) * DAYS_PER_MONTH)
        v = sleep.child_means(values, window)
        if v.size:
            rows.append(
                {
                    "strategy": label,
                    "month": month + 0.5,
                    "mean": float(v.mean()),
                    "p10": float(np.percentile(v, 10)),
                    "p90": float(np.percentile(v, 90)),
                }
            )
    return rows


def _norm_box(fid: str, low: float, high: float, unit: float) -> dict[str, Any]:
    f = figure(fid)
    return {
        "month_from": f.age_days[0] / unit,
        "month_to": f.age_days[1] / unit,
        "low": low,
        "high": high,
        "label": f"{f.note}: {f.describe()}",
        "source": f.short_source,
    }


def chart_rows(m: Measured) -> dict[str, Any]:
    crying = [
        {
            "strategy": "model (typical mix)",
            "month": r["week"] - 0.5,
            "mean": r["mean"],
            "p10": r["p10"],
            "p90": r["p90"],
        }
        for r in weekly_profile(m.cry, weeks=13)
    ]
    crying_norms = [
        _norm_box("fuss_cry_weeks_1_6", 117, 133, 7.0),
        _norm_box("fuss_cry_weeks_10_12", 68 - 46 / 4, 68 + 46 / 4, 7.0),
    ]
    wakings = _by_month(m.long_sleep, m.long_sleep.signalled, 36, "model (typical mix)")
    wake_norms = [
        _norm_box("night_wakings_0_2_months", 0, 3.4, DAYS_PER_MONTH),
        _norm_box("night_wakings_1_2_years", 0, 2.5, DAYS_PER_MONTH),
    ]
    sleep = _by_month(m.long_sleep, m.long_sleep.total_sleep_h, 60, "model (typical mix)")
    sleep_norms = [
        _norm_box("total_sleep_infants", 9.7, 15.9, DAYS_PER_MONTH),
        _norm_box("total_sleep_toddlers", 9.9, 13.8, DAYS_PER_MONTH),
    ]
    formula = [
        {
            "strategy": "Galland 2012 regression",
            "month": mo + 0.5,
            "mean": galland_total_sleep_h((mo + 0.5) * DAYS_PER_MONTH),
            "p10": galland_total_sleep_h((mo + 0.5) * DAYS_PER_MONTH),
            "p90": galland_total_sleep_h((mo + 0.5) * DAYS_PER_MONTH),
        }
        for mo in range(60)
    ]
    return {
        "crying": (crying, crying_norms),
        "wakings": (wakings, wake_norms),
        "sleep": (sleep + formula, sleep_norms),
    }


def render_calibration(m: Measured, checks: list[Check]) -> str:
    rows = chart_rows(m)
    svg = {
        "crying": charts.to_svg(
            charts.model_against_norm(
                *rows["crying"],
                y_title="Minutes per day",
                title="Fuss + cry per day, by week",
                x_title="Age (weeks)",
            )
        ),
        "wakings": charts.to_svg(
            charts.model_against_norm(
                *rows["wakings"],
                y_title="Signalled wakings per night",
                title="Signalled wakings per night",
            )
        ),
        "sleep": charts.to_svg(
            charts.model_against_norm(
                *rows["sleep"], y_title="Hours per 24 h", title="Total sleep per 24 h"
            )
        ),
    }
    sources = sorted({f.citation for f in all_figures()})
    return render(
        "calibration.html.j2",
        title="Beside: calibration",
        charts=svg,
        checks=[c.as_row() for c in checks],
        passed=sum(c.ok for c in checks),
        total=len(checks),
        sources=sources,
    )


def write_calibration_report(m: Measured, checks: list[Check], out_dir: Path) -> Path:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        path = out_dir / "calibration.html"
        tmp = path.with_suffix(".html.partial")
        tmp.write_text(render_calibration(m, checks), encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        raise OutputError(f"cannot write to {out_dir}: {exc.strerror or exc}", field="out") from exc
    return path
