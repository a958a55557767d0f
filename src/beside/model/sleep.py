"""Nights: how long, when, and the wakings at sleep-cycle transitions (C8, C9, C10, C5).

Sleep need and the chance of waking at each cycle transition mature with age and differ
between children (C8, C9); neither depends on the caregiver's method. What the method
changes is whether a waking is *signalled* (C10) and how the child is after it (C5).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from beside.model import rng
from beside.model import strategies as st
from beside.model.cohort import Cohort
from beside.model.curves import AgeCurve
from beside.model.distress import SPREAD_EXHAUST, SPREAD_LATENCY, DayLearning, per_child_sums
from beside.model.params import ModelParams
from beside.model.state import ChildState
from beside.records.enums import RESETTLES, ResettleMethod

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
#: Assumption: bedtime drifts from about 21:00 in the newborn weeks to 19:45 by six months.
BEDTIME_MIN = AgeCurve((0.0, 182.0), (21 * 60.0, 19 * 60 + 45.0))
NIGHT_LATENCY_MIN = np.array([2.0, 2.0, 5.0, np.nan, 2.0, 2.0, 2.0])
MIN_CYCLE_MIN = 35.0


def mean_sleep_hours(p: ModelParams, age_days: float) -> float:
    """Galland et al. 2012's regression of total sleep on age (C8)."""
    a, b, c = p.sleep_regression
    return float(a - b * ((age_days / 365.25 / 10.0) ** 0.5 - c))


