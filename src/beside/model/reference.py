"""The reference implementation: one child at a time, plain loops, the same model.

It is the correctness oracle for the vectorised engine: no masks, no ``np.repeat``, no
``bincount``; every episode and every sleep-cycle transition is an ``if`` in a loop, with the
same counter-based draws (``rng.scalar_*``). It shares with the engine only the cohort draw,
named constants, the random numbers, the parameters and the policy tables (which response
each strategy gives); every rule, the learning updates included, is written again here from the
parameters, so agreement tests the model twice, not the vectorisation once. Tests check the
two agree record by record on one seed and in distribution on others. It is slow on purpose;
``benchmarks/`` measures how much slower.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa

from beside.model import distress as d
from beside.model import episode_kernel as k
from beside.model import rng
from beside.model import sleep as sl
from beside.model import strategies as st
from beside.model.cohort import Cohort, StudyDesign, make_cohort
from beside.model.development import FULL_TIME_H, HIGH, MAX_SIBLINGS_COUNTED
from beside.model.engine import birth_epoch_s
from beside.model.observed import episode_end_s
from beside.model.params import ModelParams
from beside.model.strategies import SLEEP_METHOD
from beside.records.schemas import SCHEMAS
from beside.records.tables import build_table


def _u(bits: int) -> float:
    return (bits + 0.5) / 65536.0


def _normal(bits: int) -> float:
    return float(rng.NORMAL16[bits])


def _logistic(limit: float, distress: float, softness: float) -> float:
    return 1.0 / (1.0 + math.exp((float(distress) - float(limit)) / softness))


def _moved(rate: float, count: float) -> float:
    return 1.0 - math.pow(1.0 - rate, count)


@dataclass
class _Child:
    """One child's traits (from the shared cohort draw) and latent state, as floats."""

    key: int
    sensitivity: int
    reactivity: int
    daycare_hours: float
    siblings: int
    phenotype: int
    consistency: float
    over_praise: float
    acknowledges: float
    modelling: float
    explaining: float
    episode_factor: float
    wake_factor: float
    sleep_z: float
    cycle_offset: float
    bedtime_offset: float
    skill: float = 0.0
    security: float = 0.0
    expect_day: float = 0.0
    expect_night: float = 0.0
    confidence: float = 0.0
    pressure: float = 0.0
    carry: float = 0.0

    @classmethod
    def of(cls, p: ModelParams, c: Cohort) -> _Child:
        phenotype = int(c.phenotype[0])
        insecure = phenotype == d.INSECURE
        return cls(
            key=int(c.keys[0]),
            sensitivity=int(c.sensitivity[0]),
            reactivity=int(c.reactivity[0]),
            daycare_hours=float(c.daycare_hours[0]),
            siblings=int(c.older_siblings[0]),
            phenotype=phenotype,
            consistency=float(c.consistency[0]),
            over_praise=float(c.over_praise[0]),
            acknowledges=float(c.acknowledges[0]),
            modelling=float(c.modelling[0]),
            explaining=float(c.explaining[0]),
            episode_factor=float(c.episode_factor[0]),
            wake_factor=float(c.wake_factor[0]),
            sleep_z=float(c.sleep_z[0]),
            cycle_offset=float(c.cycle_offset_min[0]),
            bedtime_offset=float(c.bedtime_offset_min[0]),
            security=p.insecure_security_newborn if insecure else p.security_newborn,
            expect_day=p.expect_newborn,
            expect_night=p.expect_newborn,
            confidence=p.confidence_newborn,
        )


@dataclass
class _Day:
    answered: float = 0.0
    unanswered: float = 0.0
    signals: float = 0.0
    answered_signals: float = 0.0
    practice: float = 0.0
    forced: float = 0.0
    acknowledged: float = 0.0
    praised: float = 0.0
    failed: float = 0.0
    left_over: float = 0.0


@dataclass
class _Rows:
    nights: list[dict[str, Any]] = field(default_factory=list)
    wakings: list[dict[str, Any]] = field(default_factory=list)
    episodes: list[dict[str, Any]] = field(default_factory=list)


