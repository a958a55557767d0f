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

from beside.model import rng
from beside.model import strategies as st
from beside.model.cohort import Cohort
from beside.model.distress import (
    DISTRESS_MAX,
    INSECURE,
    DayLearning,
    co_regulation,
    lapse_kind,
    learned_expectation,
    per_child_sums,
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
    # Transition-major order, children in order within one: the layout loop below needs it.
    cycle_index, sel = np.nonzero(woke)
    sizes = np.count_nonzero(woke, axis=1).tolist()
    hunger = hungry[cycle_index, sel]
    duration, signalled, resettled, latency, cry, arousal_after, learning = _wakings(
        p,
        c,
        s,
        sel,
        cycle_index,
        hunger,
        age_days=age_days,
        day=day,
        strategy=strategy,
        limit=limit,
    )
    # A waking pushes the rest of the night later: lay the wakings out transition by transition.
    start = onset.take(sel) + (cycle_index + 1) * cycle.take(sel)
    extra = np.zeros(n)
    at = 0
    for size in sizes:
        block = slice(at, at + size)
        start[block] += extra[sel[block]]
        extra[sel[block]] += duration[block]
        at += size
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
        signalled=signalled,
        resettled_by=resettled,
        latency_min=latency,
        cry_min=cry,
        arousal_after=arousal_after,
    )
    sums = [a + b for a, b in zip(per_child_sums(sel, n, learning), settle.learning, strict=True)]
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


def _wakings(
    p: ModelParams,
    c: Cohort,
    s: ChildState,
    sel: I64,
    cycle_index: I64,
    hunger: npt.NDArray[np.bool_],
    *,
    age_days: float,
    day: int,
    strategy: npt.NDArray[np.int8],
    limit: F64,
) -> tuple[
    F64, npt.NDArray[np.bool_], npt.NDArray[np.int8], F64, F64, F64, list[npt.NDArray[np.generic]]
]:
    """Duration, signalled, resettled_by, latency, cry and arousal_after of each waking, and
    the per-waking columns of what the night taught (``_night_learning``'s order)."""
    b = rng.coarse_bits(c.keys.take(sel), day, rng.Stream.WAKING, cycle_index, hashes=3)
    u = [rng.uniform_from_bits(row) for row in b]
    z = rng.NORMAL16.take(b[1])
    h_mean, h_sd = p.hunger_arousal
    w_mean, w_react, w_sd = p.waking_arousal
    carry = p.carry_peak * s.carry.take(sel)
    arousal = np.where(
        hunger, h_mean + h_sd * z, w_mean + w_react * (c.reactivity.take(sel) - 1.0) + w_sd * z
    )
    arousal = np.clip(arousal + carry, 0.0, DISTRESS_MAX)
    # C13: low arousal and own skills: back to sleep quietly (a hungry child needs a feed).
    settles = ~hunger & (u[2] < success_chance(limit[sel], arousal, p.threshold_softness))
    expect = learned_expectation(p, s.expect_night.take(sel), age_days)
    # C10: the learned expectation decides whether a waking is signalled.
    signalled = ~settles & (u[3] < signal_chance(p, expect))

    strat = strategy.take(sel)
    lapse, missed = lapse_kind(u[4], c.consistency.take(sel), p.lapse_missed_share)
    response = st.NIGHT_POLICY.take(strat)
    response = np.where(missed, np.int8(st.LEFT), response)
    response = np.where(hunger, np.int8(st.HELD), response).astype(np.int8)  # C1: fed
    response[~signalled] = st.LEFT  # nobody knows of a silent waking

    insecure = c.phenotype.take(sel) == INSECURE
    sec = co_regulation(p, s.security.take(sel), insecure, age_days)
    late = np.where(lapse & ~missed, p.lapse_delay, 1.0)
    latency = (
        np.where(signalled, st.night_latency_min(p).take(response), np.nan)
        * spread(p.latency_spread).take(b[5])
        * late
    )
    waited = np.nan_to_num(latency)
    exhaust = (
        p.exhaustion_min * spread(p.exhaustion_spread).take(b[7]) * (p.exhaustion_base + expect)
    )
    log_ratio = np.log(np.maximum(arousal, p.calm_level + 0.01) / p.calm_level)
    held = response == st.HELD
    present = response == st.PRESENT
    helped = signalled & (held | present)
    first, per_point, width = p.settle_time_min
    duration = np.select(
        [settles, ~signalled, helped, response == st.CHECKED, response == st.DISMISSED],
        [
            first + per_point * arousal * (1.0 - 0.5 * width + width * u[9]),
            p.quiet_waking_share * exhaust,
            waited
            + log_ratio / (np.where(held, p.rate_held, p.rate_present) * sec)
            + p.resettle_min,
            p.checked_waking_share * exhaust + p.resettle_min,
            p.quiet_waking_share * exhaust + p.resettle_min,
        ],
        exhaust + p.resettle_min,
    )
    resettled = np.full(sel.size, R_ALONE, dtype=np.int8)
    held_kind = np.array([R_HELD, R_ROCKED, R_PATTED], dtype=np.int8)
    resettled[held] = held_kind[np.minimum((u[10] * 3).astype(np.int64), 2)[held]]
    resettled[present] = R_PRESENT
    resettled[helped & hunger] = R_FED

    calmed = settles | helped
    left_over = _left_over(p, arousal, response)
    arousal_after = np.where(calmed, p.calm_level * (1.0 - p.calm_spread * u[11]), left_over)
    # Audible crying: until help arrives and part of the settling after it, or all of it alone.
    cry = np.where(
        signalled,
        np.where(
            helped,
            waited + p.cried_share_helped * (duration - waited - p.resettle_min),
            duration - p.resettle_min,
        ),
        0.0,
    )
    learning = _night_sums(
        p, c.phenotype.take(sel), signalled, settles, calmed, response, arousal_after
    )
    return duration, signalled, resettled, latency, cry, arousal_after, learning
