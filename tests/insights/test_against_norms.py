"""Measures beside the published norms, by corrected age, in words, with their sources."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from beside.insights import summary
from beside.insights.against_norms import age_words
from beside.norms.figures import figure
from beside.records.child_log import ChildLog
from beside.records.models import Child
from tests.insights.records_by_hand import BIRTH, FIRST, ZONE, episode, week


def _crying_baby(minutes_a_day: float) -> ChildLog:
    """A baby of ten and a half weeks, three days of upsets of ``minutes_a_day`` each."""
    birth = FIRST - timedelta(days=73)
    return ChildLog(
        child=Child(name="Kit", birth_date=birth),
        episodes=tuple(episode(d, 11, minutes_a_day, 6.0) for d in range(3)),
        nights=(),
        time_zone=ZONE,
    )


@pytest.mark.parametrize(
    ("minutes", "status", "words"),
    [
        (60.0, "within", "within the usual range for 10 weeks"),
        (200.0, "above", "more than most babies of 10 weeks"),
    ],
)
def test_crying_is_compared_with_the_published_range_for_the_age(
    minutes: float, status: str, words: str
) -> None:
    result = summary.of_child(_crying_baby(minutes))
    (cry,) = [n for n in result.norms if n.measure_id == "fuss_cry_min_per_day"]
    f = figure(cry.figure_id)
    assert f.age_days[0] <= result.corrected_age_days < f.age_days[1]
    assert (cry.status, cry.words) == (status, words)
    assert cry.source == f.short_source
    assert cry.citation == f.citation
    assert f.mean is not None
    assert f.sd is not None
    assert cry.high == pytest.approx(f.mean + 1.96 * f.sd)


def test_a_preterm_baby_is_compared_at_its_corrected_age() -> None:
    """Born 40 days early: at 7 months it is compared with babies of 5 months and 3 weeks
    (Pennestri 2018 and Paavonen 2020 give figures at 6 months, none at 7)."""
    on_time = summary.of_child(week())
    assert on_time.norms == ()
    early = week()
    early = replace(early, child=early.child.model_copy(update={"due_date": BIRTH + timedelta(40)}))
    result = summary.of_child(early)
    assert result.corrected_age_days == result.age_days - 40
    by_measure = {n.measure_id: n for n in result.norms}
    assert by_measure["onset_latency_min"].status == "context"
    assert by_measure["onset_latency_min"].words.startswith("about 20 min is usual")
    assert by_measure["no_stretch_share_6h"].figure_id == "no_6h_stretch_6_months"
    assert "38 %" in by_measure["no_stretch_share_6h"].words


def test_corrected_age_ends_at_two_and_a_term_baby_is_not_corrected() -> None:
    from beside.records.ages import corrected_age_days

    birth = date(2024, 1, 1)
    assert corrected_age_days(100, birth, birth + timedelta(days=42)) == 58
    assert corrected_age_days(800, birth, birth + timedelta(days=42)) == 800
    assert corrected_age_days(100, birth, birth + timedelta(days=10)) == 100


@pytest.mark.parametrize(
    ("days", "words"),
    [(20, "2 weeks"), (73, "10 weeks"), (219, "7 months"), (800, "2 years"), (1100, "3 years"),
     (1300, "3 and a half years")],
)  # fmt: skip
def test_ages_read_as_a_parent_says_them(days: int, words: str) -> None:
    assert age_words(days) == words
