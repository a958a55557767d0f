"""The calibration report: every check as a table row, and the model drawn against norms."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from beside.errors import OutputError
from beside.insights.crying import weekly_profile
from beside.insights.sleep_patterns import SleepNights
from beside.model.curves import DAYS_PER_MONTH
from beside.norms.figures import all_figures, figure, galland_total_sleep_h
from beside.reports import charts
from beside.reports.render import render
from beside.study.calibration import Check, Measured, objective


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


def render_calibration(
    m: Measured,
    checks: list[Check],
    *,
    validation: list[Check] | None = None,
    fit_report: dict[str, Any] | None = None,
) -> str:
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
        objective=f"{objective(checks):.2f}",
        validation=[c.as_row() for c in validation or []],
        fit=fit_report,
        sources=sources,
    )


def write_calibration_report(
    m: Measured,
    checks: list[Check],
    out_dir: Path,
    *,
    validation: list[Check] | None = None,
    fit_report: dict[str, Any] | None = None,
) -> Path:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        path = out_dir / "calibration.html"
        tmp = path.with_suffix(".html.partial")
        tmp.write_text(
            render_calibration(m, checks, validation=validation, fit_report=fit_report),
            encoding="utf-8",
        )
        tmp.replace(path)
    except OSError as exc:
        raise OutputError(f"cannot write to {out_dir}: {exc.strerror or exc}", field="out") from exc
    return path


def _md_table(rows: list[dict[str, Any]]) -> list[str]:
    out = [
        "| figure | what | role | model | published | accepted | | source |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        role = r["role"] + (f" (reads back {r['echoes']})" if r.get("echoes") else "")
        note = f"<br>{r['note']}" if r.get("note") else ""
        out.append(
            f"| `{r['figure']}` | {r['what']} | {role} | {r['model']:g} | {r['norm']} | "
            f"{r['accepted_from']:g} to {r['accepted_to']:g} | "
            f"{'within' if r['ok'] else '**outside**'} | {r['source']}{note} |"
        )
    return out


def calibration_markdown(report: dict[str, Any]) -> str:
    """docs/calibration.md, made from ``model/fit_report.json`` (a test keeps them equal)."""
    o = report["objective"]
    lines = [
        "# Calibration",
        "",
        "<!-- generated by `python -m beside.study.calibration_report` from",
        "     src/beside/model/fit_report.json; `beside calibrate --write` refits both -->",
        "",
        "How the model's free parameters were fitted to the published figures, how well it",
        "fits them in sample and out of sample, which checks only read back an input, and what",
        "each disputed mechanism changes. Figures and their sources:",
        "`src/beside/norms/norms.json`.",
        "",
        "## The objective",
        "",
        f"{o['definition']}.",
        "",
        "A point figure without a published interval gets one stated tolerance: a quarter of",
        "its SD (or of itself, with no SD) for a mean, a third of a share (or of its",
        "complement above one half), at least one point; a published count gets its Wilson",
        "95 % interval. Published bands are used as published, never widened.",
        "",
        f"From {o['started_from']}, `scipy.optimize.least_squares` took the objective from",
        f"{o['start_on_fit_cohorts']:g} to {o['end_on_fit_cohorts']:g} on the main fit cohorts",
        f"({'; '.join(o['fit_cohorts'])}) in {o['evaluations']} model evaluations, on common",
        "random numbers (the shipped fit was itself fitted from the declared defaults,",
        "`ModelParams()`, in an earlier run of the same command). On the report cohorts",
        f"({'; '.join(o['report_cohorts'])}, other seeds) it is",
        f"{o['in_sample_on_report_cohorts']:g}. The folds and the switch-off refits use",
        f"smaller cohorts ({'; '.join(o['fold_cohorts'])}) and start from the declared",
        "defaults.",
        "",
        "| free coordinate | lower bound | upper bound | fitted |",
        "| --- | --- | --- | --- |",
    ]
    lines += [
        f"| `{f['name']}` | {f['low']:g} | {f['high']:g} | {f['value']:g} |" for f in report["free"]
    ]
    lines += [
        "",
        "The waking chance after six months is fitted as steps that may only fall (C8), so no",
        "fit can make one-year-olds wake more than six-month-olds.",
        "",
        "## In sample",
        "",
        "Role *fit*: moved by the free parameters, part of the objective. Role *echo*: decided",
        "by an input the fit does not touch; agreement shows the input was read, not that the",
        "model predicts it (`tests/study/test_calibration.py` checks that echoes do not move",
        "when the free parameters do).",
        "",
        *_md_table(report["checks"]),
        "",
        "## Held out: k-fold over studies",
        "",
        "Each group of studies was left out, the model refitted from the declared defaults on",
        "the rest, and the held-out figures compared on the report cohorts: these are",
        "predictions, not fits.",
        "",
    ]
    for fold in report["folds"]:
        lines += [
            f"### Without {fold['name']}",
            "",
            f"Objective on the rest {fold['objective_on_the_rest']:g}; on the held-out figures "
            f"{fold['held_out_objective']:g}.",
            "",
            *_md_table(fold["held_out_checks"]),
            "",
        ]
    base = report["outcomes"]
    names = list(base)
    lines += [
        "## Refits with each disputed mechanism off",
        "",
        "Each switch off, the free parameters refitted, and what the comparison in the docs",
        "rests on measured again (400 children, responsive care against graduated extinction",
        "from 8 months, at 12 months).",
        "",
        "| switched off | objective | fit checks outside (beyond known misses) | "
        + " | ".join(names)
        + " |",
        "| --- | --- | --- | " + " | ".join("---" for _ in names) + " |",
        f"| none (shipped) | {o['in_sample_on_report_cohorts']:g} | | "
        + " | ".join(f"{base[n]:g}" for n in names)
        + " |",
    ]
    for r in report["switch_refits"]:
        failed = "; ".join(r["failed"]) or "none"
        lines.append(
            f"| `{r['switch']}` | {r['objective']:g} | {failed} | "
            + " | ".join(f"{r['outcomes'][n]:g}" for n in names)
            + " |"
        )
    lines += [
        "",
        "## Trial contrasts",
        "",
        "Two arms on the same children: usual (responsive) care, and graduated extinction",
        "from the trial's age. Hall et al. 2015 with the seeds' mechanisms on; Price et al.",
        "2012 with the disputed ones off.",
        "",
        *_md_table(report["contrasts"]),
        "",
        "## Validation: kept out of every fit",
        "",
        "Run separately (`calibration.validation_checks`); no fit sees these.",
        "",
        *_md_table(report["validation"]),
        "",
        "## Figures not used, and why",
        "",
    ]
    for use, why in (
        ("not_modelled", "a parent's judgement, which the model has no counterpart for"),
        ("guidance", "thresholds for the guide, not a description of children"),
        ("beyond_model", "ages beyond the model's six years"),
    ):
        for f in all_figures():
            if f.use == use:
                lines.append(f"- `{f.id}` ({f.short_source}): {f.note}. Not used: {why}.")
    lines += [
        "- Sadeh, Mindell, Luedtke & Wiegand 2009 (night wakings, nocturnal wakefulness and",
        "  longest stretch by age) and Galland et al. 2012's longest-sleep-period figures: their",
        "  tables were not in the stored copies the search tool reaches, so no number of theirs",
        "  is used; Sun et al. 2018 stands in as the validation set for parent-reported wakings.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    from beside.study.calibration import read_fit_report

    shipped = read_fit_report()
    if shipped is None:
        sys.exit("no fit report: run `beside calibrate --write`")
    sys.stdout.write(calibration_markdown(shipped))
