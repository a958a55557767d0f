"""One test per claim C1-C20: each mechanism, working, in a seeded simulated cohort.

Effects are asserted with margins on cohorts of a few hundred children, never as exact
floats. The claim ids are those of DESIGN.md; docs/claims.md maps each to its mechanism.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from beside.insights.sleep_patterns import SleepNights
from beside.model.cohort import StudyDesign
from beside.model.engine import simulate_chunk
from beside.model.params import Switches, default_params
from beside.records.enums import Strategy as S  # noqa: N817
from tests.model.cohorts import Events, M, child_traits, nightly_latent, run


def test_c1_needs_drive_crying_and_signals_follow_distress() -> None:
    ep = Events.of(run()["episodes"])
    infant, toddler = ep.ages(0.5, 1.5), ep.ages(20, 24)
    hunger = ep["trigger"] == "hunger"
    frustration = ep["trigger"] == "frustration"
    assert ep.share(hunger, infant) > 0.3
    assert ep.share(hunger, toddler) < 0.12
    assert ep.share(frustration, toddler) > ep.share(frustration, infant) + 0.1
    # Signalling follows arousal (a need), not a calculation: it rises with peak distress.
    young = ep.ages(0, 6)
    sought = ep["child_action"] == "sought_caregiver"
    rates = [
        ep.share(sought, young & (ep["peak_distress"] >= lo) & (ep["peak_distress"] < lo + 2))
        for lo in (2, 4, 6, 8)
    ]
    # Rising with arousal until it saturates at high distress (then equal up to noise).
    assert rates[0] < rates[1] < rates[2]
    assert rates[3] > rates[2] - 0.03
    assert rates[2] > rates[0] + 0.1


def test_c2_young_infants_cannot_calm_alone_and_contact_is_fastest() -> None:
    ep = Events.of(run()["episodes"])
    alone = ep["outcome"] == "calmed_alone"
    assert ep.share(alone, ep.ages(0, 3)) < 0.02
    toddler = ep.ages(14, 24) & (ep["outcome"] == "calmed_with_help")
    held = np.nanmedian(ep["minutes_to_calm"][toddler & (ep["response"] == "held")])
    present = np.nanmedian(ep["minutes_to_calm"][toddler & (ep["response"] == "stayed_present")])
    assert held < 0.8 * present
    assert np.all(ep["arousal_after"][ep["outcome"] != "not_calmed"] <= 1.0 + 1e-6)


def test_c3_answered_distress_builds_security_and_the_switch_turns_it_off() -> None:
    responsive = nightly_latent(run(S.RESPONSIVE, months=12), "security", 11, 12)
    dismissive = nightly_latent(run(S.DISMISSIVE, months=12), "security", 11, 12)
    assert responsive > dismissive + 0.3
    off = (("attachment_from_responses", False),)
    r_off = nightly_latent(run(S.RESPONSIVE, months=12, switches=off), "security", 11, 12)
    d_off = nightly_latent(run(S.DISMISSIVE, months=12, switches=off), "security", 11, 12)
    assert abs(r_off - d_off) < 0.02


def test_c4_presence_counts_even_without_holding() -> None:
    present = run(S.PRESENT_NEARBY, months=30)
    walk = run(S.WALK_AWAY, months=30)
    # After 12 months the present-nearby caregiver mostly stays close rather than holds, and
    # security keeps rising; walking away lets it fall.
    assert nightly_latent(present, "security", 29, 30) > nightly_latent(present, "security", 12, 13)
    assert (
        nightly_latent(present, "security", 29, 30) > nightly_latent(walk, "security", 29, 30) + 0.4
    )
    ep = Events.of(present["episodes"])
    toddler = ep.ages(18, 30)
    assert ep.share(ep["response"] == "stayed_present", toddler) > 0.7


def test_c5_a_quiet_child_is_not_necessarily_regulated() -> None:
    trained = Events.of(
        run(S.RESPONSIVE, months=10, switch_to=S.EXTINCTION, switch_at=8)["wakings"]
    )
    answered = Events.of(run(S.RESPONSIVE, months=10)["wakings"])
    late = trained.ages(9, 10) & trained["signalled"]
    unanswered = late & np.isnan(trained["latency_min"])
    calm_late = answered.ages(9, 10) & answered["signalled"]
    assert np.mean(trained["arousal_after"][unanswered]) > 2.5 * np.mean(
        answered["arousal_after"][calm_late]
    )
    off = (("residual_arousal", False),)
    trained_off = Events.of(
        run(S.RESPONSIVE, months=10, switch_to=S.EXTINCTION, switch_at=8, switches=off)["wakings"]
    )
    late_off = (
        trained_off.ages(9, 10) & trained_off["signalled"] & np.isnan(trained_off["latency_min"])
    )
    assert np.mean(trained_off["arousal_after"][late_off]) <= 1.0 + 1e-6


def test_c6_being_told_to_stop_teaches_silence_not_calm() -> None:
    dismissed = Events.of(run(S.DISMISSIVE, months=18)["episodes"])
    answered = Events.of(run(S.RESPONSIVE, months=18)["episodes"])
    window_d, window_a = dismissed.ages(12, 18), answered.ages(12, 18)
    quiet_d = dismissed.share(dismissed["child_action"] == "shut_down", window_d)
    quiet_a = answered.share(answered["child_action"] == "shut_down", window_a)
    assert quiet_d > quiet_a + 0.2
    shut = window_d & (dismissed["child_action"] == "shut_down")
    assert np.mean(dismissed["arousal_after"][shut]) > 2.0
    assert nightly_latent(run(S.DISMISSIVE, months=18), "skill", 17, 18) <= nightly_latent(
        run(S.RESPONSIVE, months=18), "skill", 17, 18
    )


def test_c7_responsive_care_later_repairs_earlier_ruptures() -> None:
    always = run(S.RESPONSIVE, months=24)
    repaired = run(S.DISMISSIVE, months=24, switch_to=S.RESPONSIVE, switch_at=12)
    gap_at_switch = nightly_latent(always, "security", 11.5, 12) - nightly_latent(
        repaired, "security", 11.5, 12
    )
    gap_later = nightly_latent(always, "security", 23.5, 24) - nightly_latent(
        repaired, "security", 23.5, 24
    )
    assert gap_at_switch > 0.2
    assert gap_later < 0.5 * gap_at_switch


def test_c8_sleep_matures_and_almost_every_child_sleeps_through_by_five() -> None:
    five_year_wakings = []
    for strategy in (S.RESPONSIVE, S.EXTINCTION):
        t = run(strategy, months=12, from_months=48, children=200)
        sleep = SleepNights.of(t["nights"], t["wakings"])
        late = sleep.days.in_ages((56 * M, 60 * M))
        assert np.mean(sleep.signalled[late] == 0) > 0.85, strategy
        five_year_wakings.append(float(sleep.wakings[late].mean()))
    t = run(months=24)
    sleep = SleepNights.of(t["nights"], t["wakings"])
    ages = [(lo * M, (lo + 1) * M) for lo in (1, 6, 12, 23)]
    heard = [sleep.child_means(sleep.signalled, a).mean() for a in ages]
    assert heard == sorted(heard, reverse=True)
    total = [sleep.child_means(sleep.wakings, a).mean() for a in ages]
    assert total[-1] < 0.8 * total[0]
    assert max(five_year_wakings) < 0.3 * total[0]


def test_c9_children_of_one_age_sleep_very_differently() -> None:
    t = run(months=7, children=400)
    sleep = SleepNights.of(t["nights"], t["wakings"])
    window = (6 * M, 7 * M)
    total = sleep.child_means(sleep.total_sleep_h, window)
    wakings = sleep.child_means(sleep.wakings, window)
    assert total.std() > 1.0
    assert np.percentile(wakings, 90) > 2.0 * np.percentile(wakings, 10)


def test_c10_trained_infants_wake_as_often_but_stop_signalling() -> None:
    base = run(S.RESPONSIVE, months=10)
    trained = run(S.RESPONSIVE, months=10, switch_to=S.EXTINCTION, switch_at=8)
    a = SleepNights.of(base["nights"], base["wakings"])
    b = SleepNights.of(trained["nights"], trained["wakings"])
    window = (9 * M, 10 * M)
    total_a, total_b = (
        a.child_means(a.wakings, window).mean(),
        b.child_means(b.wakings, window).mean(),
    )
    sig_a = a.child_means(a.signalled, window).mean()
    sig_b = b.child_means(b.signalled, window).mean()
    assert abs(total_b - total_a) / total_a < 0.10
    assert sig_b < 0.5 * sig_a


def test_c11_toddlers_turning_away_are_mostly_practising() -> None:
    t = run(S.PRESENT_NEARBY, months=36)
    ep = Events.of(t["episodes"])
    typical = child_traits(t, "phenotype")[ep["child_id"]] == "typical"
    away = ep["child_action"] == "turned_away"
    toddler = ep.ages(24, 36) & typical
    assert ep.share(away, toddler) > 0.15
    assert ep.share(away, ep.ages(3, 6) & typical) < 0.03
    assert ep.share(ep["outcome"] == "calmed_alone", toddler & away) > 0.6


def test_c12_seek_first_then_own_skills_which_grow_only_with_practice() -> None:
    present = run(S.PRESENT_NEARBY, months=30)
    forced = run(S.FORCED_COMFORT, months=30)
    ep = Events.of(present["episodes"])
    alone = ep["outcome"] == "calmed_alone"
    assert ep.share(alone, ep.ages(2, 4)) < 0.02
    assert ep.share(alone, ep.ages(18, 24)) > 0.2
    assert nightly_latent(present, "skill", 29, 30) > nightly_latent(forced, "skill", 29, 30) + 0.1


def test_c13_high_distress_blocks_self_soothing_and_the_threshold_rises() -> None:
    ep = Events.of(run(S.PRESENT_NEARBY, months=42, children=400)["episodes"])
    alone = ep["outcome"] == "calmed_alone"

    def rates(lo_m: float, hi_m: float) -> list[float]:
        window = ep.ages(lo_m, hi_m)
        return [
            ep.share(alone, window & (ep["peak_distress"] >= lo) & (ep["peak_distress"] < lo + 2))
            for lo in (0, 2, 4, 6, 8)
        ]

    young, old = rates(14, 20), rates(36, 42)
    assert young == sorted(young, reverse=True)
    assert old[0] > old[-1] + 0.3
    # The same middle band of distress is more often soothed alone at three than at one.
    assert old[2] > young[2] + 0.1


def _onset_month(ep: Events, group: np.ndarray) -> float:
    """First month of age at which more than 20 % of the group's episodes end calmed alone."""
    alone = ep["outcome"] == "calmed_alone"
    for month in np.arange(4, 30, 0.5):
        window = ep.ages(month, month + 0.5) & group
        if window.any() and ep.share(alone, window) > 0.2:
            return float(month)
    return float("inf")


