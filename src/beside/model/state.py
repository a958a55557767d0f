"""The latent state of each child's regulation system, carried from day to day."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from beside.records.enums import PHENOTYPES, Phenotype

F64 = npt.NDArray[np.float64]
INSECURE = PHENOTYPES.index(Phenotype.INSECURE_ATTACHMENT)


@dataclass
class ChildState:
    """All values in [0, 1]. Shape ``(n,)``.

    skill        self-soothing skill (C12, C13, C19)
    security     attachment security, felt safety (C3, C7)
    expect_day   learned expectation that a signal by day is answered (C6)
    expect_night the same at night (C10)
    confidence   the child's trust in its own ability to calm (C15, C16)
    pressure     felt pressure to self-soothe even when not ready (C17)
    """

    skill: F64
    security: F64
    expect_day: F64
    expect_night: F64
    confidence: F64
    pressure: F64

    @classmethod
    def newborn(cls, phenotype: npt.NDArray[np.int8]) -> ChildState:
        n = phenotype.size
        security = np.where(phenotype == INSECURE, 0.2, 0.5)
        return cls(
            skill=np.zeros(n),
            security=security,
            expect_day=np.full(n, 0.9),
            expect_night=np.full(n, 0.9),
            confidence=np.full(n, 0.7),
            pressure=np.zeros(n),
        )
