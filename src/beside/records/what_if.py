"""What a parent asks the what-if (issue 12, item 5): two or three ways of answering the
child, and how many months ahead. Checked here, once, like every other input."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from beside.errors import ValidationFailed, Violation
from beside.records.enums import Strategy
from beside.records.models import Record

#: The ways of answering a parent can compare: the ones families choose between. The model
#: knows others (dismissing, insisting, walking away: C6, C15); a study can run those.
WHAT_IF_STRATEGIES: tuple[Strategy, ...] = (
    Strategy.RESPONSIVE,
    Strategy.PRESENT_NEARBY,
    Strategy.CAMPING_OUT,
    Strategy.GRADUATED_EXTINCTION,
    Strategy.EXTINCTION,
)
MAX_MONTHS_AHEAD = 6


class WhatIfAsk(Record):
    """Two or three strategies, different ones, and 1 to 6 months ahead."""

    strategies: Annotated[tuple[Strategy, ...], Field(min_length=2, max_length=3)]
    months: Annotated[int, Field(ge=1, le=MAX_MONTHS_AHEAD)] = 3

    @model_validator(mode="after")
    def _different_and_offered(self) -> WhatIfAsk:
        if len(set(self.strategies)) != len(self.strategies):
            raise ValidationFailed(
                [Violation("strategies", "same_twice", "pick different ways, not one twice")]
            )
        for strategy in self.strategies:
            if strategy not in WHAT_IF_STRATEGIES:
                names = ", ".join(s.value for s in WHAT_IF_STRATEGIES)
                raise ValidationFailed(
                    [
                        Violation(
                            "strategies",
                            "not_offered",
                            f"{strategy.value} is not offered here; choose from {names}",
                        )
                    ]
                )
        return self
