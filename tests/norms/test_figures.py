"""Every published figure carries its full citation; the regression matches the paper."""

import re

from beside.norms.figures import all_figures, galland_total_sleep_h


def test_every_figure_has_a_citation_with_a_year() -> None:
    for f in all_figures():
        assert re.search(r"\(\d{4}\)|\d{4};", f.citation), f.id
        assert f.describe(), f.id


def test_galland_regression_is_the_published_formula() -> None:
    assert abs(galland_total_sleep_h(365.25 * 10 * 0.71**2) - 10.49) < 1e-9
    assert 12.5 < galland_total_sleep_h(365.25) < 12.8


def test_short_source_is_authors_and_year() -> None:
    from beside.norms.figures import figure

    assert figure("fuss_cry_weeks_1_6").short_source == "Wolke D, Bilgin A, Samara M (2017)"
    assert figure("cycle_term").short_source.endswith("1969;43(1):65.")
