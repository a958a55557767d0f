"""The shared vocabulary: records, enums, rules and columnar tables. Imports nothing of Beside
but ``errors``."""

from beside.records.enums import (
    Aftercare,
    CaregiverResponse,
    ChildAction,
    Outcome,
    Phenotype,
    ResettleMethod,
    SleepMethod,
    Strategy,
    TraitLevel,
    Trigger,
)
from beside.records.models import Child, Episode, Nap, Night, Waking

__all__ = [
    "Aftercare",
    "CaregiverResponse",
    "Child",
    "ChildAction",
    "Episode",
    "Nap",
    "Night",
    "Outcome",
    "Phenotype",
    "ResettleMethod",
    "SleepMethod",
    "Strategy",
    "TraitLevel",
    "Trigger",
    "Waking",
]
