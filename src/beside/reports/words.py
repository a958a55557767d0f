"""The journal's values in a parent's words, for forms and lists (``not_recorded`` reads
"not said": nothing is assumed)."""

from __future__ import annotations

from enum import StrEnum

from beside.records.enums import (
    Aftercare,
    CaregiverResponse,
    ChildAction,
    Outcome,
    ResettleMethod,
    Trigger,
)

NOT_SAID = "Not said"

WORDS: dict[StrEnum, str] = {
    Trigger.HUNGER: "Hungry",
    Trigger.TIREDNESS: "Tired",
    Trigger.FRUSTRATION: "Frustrated",
    Trigger.HURT: "Hurt",
    Trigger.SEPARATION: "Being apart from us",
    Trigger.OVERSTIMULATION: "Too much going on",
    Trigger.TRANSITION: "A change of activity",
    Trigger.UNKNOWN: "We could not tell",
    ChildAction.SOUGHT_CAREGIVER: "Came to us",
    ChildAction.TURNED_AWAY: "Turned away",
    ChildAction.COMFORT_STRATEGY: "Used their own comfort (thumb, cuddly)",
    ChildAction.SHUT_DOWN: "Went quiet and still",
    CaregiverResponse.HELD: "Held them",
    CaregiverResponse.STAYED_PRESENT: "Stayed close",
    CaregiverResponse.CHECKED_IN: "Checked in",
    CaregiverResponse.LEFT_ALONE: "Left them to settle",
    CaregiverResponse.INSISTED_COMFORT: "Held on although they pulled away",
    CaregiverResponse.DISMISSED: "Told them to stop",
    CaregiverResponse.WALKED_AWAY: "Walked away",
    Outcome.CALMED_ALONE: "Calmed on their own",
    Outcome.CALMED_WITH_HELP: "Calmed with help",
    Outcome.NOT_CALMED: "Did not calm",
    Aftercare.COMFORTED: "Comforted",
    Aftercare.ACKNOWLEDGED: "Said they did it",
    Aftercare.PRAISED_HEAVILY: "Praised a lot",
    Aftercare.NOTHING: "Nothing in particular",
    ResettleMethod.ALONE: "On their own",
    ResettleMethod.FED: "Fed",
    ResettleMethod.HELD: "Held",
    ResettleMethod.ROCKED: "Rocked",
    ResettleMethod.PATTED: "Patted",
    ResettleMethod.CAREGIVER_PRESENT: "With us beside them",
}


def choices(enum: type[StrEnum]) -> list[tuple[str, str]]:
    """Each value of ``enum`` with its words; "not said" last."""
    said = [(m.value, WORDS.get(m, m.value.replace("_", " ").capitalize())) for m in enum]
    return [c for c in said if c[0] != "not_recorded"] + [("not_recorded", NOT_SAID)]
