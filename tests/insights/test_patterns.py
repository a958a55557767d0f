"""Patterns worth a word (C20, C10): the screen on simulated cohorts whose phenotypes are
known, and the words one child's records give."""

from __future__ import annotations

from datetime import UTC

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from beside.insights import summary
from beside.insights.patterns import SCREEN, features, screen
from beside.insights.tallies import tally
from beside.model.cohort import StudyDesign
from beside.model.engine import simulate_chunk
from beside.model.params import default_params
from beside.records import from_tables
from beside.records.enums import Phenotype, Strategy

CHILDREN = 1500


@pytest.fixture(scope="module")
def cohort() -> dict[str, pa.Table]:
    """The default mix over three years, with the seed the screen was *not* tuned on."""
    design = StudyDesign(children=CHILDREN, months=36, seed=1)
    return simulate_chunk(default_params(), design, first_id=0, size=CHILDREN)


def test_c20_the_screen_finds_most_atypical_children_and_few_typical_ones(
    cohort: dict[str, pa.Table],
) -> None:
    f = features(tally(cohort, period="month"))
    flagged = np.any(np.stack([v == 1 for v in screen(f).values()]), axis=0)
    phenotype = np.asarray(pc.cast(cohort["children"]["phenotype"], pa.string()))
    atypical = phenotype != Phenotype.TYPICAL.value
    sensitivity = float(flagged[atypical].mean())
    specificity = float((~flagged[~atypical]).mean())
    assert atypical.sum() > 100
    assert sensitivity >= 0.8, sensitivity
    assert specificity >= 0.9, specificity


def _one(tables: dict[str, pa.Table], phenotype: Phenotype) -> summary.ChildInsights:
    kind = np.asarray(pc.cast(tables["children"]["phenotype"], pa.string()))
    child = int(np.flatnonzero(kind == phenotype.value)[0])
    mine = {k: v.filter(pc.equal(v["child_id"], child)) for k, v in tables.items()}
    return summary.of_child(from_tables.child_logs(mine, tz=UTC)[0])


def test_c20_words_for_a_child_who_refused_comfort_early_and_none_for_a_typical_one(
    cohort: dict[str, pa.Table],
) -> None:
    insecure = {p.id: p for p in _one(cohort, Phenotype.INSECURE_ATTACHMENT).patterns}
    early = insecure["comfort_refused_early"]
    assert early.status == "seen"
    assert early.suggests_professional
    assert "health visitor" in early.words
    assert "before 9 months" in early.evidence
    typical = {p.id: p for p in _one(cohort, Phenotype.TYPICAL).patterns}
    assert typical["comfort_refused_early"].status == "not_seen"
    assert typical["comfort_refused_early"].words == ""


def test_every_screen_number_says_it_is_assumed() -> None:
    assert all(rule.source.startswith("assumed") and rule.claim for rule in SCREEN.values())


def test_c10_quieter_nights_are_noticed_under_extinction_but_not_when_answered() -> None:
    """Answered until seven months, then extinction: the share of wakings called out falls
    while the wakings stay (C10); the same children answered throughout keep calling."""
    seen = {}
    for strategy in (Strategy.EXTINCTION, Strategy.RESPONSIVE):
        design = StudyDesign(
            children=10, months=2, from_months=6.5, seed=2, strategy=Strategy.RESPONSIVE,
            switch_to=strategy, switch_at_months=7,
        )  # fmt: skip
        t = simulate_chunk(default_params(), design, first_id=0, size=10)
        kinds = []
        for log in from_tables.child_logs(t, tz=UTC):
            quiet = {p.id: p for p in summary.of_child(log).patterns}["quieter_nights"]
            kinds.append(quiet.status)
        seen[strategy] = kinds.count("seen")
    assert seen[Strategy.EXTINCTION] >= 7
    assert seen[Strategy.RESPONSIVE] <= 2
