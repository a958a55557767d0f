"""Charts, checked on the data they draw and how they order it (not on `<svg>` counts)."""

from __future__ import annotations

from beside.reports import charts


def test_waking_legend_reads_in_words_not_column_names() -> None:
    rows = [
        {"strategy": "responsive", "month": 6, "measure": m, "mean": 1.0}
        for m in ("wakings_per_night", "signalled_wakings_per_night")
    ]
    spec = charts.wakings(rows).to_dict()
    assert {r["measure"] for r in spec["data"]["values"]} == {"all, heard or not", "signalled"}
    svg = charts.to_svg(charts.wakings(rows))
    assert "signalled_wakings_per_night" not in svg
    assert ">signalled<" in svg


def test_self_soothing_panels_come_in_age_order() -> None:
    rows = [
        {
            "strategy": "responsive",
            "ages": label,
            "ages_from": lo,
            "distress_mid": 3.0,
            "calmed_alone": 0.5,
            "ci_low": 0.4,
            "ci_high": 0.6,
        }
        for label, lo in (("12-24 months", 12), ("6-12 months", 6))
    ]
    svg = charts.to_svg(charts.self_soothing(rows))
    assert svg.index(">6-12 months<") < svg.index(">12-24 months<")


def test_the_legend_is_drawn_from_the_lines_not_the_faint_band() -> None:
    rows = [
        {"strategy": s, "month": m, "mean": 1.0, "ci_low": 0.5, "ci_high": 1.5}
        for s in ("responsive", "extinction")
        for m in (1, 2)
    ]
    layers = charts.band_and_line(rows, y_title="y", title="t").to_dict()["layer"]
    band, line = layers
    assert band["mark"]["opacity"] < 0.5
    assert band["encoding"]["color"]["legend"] is None
    assert line["encoding"]["color"].get("legend") is not None
