"""Calibration: the shipped fit against the published figures, and the fit itself.

The shipped parameters must meet every fit figure but the documented misses; the objective
must mean what it says; echo checks must really be echoes; the fit must improve a wrong
start; and the shipped report must be the one the shipped values came from.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import replace

import numpy as np
import pytest

from beside.model.cohort import StudyDesign
from beside.model.params import ModelParams, default_params, fitted_values
from beside.norms.figures import Figure, all_figures, figure, figures_for
from beside.study import calibration as cal

SMALL = StudyDesign(children=200, months=13.0, seed=7)
TINY_LONG = StudyDesign(children=60, months=25.0, seed=8)


@pytest.fixture(scope="module")
def measured() -> cal.Measured:
    return cal.simulate_and_measure(default_params())


@pytest.fixture(scope="module")
def checks(measured: cal.Measured) -> list[cal.Check]:
    return cal.checks(measured)


def test_no_fit_check_lies_more_than_a_half_width_outside_its_band(
    checks: list[cal.Check],
) -> None:
    """The objective's compromise leaves a few checks just outside (docs/calibration.md
    lists them); none but the known misses may be far out, and the in-sample objective may
    not regress past the shipped report's."""
    assert [c.as_row() for c in cal.far_outside(checks)] == []
    report = cal.read_fit_report()
    assert report is not None
    assert cal.objective(checks) < 1.5 * report["objective"]["in_sample_on_report_cohorts"]


def test_a_known_miss_is_reported_as_a_miss_not_hidden_by_its_band(
    checks: list[cal.Check],
) -> None:
    misses = [c for c in checks if c.figure.id in cal.KNOWN_MISSES and not c.ok]
    assert misses
    for c in misses:
        assert c.note.startswith("missed"), c.as_row()
    (colic,) = [c for c in checks if c.figure.id == "colic_weeks_10_12"]
    assert colic.high < 0.02  # the published 0.6 % with its stated tolerance, no wider


def test_published_bands_are_used_exactly(checks: list[cal.Check]) -> None:
    for c in checks:
        f = c.figure
        for band, label in ((f.mean_band, "mean"), (f.sd_band, "SD"), (f.share_band, "share")):
            if band and label in c.label:
                assert (c.low, c.high) == tuple(band), c.as_row()


def test_every_fit_figure_is_checked_and_validation_is_kept_apart(
    measured: cal.Measured, checks: list[cal.Check]
) -> None:
    assert {c.figure.id for c in checks} == {f.id for f in figures_for("fit")}
    validation = cal.validation_checks(measured)
    assert {c.figure.id for c in validation} == {f.id for f in figures_for("validation")}
    assert {c.role for c in validation} == {"validation"}
    assert not {c.figure.source_key for c in validation} & {c.figure.source_key for c in checks}, (
        "a validation study must not also be a fit target"
    )


def test_every_accepted_range_contains_the_published_value(checks: list[cal.Check]) -> None:
    for c in checks:
        f = c.figure
        if "SD" in c.label or "percentile" in c.label:
            continue  # spreads are checked around the published SD or band edge
        published = [v for v in (f.mean, f.share) if v is not None]
        for band in (f.mean_band, f.band, f.share_band):
            if band:
                published.append(band[0] if "mean" not in c.label else (band[0] + band[1]) / 2)
        assert any(c.low <= v <= c.high for v in published), c.as_row()


def test_a_count_becomes_its_wilson_interval() -> None:
    low, high = cal.wilson_interval(94, 96)
    assert 0.925 < low < 0.93
    assert 0.993 < high < 0.995
    validation = cal.validation_checks(_tiny())
    (hall,) = [c for c in validation if c.figure.id == "hall_two_wakings_control"]
    assert (hall.low, hall.high) == cal.wilson_interval(94, 96)


def _tiny(params: ModelParams | None = None) -> cal.Measured:
    return cal.simulate_and_measure(
        params if params is not None else default_params(), infant=SMALL, long=TINY_LONG
    )


def test_the_objective_counts_only_distance_outside_a_band_and_a_small_centre_pull() -> None:
    f = figure("fuss_cry_weeks_1_6")
    inside = cal.Check(f, "mean", 125.0, 117.0, 133.0)
    edge = cal.Check(f, "mean", 133.0, 117.0, 133.0)
    out = cal.Check(f, "mean", 141.0, 117.0, 133.0)
    echo = cal.Check(f, "mean", 500.0, 117.0, 133.0, role="echo")
    assert cal.objective([inside]) == 0.0
    assert cal.objective([edge]) == pytest.approx(cal.CENTRE_PULL**2)
    assert cal.objective([out]) == pytest.approx(1.0 + (2 * cal.CENTRE_PULL) ** 2)
    assert cal.objective([echo]) == 0.0  # an echo cannot be fitted, so it is not counted
    colic = figure("colic_weeks_10_12")
    known = cal.Check(colic, "colic share", 0.05, 0.0, 0.016)
    assert cal.objective([known]) == 0.0  # a known miss is reported, not chased