def test_c14_sensitive_children_start_later_day_care_and_siblings_earlier() -> None:
    t = run(S.PRESENT_NEARBY, months=30, children=900, seed=3)
    ep = Events.of(t["episodes"])
    child = ep["child_id"]
    sensitivity = child_traits(t, "sensitivity")[child]
    reactivity = child_traits(t, "reactivity")[child]
    siblings = child_traits(t, "older_siblings")[child].astype(int)
    daycare = child_traits(t, "daycare_hours")[child].astype(float)
    calm_child = (sensitivity == "low") & (reactivity != "high")
    touchy = (sensitivity == "high") & (reactivity == "high")
    assert _onset_month(ep, touchy) >= _onset_month(ep, calm_child) + 2
    modelled = (siblings >= 1) & (daycare > 20)
    alone_only = (siblings == 0) & (daycare == 0)
    assert _onset_month(ep, modelled) < _onset_month(ep, alone_only)


def test_c15_walking_away_and_forcing_comfort_both_cost_the_middle_ground_works() -> None:
    present = run(S.PRESENT_NEARBY, months=30)
    walk = run(S.WALK_AWAY, months=30)
    forced = run(S.FORCED_COMFORT, months=30)
    p, w, f = (Events.of(t["episodes"]) for t in (present, walk, forced))
    alone = "calmed_alone"
    assert (
        w.share(w["outcome"] == alone, w.ages(24, 30))
        < p.share(p["outcome"] == alone, p.ages(24, 30)) - 0.1
    )
    assert nightly_latent(walk, "security", 29, 30) < nightly_latent(present, "security", 29, 30)
    assert (
        f.share(f["child_action"] == "turned_away", f.ages(24, 30))
        < p.share(p["child_action"] == "turned_away", p.ages(24, 30)) - 0.05
    )
    calm_alone = p.ages(24, 30) & (p["outcome"] == alone)
    median = float(np.median(p["minutes_to_calm"][calm_alone]))
    assert 2.0 <= median <= 30.0


