"""The closed vocabularies of DESIGN.md, as string enums.

Values are stable snake_case: they are stored in databases and Parquet files and sent over
the wire, so renaming one is a migration, not a refactor.
"""

from __future__ import annotations

from enum import StrEnum


class Trigger(StrEnum):
    """What set the upset off (C1: crying signals a need)."""

    HUNGER = "hunger"
    TIREDNESS = "tiredness"
    FRUSTRATION = "frustration"
    HURT = "hurt"
    SEPARATION = "separation"
    OVERSTIMULATION = "overstimulation"
    TRANSITION = "transition"
    UNKNOWN = "unknown"


class ChildAction(StrEnum):
    """What the child did while upset (C11, C12, C5)."""

    SOUGHT_CAREGIVER = "sought_caregiver"
    TURNED_AWAY = "turned_away"
    COMFORT_STRATEGY = "comfort_strategy"
    SHUT_DOWN = "shut_down"


class CaregiverResponse(StrEnum):
    """What the caregiver did (C2, C4, C6, C15)."""

    HELD = "held"
    STAYED_PRESENT = "stayed_present"
    CHECKED_IN = "checked_in"
    LEFT_ALONE = "left_alone"
    INSISTED_COMFORT = "insisted_comfort"
    DISMISSED = "dismissed"
    WALKED_AWAY = "walked_away"


class Outcome(StrEnum):
    CALMED_ALONE = "calmed_alone"
    CALMED_WITH_HELP = "calmed_with_help"
    NOT_CALMED = "not_calmed"


class Aftercare(StrEnum):
    """What came after the episode (C16, C17)."""

    COMFORTED = "comforted"
    ACKNOWLEDGED = "acknowledged"
    PRAISED_HEAVILY = "praised_heavily"
    NOTHING = "nothing"


class ResettleMethod(StrEnum):
    ALONE = "alone"
    FED = "fed"
    HELD = "held"
    ROCKED = "rocked"
    PATTED = "patted"
    CAREGIVER_PRESENT = "caregiver_present"
    #: Not recorded (imported from a tracker that does not say); never simulated.
    UNKNOWN = "unknown"


class SleepMethod(StrEnum):
    RESPONSIVE_SETTLING = "responsive_settling"
    GRADUAL_RETREAT = "gradual_retreat"
    GRADUATED_EXTINCTION = "graduated_extinction"
    EXTINCTION = "extinction"
    NONE = "none"


class TraitLevel(StrEnum):
    """Temperament on the three bands parents (and Pluess et al. 2018) use."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Phenotype(StrEnum):
    """Known truth for simulated children, so that screens can be tested (C20).

    A journal never stores this: a parent's log cannot know it, and Beside never diagnoses.
    """

    TYPICAL = "typical"
    SENSORY_OVERLOAD = "sensory_overload"
    DEVELOPMENTAL_DIFFERENCE = "developmental_difference"
    INSECURE_ATTACHMENT = "insecure_attachment"


class Strategy(StrEnum):
    """Caregiver strategies that the model and the journal both know (DESIGN.md)."""

    RESPONSIVE = "responsive"
    PRESENT_NEARBY = "present-nearby"
    GRADUATED_EXTINCTION = "graduated-extinction"
    EXTINCTION = "extinction"
    CAMPING_OUT = "camping-out"
    DISMISSIVE = "dismissive"
    FORCED_COMFORT = "forced-comfort"
    WALK_AWAY = "walk-away"


#: The order used by every code array in the columnar tables (index = code).
TRIGGERS: tuple[Trigger, ...] = tuple(Trigger)
CHILD_ACTIONS: tuple[ChildAction, ...] = tuple(ChildAction)
RESPONSES: tuple[CaregiverResponse, ...] = tuple(CaregiverResponse)
OUTCOMES: tuple[Outcome, ...] = tuple(Outcome)
AFTERCARES: tuple[Aftercare, ...] = tuple(Aftercare)
RESETTLES: tuple[ResettleMethod, ...] = tuple(ResettleMethod)
SLEEP_METHODS: tuple[SleepMethod, ...] = tuple(SleepMethod)
TRAIT_LEVELS: tuple[TraitLevel, ...] = tuple(TraitLevel)
PHENOTYPES: tuple[Phenotype, ...] = tuple(Phenotype)
STRATEGIES: tuple[Strategy, ...] = tuple(Strategy)
