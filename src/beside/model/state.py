"""The latent state of each child's regulation system, carried from day to day."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from beside.model.params import ModelParams
from beside.records.enums import PHENOTYPES, Phenotype

F64 = npt.NDArray[np.float64]
INSECURE = PHENOTYPES.index(Phenotype.INSECURE_ATTACHMENT)


@dataclass
class ChildState:
    """Shape ``(n,)``; all in [0, 1] but ``carry``.

    skill        self-soothing skill (C12, C13, C19)
    security     attachment security, felt safety (C3, C7)
    expect_day   learned expectation that a signal by day is answered (C6)
    expect_night the same at night (C10)
    confidence   the child's trust in its own ability to calm (C15, C16, C17)
    pressure     felt pressure to self-soothe even when not ready (C17)
    carry        arousal left unresolved and carried into the next day (C5)
    """

    skill: F64
    security: F64
    expect_day: F64
    expect_night: F64
    confidence: F64
    pressure: F64
    carry: F64

    @classmethod
    def newborn(cls, p: ModelParams, phenotype: npt.NDArray[np.int8]) -> ChildState:
        n = phenotype.size
        security = np.where(phenotype == INSECURE, p.insecure_security_newborn, p.security_newborn)
        return cls(
            skill=np.zeros(n),
            security=security,
            expect_day=np.full(n, p.expect_newborn),
            expect_night=np.full(n, p.expect_newborn),
            confidence=np.full(n, p.confidence_newborn),
            pressure=np.zeros(n),
            carry=np.zeros(n),
        )
