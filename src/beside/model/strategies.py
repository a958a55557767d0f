"""Caregiver strategies as policy tables: what the caregiver does, by day and by night.

Rows follow ``STRATEGIES`` order. Day columns are the child's action class (sought help,
tried on its own, shut down). Sleep methods (graduated extinction, extinction, camping out)
are night methods: by day those caregivers answer distress as responsive ones do. A real
caregiver is not perfectly consistent: with probability ``1 - consistency`` the answer
*lapses*, and a lapse means the same for every family: the answer comes late, or nobody
comes (``params.lapse_missed_share``). Which way a family's lapses fall is not decided by
its method (C15 applies to a tired parent's lapses too).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from beside.model.params import ModelParams
from beside.records.enums import (
    SLEEP_METHODS,
    STRATEGIES,
    CaregiverResponse,
    SleepMethod,
    Strategy,
)

R = CaregiverResponse
_CODE = {r: i for i, r in enumerate(CaregiverResponse)}

SOUGHT, TRIED, SHUT_DOWN = range(3)

_DAY: dict[Strategy, tuple[R, R, R]] = {
    Strategy.RESPONSIVE: (R.HELD, R.STAYED_PRESENT, R.HELD),
    Strategy.PRESENT_NEARBY: (R.STAYED_PRESENT, R.STAYED_PRESENT, R.STAYED_PRESENT),
    Strategy.GRADUATED_EXTINCTION: (R.HELD, R.STAYED_PRESENT, R.HELD),
    Strategy.EXTINCTION: (R.HELD, R.STAYED_PRESENT, R.HELD),
    Strategy.CAMPING_OUT: (R.HELD, R.STAYED_PRESENT, R.HELD),
    Strategy.DISMISSIVE: (R.DISMISSED, R.DISMISSED, R.DISMISSED),
    Strategy.FORCED_COMFORT: (R.INSISTED_COMFORT, R.INSISTED_COMFORT, R.INSISTED_COMFORT),
    Strategy.WALK_AWAY: (R.WALKED_AWAY, R.WALKED_AWAY, R.WALKED_AWAY),
}

_NIGHT: dict[Strategy, R] = {
    Strategy.RESPONSIVE: R.HELD,
    Strategy.PRESENT_NEARBY: R.STAYED_PRESENT,
    Strategy.GRADUATED_EXTINCTION: R.CHECKED_IN,
    Strategy.EXTINCTION: R.LEFT_ALONE,
    Strategy.CAMPING_OUT: R.STAYED_PRESENT,
    Strategy.DISMISSIVE: R.DISMISSED,
    Strategy.FORCED_COMFORT: R.HELD,
    Strategy.WALK_AWAY: R.WALKED_AWAY,
}

DAY_POLICY = np.array([[_CODE[r] for r in _DAY[s]] for s in STRATEGIES], dtype=np.int8)
NIGHT_POLICY = np.array([_CODE[_NIGHT[s]] for s in STRATEGIES], dtype=np.int8)

HELD, PRESENT, CHECKED, LEFT, INSISTED, DISMISSED, WALKED = (
    _CODE[r] for r in CaregiverResponse if r != CaregiverResponse.NOT_RECORDED
)
#: Responses that bring co-regulation (C2, C4); the others leave the child to itself.
HELPS = np.array([True, True, True, False, True, False, False])
F64 = npt.NDArray[np.float64]


def answer_weights(p: ModelParams) -> F64:
    """How much each response counts as an answer (C3, C4: presence counts fully)."""
    return np.array([1.0, p.presence_answer, p.checkin_answer, 0.0, p.insisted_answer, 0.0, 0.0])


def unanswer_weights(p: ModelParams) -> F64:
    """How much each response counts as distress left unanswered (C3, C15).

    A brief check answers part of the distress and leaves the rest unanswered; insisted
    comfort is an answer, if a poor one, and costs self-trust instead (C15)."""
    return np.array(
        [0.0, 1.0 - p.presence_answer, 1.0 - p.checkin_answer, 1.0, 0.0, 1.0, p.walked_unanswered]
    )


def day_latency_min(p: ModelParams) -> F64:
    """Typical minutes until the response begins, by response; NaN where nobody comes."""
    other = p.latency_other_min
    return np.array(
        [
            p.latency_held_min,
            p.latency_present_min,
            p.latency_check_min,
            np.nan,
            other,
            other,
            other,
        ]
    )


def night_latency_min(p: ModelParams) -> F64:
    n = p.night_latency_min
    return np.array([n, n, p.night_check_latency_min, np.nan, n, n, n])


def strategy_code(strategy: Strategy) -> int:
    return STRATEGIES.index(strategy)


_SLEEP_METHOD: dict[Strategy, SleepMethod] = {
    Strategy.RESPONSIVE: SleepMethod.RESPONSIVE_SETTLING,
    Strategy.PRESENT_NEARBY: SleepMethod.RESPONSIVE_SETTLING,
    Strategy.GRADUATED_EXTINCTION: SleepMethod.GRADUATED_EXTINCTION,
    Strategy.EXTINCTION: SleepMethod.EXTINCTION,
    Strategy.CAMPING_OUT: SleepMethod.GRADUAL_RETREAT,
    Strategy.DISMISSIVE: SleepMethod.NONE,
    Strategy.FORCED_COMFORT: SleepMethod.NONE,
    Strategy.WALK_AWAY: SleepMethod.NONE,
}
#: The sleep method a family on each strategy would write in its journal (DESIGN.md: Night);
#: the strategies that are not a sleep method are ``none``.
SLEEP_METHOD = np.array([SLEEP_METHODS.index(_SLEEP_METHOD[s]) for s in STRATEGIES], dtype=np.int8)
