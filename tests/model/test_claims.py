"""One test per claim C1-C20: each mechanism contrasted with itself switched off (or one
strategy with another) on seeded cohorts, for three seeds, with a margin.

No test reads back its own input: each compares what two runs *produce*. Every docstring
says how the test was seen to fail: the mechanism's parameters set to zero (or its switch
off) inside the model, the test run, and the assertion seen red.
"""

from __future__ import annotations

import numpy as np
import pytest

from beside.insights.crying import CryDays
from beside.insights.sleep_patterns import SleepNights
from beside.model.curves import AgeCurve
from beside.model.params import default_params
from beside.records.enums import Strategy as S  # noqa: N817
from tests.model.cohorts import (
    SEEDS,
    Events,
    M,
    child_traits,
    nightly_latent,
    per_child_latent,
    run,
)

N = 240


def _cry(t: dict, lo_days: int, hi_days: int) -> float:
    return float(
        CryDays.of(t["nights"], t["episodes"], t["wakings"]).child_means((lo_days, hi_days)).mean()
    )


def _signalled(t: dict, lo_m: float, hi_m: float) -> float:
    sleep = SleepNights.of(t["nights"], t["wakings"])
    return float(sleep.child_means(sleep.signalled, (lo_m * M, hi_m * M)).mean())


def _wakings(t: dict, lo_m: float, hi_m: float) -> float:
    sleep = SleepNights.of(t["nights"], t["wakings"])
    return float(sleep.child_means(sleep.wakings, (lo_m * M, hi_m * M)).mean())


def _trained(method: S, **kwargs: object) -> dict:
    """Responsive care, then ``method`` from 8 months (by day the family stays responsive)."""
    return run(S.RESPONSIVE, children=N, switch_to=method, switch_at=8, **kwargs)  # type: ignore[arg-type]


def _alone(ep: Events, within: np.ndarray) -> float:
    return ep.share(ep["outcome"] == "calmed_alone", within)


@pytest.mark.parametrize("seed", SEEDS)
def test_c1_hunger_wakes_and_is_fed_under_every_method_and_newborn_crying_is_need_driven(
    seed: int,
) -> None:
    """Failed when the feeding clock was off (feed interval x100: first-month nights with a
    feed under extinction fell to 0.02) and when reflexive crying was off (dismissed
    newborns cried 60 % less than held ones)."""
    ext = run(S.EXTINCTION, months=1, children=N, seed=seed)
    no_clock = run(
        S.EXTINCTION, months=1, children=N, seed=seed, overrides=(("feed_interval_h", 100.0),)
    )

    def fed_nights(t: dict) -> float:
        w = Events.of(t["wakings"])
        nights = t["nights"].num_rows
        fed = w["resettled_by"] == "fed"
        fed_night = np.unique(w["child_id"][fed] * 10_000 + w["age_days"][fed])
        return fed_night.size / nights

    assert fed_nights(ext) > 0.8
    assert fed_nights(no_clock) < fed_nights(ext) - 0.5
    # No caregiver policy silences a three-week-old: a dismissed newborn cries about as much
    # as one who is held, and far more than it would if its crying were learned.
    held = _cry(run(S.RESPONSIVE, months=2, children=N, seed=seed), 7, 49)
    dismissed = _cry(run(S.DISMISSIVE, months=2, children=N, seed=seed), 7, 49)
    learned = _cry(
        run(S.DISMISSIVE, months=2, children=N, seed=seed, overrides=(("reflexive_crying", 0.0),)),
        7,
        49,
    )
    assert dismissed > 0.8 * held
    assert learned < dismissed - 0.2 * held