def test_c16_acknowledging_the_effort_builds_confidence_to_try() -> None:
    warm = Events.of(run(S.PRESENT_NEARBY, months=30, acknowledges=0.9)["episodes"])
    silent = Events.of(run(S.PRESENT_NEARBY, months=30, acknowledges=0.0)["episodes"])
    away = "turned_away"
    assert (
        warm.share(warm["child_action"] == away, warm.ages(24, 30))
        > silent.share(silent["child_action"] == away, silent.ages(24, 30)) + 0.03
    )
    came = warm.ages(12, 30) & (warm["outcome"] == "calmed_with_help")
    assert warm.share(warm["aftercare"] == "comforted", came) > 0.99


def test_c17_heavy_praise_pushes_trying_when_not_ready() -> None:
    praised = Events.of(run(S.PRESENT_NEARBY, months=30, over_praise=0.8)["episodes"])
    plain = Events.of(run(S.PRESENT_NEARBY, months=30, over_praise=0.0)["episodes"])

    def failed_tries(ep: Events) -> float:
        window = ep.ages(18, 30) & (ep["peak_distress"] >= 7)
        tried_and_failed = (ep["child_action"] == "turned_away") & (ep["outcome"] != "calmed_alone")
        return ep.share(tried_and_failed, window)

    assert failed_tries(praised) > failed_tries(plain) + 0.05


