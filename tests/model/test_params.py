"""Each parameter declares a range the sensitivity analysis and the ensemble draw from; a
default outside its own range would make the screen explore values the model never runs."""

from __future__ import annotations

from dataclasses import Field, fields
from typing import Any

import pytest

from beside.model.curves import AgeCurve
from beside.model.params import ModelParams

PARAMS = [f for f in fields(ModelParams) if f.name != "switches"]


@pytest.mark.parametrize("f", PARAMS, ids=[f.name for f in PARAMS])
def test_every_default_lies_within_its_declared_range(f: Field[Any]) -> None:
    """Failed for carry_gain (0.01 against 0.02-0.1) and skill_gain (0.004 against
    0.005-0.025) when it was written."""
    low, high = f.metadata["range"]
    value = getattr(ModelParams(), f.name)
    if isinstance(value, AgeCurve | tuple):
        assert low <= 1.0 <= high, f"{f.name}: a curve's range is a multiplier and holds 1"
    else:
        assert low <= value <= high, f"{f.name}={value} outside {low}-{high}"
