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
    spread,
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
    cycle = np.maximum(p.cycle_min.at(age_days) + c.cycle_offset_min, p.cycle_floor_min)
    # Per child, in the kernels' row order; the onset (row 6) follows bedtime settling.
    child = np.stack(
        [
            c.reactivity,
            s.carry,
            limit,
            s.expect_night,
            c.consistency,
            s.security,
            np.zeros(n),
            cycle,
        ]
    )
    rules, tables = _waking_rules(p, age_days), _waking_tables(p)
    sums = np.zeros((len(waking_kernel.NIGHT_SUMS), n))
    settle = np.empty((len(waking_kernel.BEDTIME_OUTPUTS), n))
    bed_bits = rng.coarse_bits(c.keys, day, rng.Stream.BEDTIME, np.zeros(n, np.int64), 2)
    waking_kernel.bedtime(bed_bits, child, strategy, c.phenotype, rules, tables, settle, sums)
    protest_min, settle_cry_min = settle
    least, median, log_sd = p.onset_min
    onset = (
        bed + least + median * p.onset_age_factor.at(age_days) * np.exp(log_sd * z[2]) + protest_min
    )
    child[6] = onset
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
    out_f = np.empty((len(waking_kernel.FLOAT_OUTPUTS), sel.size))
    out_i = np.empty((len(waking_kernel.INT_OUTPUTS), sel.size), np.int8)
    extra = np.zeros(n)
    waking_kernel.night_wakings(
        sel,
        cycle_index,
        hunger,
        bits_w,
        child,
        strategy,
        c.phenotype,
        rules,
        tables,
        out_f,
        out_i,
        extra,
        sums,
    )
    start, duration, latency, cry, arousal_after = out_f
    nights = NightBatch(
        bed_min=bed,
        onset_min=onset,
        wake_min=onset + night_min + extra,
        nap_min=total_min * share,
        cycle_min=cycle,
        settle_cry_min=settle_cry_min,
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
    return nights, wakings, _night_learning(list(sums), n)


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
