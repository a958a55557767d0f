"""The closed vocabularies of DESIGN.md, as string enums.

Values are stable snake_case: they are stored in databases and Parquet files and sent over
the wire, so renaming one is a migration, not a refactor.

Every vocabulary a parent may leave unsaid has ``NOT_RECORDED`` (last, so the simulator's
codes keep their places): what nobody said is stored as not recorded, never as a guess, and
the insights count it as unknown (issue 10: a quick log used to store "held", "calmed with
help" and "comforted" for an upset whose parent gave only how upset the child was). The
model never emits it.
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
    #: The parent saw no reason (a recorded answer, unlike ``NOT_RECORDED``).
    UNKNOWN = "unknown"
    NOT_RECORDED = "not_recorded"


class ChildAction(StrEnum):
    """What the child did while upset (C11, C12, C5)."""

    SOUGHT_CAREGIVER = "sought_caregiver"
    TURNED_AWAY = "turned_away"
    COMFORT_STRATEGY = "comfort_strategy"
    SHUT_DOWN = "shut_down"
    NOT_RECORDED = "not_recorded"


class CaregiverResponse(StrEnum):
    """What the caregiver did (C2, C4, C6, C15)."""

    HELD = "held"
    STAYED_PRESENT = "stayed_present"
    CHECKED_IN = "checked_in"
    LEFT_ALONE = "left_alone"
    INSISTED_COMFORT = "insisted_comfort"
    DISMISSED = "dismissed"
    WALKED_AWAY = "walked_away"
    NOT_RECORDED = "not_recorded"


class Outcome(StrEnum):
    CALMED_ALONE = "calmed_alone"
    CALMED_WITH_HELP = "calmed_with_help"
    NOT_CALMED = "not_calmed"
    NOT_RECORDED = "not_recorded"


class Aftercare(StrEnum):
    """What came after the episode (C16, C17)."""

    COMFORTED = "comforted"
    ACKNOWLEDGED = "acknowledged"
    PRAISED_HEAVILY = "praised_heavily"
    NOTHING = "nothing"
    NOT_RECORDED = "not_recorded"


class ResettleMethod(StrEnum):
    ALONE = "alone"
    FED = "fed"
    HELD = "held"
    ROCKED = "rocked"
    PATTED = "patted"
    CAREGIVER_PRESENT = "caregiver_present"
    #: Stored as "unknown" before schema 0006.
    NOT_RECORDED = "not_recorded"


class SleepMethod(StrEnum):
    RESPONSIVE_SETTLING = "responsive_settling"
    GRADUAL_RETREAT = "gradual_retreat"
    GRADUATED_EXTINCTION = "graduated_extinction"
    EXTINCTION = "extinction"
    NONE = "none"
    NOT_RECORDED = "not_recorded"


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