def test_c18_modelling_calm_teaches_more_than_explaining_it() -> None:
    modelled = run(S.PRESENT_NEARBY, months=30, modelling=1.0)
    explained = run(S.PRESENT_NEARBY, months=30, explaining=1.0)
    assert (
        nightly_latent(modelled, "skill", 29, 30)
        > nightly_latent(explained, "skill", 29, 30) + 0.03
    )


def test_c19_regulation_keeps_growing_and_the_worst_moments_still_need_help() -> None:
    t = run(S.PRESENT_NEARBY, months=60, children=200, seed=5)
    ep = Events.of(t["episodes"])
    alone = ep["outcome"] == "calmed_alone"
    assert nightly_latent(t, "skill", 59, 60) > nightly_latent(t, "skill", 35, 36) + 0.03
    top = ep.ages(48, 60) & (ep["peak_distress"] >= 9)
    assert ep.share(alone, top) < 0.3


def test_c20_phenotypes_give_screens_a_known_truth() -> None:
    t = run(months=12, children=1200, seed=9)
    ep = Events.of(t["episodes"])
    phenotype = child_traits(t, "phenotype")[ep["child_id"]]
    away = ep["child_action"] == "turned_away"
    infant = ep.ages(1, 9)
    assert ep.share(away, infant & (phenotype == "insecure_attachment")) > 0.2
    assert ep.share(away, infant & (phenotype == "typical")) < 0.05
    typical_infant_away = infant & (phenotype == "typical") & away
    assert ep.share(ep["trigger"] == "hurt", typical_infant_away) > 0.8
    overstim = ep["trigger"] == "overstimulation"
    assert (
        ep.share(overstim, phenotype == "sensory_overload")
        > ep.share(overstim, phenotype == "typical") + 0.05
    )


def test_switches_are_the_only_difference_between_otherwise_equal_runs() -> None:
    """Turning a disputed mechanism off changes nothing but what it governs."""
    design = StudyDesign(children=50, months=2, seed=2)
    on = simulate_chunk(default_params(), design, first_id=0, size=50)
    p_off = replace(default_params(), switches=replace(Switches(), residual_arousal=False))
    off = simulate_chunk(p_off, design, first_id=0, size=50)
    assert on["nights"]["wake_time"].equals(off["nights"]["wake_time"])
    assert not on["wakings"]["arousal_after"].equals(off["wakings"]["arousal_after"])
