"""What the moment page offers to tap: the upset buttons, and for sleep what fits the
child's state (bedtime or a nap when the child is up; "awake" and "morning" during a night;
"awake" during a nap), with the last tap saved and a way to undo it (issue 12, item 1).

During a night the page also carries the waking's own view, which the phone shows when
"awake" is tapped: the phone times the waking, so it can be logged with no connection."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from beside.guide.select import pick
from beside.journal import naps as nap_store
from beside.journal import nights as night_store
from beside.journal.entries import utc_now
from beside.journal.schema import ChildRow
from beside.records.ages import age_days, corrected_age_days
from beside.records.enums import ResettleMethod

NOW = "/households/{household_id}/children/{child_id}/now"

#: The buttons that start an episode: the words a parent sees, and the distress (0-10) stored.
UPSET = (("A little upset", 3), ("Upset", 5), ("Very upset", 7), ("Beside themselves", 9))

#: How each way back to sleep reads on its button and in the saved line.
RESETTLED = {
    ResettleMethod.ALONE: "On their own",
    ResettleMethod.HELD: "Held",
    ResettleMethod.ROCKED: "Rocked",
    ResettleMethod.PATTED: "Patted",
    ResettleMethod.FED: "Fed",
    ResettleMethod.CAREGIVER_PRESENT: "With me beside them",
}


@dataclass(frozen=True)
class Saved:
    """The last tap, said back in words, with the path that takes it back."""

    words: str
    undo: str


def base(household_id: str, child: ChildRow) -> str:
    """The child's moment page, under which its taps are posted."""
    return NOW.format(household_id=household_id, child_id=child.id)


def child_age_days(child: ChildRow, on: datetime) -> float:
    """Corrected age on ``on`` (the guidance for a preterm baby follows it)."""
    days = float(max(age_days(on.date(), child.birth_date), 0))
    return corrected_age_days(days, child.birth_date, child.due_date)


def guidance(
    child: ChildRow, situation: str, moment: str | None, at: datetime
) -> list[dict[str, Any]]:
    return [
        {"text": p.text, "claims": ", ".join(p.claims)}
        for p in pick(child_age_days(child, at), situation, moment=moment)
    ]


def clock(when: datetime, tz: ZoneInfo) -> str:
    """A time as the household's clock shows it, such as 19:30."""
    return when.astimezone(tz).strftime("%H:%M")


def taps(
    s: Session,
    child: ChildRow,
    household_id: str,
    tz: ZoneInfo,
    *,
    may_log: bool,
    saved: Saved | None = None,
) -> dict[str, Any]:
    night = night_store.night_in_progress(s, child)
    nap = None if night is not None else nap_store.nap_in_progress(s, child)
    return {
        "child": child.name,
        "base": base(household_id, child),
        "overview": base(household_id, child).removesuffix("/now") + "/overview",
        "upset": UPSET,
        "may_log": may_log,
        "saved": saved,
        "night_since": None if night is None else clock(night.bedtime, tz),
        "nap_since": None if nap is None else clock(nap.start, tz),
        "resettled": [(method.value, words) for method, words in RESETTLED.items()],
        "waking_guidance": []
        if night is None
        else guidance(child, "night_waking", None, utc_now()),
    }