@pytest.mark.parametrize("seed", SEEDS)
def test_c2_young_infants_cannot_calm_alone_until_maturation_opens(seed: int) -> None:
    """Failed with the maturation gate open from birth (maturation_mid_days = 0): 0-3-month
    infants then calmed alone in over a tenth of episodes."""
    typical = Events.of(run(S.RESPONSIVE, months=3, children=N, seed=seed)["episodes"])
    early = Events.of(
        run(
            S.RESPONSIVE,
            months=3,
            children=N,
            seed=seed,
            overrides=(("maturation_mid_days", -90.0),),
        )["episodes"]
    )
    assert _alone(typical, typical.ages(0, 3)) < 0.02
    assert _alone(early, early.ages(0, 3)) > _alone(typical, typical.ages(0, 3)) + 0.05


@pytest.mark.parametrize("seed", SEEDS)
def test_c3_answered_distress_builds_security_sleep_training_never_above_responsive(
    seed: int,
) -> None:
    """Failed with attachment_from_responses off (every gap below 0.01) and, before issue 8,
    with the old lapse table (graduated extinction came out at 1.00 against 0.85)."""
    responsive = nightly_latent(
        run(S.RESPONSIVE, months=24, children=N, seed=seed), "security", 22, 24
    )
    for method in (S.GRADUATED_EXTINCTION, S.EXTINCTION):
        trained = _trained(method, months=24, seed=seed)
        assert nightly_latent(trained, "security", 22, 24) < responsive - 0.03, method
    camping = _trained(S.CAMPING_OUT, months=24, seed=seed)
    assert nightly_latent(camping, "security", 22, 24) <= responsive + 0.02
    off = (("attachment_from_responses", False),)
    r_off = nightly_latent(
        run(S.RESPONSIVE, months=24, children=N, seed=seed, switches=off), "security", 22, 24
    )
    e_off = nightly_latent(
        _trained(S.EXTINCTION, months=24, seed=seed, switches=off),
        "security",
        22,
        24,
    )
    e_on = nightly_latent(
        _trained(S.EXTINCTION, months=24, seed=seed),
        "security",
        22,
        24,
    )
    assert (responsive - e_on) > (r_off - e_off) + 0.05


@pytest.mark.parametrize("seed", SEEDS)
def test_c4_presence_counts_at_night_even_without_picking_up(seed: int) -> None:
    """Failed with presence_answer at 0 (staying present then counted as no answer)."""
    camping = _trained(S.CAMPING_OUT, months=18, seed=seed)
    ext = _trained(S.EXTINCTION, months=18, seed=seed)
    assert (
        nightly_latent(camping, "security", 16, 18) > nightly_latent(ext, "security", 16, 18) + 0.05
    )


@pytest.mark.parametrize("seed", SEEDS)
def test_c5_unresolved_arousal_has_consequences_and_the_switch_removes_them(seed: int) -> None:
    """Failed with residual_arousal off inside the model (both runs then equal): before issue
    8 arousal_after was read by nothing, and this test's skill and distress gaps were 0."""
    on = _trained(S.EXTINCTION, months=18, seed=seed)
    off = _trained(S.EXTINCTION, months=18, seed=seed, switches=(("residual_arousal", False),))
    e_on, e_off = Events.of(on["episodes"]), Events.of(off["episodes"])
    peak_on = float(e_on["peak_distress"][e_on.ages(12, 18)].mean())
    peak_off = float(e_off["peak_distress"][e_off.ages(12, 18)].mean())
    assert peak_on > peak_off + 0.05  # next-day reactivity
    assert nightly_latent(on, "security", 16, 18) < nightly_latent(off, "security", 16, 18) - 0.05
    assert nightly_latent(on, "skill", 16, 18) < nightly_latent(off, "skill", 16, 18)


