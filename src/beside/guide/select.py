"""Which pieces of guidance fit this child and this moment.

Selection is by the child's age and the situation the parent is in (DESIGN.md's guidance
for the moment and afterwards); corrected age for a preterm child is the caller's to pass.
"""

from __future__ import annotations

from beside.errors import ConfigError
from beside.guide.content import MOMENTS, SITUATIONS, Guidance, Piece, shipped

DAYS_PER_MONTH = 30.44


def pick(
    age_days: float,
    situation: str,
    *,
    moment: str | None = None,
    guidance: Guidance | None = None,
) -> list[Piece]:
    """The pieces for a child of ``age_days`` in ``situation`` (and ``moment``, if given),
    in the file's order, which is the order a coach wants them read."""
    if age_days < 0:
        raise ConfigError("age_days must be 0 or more", field="age_days")
    if situation not in SITUATIONS:
        raise ConfigError(f"situation must be one of {', '.join(SITUATIONS)}", field="situation")
    if moment is not None and moment not in MOMENTS:
        raise ConfigError(f"moment must be one of {', '.join(MOMENTS)}", field="moment")
    g = guidance if guidance is not None else shipped()
    months = age_days / DAYS_PER_MONTH
    return [
        p
        for p in g.pieces
        if p.situation == situation and p.fits(months) and moment in (None, p.moment)
    ]