@dataclass
class NightBatch:
    bed_min: F64  # minutes after midnight on the evening's date
    onset_min: F64
    wake_min: F64
    nap_min: F64
    cycle_min: F64


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
    total_h = mean_sleep_hours(p, age_days) + p.sleep_sd_h.at(age_days) * c.sleep_z + 0.4 * z[0]
    total_min = np.clip(total_h, 6.0, 20.0) * 60.0
    share = p.nap_share.at(age_days)
    night_min = total_min * (1.0 - share)
    bed = BEDTIME_MIN.at(age_days) + c.bedtime_offset_min + 15.0 * z[1]
    onset = bed + 5.0 + 12.0 * np.exp(0.5 * z[2])
    cycle = np.maximum(p.cycle_min.at(age_days) + c.cycle_offset_min, MIN_CYCLE_MIN)
    transitions = np.ceil(night_min / cycle).astype(np.int64) - 1

    sd = p.wake_prob_sd
    p_wake = p.wake_prob.at(age_days) * np.exp(sd * c.wake_factor - 0.5 * sd * sd)
    threshold = np.minimum(p_wake, 0.9) * 65536.0
    threshold_early = np.minimum(p_wake * p.early_night_factor, 0.9) * 65536.0
    most = int(transitions.max(initial=0))
    bits = _wake_bits(c, day, most)
    limits = np.where(np.arange(most)[:, None] < 2, threshold_early, threshold)
    woke = (np.arange(most)[:, None] < transitions) & (bits < limits)
    # Transition-major order, children in order within one: the layout loop below needs it.
    cycle_index, sel = np.nonzero(woke)
    sizes = np.count_nonzero(woke, axis=1).tolist()
    duration, signalled, resettled, latency, cry, arousal_after, response = _wakings(
        p, c, s, sel, cycle_index, age_days=age_days, day=day, strategy=strategy, limit=limit
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
    return nights, wakings, _learning(wakings, response, n)


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
    *,
    age_days: float,
    day: int,
    strategy: npt.NDArray[np.int8],
    limit: F64,
) -> tuple[F64, npt.NDArray[np.bool_], npt.NDArray[np.int8], F64, F64, F64, npt.NDArray[np.int8]]:
    """Duration, signalled, resettled_by, latency, cry, arousal_after and response of each
    waking."""
    b = rng.coarse_bits(c.keys.take(sel), day, rng.Stream.WAKING, cycle_index, hashes=3)
    u = [rng.uniform_from_bits(row) for row in b]
    hunger = u[0] < p.hunger_at_waking.at(age_days)  # C1: a need behind the waking
    z = rng.NORMAL16.take(b[1])
    arousal = np.where(hunger, 6.5 + 1.0 * z, 2.5 + 0.5 * (c.reactivity.take(sel) - 1.0) + 1.5 * z)
    arousal = np.clip(arousal, 0.5, 10.0)
    settles = arousal <= limit[sel]  # C13: low arousal, own skills: back to sleep quietly
    expect = s.expect_night.take(sel)
    signal_p = 0.1 + 0.9 * expect if p.switches.suppression_learning else np.ones(sel.size)
    signalled = ~settles & (u[3] < signal_p)  # C10: the learned expectation decides

    strat = strategy.take(sel)
    lapse = u[4] > c.consistency.take(sel)
    response = np.where(lapse, st.LAPSE_POLICY.take(strat), st.NIGHT_POLICY.take(strat))
    response[~signalled] = st.LEFT  # nobody knows of a silent waking

    sec = (0.5 + s.security.take(sel)) * p.soothability.at(age_days)
    latency = np.where(signalled, NIGHT_LATENCY_MIN.take(response), np.nan) * SPREAD_LATENCY.take(
        b[5]
    )
    waited = np.nan_to_num(latency)
    exhaust = p.exhaustion_min * SPREAD_EXHAUST.take(b[7]) * (0.5 + expect)
    log_ratio = np.log(np.maximum(arousal, p.calm_level + 0.01) / p.calm_level)
    held = response == st.HELD
    present = response == st.PRESENT
    helped = signalled & (held | present)
    duration = np.select(
        [settles, ~signalled, helped, response == st.CHECKED, response == st.DISMISSED],
        [
            2.0 + 2.0 * arousal * (0.7 + 0.6 * u[9]),
            0.6 * exhaust,
            waited + log_ratio / (np.where(held, p.rate_held, p.rate_present) * sec) + 5.0,
            0.7 * exhaust + 5.0,
            0.6 * exhaust + 5.0,
        ],
        exhaust + 5.0,
    )
    resettled = np.full(sel.size, R_ALONE, dtype=np.int8)
    resettled[held] = np.array([R_HELD, R_ROCKED, R_PATTED], dtype=np.int8)[
        np.minimum((u[10] * 3).astype(np.int64), 2)[held]
    ]
    resettled[present] = R_PRESENT
    resettled[helped & hunger] = R_FED

    calmed = settles | helped
    if p.switches.residual_arousal:
        added = p.walk_away_added * (response == st.WALKED)
        left_over = np.minimum(p.residual_fraction * arousal + added, 10.0)
        left_over = np.where(response == st.CHECKED, 0.6 * left_over, left_over)
    else:
        left_over = np.full(sel.size, p.calm_level)
    arousal_after = np.where(calmed, p.calm_level * (0.7 + 0.3 * u[11]), left_over)
    response[~signalled] = -1
    # Audible crying: until help arrives and half the settling after it, or all of it alone.
    cry = np.where(
        signalled,
        np.where(
            helped,
            waited + 0.5 * (duration - waited - 5.0),
            duration - 5.0,
        ),
        0.0,
    )
    return duration, signalled, resettled, latency, cry, arousal_after, response


def _learning(w: WakingBatch, response: npt.NDArray[np.int8], n: int) -> DayLearning:
    """What the night taught: answered and unanswered signals (C3, C10)."""
    answered_w = np.where(w.signalled, st.ANSWER_WEIGHT.take(response), 0.0)
    unanswered_w = np.where(w.signalled, st.UNANSWER_WEIGHT.take(response), 0.0)

    answered, unanswered, signals = per_child_sums(
        w.idx, n, [answered_w, unanswered_w, w.signalled]
    )
    zero = np.zeros(n)
    return DayLearning(
        answered=answered,
        unanswered=unanswered,
        signals=signals,
        answered_signals=answered,
        practice=zero,
        forced=zero,
        acknowledged=zero,
        praised=zero,
    )
