"""API shapes: ``XCreate`` in, ``XOut`` back, ``XPage`` for lists. Inputs reuse the records
(validation once, in ``records``); outputs add what the store knows (ids, who logged)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo
from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from beside.journal.schema import Role, SecurityEventKind, TokenScope
from beside.records.models import Child, Episode, Nap, Night, Waking
from beside.records.quick_forms import (
    EpisodeNow,
    NapEnd,
    NapStart,
    NightEnd,
    NightStart,
    WakingNow,
)
from beside.records.text import ID_PATTERN, PlainText

T = TypeVar("T")


def in_zone(fields: dict[str, Any], tz: tzinfo) -> dict[str, Any]:
    """The same instants, given with the household's offset (a parent reads 19:30+01:00,
    not 18:30Z); other values as they are."""
    return {k: v.astimezone(tz) if isinstance(v, datetime) else v for k, v in fields.items()}


class Page(BaseModel, Generic[T]):
    """One page of a list: every list answers in this shape; ``next_offset`` is null on the
    last page."""

    items: list[T]
    next_offset: int | None

    @classmethod
    def of(cls, rows: Sequence[T], *, offset: int, limit: int) -> Page[T]:
        """From ``limit + 1`` rows fetched: one more than the page means there is a next."""
        return cls(
            items=list(rows[:limit]), next_offset=offset + limit if len(rows) > limit else None
        )


class Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")


class SignUp(Strict):
    email: Annotated[PlainText, Field(min_length=3, max_length=254)]
    display_name: Annotated[PlainText, Field(min_length=1, max_length=120)]
    password: Annotated[PlainText, Field(min_length=10, max_length=200)]


class SignedUp(BaseModel):
    """The same answer whether the address had an account or not (issue 11)."""

    detail: str


class TokenRequest(Strict):
    email: Annotated[PlainText, Field(max_length=254)]
    password: Annotated[str, Field(max_length=200)]
    name: Annotated[PlainText, Field(max_length=80)] = "api"


class ApiTokenRequest(TokenRequest):
    """An API token: read-only, or read and write (the default: what a program logging a
    family's nights needs); for fewer days than the server's most, if asked."""

    scope: TokenScope = TokenScope.READ_WRITE
    days: Annotated[int | None, Field(ge=1, le=365)] = None


class PasswordChange(Strict):
    current_password: Annotated[str, Field(max_length=200)]
    new_password: Annotated[PlainText, Field(min_length=10, max_length=200)]


class AccountEvent(BaseModel):
    """One event in your account's audit log: ``address`` is where a sign-in came from."""

    at: datetime
    kind: SecurityEventKind
    address: str
    detail: str


class HouseholdEvent(BaseModel):
    """One event in a household's audit log; ``by`` is who did it (None: a deleted
    account, or a command run on the server)."""

    at: datetime
    kind: SecurityEventKind
    by: str | None
    detail: str


class CsrfToken(BaseModel):
    """What a page sends as ``X-CSRF-Token`` with its changes (``web.csrf``)."""

    csrf_token: str


class SignedOut(BaseModel):
    """How many sessions and tokens ended."""

    ended: int


class SessionInfo(BaseModel):
    """A page session as its owner sees it: when it began, was last used, and will end."""

    id: int
    created_at: datetime
    last_used_at: datetime | None
    ends_at: datetime | None = Field(description="the earlier of its end and its idle end")
    this_one: bool = Field(description="the session this request came with")


class TokenOut(BaseModel):
    token: str
    note: str = "shown once: keep it somewhere safe"


class TokenInfo(BaseModel):
    """An API token as its owner sees it later: never the secret itself."""

    id: int
    name: str
    scope: TokenScope
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None
    revoked_at: datetime | None


class HouseholdCreate(Strict):
    name: Annotated[PlainText, Field(min_length=1, max_length=120)]
    time_zone: Annotated[PlainText, Field(min_length=1, max_length=64)]


class HouseholdChange(Strict):
    """What to change: the name, the clock, or both (what is left out stays)."""

    name: Annotated[PlainText | None, Field(min_length=1, max_length=120)] = None
    time_zone: Annotated[PlainText | None, Field(min_length=1, max_length=64)] = None


class HouseholdOut(BaseModel):
    id: str
    name: str
    time_zone: str
    role: Role


class ChildCreate(Child):
    pass


class ChildOut(Child):
    model_config = ConfigDict(strict=False, frozen=True)
    id: str


class EpisodeCreate(Episode):
    pass


class EpisodeOut(Episode):
    model_config = ConfigDict(strict=False, frozen=True)
    id: str
    child_id: str
    logged_by: str
    logged_at: datetime


EpisodePage = Page[EpisodeOut]


class NightCreate(Night):
    pass


class WakingOut(Waking):
    model_config = ConfigDict(strict=False, frozen=True)
    id: str


class NightOut(Night):
    model_config = ConfigDict(strict=False, frozen=True)
    id: str
    child_id: str
    evening: str
    in_progress: bool
    wakings: tuple[WakingOut, ...] = ()


NightPage = Page[NightOut]


class WakingCreate(Waking):
    pass


class NapCreate(Nap):
    pass


class NapOut(Nap):
    model_config = ConfigDict(strict=False, frozen=True)
    id: str
    child_id: str
    in_progress: bool
    logged_by: str
    logged_at: datetime


NapPage = Page[NapOut]


class NoteCreate(Strict):
    text: Annotated[PlainText, Field(min_length=1, max_length=4000)]
    child_id: Annotated[str | None, Field(pattern=ID_PATTERN)] = None
    tags: Annotated[
        list[Annotated[PlainText, Field(min_length=1, max_length=40)]], Field(max_length=20)
    ] = []


class NoteOut(BaseModel):
    id: str
    child_id: str | None
    author: str
    text: str
    tags: list[str]
    written_at: datetime


class MemberOut(BaseModel):
    user_id: str
    display_name: str
    email: str
    role: Role


class InvitationCreate(Strict):
    """Who to invite, and in which role (``journal.members.INVITABLE``)."""

    email: Annotated[PlainText, Field(min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+$")]
    role: Role


class InvitationOut(BaseModel):
    """A pending invitation as the owner lists it: never its link."""

    id: str
    email: str
    role: Role
    sent_at: datetime
    expires_at: datetime


class InvitationSent(InvitationOut):
    """A new link, shown once."""

    token: str
    path: str
    note: str = "send this link to the person invited; it works once, for their e-mail address"


InvitationPage = Page[InvitationOut]


class InvitationAccept(Strict):
    token: Annotated[PlainText, Field(min_length=10, max_length=200)]


class CoachedHousehold(BaseModel):
    id: str
    name: str
    time_zone: str


class ImportCounts(BaseModel):
    """The records an import added, by kind; ``unchanged``: those that were here already."""

    children: int
    episodes: int
    nights: int
    naps: int
    notes: int
    unchanged: int
    summary: str


__all__ = ["EpisodeNow", "NapEnd", "NapStart", "NightEnd", "NightStart", "WakingNow"]
