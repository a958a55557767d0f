"""The ensemble: parameter uncertainty reaches compare's bands; the shipped sets are valid."""

from __future__ import annotations

from dataclasses import replace

import pytest

from beside.errors import ConfigError
from beside.model.cohort import StudyDesign
from beside.model.params import default_params
from beside.records.enums import Strategy
from beside.study import ensemble as ens
from beside.study.compare import compare_strategies

DESIGNS = {
    "responsive": StudyDesign(children=80, months=6.0, seed=4, strategy=Strategy.RESPONSIVE),
}


def _band(rows: list[dict], measure: str, month: int) -> float:
    (row,) = [r for r in rows if r["measure"] == measure and r["month"] == month]
    return float(row["ci_high"] - row["ci_low"])


def test_bands_widen_when_the_parameter_sets_disagree() -> None:
    base = default_params()
    far = replace(base, security_up=base.security_up * 3)
    alone = compare_strategies(base, DESIGNS).results[0].monthly
    same = compare_strategies(base, DESIGNS, ensemble=[base, base]).results[0].monthly
    split = compare_strategies(base, DESIGNS, ensemble=[base, far]).results[0].monthly
    wide = _band(split, "attachment_security", 5)
    assert wide > 3 * _band(alone, "attachment_security", 5)
    assert wide > 3 * _band(same, "attachment_security", 5)


def test_without_an_ensemble_the_comparison_is_unchanged_and_says_so() -> None:
    result = compare_strategies(default_params(), DESIGNS)
    assert result.parameter_sets == 1
    again = compare_strategies(default_params(), DESIGNS, ensemble=None)
    assert result.results[0].monthly == again.results[0].monthly


def test_asking_for_more_sets_than_were_accepted_names_the_field() -> None:
    with pytest.raises(ConfigError) as err:
        ens.load(10_000)
    assert err.value.field == "ensemble"
