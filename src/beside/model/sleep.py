"""Nights: bedtime settling, how long, and the wakings at cycle transitions (C8-C10, C5).

Sleep need, the chance of waking at each cycle transition and the feeding clock mature with
age and differ between children (C1, C8, C9); none depends on the caregiver's method. What
the method changes is whether a waking is *signalled* (C10) and how the child is after it
(C5); the arousal a child carries from unresolved distress makes its sleep a little more
broken (C5, small by default: Hall et al. 2015 saw no change in actigraphy wakings).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from beside.model import rng, waking_kernel
from beside.model import strategies as st
from beside.model.cohort import Cohort
from beside.model.distress import (
    DISTRESS_MAX,
    INSECURE,
    DayLearning,
    lapse_kind,
    learned_expectation,
    signal_chance,
    spread,
    success_chance,
)
from beside.model.params import ModelParams
from beside.model.state import ChildState
from beside.records.enums import RESETTLES, ResettleMethod

DAYS_PER_YEAR = 365.25
GALLAND_SCALE_Y = 10.0
F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]

R_ALONE, R_FED, R_HELD, R_ROCKED, R_PATTED, R_PRESENT = (
    RESETTLES.index(m)
    for m in (
        ResettleMethod.ALONE,
        ResettleMethod.FED,
        ResettleMethod.HELD,
        ResettleMethod.ROCKED,
        ResettleMethod.PATTED,
        ResettleMethod.CAREGIVER_PRESENT,
    )
)


def mean_sleep_hours(p: ModelParams, age_days: float) -> float:
    """Galland et al. 2012's regression of total sleep on age (C8)."""
    a, b, c = p.sleep_regression
    return float(a - b * ((age_days / DAYS_PER_YEAR / GALLAND_SCALE_Y) ** 0.5 - c))


@dataclass
class NightBatch:
    bed_min: F64  # minutes after midnight on the evening's date
    onset_min: F64
    wake_min: F64
    nap_min: F64
    cycle_min: F64
    settle_cry_min: F64


@dataclass
class WakingBatch:
    idx: I64
    start_min: F64
    end_min: F64
    signalled: npt.NDArray[np.bool_]
    resettled_by: npt.NDArray[np.int8]
    latency_min: F64
    cry_min: F64
    arousal_after: F64


def feed_due(cycle_min: F64, interval_min: F64, transitions: int) -> npt.NDArray[np.bool_]:
    """C1: hunger is a clock, not a habit. A feed falls due every ``interval_min`` minutes of
    sleep, and the child wakes hungry at the first cycle transition after one falls due,
    whatever the caregiver's method. Shape ``(transitions, n)``; transition ``j`` lies
    ``(j + 1)`` cycles into the night."""
    feeds_by = np.floor(
        np.arange(transitions + 1, dtype=np.float64)[:, None] * (cycle_min / interval_min)
    )
    out: npt.NDArray[np.bool_] = feeds_by[1:] > feeds_by[:-1]
    return out


