"""Morris screening: a parameter with an effect shows one, a parameter without shows none."""

from __future__ import annotations

from beside.model.cohort import StudyDesign
from beside.model.params import ModelParams
from beside.study import sensitivity as sa
from beside.study.calibration import FITTED_FIELDS


def test_the_screening_covers_every_assumption_and_no_fitted_parameter() -> None:
    names = {f.name for f in sa.factors()}
    assert not names & set(FITTED_FIELDS)
    assert {"security_up", "exhaustion_min", "skill_gain", "nap_share"} <= names
    for f in sa.factors():
        assert f.low < f.high, f.name


def test_apply_moves_numbers_and_scales_curves() -> None:
    by_name = {f.name: f for f in sa.factors()}
    chosen = [by_name["security_up"], by_name["nap_share"]]
    moved = sa.apply(ModelParams(), chosen, [0.01, 1.2])  # type: ignore[arg-type]
    assert moved.security_up == 0.01
    assert moved.nap_share.values[0] == 1.2 * ModelParams().nap_share.values[0]


def test_morris_finds_the_effect_of_security_learning_and_none_of_an_unused_gain() -> None:
    """With no caregiver explaining (the typical mix), explaining_gain cannot matter; the
    rate at which answered distress builds security must move security (C3)."""
    by_name = {f.name: f for f in sa.factors()}
    chosen = [by_name["security_up"], by_name["explaining_gain"]]
    result = sa.screen(
        trajectories=3,
        chosen=chosen,
        design=StudyDesign(children=60, months=24.0, seed=5),
    )
    security = sa.OUTCOMES.index("security at 2 years")
    assert result.mu_star[0, security] > 0.02
    assert result.mu_star[1].max() == 0.0
    assert result.leading(1) == ["security_up"]
