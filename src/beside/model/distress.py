"""Distress episodes by day: trigger, peak, what the child does, the response, the outcome.

One call handles every episode of one day for a whole chunk of children, as flat arrays
(``idx`` maps each episode to its child). The learning that follows is summed per child in
``DayLearning`` and applied once a day by the engine.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import cache

import numpy as np
import numpy.typing as npt

from beside.model import episode_kernel as kernel
from beside.model import rng
from beside.model import strategies as st
from beside.model.cohort import Cohort
from beside.model.params import ModelParams
from beside.model.state import ChildState
from beside.records.enums import (
    PHENOTYPES,
    Phenotype,
    Strategy,
    Trigger,
)

F64 = npt.NDArray[np.float64]
F32 = npt.NDArray[np.float32]
I64 = npt.NDArray[np.int64]


# (``Trigger.NOT_RECORDED``, last, is never simulated.)
HUNGER, TIREDNESS, FRUSTRATION, HURT, SEPARATION, OVERSTIM, TRANSITION, UNKNOWN = range(8)
SENSORY = PHENOTYPES.index(Phenotype.SENSORY_OVERLOAD)
DEV_DIFF = PHENOTYPES.index(Phenotype.DEVELOPMENTAL_DIFFERENCE)
INSECURE = PHENOTYPES.index(Phenotype.INSECURE_ATTACHMENT)
assert [t.value for t in Trigger][OVERSTIM] == "overstimulation"
assert [t.value for t in Trigger][UNKNOWN] == "unknown"
ACTION_CLASS = np.array([st.SOUGHT, st.TRIED, st.TRIED, st.SHUT_DOWN], dtype=np.int8)
PRESENT_NEARBY = st.strategy_code(Strategy.PRESENT_NEARBY)
RESPONSIVE = st.strategy_code(Strategy.RESPONSIVE)
MAX_EPISODES_PER_DAY = 16
DISTRESS_MAX = 10.0
#: Day care counts from this age (DESIGN.md: a toddler's time away from the caregiver).
TODDLER_DAYS = 365


@dataclass
class EpisodeBatch:
    idx: I64
    slot: I64
    start_frac: F64
    trigger: npt.NDArray[np.int8]
    peak: F64
    action: npt.NDArray[np.int8]
    response: npt.NDArray[np.int8]
    latency_min: F64
    outcome: npt.NDArray[np.int8]
    minutes_to_calm: F64
    cry_min: F64
    aftercare: npt.NDArray[np.int8]
    arousal_after: F64


@dataclass
class DayLearning:
    """Per-child sums of what one day (episodes and night) taught, shape ``(n,)``."""

    answered: F64
    unanswered: F64
    signals: F64
    answered_signals: F64
    practice: F64
    forced: F64
    acknowledged: F64
    praised: F64
    failed: F64
    left_over: F64


@cache
def spread(sd: float) -> F32:
    """Log-normal multipliers with median 1 and log-sd ``sd``, indexed by a 16-bit draw
    (one table per spread, made once: it was 4 % of the engine's time remade each day)."""
    out: F32 = np.exp(np.float32(sd) * rng.NORMAL16)
    out.flags.writeable = False  # shared by every call
    return out


def learned_expectation(p: ModelParams, expect: F64, age_days: float) -> F64:
    """C1, C2, C6: what the child acts on. Early crying is reflexive: a newborn cries for a
    need whatever it has learned, so no caregiver policy silences a three-week-old; only as
    reflexive crying fades does the learned expectation take over."""
    reflex = p.reflexive_crying.at(age_days)
    out: F64 = reflex + (1.0 - reflex) * expect
    return out


def signal_chance(p: ModelParams, learned: F64) -> F64:
    """C1, C6, C10: the chance a distressed child signals, from ``learned_expectation`` (1
    with ``suppression_learning`` off: nothing teaches it to stop)."""
    if not p.switches.suppression_learning:
        return np.ones(learned.size)
    out: F64 = p.signal_floor + (1.0 - p.signal_floor) * learned
    return out


def co_regulation(
    p: ModelParams, security: F64, insecure: npt.NDArray[np.bool_], age_days: float
) -> F64:
    """How fast a caregiver's help brings this child's arousal down, relative to the help's
    own rate: security speeds it (C3), young infants are harder to soothe (C2), and a child
    who resists comfort is slow to take it (C20)."""
    out: F64 = (
        (p.security_soothing_base + security)
        * np.where(insecure, p.insecure_soothing, 1.0)
        * p.soothability.at(age_days)
    )
    return out


def episode_counts(p: ModelParams, c: Cohort, age_days: float, day: int) -> I64:
    """C1: needs arrive at an age-dependent rate; children differ widely (C9).

    A child's days are alike: feeds, naps and routines structure them, so the count is the
    child's rate rounded up or down at random (mean = rate, variance at most 1/4), not a
    Poisson draw. Poisson days made a child's daily crying vary far more than diaries show,
    and colic (3 h on 3 days of a week) too common after three months.
    """
    cv = p.episode_rate_sd.at(age_days)
    # Light-tailed between-child spread: a log-normal one made far too many infants cry
    # three hours a day after three months (Wolke et al.: colic 0.6 % at 10-12 weeks).
    factor = np.maximum(1.0 + cv * c.episode_factor, p.episode_rate_floor)
    lam = p.episode_rate.at(age_days) * factor
    u = rng.uniform(c.keys, day, rng.Stream.EPISODE_COUNT)
    out: I64 = np.minimum(np.floor(lam + u), MAX_EPISODES_PER_DAY).astype(np.int64)
    return out


def _child_table(
    p: ModelParams, c: Cohort, s: ChildState, gate: F64, limit: F64, age_days: float
) -> F32:
    """Per-child quantities each episode needs, packed so that one gather serves them all."""
    insecure = c.phenotype == INSECURE
    toddler = age_days >= TODDLER_DAYS
    expect = learned_expectation(p, s.expect_day, age_days)
    special = np.where(insecure, p.insecure_turn_away, 0.0)
    if toddler:
        special = np.where(c.phenotype == DEV_DIFF, p.developmental_turn_away, special)
    away = (
        np.minimum(c.daycare_hours * p.daycare_separation_per_h, p.daycare_separation_max)
        if toddler
        else np.zeros(c.size)
    )
    return np.stack(
        [
            limit,
            gate * s.confidence,  # C12: how likely the child is to try its own skills
            s.pressure,  # C17
            signal_chance(p, expect),  # C6
            c.consistency,
            co_regulation(p, s.security, insecure, age_days),  # C2, C3, C20
            np.maximum(p.rate_self_max * s.skill, p.rate_self_min),  # C13
            p.exhaustion_min * (p.exhaustion_base + expect),  # C5, C6
            gate,
            # C14: reactive and sensitive children peak higher; C20: insecure ones too; C5:
            # yesterday's unresolved arousal makes today's upsets bigger.
            p.peak_reactivity * (c.reactivity - 1.0)
            + p.peak_sensitivity * (c.sensitivity - 1.0)
            + p.insecure_peak * insecure
            + p.carry_peak * s.carry,
            special,  # C20: turning away for reasons other than practice
            np.where(c.phenotype == SENSORY, 1.0, 0.0),
            c.acknowledges,
            c.over_praise,
            away,
            np.where(insecure, p.insecure_uptake, 1.0),
        ]
    ).astype(np.float32)


def trigger_cdf(p: ModelParams, age_days: float) -> F64:
    """C1: the trigger mix moves from needs to frustration and change with age."""
    w = min(age_days / p.trigger_mix_age_days, 1.0)
    mix = (1 - w) * np.array(p.trigger_mix_infant) + w * np.array(p.trigger_mix_toddler)
    out: F64 = np.cumsum(mix) / mix.sum()
    return out


def simulate_episodes(
    p: ModelParams,
    c: Cohort,
    s: ChildState,
    *,
    age_days: float,
    day: int,
    strategy: npt.NDArray[np.int8],
    gate: F64,
    limit: F64,
) -> tuple[EpisodeBatch, DayLearning]:
    """Every episode of one day. ``gate`` is maturation (C12), ``limit`` the threshold (C13).

    The draws and each child's quantities are made here as arrays; the rules, claim by
    claim, are applied episode by episode in ``episode_kernel.day_episodes``."""
    n = c.size
    counts = episode_counts(p, c, age_days, day)
    idx = np.repeat(np.arange(n), counts)
    slot = np.arange(idx.size) - np.repeat(np.cumsum(counts) - counts, counts)
    bits = rng.coarse_bits(c.keys.take(idx), day, rng.Stream.EPISODE, slot, hashes=4)
    table = _child_table(p, c, s, gate, limit, age_days)
    out_f = np.empty((len(kernel.FLOAT_OUTPUTS), idx.size))
    out_i = np.empty((len(kernel.INT_OUTPUTS), idx.size), np.int8)
    sums = np.zeros((len(fields(DayLearning)), n))
    kernel.day_episodes(
        idx,
        slot,
        counts,
        bits,
        table,
        strategy,
        _rules(p, age_days),
        _tables(p, age_days),
        out_f,
        out_i,
        sums,
    )
    peak, latency, minutes, cry, after, start_frac = out_f
    trigger, action, response, outcome, aftercare = out_i
    batch = EpisodeBatch(
        idx=idx,
        slot=slot,
        start_frac=start_frac,
        trigger=trigger,
        peak=peak,
        action=action,
        response=response,
        latency_min=latency,
        outcome=outcome,
        minutes_to_calm=minutes,
        cry_min=cry,
        aftercare=aftercare,
        arousal_after=after,
    )
    return batch, DayLearning(*sums)


def _rules(p: ModelParams, age_days: float) -> kernel.EpisodeRules:
    # C6: told to stop, a child who has learned what that means falls silent sooner.
    shorter = 1.0
    if p.switches.suppression_learning:
        learned = 1.0 - p.reflexive_crying.at(age_days)
        shorter = 1.0 - learned * (1.0 - p.dismissed_exhaustion)
    return kernel.EpisodeRules(
        toddler=age_days >= TODDLER_DAYS,
        young_for_middle_ground=age_days < p.middle_ground_from_days,
        present_nearby=PRESENT_NEARBY,
        responsive=RESPONSIVE,
        overstim=OVERSTIM,
        separation=SEPARATION,
        hurt=HURT,
        left=st.LEFT,
        insisted=st.INSISTED,
        present=st.PRESENT,
        dismissed=st.DISMISSED,
        walked=st.WALKED,
        distress_max=DISTRESS_MAX,
        sensory_overstimulation=p.sensory_overstimulation,
        sensory_peak=p.sensory_peak,
        peak_sd=p.peak_sd,
        threshold_softness=p.threshold_softness,
        signal_at_zero=p.signal_at_zero,
        signal_per_distress=p.signal_per_distress,
        sensory_turn_away=p.sensory_turn_away,
        infant_hurt_arch=p.infant_hurt_arch,
        lapse_missed_share=p.lapse_missed_share,
        forced_added=p.forced_added,
        safe_base_gain=p.safe_base_gain,
        present_practice=p.present_practice,
        rate_present=p.rate_present,
        present_self_boost=p.present_self_boost,
        calm_level=p.calm_level,
        lapse_delay=p.lapse_delay,
        tried_first_min=p.tried_first_min,
        dismissed_shorter=shorter,
        max_episode_min=p.max_episode_min,
        residual_on=p.switches.residual_arousal,
        residual_fraction=p.residual_fraction,
        calm_spread=p.calm_spread,
    )


def _tables(p: ModelParams, age_days: float) -> kernel.EpisodeTables:
    return kernel.EpisodeTables(
        cdf_edges=trigger_cdf(p, age_days)[:-1],
        peak_by_trigger=np.array(p.peak_by_trigger, np.float64),
        action_class=ACTION_CLASS,
        day_policy=st.DAY_POLICY,
        added=np.array([0.0, 0.0, 0.0, 0.0, 0.0, p.dismiss_added, p.walk_away_added]),
        helps=st.HELPS,
        # Arousal falls exponentially; contact is fastest (C2), presence helps too (C4).
        rates=np.array([p.rate_held, p.rate_present, p.rate_check, 0.0, p.rate_held, 0.0, 0.0]),
        day_latency=st.day_latency_min(p),
        answer_w=st.answer_weights(p),
        unanswer_w=st.unanswer_weights(p),
        cry_share=np.array([1.0, p.cry_share_trying, p.cry_share_trying, 0.0]),
        normal16=rng.NORMAL16,
        latency_spread=spread(p.latency_spread),
        exhaust_spread=spread(p.exhaustion_spread),
    )