def simulate_night(
    p: ModelParams,
    c: Cohort,
    s: ChildState,
    *,
    age_days: float,
    day: int,
    strategy: npt.NDArray[np.int8],
    limit: F64,
) -> tuple[NightBatch, WakingBatch, DayLearning]:
    n = c.size
    z = [
        rng.NORMAL16[bits]
        for bits in rng.coarse_bits(c.keys, day, rng.Stream.NIGHT, np.zeros(n, np.int64), 1)
    ]
    total_h = (
        mean_sleep_hours(p, age_days)
        + p.sleep_sd_h.at(age_days) * c.sleep_z
        + p.nightly_sleep_sd_h * z[0]
    )
    total_min = np.clip(total_h, *p.sleep_bounds_h) * 60.0
    share = p.nap_share.at(age_days)
    night_min = total_min * (1.0 - share)
    bed = p.bedtime_min.at(age_days) + c.bedtime_offset_min + p.bedtime_sd_min * z[1]
    least, median, log_sd = p.onset_min
    settle = _bedtime(p, c, s, age_days=age_days, day=day, strategy=strategy, limit=limit)
    onset = (
        bed
        + least
        + median * p.onset_age_factor.at(age_days) * np.exp(log_sd * z[2])
        + settle.protest_min
    )
    cycle = np.maximum(p.cycle_min.at(age_days) + c.cycle_offset_min, p.cycle_floor_min)
    transitions = np.ceil(night_min / cycle).astype(np.int64) - 1

    sd = p.wake_prob_sd
    p_wake = (
        p.wake_prob.at(age_days)
        * np.exp(sd * c.wake_factor - 0.5 * sd * sd)
        * (1.0 + p.carry_wake * s.carry)  # C5: unresolved arousal fragments sleep
    )
    threshold = np.minimum(p_wake, p.wake_prob_max) * 65536.0
    threshold_early = np.minimum(p_wake * p.early_night_factor, p.wake_prob_max) * 65536.0
    most = int(transitions.max(initial=0))
    bits = _wake_bits(c, day, most)
    limits = np.where(np.arange(most)[:, None] < p.early_night_cycles, threshold_early, threshold)
    interval = p.feed_interval_h.at(age_days) * 60.0 * np.exp(p.feed_interval_sd * z[3])
    hungry = feed_due(cycle, interval, most)
    woke = (np.arange(most)[:, None] < transitions) & ((bits < limits) | hungry)
    # Transition-major order, children in order within one: the kernel lays wakings out in it.
    cycle_index, sel = np.nonzero(woke)
    hunger = hungry[cycle_index, sel]
    bits_w = rng.coarse_bits(c.keys.take(sel), day, rng.Stream.WAKING, cycle_index, hashes=3)
    child = np.stack(
        [
            c.reactivity,
            s.carry,
            limit,
            s.expect_night,
            c.consistency,
            s.security,
            onset,
            cycle,
        ]
    )
    out_f = np.empty((len(waking_kernel.FLOAT_OUTPUTS), sel.size))
    out_i = np.empty((len(waking_kernel.INT_OUTPUTS), sel.size), np.int8)
    extra = np.zeros(n)
    sums_w = np.zeros((len(waking_kernel.NIGHT_SUMS), n))
    waking_kernel.night_wakings(
        sel,
        cycle_index,
        hunger,
        bits_w,
        child,
        strategy,
        c.phenotype,
        _waking_rules(p, age_days),
        _waking_tables(p),
        out_f,
        out_i,
        extra,
        sums_w,
    )
    start, duration, latency, cry, arousal_after = out_f
    nights = NightBatch(
        bed_min=bed,
        onset_min=onset,
        wake_min=onset + night_min + extra,
        nap_min=total_min * share,
        cycle_min=cycle,
        settle_cry_min=settle.cry_min,
    )
    wakings = WakingBatch(
        idx=sel,
        start_min=start,
        end_min=start + duration,
        signalled=out_i[0].astype(np.bool_),
        resettled_by=out_i[1],
        latency_min=latency,
        cry_min=cry,
        arousal_after=arousal_after,
    )
    sums = [a + b for a, b in zip(sums_w, settle.learning, strict=True)]
    return nights, wakings, _night_learning(sums, n)


@dataclass
class Settling:
    protest_min: F64  # awake past the usual latency, crying or quiet
    cry_min: F64  # audible crying at bedtime
    learning: list[F64]  # per child, in ``_night_learning``'s order