def simulate_child(params: ModelParams, design: StudyDesign, child_id: int) -> dict[str, pa.Table]:
    """One child, day by day, event by event (from birth; records from the start age)."""
    p = params
    c = make_cohort(design, child_id, 1)
    ch = _Child.of(p, c)
    mid = (
        p.maturation_mid_days
        + (p.shift_sensitive_days if ch.sensitivity == HIGH else 0.0)
        + (p.shift_reactive_days if ch.reactivity == HIGH else 0.0)
        - p.shift_sibling_days * min(ch.siblings, MAX_SIBLINGS_COUNTED)
        - p.shift_daycare_days * min(ch.daycare_hours, FULL_TIME_H) / FULL_TIME_H
    )
    rows = _Rows()
    base_s = birth_epoch_s()
    first = design.start_age_days
    for age in range(first + design.days):
        keep = age >= first
        after = age >= int(c.switch_age_days[0])
        strategy = int(c.strategy_after[0] if after else c.strategy_before[0])
        gate = 1.0 / (1.0 + math.exp(-(age - mid) / p.maturation_width_days))
        limit = p.threshold_base + p.threshold_maturation * gate + p.threshold_gain * ch.skill
        evening_s = base_s + age * 86_400
        out = rows if keep else _Rows()
        day_l = _episodes(p, ch, out, age, strategy, gate, limit, evening_s)
        night_l = _night(p, ch, out, age, strategy, limit, evening_s)
        _learn(p, ch, day_l, night_l, age)
    return _tables(c, rows)


def _expectation(p: ModelParams, expect: float, age: int) -> float:
    reflex = p.reflexive_crying.at(age)
    return reflex + (1.0 - reflex) * expect


def _signal_chance(p: ModelParams, expect: float) -> float:
    if not p.switches.suppression_learning:
        return 1.0
    return p.signal_floor + (1.0 - p.signal_floor) * expect


def _co_regulation(p: ModelParams, ch: _Child, age: int) -> float:
    resists = ch.phenotype == d.INSECURE
    return (
        (p.security_soothing_base + ch.security)
        * (p.insecure_soothing if resists else 1.0)
        * p.soothability.at(age)
    )


def _trigger(p: ModelParams, age: int, x: float) -> int:
    w = min(age / p.trigger_mix_age_days, 1.0)
    mix = [
        (1 - w) * a + w * b
        for a, b in zip(p.trigger_mix_infant, p.trigger_mix_toddler, strict=True)
    ]
    total, running, trigger = sum(mix), 0.0, 0
    while trigger < len(mix) - 1:
        running += mix[trigger]
        if x <= running / total:
            break
        trigger += 1
    return trigger


def _lapse(u: float, consistency: float, missed_share: float) -> tuple[bool, bool]:
    lapse = u > consistency
    return lapse, lapse and u - consistency < missed_share * (1.0 - consistency)


def _answer(p: ModelParams, response: int) -> float:
    return {
        st.HELD: 1.0,
        st.PRESENT: p.presence_answer,
        st.CHECKED: p.checkin_answer,
        st.INSISTED: p.insisted_answer,
    }.get(response, 0.0)


def _unanswered(p: ModelParams, response: int) -> float:
    return {
        st.PRESENT: 1.0 - p.presence_answer,
        st.CHECKED: 1.0 - p.checkin_answer,
        st.LEFT: 1.0,
        st.DISMISSED: 1.0,
        st.WALKED: p.walked_unanswered,
    }.get(response, 0.0)


def _day_latency(p: ModelParams, response: int) -> float:
    return {
        st.HELD: p.latency_held_min,
        st.PRESENT: p.latency_present_min,
        st.CHECKED: p.latency_check_min,
        st.LEFT: math.nan,
    }.get(response, p.latency_other_min)


def _spread(sd: float, bits: int) -> float:
    return math.exp(sd * _normal(bits))


