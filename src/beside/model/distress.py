"""Distress episodes by day: trigger, peak, what the child does, the response, the outcome.

One call handles every episode of one day for a whole chunk of children, as flat arrays
(``idx`` maps each episode to its child). The learning that follows is summed per child in
``DayLearning`` and applied once a day by the engine.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from beside.model import rng
from beside.model import strategies as st
from beside.model.cohort import Cohort
from beside.model.params import ModelParams
from beside.model.state import ChildState
from beside.records.enums import (
    PHENOTYPES,
    Aftercare,
    ChildAction,
    Outcome,
    Phenotype,
    Strategy,
    Trigger,
)

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]

SOUGHT, TURNED_AWAY, COMFORT, SHUT_DOWN = (list(ChildAction).index(a) for a in ChildAction)
ALONE, WITH_HELP, NOT_CALMED = (list(Outcome).index(o) for o in Outcome)
COMFORTED, ACKNOWLEDGED, PRAISED, NOTHING = (list(Aftercare).index(a) for a in Aftercare)
HUNGER, TIREDNESS, FRUSTRATION, HURT, SEPARATION, OVERSTIM, TRANSITION, UNKNOWN = range(8)
SENSORY = PHENOTYPES.index(Phenotype.SENSORY_OVERLOAD)
DEV_DIFF = PHENOTYPES.index(Phenotype.DEVELOPMENTAL_DIFFERENCE)
INSECURE = PHENOTYPES.index(Phenotype.INSECURE_ATTACHMENT)
assert [t.value for t in Trigger][OVERSTIM] == "overstimulation"

#: C1: an infant's upsets are mostly needs; a toddler's are mostly frustration and change.
TRIGGERS_INFANT = np.array([0.38, 0.25, 0.02, 0.05, 0.03, 0.08, 0.02, 0.17])
TRIGGERS_TODDLER = np.array([0.07, 0.16, 0.28, 0.10, 0.10, 0.06, 0.15, 0.08])
PEAK_BY_TRIGGER = np.array([6.0, 5.5, 5.0, 6.0, 6.0, 5.5, 4.5, 5.5])
#: Share of an episode's length that is audible crying, by child action (C5: shutting down
#: is quiet, not calm).
CRY_SHARE = np.array([1.0, 0.3, 0.3, 0.0], dtype=np.float32)
ACTION_CLASS = np.array([st.SOUGHT, st.TRIED, st.TRIED, st.SHUT_DOWN], dtype=np.int8)
PRESENT_NEARBY = st.strategy_code(Strategy.PRESENT_NEARBY)
RESPONSIVE = st.strategy_code(Strategy.RESPONSIVE)
MAX_EPISODES_PER_DAY = 16
#: Log-normal spreads of latency (sd 0.5) and of crying until exhaustion (sd 0.4), by draw.
SPREAD_LATENCY = np.exp(np.float32(0.5) * rng.NORMAL16)
SPREAD_EXHAUST = np.exp(np.float32(0.4) * rng.NORMAL16)
#: Rows of the per-episode draws (``rng.coarse_bits``), by what they decide.
(
    D_TRIGGER,
    D_PEAK,
    D_ATTEMPT,
    D_PRESSURE,
    D_SIGNAL,
    D_LAPSE,
    D_LATENCY,
    D_EXHAUST,
    D_AFTERCARE,
    D_SPECIAL,
    D_SPACING,
    D_OVERRIDE,
    D_CALM,
) = range(13)
#: The rows used as uniforms; the others are looked up in tables by their 16-bit value.
UNIFORM_ROWS = (
    D_TRIGGER,
    D_ATTEMPT,
    D_PRESSURE,
    D_SIGNAL,
    D_LAPSE,
    D_AFTERCARE,
    D_SPECIAL,
    D_SPACING,
    D_OVERRIDE,
    D_CALM,
)

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
    lam = p.episode_rate.at(age_days) * np.maximum(1.0 + cv * c.episode_factor, 0.2)
    u = rng.uniform(c.keys, day, rng.Stream.EPISODE_COUNT)
    out: I64 = np.minimum(np.floor(lam + u), MAX_EPISODES_PER_DAY).astype(np.int64)
    return out


def _child_table(
    p: ModelParams, c: Cohort, s: ChildState, gate: F64, limit: F64, age_days: float
) -> npt.NDArray[np.float32]:
    """Per-child quantities each episode needs, packed so that one gather serves them all."""
    insecure = c.phenotype == INSECURE
    toddler = age_days >= TODDLER_DAYS
    return np.stack(
        [
            limit,
            gate * s.confidence,  # C12: how likely the child is to try its own skills
            s.pressure,  # C17
            0.15 + 0.85 * s.expect_day,  # C6: will it signal?
            c.consistency,
            # C3: security speeds co-regulation; young infants are harder to soothe (C2).
            (0.5 + s.security) * np.where(insecure, 0.6, 1.0) * p.soothability.at(age_days),
            np.maximum(p.rate_self_max * s.skill, 0.02),  # C13
            p.exhaustion_min * (0.5 + s.expect_day),  # C5
            gate,
            # C14: reactive and sensitive children peak higher; C20: insecure ones too.
            0.8 * (c.reactivity - 1.0) + 0.4 * (c.sensitivity - 1.0) + 0.5 * insecure,
            # C20: turning away for reasons other than practice.
            np.select([insecure, (c.phenotype == DEV_DIFF) & toddler], [0.4, 0.5], 0.0),
            np.where(c.phenotype == SENSORY, 0.6, 0.0),
            c.acknowledges,
            c.over_praise,
            np.minimum(c.daycare_hours / 200.0, 0.2) if toddler else np.zeros(c.size),
        ]
    ).astype(np.float32)


(
    C_LIMIT,
    C_TRY,
    C_PRESSURE,
    C_SIGNAL,
    C_CONSISTENCY,
    C_HELP,
    C_SELF,
    C_EXHAUST,
    C_GATE,
    C_PEAK,
    C_SPECIAL,
    C_SENSORY,
    C_ACK,
    C_PRAISE,
    C_AWAY,
) = range(15)


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
    """Every episode of one day. ``gate`` is maturation (C12), ``limit`` the threshold (C13)."""
    n = c.size
    toddler = age_days >= TODDLER_DAYS
    counts = episode_counts(p, c, age_days, day)
    idx = np.repeat(np.arange(n), counts)
    slot = np.arange(idx.size) - np.repeat(np.cumsum(counts) - counts, counts)
    b = rng.coarse_bits(c.keys.take(idx), day, rng.Stream.EPISODE, slot, hashes=4)
    u = {row: rng.uniform_from_bits(b[row]) for row in UNIFORM_ROWS}
    k = np.take(_child_table(p, c, s, gate, limit, age_days), idx, axis=1)

    # C1: what set it off, by age; C20: sensory overload brings more overstimulation; C14:
    # day care brings separations.
    w = min(age_days / 730.0, 1.0)
    cdf = np.cumsum((1 - w) * TRIGGERS_INFANT + w * TRIGGERS_TODDLER)
    # The index of the first cdf edge at or above the draw, counted edge by edge: with
    # eight triggers this measured ten times faster than searchsorted.
    x = u[D_TRIGGER] * cdf[-1]
    trigger = np.zeros(idx.size, np.int8)
    for edge in cdf[:-1]:
        trigger += x > edge
    trigger[u[D_OVERRIDE] < 0.25 * k[C_SENSORY]] = OVERSTIM
    trigger[u[D_OVERRIDE] > 1.0 - k[C_AWAY]] = SEPARATION
    overstim = trigger == OVERSTIM
    peak = (
        PEAK_BY_TRIGGER.astype(np.float32).take(trigger)
        + k[C_PEAK]
        + 0.8 * overstim * k[C_SENSORY]
        + 1.3 * rng.NORMAL16.take(b[D_PEAK])
    )
    peak = np.clip(peak, 0.5, 10.0)

    # C12, C13, C17: try own skills when the gate is open and distress is low enough, or,
    # under pressure from heavy praise, even when not ready.
    lim = k[C_LIMIT]
    attempt = (u[D_ATTEMPT] < k[C_TRY]) & ((peak <= lim) | (u[D_PRESSURE] < k[C_PRESSURE]))
    # C1, C6: the child signals when aroused enough and when it has learned that someone comes.
    signals = u[D_SIGNAL] < k[C_SIGNAL] * np.minimum(0.4 + 0.1 * peak, 1.0)
    action = np.where(
        attempt, TURNED_AWAY if toddler else COMFORT, np.where(signals, SOUGHT, SHUT_DOWN)
    ).astype(np.int8)
    # C11, C20: turning away for other reasons than practice; an infant arching away is
    # more likely in pain.
    special_p = np.maximum(k[C_SPECIAL], overstim * k[C_SENSORY])
    if not toddler:
        special_p = np.maximum(special_p, 0.3 * (trigger == HURT))
    action[(u[D_SPECIAL] < special_p) & ~attempt] = TURNED_AWAY
    tried = (action == TURNED_AWAY) | (action == COMFORT)

    # Caregiver response, with lapses (consistency) — C15.
    cls = ACTION_CLASS.take(action)
    strat = strategy.take(idx)
    if not toddler:
        # Seed 000: the present-but-not-pushy middle ground is for toddlers and older; a baby
        # who seeks comfort is picked up.
        strat = np.where(strat == PRESENT_NEARBY, RESPONSIVE, strat).astype(np.int8)
    response = st.DAY_POLICY.take(strat.astype(np.intp) * st.DAY_POLICY.shape[1] + cls)
    lapse = u[D_LAPSE] > k[C_CONSISTENCY]
    response = np.where(lapse, st.LAPSE_POLICY.take(strat), response)

    forced = (response == st.INSISTED) & tried
    added = np.array([0.0, 0.0, 0.0, 0.0, 0.0, p.dismiss_added, p.walk_away_added], np.float32)
    eff = np.minimum(peak + added.take(response) + p.forced_added * forced, 10.0)
    helped = st.HELPS.take(response)
    can_alone = eff <= lim
    calm_alone = can_alone & (attempt | (~helped & (k[C_GATE] > 0.5))) & ~forced

    # Arousal falls exponentially; contact is fastest (C2), presence helps too (C4).
    rates = np.array(
        [p.rate_held, p.rate_present, p.rate_check, 0.0, p.rate_held, 0.0, 0.0], np.float32
    )
    r_help = np.where(forced, np.float32(p.rate_present), rates.take(response)) * k[C_HELP]
    r_self = k[C_SELF] + 0.5 * p.rate_present * (response == st.PRESENT)
    log_ratio = np.log(np.maximum(eff, p.calm_level + 0.01) * (1.0 / p.calm_level))
    latency = st.LATENCY_MIN.astype(np.float32).take(response) * SPREAD_LATENCY.take(b[D_LATENCY])
    t_help = np.nan_to_num(latency) + 5.0 * tried + log_ratio / np.maximum(r_help, 1e-6)
    exhaust = k[C_EXHAUST] * SPREAD_EXHAUST.take(b[D_EXHAUST])
    if p.switches.suppression_learning:
        exhaust *= np.where(response == st.DISMISSED, np.float32(0.4), np.float32(1.0))

    outcome = np.where(calm_alone, ALONE, np.where(helped, WITH_HELP, NOT_CALMED)).astype(np.int8)
    not_calmed = outcome == NOT_CALMED
    minutes = np.minimum(np.where(calm_alone, log_ratio / r_self, t_help), 240.0)
    duration = np.where(not_calmed, exhaust, minutes)
    minutes[not_calmed] = np.nan
    residual = p.residual_fraction * eff if p.switches.residual_arousal else p.calm_level
    arousal_after = np.where(not_calmed, residual, p.calm_level * (0.7 + 0.3 * u[D_CALM]))

    # C16, C17: what comes after.
    aftercare = np.full(idx.size, NOTHING, dtype=np.int8)
    aftercare[outcome == WITH_HELP] = COMFORTED
    alone = calm_alone & helped
    aftercare[alone & (u[D_AFTERCARE] < k[C_PRAISE] + k[C_ACK])] = ACKNOWLEDGED
    aftercare[alone & (u[D_AFTERCARE] < k[C_PRAISE])] = PRAISED

    batch = EpisodeBatch(
        idx=idx,
        slot=slot,
        start_frac=(slot + u[D_SPACING]) / counts.take(idx),
        trigger=trigger,
        peak=peak,
        action=action,
        response=response,
        latency_min=latency,
        outcome=outcome,
        minutes_to_calm=minutes,
        cry_min=duration * CRY_SHARE.take(action),
        aftercare=aftercare,
        arousal_after=arousal_after,
    )
    signalled = action == SOUGHT
    sums = per_child_sums(
        idx,
        n,
        [
            st.ANSWER_WEIGHT.take(response),
            st.UNANSWER_WEIGHT.take(response) * (~calm_alone | (response == st.WALKED)),
            signalled,
            signalled & helped,
            k[C_GATE] * np.where(calm_alone, 1.0, 0.3 * (tried & ~forced)),
            forced,
            aftercare == ACKNOWLEDGED,
            aftercare == PRAISED,
        ],
    )
    return batch, DayLearning(*sums)


def per_child_sums(idx: I64, n: int, columns: list[npt.NDArray[np.generic]]) -> list[F64]:
    """Sum each column over each child's rows (``bincount`` measured fastest here)."""
    return [np.bincount(idx, weights=col, minlength=n).astype(np.float64) for col in columns]