def _bedtime(
    p: ModelParams,
    c: Cohort,
    s: ChildState,
    *,
    age_days: float,
    day: int,
    strategy: npt.NDArray[np.int8],
    limit: F64,
) -> Settling:
    """Falling asleep at bedtime: the same physiology as a waking (C13, C10, C5, C3).

    A child put down awake settles alone if its skills beat its arousal (C13). If not, it
    signals with the chance its learned expectation gives (C10); the family's night method
    decides the answer: held or present, it is helped to sleep (an answered signal, no
    protest beyond the usual latency); checked on or left, it cries until exhausted, shorter
    with check-ins, and what nobody answered counts against security (C3), with the arousal
    it falls asleep with carried forward (C5). A quiet child who did not settle counts as
    unheard distress when residual arousal is on, as at a waking.
    """
    n = c.size
    b = rng.coarse_bits(c.keys, day, rng.Stream.BEDTIME, np.zeros(n, np.int64), 2)
    u = [rng.uniform_from_bits(row) for row in b]
    w_mean, w_react, w_sd = p.waking_arousal
    arousal = np.clip(
        w_mean
        + w_react * (c.reactivity - 1.0)
        + w_sd * rng.NORMAL16.take(b[0])
        + p.carry_peak * s.carry,
        0.0,
        DISTRESS_MAX,
    )
    settles = u[1] < success_chance(limit, arousal, p.threshold_softness)
    expect = learned_expectation(p, s.expect_night, age_days)
    signalled = ~settles & (u[2] < signal_chance(p, expect))
    _lapse, missed = lapse_kind(u[3], c.consistency, p.lapse_missed_share)
    response = np.where(missed, np.int8(st.LEFT), st.NIGHT_POLICY.take(strategy)).astype(np.int8)
    response[~signalled] = st.LEFT
    helped = signalled & ((response == st.HELD) | (response == st.PRESENT))
    exhaust = (
        p.exhaustion_min * spread(p.exhaustion_spread).take(b[4]) * (p.exhaustion_base + expect)
    )
    quiet = p.quiet_waking_share * exhaust
    awake = np.select(
        [settles | helped, ~signalled, response == st.CHECKED, response == st.DISMISSED],
        [0.0, quiet, p.checked_waking_share * exhaust, quiet],
        exhaust,
    )
    calmed = settles | helped
    after = np.where(calmed, p.calm_level, _left_over(p, arousal, response))
    learning = _night_sums(p, c.phenotype, signalled, settles, calmed, response, after)
    return Settling(
        protest_min=awake,
        cry_min=np.where(signalled, awake, 0.0),
        learning=[np.asarray(col, dtype=np.float64) for col in learning],
    )


def _left_over(p: ModelParams, arousal: F64, response: npt.NDArray[np.int8]) -> F64:
    """C5: the arousal left when crying ends without calm (a check takes some of it off;
    walking away adds to it); the calm level when residual arousal is switched off."""
    if not p.switches.residual_arousal:
        return np.full(arousal.size, p.calm_level)
    added = p.walk_away_added * (response == st.WALKED)
    left: F64 = np.minimum(p.residual_fraction * arousal + added, DISTRESS_MAX)
    out: F64 = np.where(response == st.CHECKED, p.checked_residual * left, left)
    return out


def _night_sums(
    p: ModelParams,
    phenotype: npt.NDArray[np.int8],
    signalled: npt.NDArray[np.bool_],
    settles: npt.NDArray[np.bool_],
    calmed: npt.NDArray[np.bool_],
    response: npt.NDArray[np.int8],
    arousal_after: F64,
) -> list[npt.NDArray[np.generic]]:
    """What a night event teaches, in ``_night_learning``'s order (C3, C5, C10): answered
    and unanswered signals; with residual arousal on, distress that nobody heard (quiet,
    and not settled) counts as unanswered too."""
    uptake = np.where(phenotype == INSECURE, p.insecure_uptake, 1.0)
    answer = np.where(signalled, st.answer_weights(p).take(response), 0.0)
    unanswered = np.where(signalled, st.unanswer_weights(p).take(response), 0.0)
    if p.switches.residual_arousal:
        unanswered = unanswered + p.silent_distress_weight * (~signalled & ~settles)
    return [
        answer * uptake,
        unanswered,
        signalled,
        answer,
        np.maximum(arousal_after - p.calm_level, 0.0) * ~calmed,
    ]


