"""What a parent would write down of a simulated episode: the model's run, seen from outside.

A journal knows when an upset began and when it ended, not the arousal underneath (C5): an
episode ends at calm, or, for a child who never calmed, when the crying stopped; a child who
shut down without a sound has no end anyone saw, and its ``end`` is left unrecorded.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from beside.records.enums import OUTCOMES, Outcome
from beside.records.tables import NO_TIME

NOT_CALMED = OUTCOMES.index(Outcome.NOT_CALMED)


def episode_end_s(
    start_s: npt.NDArray[np.int64],
    outcome: npt.NDArray[np.int8],
    minutes_to_calm: npt.NDArray[np.floating],
    fuss_cry_min: npt.NDArray[np.floating],
) -> npt.NDArray[np.int64]:
    """End times in seconds (at least a second after the start), ``NO_TIME`` where unseen."""
    calmed = outcome != NOT_CALMED
    length = np.where(calmed, minutes_to_calm, fuss_cry_min)
    seen = calmed | (fuss_cry_min > 0)
    step = np.maximum(np.ceil(np.nan_to_num(length) * 60.0), 1.0).astype(np.int64)
    out: npt.NDArray[np.int64] = np.where(seen, start_s + step, NO_TIME)
    return out