@pytest.mark.parametrize("seed", SEEDS)
def test_c6_being_told_to_stop_teaches_silence_not_calm(seed: int) -> None:
    """Failed with suppression_learning off: the shut-down gap fell below 0.05."""

    def quiet(switches: tuple[tuple[str, bool], ...]) -> float:
        ep = Events.of(
            run(S.DISMISSIVE, months=18, children=N, seed=seed, switches=switches)["episodes"]
        )
        return ep.share(ep["child_action"] == "shut_down", ep.ages(12, 18))

    answered = Events.of(run(S.RESPONSIVE, months=18, children=N, seed=seed)["episodes"])
    base = answered.share(answered["child_action"] == "shut_down", answered.ages(12, 18))
    assert quiet(()) > base + 0.15
    assert quiet((("suppression_learning", False),)) < quiet(()) - 0.1


@pytest.mark.parametrize("seed", SEEDS)
def test_c7_responsive_care_later_repairs_earlier_ruptures(seed: int) -> None:
    """Failed with security_up at 0 (no repair: the gap then stayed as it was)."""
    always = run(S.RESPONSIVE, months=24, children=N, seed=seed)
    repaired = run(
        S.DISMISSIVE, months=24, children=N, seed=seed, switch_to=S.RESPONSIVE, switch_at=12
    )
    stayed = run(S.DISMISSIVE, months=24, children=N, seed=seed)
    gap_at_switch = nightly_latent(always, "security", 11.5, 12) - nightly_latent(
        repaired, "security", 11.5, 12
    )
    gap_later = nightly_latent(always, "security", 23, 24) - nightly_latent(
        repaired, "security", 23, 24
    )
    assert gap_at_switch > 0.2
    assert gap_later < 0.5 * gap_at_switch
    assert (
        nightly_latent(stayed, "security", 23, 24)
        < nightly_latent(repaired, "security", 23, 24) - 0.2
    )