def _night_learning(sums: list[F64], n: int) -> DayLearning:
    """What the night taught (C3, C5, C10); nights bring no practice, forcing or praise."""
    answered, unanswered, signals, answered_signals, left_over = sums
    zero = np.zeros(n)
    return DayLearning(
        answered=answered,
        unanswered=unanswered,
        signals=signals,
        answered_signals=answered_signals,
        practice=zero,
        forced=zero,
        acknowledged=zero,
        praised=zero,
        failed=zero,
        left_over=left_over,
    )


def _wake_bits(c: Cohort, day: int, transitions: int) -> npt.NDArray[np.uint16]:
    """One 16-bit draw per transition and child, shape ``(transitions, n)``: transition j is
    part j % 4 of the hash at slot j // 4."""
    rows = [np.zeros((0, c.size), np.uint16)]
    for slot in range(-(-transitions // 4)):
        slots = np.full(c.size, slot, np.int64)
        rows.append(rng.coarse_bits(c.keys, day, rng.Stream.WAKE_BITS, slots, 1))
    return np.concatenate(rows)[:transitions]


def _waking_rules(p: ModelParams, age_days: float) -> waking_kernel.WakingRules:
    h_mean, h_sd = p.hunger_arousal
    w_mean, w_react, w_sd = p.waking_arousal
    first, per_point, width = p.settle_time_min
    return waking_kernel.WakingRules(
        insecure=INSECURE,
        held=st.HELD,
        present=st.PRESENT,
        checked=st.CHECKED,
        left=st.LEFT,
        dismissed=st.DISMISSED,
        walked=st.WALKED,
        r_alone=R_ALONE,
        r_fed=R_FED,
        r_present=R_PRESENT,
        distress_max=DISTRESS_MAX,
        hunger_mean=h_mean,
        hunger_sd=h_sd,
        waking_mean=w_mean,
        waking_reactivity=w_react,
        waking_sd=w_sd,
        carry_peak=p.carry_peak,
        threshold_softness=p.threshold_softness,
        reflex=p.reflexive_crying.at(age_days),
        suppression_on=p.switches.suppression_learning,
        signal_floor=p.signal_floor,
        lapse_missed_share=p.lapse_missed_share,
        security_soothing_base=p.security_soothing_base,
        insecure_soothing=p.insecure_soothing,
        soothability=p.soothability.at(age_days),
        lapse_delay=p.lapse_delay,
        exhaustion_min=p.exhaustion_min,
        exhaustion_base=p.exhaustion_base,
        calm_level=p.calm_level,
        rate_held=p.rate_held,
        rate_present=p.rate_present,
        settle_first_min=first,
        settle_per_point_min=per_point,
        settle_width=width,
        quiet_waking_share=p.quiet_waking_share,
        checked_waking_share=p.checked_waking_share,
        resettle_min=p.resettle_min,
        calm_spread=p.calm_spread,
        cried_share_helped=p.cried_share_helped,
        residual_on=p.switches.residual_arousal,
        residual_fraction=p.residual_fraction,
        walk_away_added=p.walk_away_added,
        checked_residual=p.checked_residual,
        insecure_uptake=p.insecure_uptake,
        silent_distress_weight=p.silent_distress_weight,
    )


def _waking_tables(p: ModelParams) -> waking_kernel.WakingTables:
    return waking_kernel.WakingTables(
        night_policy=st.NIGHT_POLICY,
        night_latency=st.night_latency_min(p),
        held_kind=np.array([R_HELD, R_ROCKED, R_PATTED], dtype=np.int8),
        answer_w=st.answer_weights(p),
        unanswer_w=st.unanswer_weights(p),
        normal16=rng.NORMAL16,
        latency_spread=spread(p.latency_spread),
        exhaust_spread=spread(p.exhaustion_spread),
    )
