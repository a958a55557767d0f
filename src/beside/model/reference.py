"""The reference implementation: one child at a time, plain loops, the same model.

It is the correctness oracle for the vectorised engine: no masks, no ``np.repeat``, no
``reduceat``; every episode and every sleep-cycle transition is an ``if`` in a loop, with the
same counter-based draws (``rng.scalar_*``). Tests check the two agree in distribution. The
closed-form learning updates (``attachment``, ``development``) are shared, called on arrays
of one child: they are formulas, while the event logic is where vectorisation goes wrong.
It is slow on purpose; ``benchmarks/`` measures how much slower.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa

from beside.model import attachment, development, rng
from beside.model import distress as d
from beside.model import sleep as sl
from beside.model import strategies as st
from beside.model.cohort import Cohort, StudyDesign, make_cohort
from beside.model.engine import birth_epoch_s
from beside.model.params import ModelParams
from beside.model.state import ChildState
from beside.records.tables import build_table

R = st  # response codes live in strategies


def _u(bits: int) -> float:
    return (bits + 0.5) / 65536.0


def _normal(bits: int) -> float:
    return float(rng.NORMAL16[bits])


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


@dataclass
class _Rows:
    nights: list[dict[str, Any]] = field(default_factory=list)
    wakings: list[dict[str, Any]] = field(default_factory=list)
    episodes: list[dict[str, Any]] = field(default_factory=list)


def simulate_child(params: ModelParams, design: StudyDesign, child_id: int) -> dict[str, pa.Table]:
    """One child, day by day, event by event."""
    c = make_cohort(design, child_id, 1)
    s = ChildState.newborn(c.phenotype)
    mid = development.maturation_mid_days(params, c)
    rows = _Rows()
    base_s = birth_epoch_s()
    for day in range(design.days):
        age = design.start_age_days + day
        strategy = int(c.strategy_after[0] if day >= c.switch_day[0] else c.strategy_before[0])
        gate = float(development.maturation(params, mid, age)[0])
        limit = float(development.threshold(params, s.skill)[0])
        evening_s = base_s + age * 86_400
        learned_day = _episodes(params, c, s, rows, age, day, strategy, gate, limit, evening_s)
        learned_night = _night(params, c, s, rows, age, day, strategy, limit, evening_s)
        _learn(params, c, s, learned_day, learned_night)
    return _tables(c, rows)


def _episodes(
    p: ModelParams,
    c: Cohort,
    s: ChildState,
    rows: _Rows,
    age: int,
    day: int,
    strategy: int,
    gate: float,
    limit: float,
    evening_s: int,
) -> _Day:
    key = int(c.keys[0])
    toddler = age >= d.TODDLER_DAYS
    cv = p.episode_rate_sd.at(age)
    lam = p.episode_rate.at(age) * max(1.0 + cv * float(c.episode_factor[0]), 0.2)
    count = min(
        math.floor(lam + rng.scalar_uniform(key, day, rng.Stream.EPISODE_COUNT)),
        d.MAX_EPISODES_PER_DAY,
    )
    phenotype = int(c.phenotype[0])
    insecure = phenotype == d.INSECURE
    sensory_p = 0.6 if phenotype == d.SENSORY else 0.0
    if insecure:
        special_base = 0.4
    elif phenotype == d.DEV_DIFF and toddler:
        special_base = 0.5
    else:
        special_base = 0.0
    security, skill = float(s.security[0]), float(s.skill[0])
    expect = float(s.expect_day[0])
    learned = _Day()
    bed_min = None
    for slot in range(count):
        b = rng.scalar_coarse_bits(key, day, rng.Stream.EPISODE, slot, 4)
        w = min(age / 730.0, 1.0)
        cdf = np.cumsum((1 - w) * d.TRIGGERS_INFANT + w * d.TRIGGERS_TODDLER)
        x = _u(b[d.D_TRIGGER]) * cdf[-1]
        trigger = 0
        while trigger < 7 and cdf[trigger] < x:
            trigger += 1
        if _u(b[d.D_OVERRIDE]) < 0.25 * sensory_p:
            trigger = d.OVERSTIM
        away = min(float(c.daycare_hours[0]) / 200.0, 0.2) if toddler else 0.0
        if _u(b[d.D_OVERRIDE]) > 1.0 - away:
            trigger = d.SEPARATION
        overstim = trigger == d.OVERSTIM
        shift = 0.8 * (c.reactivity[0] - 1.0) + 0.4 * (c.sensitivity[0] - 1.0) + 0.5 * insecure
        peak = (
            d.PEAK_BY_TRIGGER[trigger]
            + shift
            + 0.8 * overstim * sensory_p
            + 1.3 * _normal(b[d.D_PEAK])
        )
        peak = min(max(peak, 0.5), 10.0)

        ready = peak <= limit
        attempt = _u(b[d.D_ATTEMPT]) < gate * float(s.confidence[0]) and (
            ready or _u(b[d.D_PRESSURE]) < float(s.pressure[0])
        )
        if attempt:
            action = d.TURNED_AWAY if toddler else d.COMFORT
        elif _u(b[d.D_SIGNAL]) < (0.15 + 0.85 * expect) * min(0.4 + 0.1 * peak, 1.0):
            action = d.SOUGHT
        else:
            action = d.SHUT_DOWN
        special_p = max(special_base, sensory_p if overstim else 0.0)
        if not toddler and trigger == d.HURT:
            special_p = max(special_p, 0.3)
        if not attempt and _u(b[d.D_SPECIAL]) < special_p:
            action = d.TURNED_AWAY
        tried = action in (d.TURNED_AWAY, d.COMFORT)

        policy = strategy
        if not toddler and policy == d.PRESENT_NEARBY:
            policy = d.RESPONSIVE
        cls = {d.SOUGHT: st.SOUGHT, d.SHUT_DOWN: st.SHUT_DOWN}.get(action, st.TRIED)
        response = int(st.DAY_POLICY[policy, cls])
        if _u(b[d.D_LAPSE]) > float(c.consistency[0]):
            response = int(st.LAPSE_POLICY[policy])

        forced = response == st.INSISTED and tried
        added = {st.DISMISSED: p.dismiss_added, st.WALKED: p.walk_away_added}.get(response, 0.0)
        eff = min(peak + added + (p.forced_added if forced else 0.0), 10.0)
        helped = bool(st.HELPS[response])
        can_alone = eff <= limit
        calm_alone = can_alone and (attempt or (not helped and gate > 0.5)) and not forced

        help_mult = (0.5 + security) * (0.6 if insecure else 1.0) * p.soothability.at(age)
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
        r_self = max(p.rate_self_max * skill, 0.02)
        if response == st.PRESENT:
            r_self += 0.5 * p.rate_present
        log_ratio = math.log(max(eff, p.calm_level + 0.01) / p.calm_level)
        base_latency = float(st.LATENCY_MIN[response])
        latency = base_latency * float(d.SPREAD_LATENCY[b[d.D_LATENCY]])
        t_help = (
            (0.0 if math.isnan(latency) else latency) + 5.0 * tried + log_ratio / max(r_help, 1e-6)
        )
        exhaust = p.exhaustion_min * (0.5 + expect) * float(d.SPREAD_EXHAUST[b[d.D_EXHAUST]])
        if p.switches.suppression_learning and response == st.DISMISSED:
            exhaust *= 0.4

        if calm_alone:
            outcome = d.ALONE
        elif helped:
            outcome = d.WITH_HELP
        else:
            outcome = d.NOT_CALMED
        minutes = min(log_ratio / r_self if calm_alone else t_help, 240.0)
        duration = exhaust if outcome == d.NOT_CALMED else minutes
        if outcome == d.NOT_CALMED:
            minutes = math.nan
            residual = p.residual_fraction * eff if p.switches.residual_arousal else p.calm_level
            arousal_after = residual
        else:
            arousal_after = p.calm_level * (0.7 + 0.3 * _u(b[d.D_CALM]))

        aftercare = d.NOTHING
        if outcome == d.WITH_HELP:
            aftercare = d.COMFORTED
        elif calm_alone and helped:
            draw = _u(b[d.D_AFTERCARE])
            if draw < float(c.over_praise[0]):
                aftercare = d.PRAISED
            elif draw < float(c.over_praise[0]) + float(c.acknowledges[0]):
                aftercare = d.ACKNOWLEDGED

        if bed_min is None:
            bed_min = _bedtime_min(p, c, age, day)
        span = max(bed_min - 30.0 - 7 * 60.0, 60.0)
        start_frac = (slot + _u(b[d.D_SPACING])) / count
        rows.episodes.append(
            {
                "child": 0,
                "age": age,
                "start": evening_s + round((7 * 60.0 + start_frac * span) * 60),
                "trigger": trigger,
                "peak": peak,
                "action": action,
                "response": response,
                "latency": latency,
                "outcome": outcome,
                "calm": minutes,
                "cry": duration * float(d.CRY_SHARE[action]),
                "aftercare": aftercare,
                "arousal": arousal_after,
            }
        )
        learned.answered += float(st.ANSWER_WEIGHT[response])
        if not calm_alone or response == st.WALKED:
            learned.unanswered += float(st.UNANSWER_WEIGHT[response])
        if action == d.SOUGHT:
            learned.signals += 1
            learned.answered_signals += helped
        learned.practice += gate * (1.0 if calm_alone else (0.3 if tried and not forced else 0.0))
        learned.forced += forced
        learned.acknowledged += aftercare == d.ACKNOWLEDGED
        learned.praised += aftercare == d.PRAISED
    return learned


def _night_draws(c: Cohort, day: int) -> list[float]:
    return [_normal(b) for b in rng.scalar_coarse_bits(int(c.keys[0]), day, rng.Stream.NIGHT, 0, 1)]


def _bedtime_min(p: ModelParams, c: Cohort, age: int, day: int) -> float:
    z = _night_draws(c, day)
    return sl.BEDTIME_MIN.at(age) + float(c.bedtime_offset_min[0]) + 15.0 * z[1]


def _night(
    p: ModelParams,
    c: Cohort,
    s: ChildState,
    rows: _Rows,
    age: int,
    day: int,
    strategy: int,
    limit: float,
    evening_s: int,
) -> _Day:
    key = int(c.keys[0])
    z = _night_draws(c, day)
    total_h = sl.mean_sleep_hours(p, age) + p.sleep_sd_h.at(age) * float(c.sleep_z[0]) + 0.4 * z[0]
    total_min = min(max(total_h, 6.0), 20.0) * 60.0
    share = p.nap_share.at(age)
    night_min = total_min * (1.0 - share)
    bed = _bedtime_min(p, c, age, day)
    onset = bed + 5.0 + 12.0 * math.exp(0.5 * z[2])
    cycle = max(p.cycle_min.at(age) + float(c.cycle_offset_min[0]), sl.MIN_CYCLE_MIN)
    transitions = math.ceil(night_min / cycle) - 1
    sd = p.wake_prob_sd
    p_wake = p.wake_prob.at(age) * math.exp(sd * float(c.wake_factor[0]) - 0.5 * sd * sd)
    learned = _Day()
    extra = 0.0
    for j in range(transitions):
        bits = rng.scalar_coarse_bits(key, day, rng.Stream.WAKE_BITS, j // 4, 1)[j % 4]
        chance = p_wake * p.early_night_factor if j < 2 else p_wake
        if not bits < min(chance, 0.9) * 65536.0:
            continue
        start = onset + (j + 1) * cycle + extra
        waking = _waking(p, c, s, age, day, j, strategy, limit)
        extra += waking["duration"]
        rows.wakings.append(
            {
                "child": 0,
                "age": age,
                "start": evening_s + round(start * 60),
                "end": evening_s + round((start + waking["duration"]) * 60),
                "signalled": waking["signalled"],
                "resettled": waking["resettled"],
                "latency": waking["latency"],
                "cry": waking["cry"],
                "arousal": waking["arousal"],
            }
        )
        if waking["signalled"]:
            weight = float(st.ANSWER_WEIGHT[waking["response"]])
            learned.answered += weight
            learned.unanswered += float(st.UNANSWER_WEIGHT[waking["response"]])
            learned.signals += 1
            learned.answered_signals += weight
    rows.nights.append(
        {
            "child": 0,
            "age": age,
            "bedtime": evening_s + round(bed * 60),
            "onset": evening_s + round(onset * 60),
            "wake": evening_s + round((onset + night_min + extra) * 60),
            "nap": total_min * share,
            "strategy": strategy,
            "cycle": cycle,
            "security": float(s.security[0]),
            "skill": float(s.skill[0]),
        }
    )
    return learned


def _waking(
    p: ModelParams,
    c: Cohort,
    s: ChildState,
    age: int,
    day: int,
    j: int,
    strategy: int,
    limit: float,
) -> dict[str, Any]:
    b = rng.scalar_coarse_bits(int(c.keys[0]), day, rng.Stream.WAKING, j, 3)
    hunger = _u(b[0]) < p.hunger_at_waking.at(age)
    z = _normal(b[1])
    arousal = 6.5 + z if hunger else 2.5 + 0.5 * (float(c.reactivity[0]) - 1.0) + 1.5 * z
    arousal = min(max(arousal, 0.5), 10.0)
    settles = arousal <= limit
    expect = float(s.expect_night[0])
    signal_p = 0.1 + 0.9 * expect if p.switches.suppression_learning else 1.0
    signalled = not settles and _u(b[3]) < signal_p
    response = int(st.NIGHT_POLICY[strategy])
    if _u(b[4]) > float(c.consistency[0]):
        response = int(st.LAPSE_POLICY[strategy])
    if not signalled:
        response = st.LEFT
    sec = (0.5 + float(s.security[0])) * p.soothability.at(age)
    latency = float(sl.NIGHT_LATENCY_MIN[response]) if signalled else math.nan
    latency *= float(d.SPREAD_LATENCY[b[5]])
    exhaust = p.exhaustion_min * float(d.SPREAD_EXHAUST[b[7]]) * (0.5 + expect)
    log_ratio = math.log(max(arousal, p.calm_level + 0.01) / p.calm_level)
    helped = signalled and response in (st.HELD, st.PRESENT)
    if settles:
        duration = 2.0 + 2.0 * arousal * (0.7 + 0.6 * _u(b[9]))
    elif not signalled:
        duration = 0.6 * exhaust
    elif helped:
        rate = p.rate_held if response == st.HELD else p.rate_present
        duration = latency + log_ratio / (rate * sec) + 5.0
    elif response == st.CHECKED:
        duration = 0.7 * exhaust + 5.0
    elif response == st.DISMISSED:
        duration = 0.6 * exhaust + 5.0
    else:
        duration = exhaust + 5.0
    resettled = sl.R_ALONE
    if response == st.HELD and signalled:
        resettled = (sl.R_HELD, sl.R_ROCKED, sl.R_PATTED)[min(int(_u(b[10]) * 3), 2)]
    if response == st.PRESENT and signalled:
        resettled = sl.R_PRESENT
    if helped and hunger:
        resettled = sl.R_FED
    if settles or helped:
        arousal_after = p.calm_level * (0.7 + 0.3 * _u(b[11]))
    elif p.switches.residual_arousal:
        left_over = min(
            p.residual_fraction * arousal + (p.walk_away_added if response == st.WALKED else 0.0),
            10.0,
        )
        arousal_after = 0.6 * left_over if response == st.CHECKED else left_over
    else:
        arousal_after = p.calm_level
    if not signalled:
        cry = 0.0
    elif helped:
        cry = latency + 0.5 * (duration - latency - 5.0)
    else:
        cry = duration - 5.0
    return {
        "duration": duration,
        "signalled": signalled,
        "resettled": resettled,
        "latency": latency,
        "cry": cry,
        "arousal": arousal_after,
        "response": response,
    }


def _learn(p: ModelParams, c: Cohort, s: ChildState, day: _Day, night: _Day) -> None:
    def one(x: float) -> np.ndarray:
        return np.array([x])

    s.security = attachment.update_security(
        p, s.security, one(day.answered + night.answered), one(day.unanswered + night.unanswered)
    )
    s.expect_day = attachment.update_expectation(
        p, s.expect_day, one(day.signals), one(day.answered_signals)
    )
    s.expect_night = attachment.update_expectation(
        p, s.expect_night, one(night.signals), one(night.answered_signals)
    )
    s.confidence = attachment.update_confidence(
        p, s.confidence, one(day.forced), one(day.acknowledged)
    )
    s.pressure = attachment.update_pressure(p, s.pressure, one(day.praised), one(day.acknowledged))
    factor = development.growth_factor(p, c, s.security)
    s.skill = development.grow_skill(p, s.skill, one(day.practice), factor)


def _tables(c: Cohort, rows: _Rows) -> dict[str, pa.Table]:
    def col(items: list[dict[str, Any]], name: str, dtype: Any) -> np.ndarray:
        return np.array([r[name] for r in items], dtype=dtype)

    cid = int(c.child_id[0])
    n, w, e = rows.nights, rows.wakings, rows.episodes
    f4, i4, i8, i1 = np.float32, np.int32, np.int64, np.int8
    return {
        "nights": build_table(
            "nights",
            {
                "child_id": np.full(len(n), cid, i4),
                "age_days": col(n, "age", i4),
                "bedtime": col(n, "bedtime", i8),
                "sleep_onset": col(n, "onset", i8),
                "wake_time": col(n, "wake", i8),
                "nap_min": col(n, "nap", f4),
                "strategy": col(n, "strategy", i1),
                "cycle_min": col(n, "cycle", f4),
                "security": col(n, "security", f4),
                "skill": col(n, "skill", f4),
            },
        ),
        "wakings": build_table(
            "wakings",
            {
                "child_id": np.full(len(w), cid, i4),
                "age_days": col(w, "age", i4),
                "start": col(w, "start", i8),
                "end": col(w, "end", i8),
                "signalled": col(w, "signalled", bool),
                "resettled_by": col(w, "resettled", i1),
                "latency_min": col(w, "latency", f4),
                "cry_min": col(w, "cry", f4),
                "arousal_after": col(w, "arousal", f4),
            },
        ),
        "episodes": build_table(
            "episodes",
            {
                "child_id": np.full(len(e), cid, i4),
                "age_days": col(e, "age", i4),
                "start": col(e, "start", i8),
                "trigger": col(e, "trigger", i1),
                "peak_distress": col(e, "peak", f4),
                "child_action": col(e, "action", i1),
                "response": col(e, "response", i1),
                "latency_min": col(e, "latency", f4),
                "outcome": col(e, "outcome", i1),
                "minutes_to_calm": col(e, "calm", f4),
                "cry_min": col(e, "cry", f4),
                "aftercare": col(e, "aftercare", i1),
                "arousal_after": col(e, "arousal", f4),
            },
        ),
    }


def simulate_cohort(params: ModelParams, design: StudyDesign) -> dict[str, pa.Table]:
    """Every child of the design, one after another."""
    parts = [simulate_child(params, design, i) for i in range(design.children)]
    return {name: pa.concat_tables([p[name] for p in parts]) for name in parts[0]}