@pytest.mark.parametrize("seed", SEEDS)
def test_c8_trained_or_not_almost_every_child_sleeps_through_by_five(seed: int) -> None:
    """The methods differ early (failed with suppression_learning off) and almost nobody
    signals a waking at five, either way (failed with the waking chance held at its
    three-year value to five: responsive children then called out 0.32 times a night).

    The gap left at five is compared with the gap at nine months, not with a fixed number:
    under C10 a child who learned that nobody comes still calls out a little less (about
    0.05 against 0.11 a night, docs/model.md), which is the claim's "trained or not", and
    most of what training changed early must be gone."""
    early = _signalled(run(S.RESPONSIVE, months=10, children=N, seed=seed), 9, 10)
    trained_early = _signalled(_trained(S.EXTINCTION, months=10, seed=seed), 9, 10)
    late = [
        _signalled(run(s, months=6, from_months=54, children=N // 2, seed=seed), 56, 60)
        for s in (S.RESPONSIVE, S.EXTINCTION)
    ]
    assert early > trained_early + 0.1  # methods differ early ...
    assert max(late) < 0.15  # ... and almost nobody signals a waking at five, either way
    assert abs(late[0] - late[1]) < 0.1 * (early - trained_early)


@pytest.mark.parametrize("seed", SEEDS)
def test_c8_wakings_heard_or_not_never_rise_after_six_months_and_fall_by_five(seed: int) -> None:
    """Failed with the fit of d653fca (its waking chance rose to the 0.9 cap at 12 months:
    1-year-olds woke about seven times a night and settled silently, while every signalled
    figure still matched).

    No published figure gives how far wakings heard or not fall between six months and two
    years, and those that exist say they stay common: most infants still wake at every age
    in the first year on video (Goodlin-Jones et al. 2001), 97 % of 6-8-month-olds average
    two or more actigraphic wakings (Hall et al. 2015), and actigraphy counts more wake
    bouts than mothers' diaries through age five (Acebo et al. 2005). What falls is the
    share that is signalled. The fit, held to the signalled figures, keeps wakings nearly
    level to three years (docs/model.md), so the test asks that they never rise, not that
    they fall by a set amount before two."""
    t = run(months=60, children=N // 2, seed=seed)
    six, twelve, two, five = (_wakings(t, lo, lo + 1) for lo in (6, 11, 23, 59))
    assert twelve < six
    assert two < twelve
    assert five < 0.3 * six


@pytest.mark.parametrize("seed", SEEDS)
def test_c9_children_of_one_age_sleep_very_differently(seed: int) -> None:
    """Failed with wake_prob_sd and sleep_sd_h at zero (the spread then fell to night-to-night
    noise)."""

    def spread(overrides: tuple[tuple[str, object], ...]) -> tuple[float, float]:
        t = run(months=7, children=N, seed=seed, overrides=overrides)
        sleep = SleepNights.of(t["nights"], t["wakings"])
        window = (6 * M, 7 * M)
        w = sleep.child_means(sleep.wakings, window)
        return float(sleep.child_means(sleep.total_sleep_h, window).std()), float(
            np.percentile(w, 90) - np.percentile(w, 10)
        )

    on = spread(())
    off = spread((("wake_prob_sd", 0.0), ("sleep_sd_h", 0.0)))
    assert on[0] > 1.0
    assert on[0] > off[0] + 0.5
    assert on[1] > off[1] + 0.3


@pytest.mark.parametrize("seed", SEEDS)
def test_c10_bedtime_protest_under_a_method_fades_as_signalling_is_unlearned(seed: int) -> None:
    """Bedtime settling: left to fall asleep alone from 8 months, a child cries at bedtime
    on the first night and much less three weeks on, because it learns nobody comes (C10),
    not because it learns to calm. Failed with suppression_learning off: the crying three
    weeks on then stayed at the first night's (about 33 min against 34)."""
    switch_day = int(np.ceil(8 * 30.44))

    def bedtime_cry(t: dict, lo: int, hi: int) -> float:
        n = t["nights"]
        age = n["age_days"].to_numpy()
        return float(n["settle_fuss_cry_min"].to_numpy()[(age >= lo) & (age < hi)].mean())

    trained = _trained(S.EXTINCTION, months=9.5, seed=seed)
    held = run(S.RESPONSIVE, months=9.5, children=N, seed=seed)
    first = bedtime_cry(trained, switch_day, switch_day + 1)
    later = bedtime_cry(trained, switch_day + 20, switch_day + 30)
    assert first > 5 * bedtime_cry(held, switch_day, switch_day + 1)
    assert later < 0.3 * first


@pytest.mark.parametrize("seed", SEEDS)
def test_c10_trained_infants_wake_as_often_but_stop_signalling(seed: int) -> None:
    """Failed with suppression_learning off: trained infants then signalled like the others."""
    base = run(S.RESPONSIVE, months=10, children=N, seed=seed)
    trained = _trained(S.EXTINCTION, months=10, seed=seed)
    off = _trained(S.EXTINCTION, months=10, seed=seed, switches=(("suppression_learning", False),))
    assert abs(_wakings(trained, 9, 10) / _wakings(base, 9, 10) - 1.0) < 0.15
    assert _signalled(trained, 9, 10) < 0.6 * _signalled(base, 9, 10)
    assert _signalled(off, 9, 10) > 0.85 * _signalled(base, 9, 10)


@pytest.mark.parametrize("seed", SEEDS)
def test_c11_toddlers_turning_away_are_mostly_practising(seed: int) -> None:
    """Failed with maturation delayed to five years (toddlers then rarely turned away)."""
    t = run(S.PRESENT_NEARBY, months=36, children=N, seed=seed)
    late = run(
        S.PRESENT_NEARBY,
        months=36,
        children=N,
        seed=seed,
        overrides=(("maturation_mid_days", 1826.0),),
    )
    for tables, expect_practice in ((t, True), (late, False)):
        ep = Events.of(tables["episodes"])
        typical = child_traits(tables, "phenotype")[ep["child_id"]] == "typical"
        away = ep["child_action"] == "turned_away"
        toddler = ep.ages(24, 36) & typical
        if expect_practice:
            assert ep.share(away, toddler) > 0.15
            assert ep.share(away, ep.ages(3, 6) & typical) < 0.05
            assert _alone(ep, toddler & away) > 0.5
        else:
            assert ep.share(away, toddler) < 0.08


@pytest.mark.parametrize("seed", SEEDS)
def test_c12_typical_children_reach_the_kopp_milestones_through_practice(seed: int) -> None:
    """Failed with skill growing without practice removed (skill_gain 0: the 18- and 36-month
    milestones were missed) and, before issue 8, on the default cohort (55 % stuck below
    0.05 skill at 24 months)."""
    t = run(months=36, children=N, seed=seed)
    ep = Events.of(t["episodes"])
    typical = child_traits(t, "phenotype")[ep["child_id"]] == "typical"

    def managed(lo: float, hi: float) -> float:
        window = ep.ages(lo, hi) & typical
        kids = np.unique(ep["child_id"][window])
        alone = np.unique(ep["child_id"][window & (ep["outcome"] == "calmed_alone")])
        return alone.size / kids.size

    assert managed(2, 4) < 0.3
    assert managed(8, 10) > 0.6  # about 8 months: simple self-comforting
    assert managed(18, 20) > 0.85  # about 18 months: several ways of comforting itself
    assert managed(34, 36) > 0.85
    # No large share stays at zero where the caregiving gives practice a chance; children
    # who are dismissed, walked away from or forced into comfort do stay low (C6, C15).
    skill = per_child_latent(t, "skill", 35, 36)
    harsh = np.isin(child_traits(t, "strategy"), ["dismissive", "walk-away", "forced-comfort"])
    assert np.mean(skill[~harsh] < 0.05) < 0.15
    assert np.mean(skill[harsh] < 0.05) > np.mean(skill[~harsh] < 0.05) + 0.2
    unpractised = run(months=36, children=N, seed=seed, overrides=(("skill_gain", 0.0),))
    e2 = Events.of(unpractised["episodes"])
    assert _alone(e2, e2.ages(34, 36)) < _alone(ep, ep.ages(34, 36)) - 0.1


@pytest.mark.parametrize("seed", SEEDS)
def test_c13_high_distress_blocks_self_soothing_and_the_threshold_rises(seed: int) -> None:
    """Failed with threshold_softness at 100 (success then flat across distress)."""
    ep = Events.of(run(S.PRESENT_NEARBY, months=42, children=N, seed=seed)["episodes"])

    def rates(lo_m: float, hi_m: float) -> list[float]:
        window = ep.ages(lo_m, hi_m)
        return [
            _alone(ep, window & (ep["peak_distress"] >= lo) & (ep["peak_distress"] < lo + 2))
            for lo in (2, 4, 6, 8)
        ]

    young, old = rates(14, 20), rates(36, 42)
    assert young[0] > young[-1] + 0.2
    assert old[0] > old[-1] + 0.2
    assert old[1] > young[1] + 0.03  # the same middle band is managed more often at three


def _onset_month(ep: Events, group: np.ndarray) -> float:
    """First month of age at which more than 10 % of the group's episodes end calmed alone."""
    for month in np.arange(4, 48, 0.5):
        window = ep.ages(month, month + 0.5) & group
        if window.any() and _alone(ep, window) > 0.1:
            return float(month)
    return float("inf")


@pytest.mark.parametrize("seed", SEEDS)
def test_c14_sensitive_children_start_later_but_get_there_day_care_and_siblings_earlier(
    seed: int,
) -> None:
    """Failed with the onset shifts, the peak shifts by temperament at zero and
    security_learning_base at 1 (touchy and calm children then started within a month of
    each other; the shifts alone at zero were not enough, since temperament also raises
    peaks and slows learning) and, before issue 8, because touchy
    children never got there."""
    t = run(S.RESPONSIVE, months=48, children=400, seed=seed)
    ep = Events.of(t["episodes"])
    child = ep["child_id"]
    sensitivity = child_traits(t, "sensitivity")[child]
    reactivity = child_traits(t, "reactivity")[child]
    siblings = child_traits(t, "older_siblings")[child].astype(int)
    daycare = child_traits(t, "daycare_hours")[child].astype(float)
    calm_child = (sensitivity == "low") & (reactivity != "high")
    touchy = (sensitivity == "high") | (reactivity == "high")
    assert _onset_month(ep, touchy) >= _onset_month(ep, calm_child) + 1.5
    assert _alone(ep, touchy & ep.ages(42, 48)) > 0.3  # they do get there
    modelled = (siblings >= 1) & (daycare > 20)
    alone_only = (siblings == 0) & (daycare == 0)
    assert _onset_month(ep, modelled) < _onset_month(ep, alone_only)


@pytest.mark.parametrize("seed", SEEDS)
def test_c15_presence_is_the_middle_ground_walking_away_and_forcing_both_cost(seed: int) -> None:
    """Failed with safe_base_gain, present_practice and present_self_boost at 0
    (present-nearby then no better than holding, as before issue 8). The forced-comfort
    contrast is built in: confidence_drop and forced_added at 0 against their defaults."""
    present = run(S.PRESENT_NEARBY, months=30, children=N, seed=seed)
    held = run(S.RESPONSIVE, months=30, children=N, seed=seed)
    walk = run(S.WALK_AWAY, months=30, children=N, seed=seed)
    forced = run(S.FORCED_COMFORT, months=30, children=N, seed=seed)
    harmless = run(
        S.FORCED_COMFORT,
        months=30,
        children=N,
        seed=seed,
        overrides=(("confidence_drop", 0.0), ("forced_added", 0.0)),
    )
    assert nightly_latent(present, "skill", 28, 30) > nightly_latent(held, "skill", 28, 30) + 0.03
    assert (
        abs(nightly_latent(present, "security", 28, 30) - nightly_latent(held, "security", 28, 30))
        < 0.05
    )
    assert (
        nightly_latent(walk, "security", 28, 30) < nightly_latent(present, "security", 28, 30) - 0.3
    )
    assert (
        nightly_latent(forced, "skill", 28, 30) < nightly_latent(harmless, "skill", 28, 30) - 0.05
    )
    p = Events.of(present["episodes"])
    calm_alone = p.ages(24, 30) & (p["outcome"] == "calmed_alone")
    assert 2.0 <= float(np.median(p["minutes_to_calm"][calm_alone])) <= 30.0


@pytest.mark.parametrize("seed", SEEDS)
def test_c16_acknowledging_the_effort_builds_confidence_to_try(seed: int) -> None:
    """Failed with confidence_gain at 0 (no difference in trying)."""
    warm = Events.of(
        run(S.PRESENT_NEARBY, months=30, children=N, seed=seed, acknowledges=0.9)["episodes"]
    )
    silent = Events.of(
        run(S.PRESENT_NEARBY, months=30, children=N, seed=seed, acknowledges=0.0)["episodes"]
    )
    away = "turned_away"
    assert (
        warm.share(warm["child_action"] == away, warm.ages(24, 30))
        > silent.share(silent["child_action"] == away, silent.ages(24, 30)) + 0.02
    )


@pytest.mark.parametrize("seed", SEEDS)
def test_c17_heavy_praise_pushes_trying_when_not_ready_and_slows_progress(seed: int) -> None:
    """Failed with pressure_gain and failed_try_drop at 0; before issue 8 heavy praise
    *raised* skill (0.40 against 0.31)."""
    praised = run(S.PRESENT_NEARBY, months=30, children=N, seed=seed, over_praise=0.8)
    plain = run(S.PRESENT_NEARBY, months=30, children=N, seed=seed, over_praise=0.0)

    def failed_tries(t: dict) -> float:
        ep = Events.of(t["episodes"])
        window = ep.ages(18, 30) & (ep["peak_distress"] >= 7)
        tried_and_failed = (ep["child_action"] == "turned_away") & (ep["outcome"] != "calmed_alone")
        return ep.share(tried_and_failed, window)

    assert failed_tries(praised) > failed_tries(plain) + 0.01
    assert nightly_latent(praised, "skill", 28, 30) < nightly_latent(plain, "skill", 28, 30) - 0.01


@pytest.mark.parametrize("seed", SEEDS)
def test_c18_modelling_calm_teaches_more_than_explaining_it(seed: int) -> None:
    """Failed with modelling_gain equal to explaining_gain."""
    modelled = run(S.PRESENT_NEARBY, months=30, children=N, seed=seed, modelling=1.0)
    explained = run(S.PRESENT_NEARBY, months=30, children=N, seed=seed, explaining=1.0)
    assert (
        nightly_latent(modelled, "skill", 29, 30)
        > nightly_latent(explained, "skill", 29, 30) + 0.02
    )


@pytest.mark.parametrize("seed", SEEDS)
def test_c19_regulation_keeps_growing_and_the_worst_moments_still_need_help(seed: int) -> None:
    """Skill keeps growing after three because the most practice can reach keeps rising;
    held at its three-year value, growth stalls (failed with the ceiling flat: before issue
    8's second half a typical cohort had 98 % of its final skill by three). The worst
    moments still need help (failed with the ceiling rising to 1 and threshold_gain 12: the
    top of the scale was then managed alone)."""
    ceiling = default_params().skill_ceiling
    flat = AgeCurve((0,), (ceiling.at(3 * 365),))
    t = run(S.PRESENT_NEARBY, months=60, children=N // 2, seed=seed)
    stalled = run(
        S.PRESENT_NEARBY,
        months=60,
        children=N // 2,
        seed=seed,
        overrides=(("skill_ceiling", flat),),
    )

    def growth(tables: dict) -> float:
        return nightly_latent(tables, "skill", 59, 60) - nightly_latent(tables, "skill", 35, 36)

    assert growth(t) > 0.02
    assert growth(t) > growth(stalled) + 0.02
    ep = Events.of(t["episodes"])
    assert (
        _alone(ep, ep.ages(48, 60) & (ep["peak_distress"] >= 9))
        < _alone(ep, ep.ages(48, 60) & (ep["peak_distress"] < 5)) - 0.3
    )


@pytest.mark.parametrize("seed", SEEDS)
def test_c20_each_phenotype_has_its_signature_without_inverting(seed: int) -> None:
    """Failed before issue 8: insecure children's turning away counted as practice, and they
    ended with more skill and security than typical children."""
    t = run(months=24, children=1200, seed=seed)
    ep = Events.of(t["episodes"])
    phenotype = child_traits(t, "phenotype")
    kind = phenotype[ep["child_id"]]
    away = ep["child_action"] == "turned_away"
    infant = ep.ages(1, 9)
    assert ep.share(away, infant & (kind == "insecure_attachment")) > 0.2
    assert ep.share(away, infant & (kind == "typical")) < 0.05
    assert ep.share(ep["trigger"] == "hurt", infant & (kind == "typical") & away) > 0.8
    sensory = kind == "sensory_overload"
    overstim = ep["trigger"] == "overstimulation"
    assert (
        ep.share(away, sensory & overstim & ep.ages(12, 24))
        > ep.share(away, (kind == "typical") & overstim & ep.ages(12, 24)) + 0.2
    )
    security = per_child_latent(t, "security", 22, 24)
    skill = per_child_latent(t, "skill", 22, 24)
    typical = phenotype == "typical"
    insecure = phenotype == "insecure_attachment"
    slow = phenotype == "developmental_difference"
    assert security[insecure].mean() < security[typical].mean() - 0.1
    assert skill[insecure].mean() < skill[typical].mean()
    assert skill[slow].mean() < skill[typical].mean() - 0.05
