"""The comparison's self-soothing panels come from the insights and only cover the ages the
study ran (a panel of one day's records labelled '24-36 months' would mislead)."""

from __future__ import annotations

from beside.model.cohort import StudyDesign
from beside.model.params import default_params
from beside.records.enums import Strategy
from beside.study.compare import compare_strategies


def test_soothing_panels_stay_inside_the_studys_ages() -> None:
    design = StudyDesign(children=60, months=24, seed=3, strategy=Strategy.RESPONSIVE)
    result = compare_strategies(default_params(), {"responsive": design}).results[0]
    panels = {row["ages"] for row in result.soothing}
    assert panels == {"6-12 months", "12-18 months", "18-24 months"}
    for row in result.soothing:
        assert row["ci_low"] <= row["calmed_alone"] <= row["ci_high"]
        assert row["episodes"] >= 20
