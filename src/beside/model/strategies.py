"""Caregiver strategies as policy tables: what the caregiver does, by day and by night.

Rows follow ``STRATEGIES`` order. Day columns are the child's action class (sought help,
tried on its own, shut down). Sleep methods (graduated extinction, extinction, camping out)
are night methods: by day those caregivers answer distress as responsive ones do. A real
caregiver is not perfectly consistent: with probability ``1 - consistency`` the *lapse*
response is used instead (C15 applies to a tired parent's lapses too).
"""

from __future__ import annotations

import numpy as np

from beside.records.enums import STRATEGIES, CaregiverResponse, Strategy

R = CaregiverResponse
_CODE = {r: i for i, r in enumerate(CaregiverResponse)}

SOUGHT, TRIED, SHUT_DOWN = 0, 1, 2

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

_LAPSE: dict[Strategy, R] = {
    Strategy.RESPONSIVE: R.DISMISSED,
    Strategy.PRESENT_NEARBY: R.DISMISSED,
    Strategy.GRADUATED_EXTINCTION: R.HELD,
    Strategy.EXTINCTION: R.HELD,
    Strategy.CAMPING_OUT: R.HELD,
    Strategy.DISMISSIVE: R.HELD,
    Strategy.FORCED_COMFORT: R.STAYED_PRESENT,
    Strategy.WALK_AWAY: R.HELD,
}

DAY_POLICY = np.array([[_CODE[r] for r in _DAY[s]] for s in STRATEGIES], dtype=np.int8)
NIGHT_POLICY = np.array([_CODE[_NIGHT[s]] for s in STRATEGIES], dtype=np.int8)
LAPSE_POLICY = np.array([_CODE[_LAPSE[s]] for s in STRATEGIES], dtype=np.int8)

# Per response code: how much the response helps, answers, and what it adds (C2, C4, C15, C6).
HELD, PRESENT, CHECKED, LEFT, INSISTED, DISMISSED, WALKED = (_CODE[r] for r in CaregiverResponse)
ANSWER_WEIGHT = np.array([1.0, 1.0, 0.5, 0.0, 0.5, 0.0, 0.0])
UNANSWER_WEIGHT = np.array([0.0, 0.0, 0.0, 1.0, 0.0, 1.0, 1.5])
HELPS = ANSWER_WEIGHT > 0
#: Typical minutes until the response begins; NaN where nobody comes.
LATENCY_MIN = np.array([1.0, 0.5, 3.0, np.nan, 0.5, 1.0, 1.0])

#: The default cohort's caregivers: a realistic mix (modelling assumption, stated in docs).
TYPICAL_MIX: dict[Strategy, float] = {
    Strategy.RESPONSIVE: 0.35,
    Strategy.PRESENT_NEARBY: 0.20,
    Strategy.GRADUATED_EXTINCTION: 0.12,
    Strategy.CAMPING_OUT: 0.08,
    Strategy.EXTINCTION: 0.05,
    Strategy.DISMISSIVE: 0.12,
    Strategy.FORCED_COMFORT: 0.04,
    Strategy.WALK_AWAY: 0.04,
}
SLEEP_METHODS = (Strategy.GRADUATED_EXTINCTION, Strategy.CAMPING_OUT, Strategy.EXTINCTION)


def strategy_code(strategy: Strategy) -> int:
    return STRATEGIES.index(strategy)