def _episodes(
    p: ModelParams,
    ch: _Child,
    rows: _Rows,
    age: int,
    strategy: int,
    gate: float,
    limit: float,
    evening_s: int,
) -> _Day:
    toddler = age >= d.TODDLER_DAYS
    factor = max(1.0 + p.episode_rate_sd.at(age) * ch.episode_factor, p.episode_rate_floor)
    lam = p.episode_rate.at(age) * factor
    count = min(
        math.floor(lam + rng.scalar_uniform(ch.key, age, rng.Stream.EPISODE_COUNT)),
        d.MAX_EPISODES_PER_DAY,
    )
    insecure = ch.phenotype == d.INSECURE
    sensory = 1.0 if ch.phenotype == d.SENSORY else 0.0
    special_base = p.insecure_turn_away if insecure else 0.0
    if toddler and ch.phenotype == d.DEV_DIFF:
        special_base = p.developmental_turn_away
    expect = _expectation(p, ch.expect_day, age)
    signal_learned = _signal_chance(p, expect)
    try_p = gate * ch.confidence
    help_mult = _co_regulation(p, ch, age)
    r_self_base = max(p.rate_self_max * ch.skill, p.rate_self_min)
    uptake = p.insecure_uptake if insecure else 1.0
    away = min(ch.daycare_hours * p.daycare_separation_per_h, p.daycare_separation_max)
    shift = (
        p.peak_reactivity * (ch.reactivity - 1.0)
        + p.peak_sensitivity * (ch.sensitivity - 1.0)
        + p.insecure_peak * insecure
        + p.carry_peak * ch.carry
    )
    learned = _Day()
    bed_min = None
    for slot in range(count):
        b = rng.scalar_coarse_bits(ch.key, age, rng.Stream.EPISODE, slot, 4)
        trigger = _trigger(p, age, _u(b[k.D_TRIGGER]))
        if _u(b[k.D_OVERRIDE]) < p.sensory_overstimulation * sensory:
            trigger = d.OVERSTIM
        if toddler and _u(b[k.D_OVERRIDE]) > 1.0 - away:
            trigger = d.SEPARATION
        overstim = trigger == d.OVERSTIM
        peak = (
            p.peak_by_trigger[trigger]
            + shift
            + (p.sensory_peak * sensory if overstim else 0.0)
            + p.peak_sd * _normal(b[k.D_PEAK])
        )
        peak = min(max(peak, 0.0), d.DISTRESS_MAX)

        ready = _logistic(limit, peak, p.threshold_softness)
        attempt = _u(b[k.D_ATTEMPT]) < try_p * (ready + (1.0 - ready) * ch.pressure)
        if attempt:
            action = k.TURNED_AWAY if toddler else k.COMFORT
        elif _u(b[k.D_SIGNAL]) < signal_learned * min(
            p.signal_at_zero + p.signal_per_distress * peak, 1.0
        ):
            action = k.SOUGHT
        else:
            action = k.SHUT_DOWN
        special_p = max(special_base, p.sensory_turn_away * sensory if overstim else 0.0)
        if not toddler and trigger == d.HURT:
            special_p = max(special_p, p.infant_hurt_arch)
        avoid = not attempt and _u(b[k.D_SPECIAL]) < special_p
        if avoid:
            action = k.TURNED_AWAY
        tried = attempt or avoid

        policy = strategy
        if age < p.middle_ground_from_days and policy == d.PRESENT_NEARBY:
            policy = d.RESPONSIVE
        cls = {k.SOUGHT: st.SOUGHT, k.SHUT_DOWN: st.SHUT_DOWN}.get(action, st.TRIED)
        response = int(st.DAY_POLICY[policy, cls])
        lapse, missed = _lapse(_u(b[k.D_LAPSE]), ch.consistency, p.lapse_missed_share)
        if missed:
            response = st.LEFT

        forced = response == st.INSISTED and tried
        added = {st.DISMISSED: p.dismiss_added, st.WALKED: p.walk_away_added}.get(response, 0.0)
        eff = min(peak + added + (p.forced_added if forced else 0.0), d.DISTRESS_MAX)
        helped = response in (st.HELD, st.PRESENT, st.CHECKED, st.INSISTED)
        present = response == st.PRESENT
        safe = p.safe_base_gain if present else 0.0
        chance = _logistic(limit + safe, eff, p.threshold_softness)
        success = _u(b[k.D_SUCCESS]) < chance
        own = attempt and success
        safe_try = present and not tried and _u(b[k.D_SAFE]) < p.present_practice * try_p * chance
        calm_alone = own or safe_try

        if forced:
            r_help = p.rate_present * help_mult
        else:
            rates = {
                st.HELD: p.rate_held,
                st.PRESENT: p.rate_present,
                st.CHECKED: p.rate_check,
                st.INSISTED: p.rate_held,
            }
            r_help = rates.get(response, 0.0) * help_mult
        r_self = r_self_base + (p.present_self_boost * p.rate_present if present else 0.0)
        log_ratio = math.log(max(eff, p.calm_level + 0.01) / p.calm_level)
        latency = _day_latency(p, response) * _spread(p.latency_spread, b[k.D_LATENCY])
        if lapse and not missed:
            latency *= p.lapse_delay
        t_help = (
            (0.0 if math.isnan(latency) else latency)
            + (p.tried_first_min if tried else 0.0)
            + log_ratio / max(r_help, 1e-6)
        )
        exhaust = (
            p.exhaustion_min
            * (p.exhaustion_base + expect)
            * _spread(p.exhaustion_spread, b[k.D_EXHAUST])
        )
        if p.switches.suppression_learning and response == st.DISMISSED:
            exhaust *= 1.0 - (1.0 - p.reflexive_crying.at(age)) * (1.0 - p.dismissed_exhaustion)

        if calm_alone:
            outcome = k.ALONE
        elif helped:
            outcome = k.WITH_HELP
        else:
            outcome = k.NOT_CALMED
        minutes = min(log_ratio / r_self if calm_alone else t_help, p.max_episode_min)
        duration = exhaust if outcome == k.NOT_CALMED else minutes
        if outcome == k.NOT_CALMED:
            minutes = math.nan
            residual = p.residual_fraction * eff if p.switches.residual_arousal else p.calm_level
            arousal_after = residual
        else:
            arousal_after = p.calm_level * (1.0 - p.calm_spread * _u(b[k.D_CALM]))

        aftercare = k.NOTHING
        if outcome == k.WITH_HELP:
            aftercare = k.COMFORTED
        elif calm_alone and helped:
            draw = _u(b[k.D_AFTERCARE])
            if draw < ch.over_praise:
                aftercare = k.PRAISED
            elif draw < ch.over_praise + ch.acknowledges:
                aftercare = k.ACKNOWLEDGED

        if bed_min is None:
            bed_min = _bedtime_min(p, ch, age)
        span = max(bed_min - 30.0 - 7 * 60.0, 60.0)
        start_frac = (slot + _u(b[k.D_SPACING])) / count
        cry_share = {k.SOUGHT: 1.0, k.SHUT_DOWN: 0.0}.get(action, p.cry_share_trying)
        rows.episodes.append(
            {
                "age_days": age,
                "start": evening_s + round((7 * 60.0 + start_frac * span) * 60),
                "trigger": trigger,
                "peak_distress": peak,
                "child_action": action,
                "response": response,
                "latency_min": latency,
                "outcome": outcome,
                "minutes_to_calm": minutes,
                "fuss_cry_min": duration * cry_share,
                "aftercare": aftercare,
                "arousal_after": arousal_after,
            }
        )
        learned.answered += _answer(p, response) * uptake
        if not calm_alone or response in (st.DISMISSED, st.WALKED):
            learned.unanswered += _unanswered(p, response)
        if action == k.SOUGHT:
            learned.signals += 1
            learned.answered_signals += helped
        learned.practice += gate if calm_alone else 0.0
        learned.forced += forced
        learned.acknowledged += aftercare == k.ACKNOWLEDGED
        learned.praised += aftercare == k.PRAISED
        learned.failed += attempt and not success
        if outcome == k.NOT_CALMED:
            learned.left_over += max(arousal_after - p.calm_level, 0.0)
    return learned


