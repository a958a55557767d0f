"""A demo household: one simulated child's months, stored as a family's journal would be.

The records go through the journal's own rules, so a demo is also a check that simulated
and real records are one vocabulary.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from beside.journal import access, members
from beside.journal import children as child_store
from beside.journal import episodes as episode_store
from beside.journal import households as household_store
from beside.journal import nights as night_store
from beside.model.cohort import DEFAULT_BIRTH_DATE, StudyDesign
from beside.model.engine import simulate_chunk
from beside.model.params import default_params
from beside.records import from_tables
from beside.records.enums import Strategy


@dataclass(frozen=True)
class Demo:
    household_id: str
    email: str
    password: str
    episodes: int
    nights: int


def create_demo(s: Session, *, months: float, seed: int, now: datetime, children: int = 1) -> Demo:
    """A household with ``children`` simulated children (siblings born the same day), each
    with ``months`` of records ending yesterday."""
    design = StudyDesign(children=children, months=months, seed=seed, strategy=Strategy.RESPONSIVE)
    tables = simulate_chunk(default_params(), design, first_id=0, size=children)
    today = now.astimezone(UTC).date()
    birth = today - timedelta(days=design.days + 1)
    shift = timedelta(days=(birth - DEFAULT_BIRTH_DATE).days)
    email = f"demo-{secrets.token_hex(3)}@beside.invalid"
    password = secrets.token_urlsafe(12)
    user = access.sign_up(s, email=email, display_name="Demo parent", password=password, now=now)
    house = members.create_owned_household(s, user, name="Demo family", time_zone="UTC", now=now)
    zone = household_store.zone("UTC")
    episodes = nights = 0
    logs = from_tables.child_logs(tables, tz=UTC, shift=shift)
    for k, log in enumerate(logs):
        named = log.child.model_copy(update={"name": NAMES[k % len(NAMES)], "birth_date": birth})
        child = child_store.add_child(s, house.id, named)
        for episode in log.episodes:
            episode_store.log_episode(s, child, episode, by=user.id, now=now)
        for night in log.nights:
            night_store.log_night(s, child, night, tz=zone, by=user.id, now=now)
        episodes += len(log.episodes)
        nights += len(log.nights)
    return Demo(house.id, email, password, episodes, nights)


NAMES = ("Sam", "Alex", "Robin", "Kim")
