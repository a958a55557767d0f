"""What-if for one child (issue 12, item 5): simulated children like this one carry its
profile (temperament, day care, siblings, corrected age) and otherwise are the same
children under every strategy; the comparison says what differs with its interval."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from beside.errors import ConfigError, ValidationFailed
from beside.model.cohort import StudyDesign, make_cohort
from beside.model.curves import DAYS_PER_MONTH
from beside.records.enums import Strategy, TraitLevel
from beside.records.what_if import WhatIfAsk
from beside.study.what_if import ChildLike, designs_for, difference_words, what_if

TODAY = date(2026, 12, 4)
ASK = WhatIfAsk(strategies=(Strategy.RESPONSIVE, Strategy.EXTINCTION), months=2)


def _child(level: TraitLevel = TraitLevel.MEDIUM, due: date | None = None) -> ChildLike:
    return ChildLike(date(2026, 4, 1), due, level, level, 0.0, 0, 3)


def test_children_like_one_child_share_its_profile_and_nothing_else_changes() -> None:
    drawn = make_cohort(StudyDesign(children=500, seed=4), 0, 500)
    fixed = make_cohort(
        StudyDesign(
            children=500,
            seed=4,
            sensitivity=TraitLevel.HIGH,
            reactivity=TraitLevel.LOW,
            daycare_hours=30.0,
            older_siblings=2,
        ),
        0,
        500,
    )
    assert len(np.unique(drawn.sensitivity)) == 3  # drawn: the published shares
    assert set(fixed.sensitivity) == {2}
    assert set(fixed.reactivity) == {0}
    assert set(fixed.daycare_hours) == {30.0}
    assert set(fixed.older_siblings) == {2}
    for same in ("phenotype", "episode_factor", "wake_factor", "sleep_z", "consistency"):
        np.testing.assert_array_equal(getattr(drawn, same), getattr(fixed, same))
    with pytest.raises(ConfigError, match="daycare_hours"):
        StudyDesign(daycare_hours=81.0)


def test_the_profile_moves_the_outcome_c14() -> None:
    """A sensitive, reactive child's simulated peers cry more than a calm-natured child's
    under the same strategy (C14's temperament, read from the profile)."""
    calm = what_if(_child(TraitLevel.LOW), ASK, TODAY).arms[0].outcomes[0]
    sensitive = what_if(_child(TraitLevel.HIGH), ASK, TODAY).arms[0].outcomes[0]
    assert calm.measure == sensitive.measure == "fuss_cry_min_per_day"
    assert sensitive.low > calm.high


def test_leaving_to_settle_quiets_the_calling_not_the_waking_c10() -> None:
    seen: list[float] = []
    w = what_if(_child(), ASK, TODAY, progress=seen.append)
    assert seen == sorted(seen)
    assert seen[-1] == 1.0
    responsive, extinction = w.arms
    assert (responsive.strategy, extinction.strategy) == ASK.strategies
    by = {o.measure: o for o in extinction.outcomes}
    called = by["signalled_wakings_per_night"]
    assert called.difference_high is not None
    assert called.difference_high < 0
    assert difference_words(called, responsive.words).startswith(f"{-called.difference:.1f} fewer")
    assert all(o.difference is None for o in responsive.outcomes)
    assert w.at_month == int((w.from_months + 2) * DAYS_PER_MONTH // DAYS_PER_MONTH) - 1


def test_a_preterm_childs_peers_are_its_corrected_age_and_the_model_has_an_end() -> None:
    born = designs_for(_child(), ASK, TODAY)[Strategy.RESPONSIVE]
    early = designs_for(_child(due=date(2026, 6, 1)), ASK, TODAY)[Strategy.RESPONSIVE]
    assert born.from_months - early.from_months == pytest.approx(61 / DAYS_PER_MONTH, abs=0.01)
    assert born.switch_to is Strategy.RESPONSIVE
    assert early.switch_at_months == pytest.approx(early.from_months + 1 / DAYS_PER_MONTH)
    old = ChildLike(date(2021, 1, 1), None, TraitLevel.LOW, TraitLevel.LOW, 0.0, 0, 1)
    with pytest.raises(ValidationFailed, match="months"):
        designs_for(old, ASK, TODAY)