def test_echo_checks_read_back_inputs_and_fit_checks_move_with_the_free_parameters() -> None:
    base = default_params()
    moved = cal.from_vector(base, cal.to_vector(base) + 0.25)
    before = {(c.figure.id, c.label): c for c in cal.checks(_tiny(base))}
    after = {(c.figure.id, c.label): c for c in cal.checks(_tiny(moved))}
    for key, c in before.items():
        change = abs(after[key].model - c.model) / max(abs(c.model), 1e-9)
        # The latency is the declared onset time plus any bedtime protest, which the fitted
        # waking arousal moves a little; every other echo must not move at all.
        if c.role == "echo" and "latency" not in c.label:
            assert change < 0.02, (key, c.model, after[key].model)
    fit_changes = [
        abs(after[k].model - c.model) / max(abs(c.model), 1e-9)
        for k, c in before.items()
        if c.role == "fit"
    ]
    assert np.median(fit_changes) > 0.05
    assert set(cal.ECHOES) <= {f.id for f in figures_for("fit")}


def test_the_vector_round_trips_and_wakings_never_rise_after_six_months() -> None:
    """C8 by construction: whatever the optimiser tries within the bounds."""
    base = default_params()
    np.testing.assert_allclose(
        cal.to_vector(cal.from_vector(base, cal.to_vector(base))), cal.to_vector(base)
    )
    coords = cal.free_coordinates()
    rng = np.random.default_rng(3)
    for _ in range(50):
        x = np.array([rng.uniform(c.low, c.high) for c in coords])
        wp = cal.from_vector(base, x).wake_prob
        later = [v for k, v in zip(wp.knots_days, wp.values, strict=True) if k >= 182]
        assert all(b <= a for a, b in itertools.pairwise(later)), later


def test_the_fit_improves_a_wrong_start_and_leaves_held_out_studies_out() -> None:
    start = default_params()
    wrong = replace(
        start,
        episode_rate=start.episode_rate.with_values(
            tuple(v * 1.6 for v in start.episode_rate.values)
        ),
    )
    result = cal.fit(wrong, max_evaluations=26, infant=SMALL, long=TINY_LONG)
    assert result.objective < 0.5 * result.start_objective
    held = frozenset({"wolke2017"})
    all_rows = cal.residuals(cal.checks(_tiny(wrong)))
    kept = cal.residuals([c for c in cal.checks(_tiny(wrong)) if c.figure.source_key not in held])
    assert kept.size < all_rows.size


def test_the_shipped_report_is_the_one_the_shipped_values_came_from() -> None:
    report = cal.read_fit_report()
    assert report is not None
    assert report["values"] == json.loads(json.dumps(fitted_values()))
    assert [f["name"] for f in report["folds"]] == list(cal.FOLDS)
    for fold in report["folds"]:
        assert fold["held_out_checks"], fold["name"]
        assert {r["source"] for r in fold["held_out_checks"]} <= {
            figure(r["figure"]).short_source for r in fold["held_out_checks"]
        }
    assert {r["switch"] for r in report["switch_refits"]} == {
        "residual_arousal",
        "suppression_learning",
        "attachment_from_responses",
    }
    assert report["objective"]["end_on_fit_cohorts"] < report["objective"]["start_on_fit_cohorts"]
    assert {r["figure"] for r in report["contrasts"]} == {f.id for f in figures_for("contrast")}


def test_every_figure_has_a_use_the_calibration_knows() -> None:
    uses = {f.use for f in all_figures()}
    assert uses <= {"fit", "validation", "contrast", "not_modelled", "guidance", "beyond_model"}


def test_docs_calibration_md_is_made_from_the_shipped_report() -> None:
    from pathlib import Path

    from beside.study.calibration_report import calibration_markdown

    report = cal.read_fit_report()
    assert report is not None
    docs = Path(__file__).resolve().parents[2] / "docs" / "calibration.md"
    assert docs.read_text(encoding="utf-8") == calibration_markdown(report)


def test_far_outside_is_half_a_band_width_and_leaves_known_misses_and_echoes_alone() -> None:
    """The standard the shipped fit and every ensemble member are held to."""
    f = figure("paavonen_wakings_24_months")
    miss = figure(next(iter(cal.KNOWN_MISSES)))

    def at(value: float, fig: Figure = f, role: str = "fit") -> cal.Check:
        return cal.Check(fig, "x", value, 1.0, 2.0, role=role)

    assert cal.far_outside([at(2.4), at(0.6)]) == []
    assert cal.far_outside([at(2.6)]) == [at(2.6)]
    assert cal.far_outside([at(0.4)]) == [at(0.4)]
    assert cal.far_outside([at(9.0, miss), at(9.0, role="echo")]) == []
