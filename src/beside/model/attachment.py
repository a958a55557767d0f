"""Security, expectation, confidence, pressure and carried arousal: what the child learns.

Implements C3 (answered distress builds security), C4 (presence counts as an answer),
C5 (arousal left after crying alone carries into the next day), C6 and C10 (unanswered
signals teach the child to stop signalling), C7 (repair: the gain from answered distress
does not depend on past ruptures), C15, C16 and C17. Each update is a daily step from the
day's sums; every rate is a parameter (``params``).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from beside.model.params import ModelParams

F64 = npt.NDArray[np.float64]


def _share(rate: float, count: F64) -> F64:
    """The share moved after ``count`` independent steps of ``rate`` each."""
    out: F64 = 1.0 - np.exp(count * np.log1p(-rate))
    return out


def update_security(p: ModelParams, security: F64, answered: F64, unanswered: F64) -> F64:
    """C3, C7: security moves up with answered distress and down with unanswered."""
    if not p.switches.attachment_from_responses:
        return security
    up = _share(p.security_up, answered)
    down = _share(p.security_down, unanswered)
    out: F64 = np.clip(security + (1.0 - security) * up - security * down, 0.0, 1.0)
    return out


def update_expectation(p: ModelParams, expect: F64, signals: F64, answered_signals: F64) -> F64:
    """Move towards the share of signals answered today, faster the more signals (C6, C10)."""
    if not p.switches.suppression_learning:
        return expect
    share = np.divide(answered_signals, signals, out=np.ones_like(signals), where=signals > 0)
    out: F64 = expect + _share(p.expectation_rate, signals) * (share - expect)
    return out


def update_confidence(
    p: ModelParams, confidence: F64, forced: F64, acknowledged: F64, failed: F64
) -> F64:
    """Forced comfort (C15) and attempts that fail (C17) lower self-trust; acknowledging the
    effort raises it (C16)."""
    gain = _share(p.confidence_gain, acknowledged)
    kept = (1.0 - _share(p.confidence_drop, forced)) * (1.0 - _share(p.failed_try_drop, failed))
    out: F64 = np.clip(
        confidence + (1.0 - confidence) * gain - confidence * (1.0 - kept),
        p.confidence_floor,
        1.0,
    )
    return out


def update_pressure(p: ModelParams, pressure: F64, praised: F64, acknowledged: F64) -> F64:
    """Heavy praise builds pressure to self-soothe (C17); a calm acknowledgement that help is
    always there lets it fade (C16)."""
    raised = pressure + (1.0 - pressure) * _share(p.pressure_gain, praised)
    out: F64 = raised * (1.0 - p.pressure_decay) * (1.0 - _share(p.pressure_relief, acknowledged))
    return out


def update_carry(p: ModelParams, carry: F64, left_over: F64) -> F64:
    """C5: arousal left when crying stopped without calm carries into the next day.

    ``left_over`` is the day's sum of arousal above calm at the end of episodes and wakings
    that ended without calm. With ``residual_arousal`` off it is zero (a quiet child is calm).
    """
    out: F64 = carry * (1.0 - p.carry_decay) + p.carry_gain * left_over
    return out
