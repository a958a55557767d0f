"""The ensemble: parameter uncertainty reaches compare's bands; the shipped sets are valid."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
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


def test_a_set_applies_its_drawn_assumptions_and_then_its_refitted_coordinates(
    tmp_path: Path,
) -> None:
    import json

    from beside.study import calibration as cal

    base = default_params()
    fitted = cal.to_vector(base)
    fitted[0] += 0.1  # log episode_rate at birth
    path = tmp_path / "ensemble.json"
    path.write_text(
        json.dumps(
            {
                "factors": ["carry_gain", "security_up"],
                "sets": [{"assumptions": [0.03, 0.05], "fitted": list(fitted)}],
            }
        )
    )
    (loaded,) = ens.load(1, path=path)
    assert (loaded.carry_gain, loaded.security_up) == (0.03, 0.05)
    assert loaded.episode_rate.at(0) == pytest.approx(base.episode_rate.at(0) * np.exp(0.1))
    assert loaded.wake_prob.values == pytest.approx(base.wake_prob.values)


def test_an_unknown_assumption_is_refused_by_name(tmp_path: Path) -> None:
    import json

    screening = tmp_path / "s.json"
    screening.write_text(json.dumps({"leading": ["carry_gain", "no_such_thing"]}))
    assert ens.leading_factors(screening, 1) == ["carry_gain"]
    with pytest.raises(ConfigError) as err:
        ens.draw(2, ens.leading_factors(screening, 2), candidates=2)
    assert err.value.field == "factors"
