"""One night's wakings, waking by waking, compiled with numba.

``sleep.simulate_night`` decides which cycle transitions wake the child and draws the
numbers; this loop applies the rules to each waking and lays the wakings out in the night
(a waking pushes the rest of the night later). As NumPy array expressions the same rules
were a quarter of the engine's time (benchmarks/RESULTS.md). Every number comes in
through ``WakingRules`` or a table, from ``model/params.py``; the loop-based reference
(``model/reference.py``) states the same rules again, in plain Python.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import numba
import numpy as np
import numpy.typing as npt

from beside.model.episode_kernel import _lapse_c, _logistic_c, _uniform_c

#: Rows of ``out_f`` and ``out_i`` in ``night_wakings``.
FLOAT_OUTPUTS = ("start_min", "duration_min", "latency_min", "cry_min", "arousal_after")
INT_OUTPUTS = ("signalled", "resettled_by")
#: Rows of ``out_f`` in ``bedtime``.
BEDTIME_OUTPUTS = ("protest_min", "cry_min")
#: Per-child night learning (``sleep._night_learning``'s order).
NIGHT_SUMS = ("answered", "unanswered", "signals", "answered_signals", "left_over")


class WakingRules(NamedTuple):
    """The scalars the waking rules read (their meaning, unit and source: params.py)."""

    insecure: int
    held: int
    present: int
    checked: int
    left: int
    dismissed: int
    walked: int
    r_alone: int
    r_fed: int
    r_present: int
    distress_max: float
    hunger_mean: float
    hunger_sd: float
    waking_mean: float
    waking_reactivity: float
    waking_sd: float
    carry_peak: float
    threshold_softness: float
    reflex: float
    suppression_on: bool
    signal_floor: float
    lapse_missed_share: float
    security_soothing_base: float
    insecure_soothing: float
    soothability: float
    lapse_delay: float
    exhaustion_min: float
    exhaustion_base: float
    calm_level: float
    rate_held: float
    rate_present: float
    settle_first_min: float
    settle_per_point_min: float
    settle_width: float
    quiet_waking_share: float
    checked_waking_share: float
    resettle_min: float
    calm_spread: float
    cried_share_helped: float
    residual_on: bool
    residual_fraction: float
    walk_away_added: float
    checked_residual: float
    insecure_uptake: float
    silent_distress_weight: float


class WakingTables(NamedTuple):
    night_policy: npt.NDArray[np.int8]
    night_latency: npt.NDArray[np.float64]
    held_kind: npt.NDArray[np.int8]
    answer_w: npt.NDArray[np.float64]
    unanswer_w: npt.NDArray[np.float64]
    normal16: npt.NDArray[np.float32]
    latency_spread: npt.NDArray[np.float32]
    exhaust_spread: npt.NDArray[np.float32]


def _after_uncalmed(q: WakingRules, arousal: float, response: int) -> float:
    """C5: the arousal left when crying ends without calm (a check takes some of it off;
    walking away adds to it); the calm level when residual arousal is switched off."""
    if not q.residual_on:
        return q.calm_level
    after = min(
        q.residual_fraction * arousal + q.walk_away_added * (response == q.walked),
        q.distress_max,
    )
    if response == q.checked:
        after *= q.checked_residual
    return after


def _learn(
    q: WakingRules,
    t: WakingTables,
    sums: Any,
    i: int,
    insecure: bool,
    signalled: bool,
    settles: bool,
    calmed: bool,
    response: int,
    after: float,
) -> None:
    """C3, C5, C10: what a night event teaches: answered and unanswered signals; with
    residual arousal on, distress nobody heard (quiet, and not settled) counts as
    unanswered too."""
    answer = t.answer_w[response] if signalled else 0.0
    unanswered = t.unanswer_w[response] if signalled else 0.0
    if q.residual_on and not signalled and not settles:
        unanswered += q.silent_distress_weight
    sums[0, i] += answer * (q.insecure_uptake if insecure else 1.0)
    sums[1, i] += unanswered
    sums[2, i] += signalled
    sums[3, i] += answer
    sums[4, i] += max(after - q.calm_level, 0.0) * (not calmed)


def _signal_chance(q: WakingRules, expect_raw: float) -> tuple[float, float]:
    """C1, C2, C10: the learned expectation (reflexive early) and the chance of signalling."""
    expect = q.reflex + (1.0 - q.reflex) * expect_raw
    if not q.suppression_on:
        return expect, 1.0
    return expect, q.signal_floor + (1.0 - q.signal_floor) * expect


_after_uncalmed_c = numba.njit(cache=True, inline="always")(_after_uncalmed)
_learn_c = numba.njit(cache=True, inline="always")(_learn)
_signal_chance_c = numba.njit(cache=True, inline="always")(_signal_chance)


def _night_wakings(
    sel: Any,
    cycle_index: Any,
    hunger: Any,
    bits: Any,
    child: Any,
    strategy: Any,
    phenotype: Any,
    q: WakingRules,
    t: WakingTables,
    out_f: Any,
    out_i: Any,
    extra: Any,
    sums: Any,
) -> None:
    """The rules of a night waking (C1, C5, C10, C13), one waking at a time, in
    transition-major order (children in order within a transition).

    ``child`` holds, by row: reactivity, carry, threshold, night expectation, consistency,
    security, onset and cycle minutes. ``out_f`` receives start, duration, latency, crying
    and arousal after; ``out_i`` signalled and resettled-by; ``extra`` each child's minutes
    awake so far; ``sums`` the per-child night learning (``sleep._night_learning``'s order).
    """
    for w in range(sel.size):
        i = sel[w]
        fed = hunger[w]
        z = t.normal16[bits[1, w]]
        if fed:
            arousal = q.hunger_mean + q.hunger_sd * z
        else:
            arousal = q.waking_mean + q.waking_reactivity * (child[0, i] - 1.0) + q.waking_sd * z
        arousal = min(max(arousal + q.carry_peak * child[1, i], 0.0), q.distress_max)
        # C13: low arousal and own skills: back to sleep quietly (a hungry child needs a feed).
        settles = not fed and _uniform_c(bits[2, w]) < _logistic_c(
            child[2, i], arousal, q.threshold_softness
        )
        # C1, C2, C10: the learned expectation decides whether a waking is signalled.
        expect, signal_p = _signal_chance_c(q, child[3, i])
        signalled = not settles and _uniform_c(bits[3, w]) < signal_p

        lapse, missed = _lapse_c(_uniform_c(bits[4, w]), child[4, i], q.lapse_missed_share)
        response = t.night_policy[strategy[i]]
        if missed:
            response = q.left
        if fed:
            response = q.held  # C1: a hungry child is fed under every method
        if not signalled:
            response = q.left  # nobody knows of a silent waking

        insecure = phenotype[i] == q.insecure
        sec = (q.security_soothing_base + child[5, i]) * q.soothability
        if insecure:
            sec *= q.insecure_soothing
        latency = math.nan
        waited = 0.0
        if signalled:
            latency = t.night_latency[response] * t.latency_spread[bits[5, w]]
            if lapse and not missed:
                latency *= q.lapse_delay
            waited = 0.0 if math.isnan(latency) else latency
        exhaust = q.exhaustion_min * t.exhaust_spread[bits[7, w]] * (q.exhaustion_base + expect)
        log_ratio = math.log(max(arousal, q.calm_level + 0.01) / q.calm_level)
        held = response == q.held
        present = response == q.present
        helped = signalled and (held or present)
        if settles:
            duration = q.settle_first_min + q.settle_per_point_min * arousal * (
                1.0 - 0.5 * q.settle_width + q.settle_width * _uniform_c(bits[9, w])
            )
        elif not signalled:
            duration = q.quiet_waking_share * exhaust
        elif helped:
            rate = q.rate_held if held else q.rate_present
            duration = waited + log_ratio / (rate * sec) + q.resettle_min
        elif response == q.checked:
            duration = q.checked_waking_share * exhaust + q.resettle_min
        elif response == q.dismissed:
            duration = q.quiet_waking_share * exhaust + q.resettle_min
        else:
            duration = exhaust + q.resettle_min
        resettled = q.r_alone
        if held:
            resettled = t.held_kind[min(int(_uniform_c(bits[10, w]) * 3), 2)]
        if present:
            resettled = q.r_present
        if helped and fed:
            resettled = q.r_fed

        # C5: the arousal left when crying ends without calm (a check takes some of it off;
        # walking away adds to it).
        calmed = settles or helped
        if calmed:
            after = q.calm_level * (1.0 - q.calm_spread * _uniform_c(bits[11, w]))
        else:
            after = _after_uncalmed_c(q, arousal, response)
        # Audible crying: until help arrives and part of the settling after it, or all alone.
        cry = 0.0
        if signalled:
            if helped:
                cry = waited + q.cried_share_helped * (duration - waited - q.resettle_min)
            else:
                cry = duration - q.resettle_min

        # A waking pushes the rest of the night later.
        out_f[0, w] = child[6, i] + (cycle_index[w] + 1) * child[7, i] + extra[i]
        extra[i] += duration
        out_f[1, w] = duration
        out_f[2, w] = latency
        out_f[3, w] = cry
        out_f[4, w] = after
        out_i[0, w] = signalled
        out_i[1, w] = resettled

        _learn_c(q, t, sums, i, insecure, signalled, settles, calmed, response, after)


night_wakings = numba.njit(cache=True, nogil=True)(_night_wakings)


def _bedtime(
    bits: Any,
    child: Any,
    strategy: Any,
    phenotype: Any,
    q: WakingRules,
    t: WakingTables,
    out_f: Any,
    sums: Any,
) -> None:
    """Falling asleep at bedtime: the same physiology as a waking (C13, C10, C5, C3).

    A child put down awake settles alone if its skills beat its arousal (C13). If not, it
    signals with the chance its learned expectation gives (C10); the family's night method
    decides the answer: held or present, it is helped to sleep (an answered signal, no
    protest beyond the usual latency); checked on or left, it cries until exhausted, shorter
    with check-ins, and what nobody answered counts against security (C3), with the arousal
    it falls asleep with carried forward (C5). A quiet child who did not settle counts as
    unheard distress when residual arousal is on, as at a waking. ``child`` rows as for
    ``night_wakings``; ``out_f`` receives minutes awake past the usual latency and, of
    them, minutes of audible crying.
    """
    for i in range(strategy.size):
        arousal = (
            q.waking_mean
            + q.waking_reactivity * (child[0, i] - 1.0)
            + q.waking_sd * t.normal16[bits[0, i]]
            + q.carry_peak * child[1, i]
        )
        arousal = min(max(arousal, 0.0), q.distress_max)
        settles = _uniform_c(bits[1, i]) < _logistic_c(child[2, i], arousal, q.threshold_softness)
        expect, signal_p = _signal_chance_c(q, child[3, i])
        signalled = not settles and _uniform_c(bits[2, i]) < signal_p
        _late, missed = _lapse_c(_uniform_c(bits[3, i]), child[4, i], q.lapse_missed_share)
        response = q.left if missed or not signalled else t.night_policy[strategy[i]]
        helped = signalled and (response == q.held or response == q.present)
        exhaust = q.exhaustion_min * t.exhaust_spread[bits[4, i]] * (q.exhaustion_base + expect)
        calmed = settles or helped
        if calmed:
            awake = 0.0
        elif not signalled or response == q.dismissed:
            awake = q.quiet_waking_share * exhaust
        elif response == q.checked:
            awake = q.checked_waking_share * exhaust
        else:
            awake = exhaust
        after = q.calm_level if calmed else _after_uncalmed_c(q, arousal, response)
        out_f[0, i] = awake
        out_f[1, i] = awake if signalled else 0.0
        insecure = phenotype[i] == q.insecure
        _learn_c(q, t, sums, i, insecure, signalled, settles, calmed, response, after)


bedtime = numba.njit(cache=True, nogil=True)(_bedtime)
