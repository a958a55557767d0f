"""HTML reports: Jinja2 templates, charts inlined as SVG, one self-contained file each."""

from __future__ import annotations

from typing import Any

from beside.reports import charts
from beside.reports.render import render
from beside.study.compare import Comparison

SUMMARY_MONTHS = (1, 6, 12, 24, 36, 48)


def comparison_context(comparison: Comparison) -> dict[str, Any]:
    monthly = [row for r in comparison.results for row in r.monthly]

    def measure(name: str) -> list[dict[str, Any]]:
        return [row for row in monthly if row["measure"] == name]

    design = comparison.results[0].design
    summary = []
    for r in comparison.results:
        for month in SUMMARY_MONTHS:
            cells = {row["measure"]: row["mean"] for row in r.monthly if row["month"] == month}
            if len(cells) == 4:
                summary.append({"strategy": r.name, "month": month, **cells})
    return {
        "title": "Beside: strategies compared",
        "names": [r.name for r in comparison.results],
        "children": design.children,
        "seed": design.seed,
        "parameter_sets": comparison.parameter_sets,
        "from_months": design.from_months,
        "to_months": design.from_months + design.months,
        "summary": summary,
        "rows": {
            "monthly": monthly,
            "soothing": [row for r in comparison.results for row in r.soothing],
            "calm": [row for r in comparison.results for row in r.calm_by_response],
        },
        "measure": measure,
    }


def render_comparison(comparison: Comparison) -> str:
    ctx = comparison_context(comparison)
    m = ctx.pop("measure")
    rows = ctx.pop("rows")
    svg = {
        "crying": charts.to_svg(
            charts.band_and_line(
                m("fuss_cry_min_per_day"),
                y_title="Minutes per day",
                title="Fuss and cry, minutes per day",
            )
        ),
        "wakings": charts.to_svg(
            charts.wakings(m("wakings_per_night") + m("signalled_wakings_per_night"))
        ),
        # An empty chart renders as an SVG of infinite size; say why there is none instead.
        "soothing": charts.to_svg(charts.self_soothing(rows["soothing"]))
        if rows["soothing"]
        else "",
        "calm": charts.to_svg(charts.time_to_calm(rows["calm"])) if rows["calm"] else "",
        "security": charts.to_svg(
            charts.band_and_line(
                m("attachment_security"),
                y_title="Security (0-1, latent)",
                title="Attachment security by age (disputed mechanism)",
            )
        ),
    }
    return render("compare.html.j2", charts=svg, **ctx)
