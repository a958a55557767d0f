"""One day's distress episodes, episode by episode, compiled with numba.

``distress.simulate_episodes`` draws the numbers and gathers each child's quantities; this
loop applies the rules to each episode in turn. As NumPy array expressions the same rules
took about eighty whole-array passes a day, each paying NumPy's call cost and a temporary
array, and were a third of the engine's time (benchmarks/RESULTS.md). Every number comes
in through ``EpisodeRules`` or a table, from ``model/params.py``; the loop-based reference
(``model/reference.py``) states the same rules again, in plain Python, from the parameters.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import numba
import numpy as np
import numpy.typing as npt

from beside.records.enums import Aftercare, ChildAction, Outcome

# Codes in the order of the records' enums (distress.py takes them from here).
# (``NOT_RECORDED``, last in each, is never simulated.)
_A, _O, _C = list(ChildAction), list(Outcome), list(Aftercare)
SOUGHT, TURNED_AWAY, COMFORT, SHUT_DOWN = (
    _A.index(a)
    for a in (
        ChildAction.SOUGHT_CAREGIVER,
        ChildAction.TURNED_AWAY,
        ChildAction.COMFORT_STRATEGY,
        ChildAction.SHUT_DOWN,
    )
)
ALONE, WITH_HELP, NOT_CALMED = (
    _O.index(o) for o in (Outcome.CALMED_ALONE, Outcome.CALMED_WITH_HELP, Outcome.NOT_CALMED)
)
COMFORTED, ACKNOWLEDGED, PRAISED, NOTHING = (
    _C.index(a)
    for a in (
        Aftercare.COMFORTED,
        Aftercare.ACKNOWLEDGED,
        Aftercare.PRAISED_HEAVILY,
        Aftercare.NOTHING,
    )
)
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
    D_SUCCESS,
    D_SAFE,
) = range(15)
#: Rows of the per-child table ``distress._child_table`` packs, by what they hold.
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
    C_UPTAKE,
) = range(16)
#: Rows of ``out_f`` and ``out_i`` in ``day_episodes``.
FLOAT_OUTPUTS = ("peak", "latency_min", "minutes_to_calm", "cry_min", "arousal_after", "start")
INT_OUTPUTS = ("trigger", "action", "response", "outcome", "aftercare")


class EpisodeRules(NamedTuple):
    """The scalars the episode rules read (their meaning, unit and source: params.py)."""

    toddler: bool
    young_for_middle_ground: bool
    present_nearby: int
    responsive: int
    overstim: int
    separation: int
    hurt: int
    left: int
    insisted: int
    present: int
    dismissed: int
    walked: int
    distress_max: float
    sensory_overstimulation: float
    sensory_peak: float
    peak_sd: float
    threshold_softness: float
    signal_at_zero: float
    signal_per_distress: float
    sensory_turn_away: float
    infant_hurt_arch: float
    lapse_missed_share: float
    forced_added: float
    safe_base_gain: float
    present_practice: float
    rate_present: float
    present_self_boost: float
    calm_level: float
    lapse_delay: float
    tried_first_min: float
    dismissed_shorter: float
    max_episode_min: float
    residual_on: bool
    residual_fraction: float
    calm_spread: float


class EpisodeTables(NamedTuple):
    """Per-trigger, per-response and per-action lookups, and the 16-bit draw tables."""

    cdf_edges: npt.NDArray[np.float64]
    peak_by_trigger: npt.NDArray[np.float64]
    action_class: npt.NDArray[np.int8]
    day_policy: npt.NDArray[np.int8]
    added: npt.NDArray[np.float64]
    helps: npt.NDArray[np.bool_]
    rates: npt.NDArray[np.float64]
    day_latency: npt.NDArray[np.float64]
    answer_w: npt.NDArray[np.float64]
    unanswer_w: npt.NDArray[np.float64]
    cry_share: npt.NDArray[np.float64]
    normal16: npt.NDArray[np.float32]
    latency_spread: npt.NDArray[np.float32]
    exhaust_spread: npt.NDArray[np.float32]


def _uniform(bits: Any) -> float:
    """A 16-bit draw as a uniform on (0, 1), as ``rng.uniform_from_bits`` makes it."""
    return (float(bits) + 0.5) * (1.0 / 65536.0)


def _logistic(limit: float, distress: float, softness: float) -> float:
    """C13: self-soothing succeeds less and less as distress rises past the child's
    threshold: a logistic fall, not a wall, so that practice at moderate distress is
    possible for every child and skill can grow from zero (C12)."""
    return 1.0 / (1.0 + math.exp((distress - limit) * (1.0 / softness)))


def _lapse(u: float, consistency: float, missed_share: float) -> tuple[bool, bool]:
    """Whether an answer lapses, and whether a lapse is missed rather than late (C15).

    The same draw serves both: given a lapse, its position above the consistency is
    uniform, so a lapse is *missed* when it lies in the lower ``missed_share`` of the gap."""
    lapse = u > consistency
    return lapse, lapse and u - consistency < missed_share * (1.0 - consistency)


_uniform_c = numba.njit(cache=True, inline="always")(_uniform)
_logistic_c = numba.njit(cache=True, inline="always")(_logistic)
_lapse_c = numba.njit(cache=True, inline="always")(_lapse)


def _day_episodes(
    idx: Any,
    slot: Any,
    counts: Any,
    bits: Any,
    kc: Any,
    strategy: Any,
    q: EpisodeRules,
    t: EpisodeTables,
    out_f: Any,
    out_i: Any,
    sums: Any,
) -> None:
    """The rules of ``distress.simulate_episodes``, applied to one episode at a time.

    ``bits`` holds the draws by ``D_*`` row, ``kc`` each child's quantities by ``C_*`` row;
    ``out_f`` receives peak, latency, minutes to
    calm, crying, arousal after and start fraction, ``out_i`` trigger, action, response,
    outcome and aftercare, and ``sums`` each child's ``DayLearning`` columns.
    """
    for e in range(idx.size):
        i = idx[e]
        # C1: what set it off, by age; C20: sensory overload brings overstimulation; C14:
        # day care brings separations.
        x = _uniform_c(bits[D_TRIGGER, e])
        trigger = 0
        for edge in t.cdf_edges:
            trigger += x > edge
        sensory = kc[C_SENSORY, i]
        over = _uniform_c(bits[D_OVERRIDE, e])
        if over < q.sensory_overstimulation * sensory:
            trigger = q.overstim
        if over > 1.0 - kc[C_AWAY, i]:
            trigger = q.separation
        overstim = trigger == q.overstim
        peak = (
            t.peak_by_trigger[trigger]
            + kc[C_PEAK, i]
            + q.sensory_peak * overstim * sensory
            + q.peak_sd * t.normal16[bits[D_PEAK, e]]
        )
        peak = min(max(peak, 0.0), q.distress_max)

        # C12, C13, C17: try own skills when the gate is open, the more readily the lower
        # the distress; under pressure from heavy praise, even when not ready.
        limit = kc[C_LIMIT, i]
        ready = _logistic_c(limit, peak, q.threshold_softness)
        attempt = _uniform_c(bits[D_ATTEMPT, e]) < kc[C_TRY, i] * (
            ready + (1.0 - ready) * kc[C_PRESSURE, i]
        )
        # C1, C6: the child signals when aroused enough and when it has learned that
        # someone comes.
        arousal_signal = min(q.signal_at_zero + q.signal_per_distress * peak, 1.0)
        signals = _uniform_c(bits[D_SIGNAL, e]) < kc[C_SIGNAL, i] * arousal_signal
        if attempt:
            action = TURNED_AWAY if q.toddler else COMFORT
        else:
            action = SOUGHT if signals else SHUT_DOWN
        # C11, C20: turning away for other reasons than practice (it teaches nothing); an
        # infant arching away is more likely in pain.
        special = max(kc[C_SPECIAL, i], q.sensory_turn_away * overstim * sensory)
        if not q.toddler and trigger == q.hurt:
            special = max(special, q.infant_hurt_arch)
        avoid = not attempt and _uniform_c(bits[D_SPECIAL, e]) < special
        if avoid:
            action = TURNED_AWAY
        tried = attempt or avoid

        # Caregiver response, with lapses late or missed (C15); a baby who seeks comfort is
        # picked up (the middle ground is for toddlers, seed 000).
        strat = strategy[i]
        if q.young_for_middle_ground and strat == q.present_nearby:
            strat = q.responsive
        response = t.day_policy[strat, t.action_class[action]]
        lapse, missed = _lapse_c(
            _uniform_c(bits[D_LAPSE, e]), kc[C_CONSISTENCY, i], q.lapse_missed_share
        )
        if missed:
            response = q.left

        forced = response == q.insisted and tried
        eff = min(peak + t.added[response] + q.forced_added * forced, q.distress_max)
        helped = t.helps[response]
        present = response == q.present

        # C13, C15: an attempt succeeds by a graded chance; a present caregiver is a safe
        # base, and a child who came to one may still find its own way.
        chance = _logistic_c(limit + q.safe_base_gain * present, eff, q.threshold_softness)
        success = _uniform_c(bits[D_SUCCESS, e]) < chance
        safe_try = (
            present
            and not tried
            and _uniform_c(bits[D_SAFE, e]) < q.present_practice * kc[C_TRY, i] * chance
        )
        calm_alone = (attempt and success) or safe_try
        failed = attempt and not success

        # Arousal falls exponentially; contact is fastest (C2), presence helps too (C4).
        r_help = (q.rate_present if forced else t.rates[response]) * kc[C_HELP, i]
        r_self = kc[C_SELF, i] + q.present_self_boost * q.rate_present * present
        log_ratio = math.log(max(eff, q.calm_level + 0.01) * (1.0 / q.calm_level))
        latency = t.day_latency[response] * t.latency_spread[bits[D_LATENCY, e]]
        if lapse and not missed:
            latency *= q.lapse_delay
        waited = 0.0 if math.isnan(latency) else latency
        t_help = waited + q.tried_first_min * tried + log_ratio / max(r_help, 1e-6)
        exhaust = kc[C_EXHAUST, i] * t.exhaust_spread[bits[D_EXHAUST, e]]
        if response == q.dismissed:
            exhaust *= q.dismissed_shorter  # C6: a child told to stop falls silent sooner

        if calm_alone:
            outcome = ALONE
        elif helped:
            outcome = WITH_HELP
        else:
            outcome = NOT_CALMED
        not_calmed = outcome == NOT_CALMED
        minutes = min(log_ratio / r_self if calm_alone else t_help, q.max_episode_min)
        duration = exhaust if not_calmed else minutes
        # C5: crying alone stops, but arousal can stay high after it stops.
        if not_calmed:
            minutes = math.nan
            after = q.residual_fraction * eff if q.residual_on else q.calm_level
        else:
            after = q.calm_level * (1.0 - q.calm_spread * _uniform_c(bits[D_CALM, e]))

        # C16, C17: what comes after.
        aftercare = COMFORTED if outcome == WITH_HELP else NOTHING
        if calm_alone and helped:
            u_after = _uniform_c(bits[D_AFTERCARE, e])
            if u_after < kc[C_PRAISE, i]:
                aftercare = PRAISED
            elif u_after < kc[C_PRAISE, i] + kc[C_ACK, i]:
                aftercare = ACKNOWLEDGED

        out_f[0, e] = peak
        out_f[1, e] = latency
        out_f[2, e] = minutes
        out_f[3, e] = duration * t.cry_share[action]
        out_f[4, e] = after
        out_f[5, e] = (slot[e] + _uniform_c(bits[D_SPACING, e])) / counts[i]
        out_i[0, e] = trigger
        out_i[1, e] = action
        out_i[2, e] = response
        out_i[3, e] = outcome
        out_i[4, e] = aftercare

        # C3, C15: dismissal and walking away count as unanswered even if the child calms
        # alone; other unanswered distress only when the child did not calm on its own.
        rupture = response == q.dismissed or response == q.walked
        signalled = action == SOUGHT
        sums[0, i] += t.answer_w[response] * kc[C_UPTAKE, i]
        sums[1, i] += t.unanswer_w[response] * (not calm_alone or rupture)
        sums[2, i] += signalled
        sums[3, i] += signalled and helped
        sums[4, i] += kc[C_GATE, i] * calm_alone
        sums[5, i] += forced
        sums[6, i] += aftercare == ACKNOWLEDGED
        sums[7, i] += aftercare == PRAISED
        sums[8, i] += failed
        sums[9, i] += max(after - q.calm_level, 0.0) * not_calmed


day_episodes = numba.njit(cache=True, nogil=True)(_day_episodes)
