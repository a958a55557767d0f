"""Security, expectation, confidence and pressure: what the child learns from responses.

Implements C3 (answered distress builds security), C4 (presence counts as an answer),
C6 and C10 (unanswered signals teach the child to stop signalling), C7 (repair: the gain
from answered distress does not depend on past ruptures), C15, C16 and C17.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from beside.model.params import ModelParams

F64 = npt.NDArray[np.float64]


def update_security(p: ModelParams, security: F64, answered: F64, unanswered: F64) -> F64:
    """C3, C7: weights per response come from ``strategies.ANSWER_WEIGHT`` (C4: presence is 1)."""
    if not p.switches.attachment_from_responses:
        return security
    up = 1.0 - np.exp(-p.security_up * answered)
    down = 1.0 - np.exp(-p.security_down * unanswered)
    out: F64 = np.clip(security + (1.0 - security) * up - security * down, 0.0, 1.0)
    return out


def update_expectation(p: ModelParams, expect: F64, signals: F64, answered_signals: F64) -> F64:
    """Move towards the share of signals answered today, faster the more signals (C6, C10)."""
    if not p.switches.suppression_learning:
        return expect
    rate = 1.0 - np.exp(signals * np.log1p(-p.expectation_rate))
    share = np.divide(answered_signals, signals, out=np.ones_like(signals), where=signals > 0)
    out: F64 = expect + rate * (share - expect)
    return out


def update_confidence(p: ModelParams, confidence: F64, forced: F64, acknowledged: F64) -> F64:
    """Forced comfort lowers self-trust (C15); acknowledging the effort raises it (C16)."""
    gain = 1.0 - np.exp(acknowledged * np.log1p(-p.confidence_gain))
    loss = 1.0 - np.exp(forced * np.log1p(-p.confidence_drop))
    out: F64 = np.clip(confidence + (1.0 - confidence) * gain - confidence * loss, 0.05, 1.0)
    return out


def update_pressure(p: ModelParams, pressure: F64, praised: F64, acknowledged: F64) -> F64:
    """Heavy praise builds pressure to self-soothe (C17); a calm acknowledgement that help is
    always there lets it fade (C16)."""
    raised = pressure + (1.0 - pressure) * (1.0 - np.exp(praised * np.log1p(-p.pressure_gain)))
    out: F64 = raised * (1.0 - p.pressure_decay) * np.exp(acknowledged * np.log(0.9))
    return out