def _night_draws(ch: _Child, age: int) -> list[float]:
    return [_normal(b) for b in rng.scalar_coarse_bits(ch.key, age, rng.Stream.NIGHT, 0, 1)]


def _bedtime_min(p: ModelParams, ch: _Child, age: int) -> float:
    z = _night_draws(ch, age)
    return p.bedtime_min.at(age) + ch.bedtime_offset + p.bedtime_sd_min * z[1]


def _night(
    p: ModelParams,
    ch: _Child,
    rows: _Rows,
    age: int,
    strategy: int,
    limit: float,
    evening_s: int,
) -> _Day:
    z = _night_draws(ch, age)
    total_h = (
        sl.mean_sleep_hours(p, age)
        + p.sleep_sd_h.at(age) * ch.sleep_z
        + p.nightly_sleep_sd_h * z[0]
    )
    least_h, most_h = p.sleep_bounds_h
    total_min = min(max(total_h, least_h), most_h) * 60.0
    share = p.nap_share.at(age)
    night_min = total_min * (1.0 - share)
    bed = _bedtime_min(p, ch, age)
    learned = _Day()
    awake, settle_cry = _bedtime(p, ch, age, strategy, limit, learned)
    least, median, log_sd = p.onset_min
    onset = bed + least + median * p.onset_age_factor.at(age) * math.exp(log_sd * z[2]) + awake
    cycle = max(p.cycle_min.at(age) + ch.cycle_offset, p.cycle_floor_min)
    transitions = math.ceil(night_min / cycle) - 1
    sd = p.wake_prob_sd
    p_wake = (
        p.wake_prob.at(age)
        * math.exp(sd * ch.wake_factor - 0.5 * sd * sd)
        * (1.0 + p.carry_wake * ch.carry)
    )
    interval = p.feed_interval_h.at(age) * 60.0 * math.exp(p.feed_interval_sd * z[3])
    extra = 0.0
    for j in range(transitions):
        bits = rng.scalar_coarse_bits(ch.key, age, rng.Stream.WAKE_BITS, j // 4, 1)[j % 4]
        chance = p_wake * p.early_night_factor if j < p.early_night_cycles else p_wake
        hungry = math.floor((j + 1) * cycle / interval) > math.floor(j * cycle / interval)
        if not (bits < min(chance, p.wake_prob_max) * 65536.0 or hungry):
            continue
        start = onset + (j + 1) * cycle + extra
        w = _waking(p, ch, age, j, strategy, limit, hungry, learned)
        extra += w["duration"]
        rows.wakings.append(
            {
                "age_days": age,
                "start": evening_s + round(start * 60),
                "end": evening_s + round((start + w["duration"]) * 60),
                "signalled": w["signalled"],
                "resettled_by": w["resettled"],
                "latency_min": w["latency"],
                "fuss_cry_min": w["cry"],
                "arousal_after": w["arousal"],
            }
        )
    rows.nights.append(
        {
            "age_days": age,
            "bedtime": evening_s + round(bed * 60),
            "sleep_onset": evening_s + round(onset * 60),
            "wake_time": evening_s + round((onset + night_min + extra) * 60),
            "nap_min": total_min * share,
            "settle_fuss_cry_min": settle_cry,
            "strategy": strategy,
            "cycle_min": cycle,
            "security": ch.security,
            "skill": ch.skill,
            "soothe_limit": limit,
        }
    )
    return learned


def _bedtime(
    p: ModelParams, ch: _Child, age: int, strategy: int, limit: float, learned: _Day
) -> tuple[float, float]:
    """Falling asleep: minutes awake past the usual latency, and of them crying (C13, C10,
    C5, C3), with what it taught added to ``learned``."""
    b = rng.scalar_coarse_bits(ch.key, age, rng.Stream.BEDTIME, 0, 2)
    mean, per_level, sd = p.waking_arousal
    arousal = mean + per_level * (ch.reactivity - 1.0) + sd * _normal(b[0])
    arousal = min(max(arousal + p.carry_peak * ch.carry, 0.0), d.DISTRESS_MAX)
    settles = _u(b[1]) < _logistic(limit, arousal, p.threshold_softness)
    expect = _expectation(p, ch.expect_night, age)
    signalled = not settles and _u(b[2]) < _signal_chance(p, expect)
    _lapse_late, missed = _lapse(_u(b[3]), ch.consistency, p.lapse_missed_share)
    response = st.LEFT if missed or not signalled else int(st.NIGHT_POLICY[strategy])
    helped = signalled and response in (st.HELD, st.PRESENT)
    exhaust = p.exhaustion_min * _spread(p.exhaustion_spread, b[4]) * (p.exhaustion_base + expect)
    if settles or helped:
        awake = 0.0
    elif not signalled or response == st.DISMISSED:
        awake = p.quiet_waking_share * exhaust
    elif response == st.CHECKED:
        awake = p.checked_waking_share * exhaust
    else:
        awake = exhaust
    if signalled:
        weight = _answer(p, response)
        learned.answered += weight * (p.insecure_uptake if ch.phenotype == d.INSECURE else 1.0)
        learned.unanswered += _unanswered(p, response)
        learned.signals += 1
        learned.answered_signals += weight
    elif not settles and p.switches.residual_arousal:
        learned.unanswered += p.silent_distress_weight
    if not (settles or helped) and p.switches.residual_arousal:
        walked = p.walk_away_added if response == st.WALKED else 0.0
        left_over = min(p.residual_fraction * arousal + walked, d.DISTRESS_MAX)
        if response == st.CHECKED:
            left_over *= p.checked_residual
        learned.left_over += max(left_over - p.calm_level, 0.0)
    return awake, awake if signalled else 0.0


def _waking(
    p: ModelParams,
    ch: _Child,
    age: int,
    j: int,
    strategy: int,
    limit: float,
    hunger: bool,
    learned: _Day,
) -> dict[str, Any]:
    b = rng.scalar_coarse_bits(ch.key, age, rng.Stream.WAKING, j, 3)
    z = _normal(b[1])
    if hunger:
        arousal = p.hunger_arousal[0] + p.hunger_arousal[1] * z
    else:
        mean, per_level, sd = p.waking_arousal
        arousal = mean + per_level * (ch.reactivity - 1.0) + sd * z
    arousal = min(max(arousal + p.carry_peak * ch.carry, 0.0), d.DISTRESS_MAX)
    settles = not hunger and _u(b[2]) < _logistic(limit, arousal, p.threshold_softness)
    expect = _expectation(p, ch.expect_night, age)
    signalled = not settles and _u(b[3]) < _signal_chance(p, expect)
    lapse, missed = _lapse(_u(b[4]), ch.consistency, p.lapse_missed_share)
    response = int(st.NIGHT_POLICY[strategy])
    if missed:
        response = st.LEFT
    if hunger:
        response = st.HELD
    if not signalled:
        response = st.LEFT
    insecure = ch.phenotype == d.INSECURE
    sec = _co_regulation(p, ch, age)
    if signalled and response != st.LEFT:
        base = p.night_check_latency_min if response == st.CHECKED else p.night_latency_min
        latency = base * _spread(p.latency_spread, b[5])
        if lapse and not missed:
            latency *= p.lapse_delay
    else:
        latency = math.nan
    exhaust = p.exhaustion_min * _spread(p.exhaustion_spread, b[7]) * (p.exhaustion_base + expect)
    log_ratio = math.log(max(arousal, p.calm_level + 0.01) / p.calm_level)
    helped = signalled and response in (st.HELD, st.PRESENT)
    if settles:
        first, per_point, width = p.settle_time_min
        duration = first + per_point * arousal * (1.0 - 0.5 * width + width * _u(b[9]))
    elif not signalled:
        duration = p.quiet_waking_share * exhaust
    elif helped:
        rate = p.rate_held if response == st.HELD else p.rate_present
        duration = latency + log_ratio / (rate * sec) + p.resettle_min
    elif response == st.CHECKED:
        duration = p.checked_waking_share * exhaust + p.resettle_min
    elif response == st.DISMISSED:
        duration = p.quiet_waking_share * exhaust + p.resettle_min
    else:
        duration = exhaust + p.resettle_min
    resettled = sl.R_ALONE
    if response == st.HELD and signalled:
        resettled = (sl.R_HELD, sl.R_ROCKED, sl.R_PATTED)[min(int(_u(b[10]) * 3), 2)]
    if response == st.PRESENT and signalled:
        resettled = sl.R_PRESENT
    if helped and hunger:
        resettled = sl.R_FED
    calmed = settles or helped
    if calmed:
        arousal_after = p.calm_level * (1.0 - p.calm_spread * _u(b[11]))
    elif p.switches.residual_arousal:
        walked = p.walk_away_added if response == st.WALKED else 0.0
        left_over = min(p.residual_fraction * arousal + walked, d.DISTRESS_MAX)
        arousal_after = p.checked_residual * left_over if response == st.CHECKED else left_over
    else:
        arousal_after = p.calm_level
    if not signalled:
        cry = 0.0
    elif helped:
        cry = latency + p.cried_share_helped * (duration - latency - p.resettle_min)
    else:
        cry = duration - p.resettle_min

    if signalled:
        weight = _answer(p, response)
        learned.answered += weight * (p.insecure_uptake if insecure else 1.0)
        learned.unanswered += _unanswered(p, response)
        learned.signals += 1
        learned.answered_signals += weight
    elif not settles and p.switches.residual_arousal:
        learned.unanswered += p.silent_distress_weight
    if not calmed:
        learned.left_over += max(arousal_after - p.calm_level, 0.0)
    return {
        "duration": duration,
        "signalled": signalled,
        "resettled": resettled,
        "latency": latency,
        "cry": cry,
        "arousal": arousal_after,
    }


def _learn(p: ModelParams, ch: _Child, day: _Day, night: _Day, age: int) -> None:
    """The daily learning updates, written out for one child (C3, C5, C6, C10, C12-C17)."""
    dependence = 1.0 + (ch.sensitivity == HIGH) + (ch.reactivity == HIGH)
    base = p.security_learning_base
    factor = (
        (base + (1.0 - base) * ch.security) ** dependence
        * (1.0 + p.modelling_gain * ch.modelling + p.explaining_gain * ch.explaining)
        * (p.developmental_learning if ch.phenotype == d.DEV_DIFF else 1.0)
        * (ch.confidence / p.confidence_newborn) ** p.confidence_learning
        * max(1.0 - p.carry_learning * ch.carry, 0.0)
    )
    gained = 1.0 - math.exp(-p.skill_gain * day.practice * factor)
    ch.skill += max(p.skill_ceiling.at(age) - ch.skill, 0.0) * gained

    if p.switches.attachment_from_responses:
        up = _moved(p.security_up, day.answered + night.answered)
        down = _moved(p.security_down, day.unanswered + night.unanswered)
        ch.security = min(max(ch.security + (1 - ch.security) * up - ch.security * down, 0.0), 1.0)
    if p.switches.suppression_learning:
        for part, when in ((day, "expect_day"), (night, "expect_night")):
            if part.signals > 0:
                now = getattr(ch, when)
                share = part.answered_signals / part.signals
                setattr(ch, when, now + _moved(p.expectation_rate, part.signals) * (share - now))
    gain = _moved(p.confidence_gain, day.acknowledged)
    kept = (1.0 - _moved(p.confidence_drop, day.forced)) * (
        1.0 - _moved(p.failed_try_drop, day.failed)
    )
    conf = ch.confidence + (1.0 - ch.confidence) * gain - ch.confidence * (1.0 - kept)
    ch.confidence = min(max(conf, p.confidence_floor), 1.0)
    raised = ch.pressure + (1.0 - ch.pressure) * _moved(p.pressure_gain, day.praised)
    ch.pressure = (
        raised * (1.0 - p.pressure_decay) * (1.0 - _moved(p.pressure_relief, day.acknowledged))
    )
    ch.carry = ch.carry * (1.0 - p.carry_decay) + p.carry_gain * (day.left_over + night.left_over)


#: Columns added from the others once a child's rows are in (as the engine adds them).
ADDED = {
    "nights": {"child_id", "sleep_method"},
    "wakings": {"child_id"},
    "episodes": {"child_id", "end"},
}


def _dtype(kind: pa.DataType) -> Any:
    if pa.types.is_dictionary(kind):
        return np.int8
    if pa.types.is_timestamp(kind):
        return np.int64
    return kind.to_pandas_dtype()


def _tables(c: Cohort, rows: _Rows) -> dict[str, pa.Table]:
    """The rows already carry the schema's names; the child's id, the night's sleep method and
    an episode's end (what a parent would see) are added here, as the engine adds them."""

    def columns(table: str, items: list[dict[str, Any]]) -> dict[str, np.ndarray]:
        out = {"child_id": np.full(len(items), int(c.child_id[0]), np.int32)}
        for f in SCHEMAS[table]:
            if f.name not in ADDED[table]:
                out[f.name] = np.array([r[f.name] for r in items], dtype=_dtype(f.type))
        return out

    nights = columns("nights", rows.nights)
    nights["sleep_method"] = SLEEP_METHOD[nights["strategy"]]
    episodes = columns("episodes", rows.episodes)
    episodes["end"] = episode_end_s(
        episodes["start"],
        episodes["outcome"],
        episodes["minutes_to_calm"],
        episodes["fuss_cry_min"],
    )
    return {
        "nights": build_table("nights", nights),
        "wakings": build_table("wakings", columns("wakings", rows.wakings)),
        "episodes": build_table("episodes", episodes),
    }


def simulate_cohort(params: ModelParams, design: StudyDesign) -> dict[str, pa.Table]:
    """Every child of the design, one after another."""
    parts = [simulate_child(params, design, i) for i in range(design.children)]
    return {name: pa.concat_tables([p[name] for p in parts]) for name in parts[0]}
