"""Ages and evenings: how a moment in a family's day becomes the child's age in days.

A night belongs to the evening it began, not to a calendar day (DESIGN.md: Night), and a
preterm baby's development is reckoned from its due date: paediatric practice corrects
for prematurity until about two years (see ``CORRECT_UNTIL_DAYS``).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo

#: A night belongs to the evening it began: bedtimes before noon count for the day before.
EVENING_CUTOVER = timedelta(hours=12)

#: A month of age, in days (a year of 365.25 days over twelve).
DAYS_PER_MONTH = 365.25 / 12

#: Corrected age is used for the first two years, by when most preterm children have caught
#: up (AAP, HealthyChildren.org "Corrected Age For Preemies"; Pediatrics 2024;153(2):e2023063801).
CORRECT_UNTIL_DAYS = 730
#: Preterm means born before 37 weeks (WHO), that is, three weeks or more before the due date.
PRETERM_DAYS_EARLY = 21


def evening_of(bedtime: datetime, tz: tzinfo) -> date:
    """The local date of the evening a night began (a 00:30 bedtime belongs to the day before)."""
    return (bedtime.astimezone(tz) - EVENING_CUTOVER).date()


def age_days(on: date, birth_date: date) -> int:
    return (on - birth_date).days


def corrected_age_days(age: float, birth_date: date, due_date: date | None) -> float:
    """Age from the due date for a baby born preterm, until two years; the plain age otherwise
    (a baby born at term or late is not corrected, as in practice)."""
    if due_date is None or age >= CORRECT_UNTIL_DAYS:
        return age
    early = (due_date - birth_date).days
    return age - early if early >= PRETERM_DAYS_EARLY else age
