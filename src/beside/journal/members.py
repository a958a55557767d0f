"""Households and the people in them: the owner, caregivers, viewers and coaches.

A household is made with its owner (``create_owned_household``: the one way, for the API,
the CLI and the demo). People join by invitation: the owner invites an e-mail address in a
role, and the link works once, for an account with that address, until it expires or is
cancelled (issue 10: a coach's link used to let any account in, and a revoked coach back in
through an older link). Removing someone cancels what is still pending for them; a member
may leave; the owner may delete the household, naming it to confirm.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from beside.errors import AuthFailed, Forbidden, NotFound, ValidationFailed, Violation
from beside.journal import accounts as account_store
from beside.journal import audit
from beside.journal import entries as entry_store
from beside.journal import households as household_store
from beside.journal.access import Action, digest, new_secret, require
from beside.journal.schema import (
    HouseholdRow,
    InvitationRow,
    MembershipRow,
    Role,
    SecurityEventKind,
    UserRow,
)

INVITE_TTL = timedelta(days=7)
#: Roles an invitation can carry (a household has one owner, who made it).
INVITABLE = (Role.CAREGIVER, Role.VIEWER, Role.COACH)


def create_owned_household(
    s: Session, owner: UserRow, *, name: str, time_zone: str, now: datetime
) -> HouseholdRow:
    house = household_store.create_household(s, name=name, time_zone=time_zone, now=now)
    household_store.add_member(s, house.id, owner.id, Role.OWNER, now=now)
    return house


def members(
    s: Session, household_id: str, *, limit: int | None = None, offset: int = 0
) -> list[tuple[UserRow, Role]]:
    query = (
        select(UserRow, MembershipRow.role)
        .join(MembershipRow, MembershipRow.user_id == UserRow.id)
        .where(MembershipRow.household_id == household_id)
        .order_by(UserRow.display_name, UserRow.id)
    )
    return [(user, role) for user, role in s.execute(entry_store.paged(query, limit, offset))]


def households_of(
    s: Session, user: UserRow, *, limit: int | None = None, offset: int = 0
) -> list[tuple[HouseholdRow, Role]]:
    """Every household the user belongs to, with their role there, by name."""
    query = (
        select(HouseholdRow, MembershipRow.role)
        .join(MembershipRow, MembershipRow.household_id == HouseholdRow.id)
        .where(MembershipRow.user_id == user.id)
        .order_by(HouseholdRow.name, HouseholdRow.id)
    )
    return [(house, role) for house, role in s.execute(entry_store.paged(query, limit, offset))]


def households_for_coach(
    s: Session, coach: UserRow, *, limit: int | None = None, offset: int = 0
) -> list[HouseholdRow]:
    query = (
        select(HouseholdRow)
        .join(MembershipRow, MembershipRow.household_id == HouseholdRow.id)
        .where(MembershipRow.user_id == coach.id, MembershipRow.role == Role.COACH)
        .order_by(HouseholdRow.name, HouseholdRow.id)
    )
    return list(s.scalars(entry_store.paged(query, limit, offset)))


@dataclass(frozen=True)
class Sent:
    """An invitation and its link's secret, which exists only here: it is shown once."""

    invitation: InvitationRow
    token: str


def _pending(household_id: str, now: datetime) -> list[object]:
    return [
        InvitationRow.household_id == household_id,
        InvitationRow.accepted_at.is_(None),
        InvitationRow.cancelled_at.is_(None),
        InvitationRow.expires_at > now,
    ]


def invite(
    s: Session, by: UserRow, household_id: str, *, role: Role, email: str, now: datetime
) -> Sent:
    """A one-time link for ``email`` to join in ``role``; an earlier pending invitation to
    the same address is cancelled (one link per person, the newest)."""
    require(s, by.id, household_id, Action.MANAGE)
    if role not in INVITABLE:
        allowed = ", ".join(r.value for r in INVITABLE)
        raise ValidationFailed([Violation("role", "not_invitable", f"must be one of {allowed}")])
    email = account_store.normalise_email(email)
    member = s.scalar(
        select(MembershipRow.role)
        .join(UserRow, UserRow.id == MembershipRow.user_id)
        .where(MembershipRow.household_id == household_id, UserRow.email == email)
    )
    if member is not None:
        raise ValidationFailed(
            [Violation("email", "already_member", f"already in this household as {member.value}")]
        )
    _cancel_for(s, household_id, email, now=now)
    token, stored = new_secret()
    row = InvitationRow(
        household_id=household_id,
        role=role,
        email=email,
        digest=stored,
        invited_by=by.id,
        created_at=now,
        sent_at=now,
        expires_at=now + INVITE_TTL,
    )
    s.add(row)
    _log(s, SecurityEventKind.INVITATION_SENT, row, by.id, now)
    s.flush()
    return Sent(row, token)


def _log(
    s: Session, kind: SecurityEventKind, row: InvitationRow, user_id: str, now: datetime
) -> None:
    detail = f"{row.email} as {row.role.value}"
    audit.household_event(s, kind, row.household_id, by=user_id, at=now, detail=detail)


def invitations(
    s: Session, household_id: str, *, now: datetime, limit: int | None = None, offset: int = 0
) -> list[InvitationRow]:
    """Pending invitations, newest first."""
    query = (
        select(InvitationRow)
        .where(*_pending(household_id, now))  # type: ignore[arg-type]
        .order_by(InvitationRow.sent_at.desc(), InvitationRow.id)
    )
    return list(s.scalars(entry_store.paged(query, limit, offset)))


def _invitation(s: Session, household_id: str, invitation_id: str) -> InvitationRow:
    row = s.get(InvitationRow, invitation_id)
    if row is None or row.household_id != household_id:
        raise NotFound("no such invitation")
    return row


def cancel(
    s: Session, by: UserRow, household_id: str, invitation_id: str, *, now: datetime
) -> None:
    """The link stops working at once. One already accepted is refused (the person is in:
    remove them instead); one already cancelled stays as it is."""
    require(s, by.id, household_id, Action.MANAGE)
    row = _invitation(s, household_id, invitation_id)
    if row.accepted_at is not None:
        raise ValidationFailed(
            [Violation("invitation_id", "accepted", "was accepted; remove the member instead")]
        )
    if row.cancelled_at is None:
        row.cancelled_at = now
        _log(s, SecurityEventKind.INVITATION_CANCELLED, row, by.id, now)
        s.flush()


def resend(
    s: Session, by: UserRow, household_id: str, invitation_id: str, *, now: datetime
) -> Sent:
    """A new link for a pending or expired invitation, valid from now; the old one stops."""
    require(s, by.id, household_id, Action.MANAGE)
    row = _invitation(s, household_id, invitation_id)
    if row.accepted_at is not None or row.cancelled_at is not None:
        state = "accepted" if row.accepted_at is not None else "cancelled"
        raise ValidationFailed(
            [Violation("invitation_id", state, f"was {state}; send a new invitation")]
        )
    token, row.digest = new_secret()
    row.sent_at = now
    row.expires_at = now + INVITE_TTL
    _log(s, SecurityEventKind.INVITATION_RESENT, row, by.id, now)
    s.flush()
    return Sent(row, token)


INVALID_LINK = "this invitation link is not valid (it may have expired, been used or cancelled)"


def accept(s: Session, user: UserRow, token: str, *, now: datetime) -> MembershipRow:
    """Join the household in the invitation's role. The link is claimed by one conditional
    update, so of two accounts accepting at the same moment one gets in (found on
    PostgreSQL: eight accounts joined through one "one-time" link)."""
    row = s.scalars(select(InvitationRow).where(InvitationRow.digest == digest(token))).first()
    if row is None:
        raise AuthFailed(INVALID_LINK)
    if row.email != account_store.normalise_email(user.email):
        raise Forbidden(
            "this invitation was sent to another e-mail address: sign in with that address"
        )
    claimed: CursorResult[tuple[()]] = s.execute(  # type: ignore[assignment]
        update(InvitationRow)
        .where(
            InvitationRow.id == row.id,
            InvitationRow.digest == digest(token),
            *_pending(row.household_id, now),  # type: ignore[arg-type]
        )
        .values(accepted_at=now, accepted_by=user.id)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        raise AuthFailed(INVALID_LINK)
    s.refresh(row)
    _log(s, SecurityEventKind.INVITATION_ACCEPTED, row, user.id, now)
    existing = s.scalars(
        select(MembershipRow).where(
            MembershipRow.household_id == row.household_id, MembershipRow.user_id == user.id
        )
    ).first()
    if existing is not None:
        return existing
    return household_store.add_member(s, row.household_id, user.id, row.role, now=now)


def _cancel_for(s: Session, household_id: str, email: str, *, now: datetime) -> None:
    s.execute(
        update(InvitationRow)
        .where(*_pending(household_id, now), InvitationRow.email == email)  # type: ignore[arg-type]
        .values(cancelled_at=now)
        .execution_options(synchronize_session=False)
    )


def _membership(s: Session, household_id: str, user_id: str) -> MembershipRow:
    row = s.scalars(
        select(MembershipRow).where(
            MembershipRow.household_id == household_id, MembershipRow.user_id == user_id
        )
    ).first()
    if row is None:
        raise NotFound("no such member in this household")
    return row


def remove(
    s: Session,
    by: UserRow,
    household_id: str,
    user_id: str,
    *,
    now: datetime,
    role: Role | None = None,
) -> None:
    """The member (of ``role``, if given) loses access at once, and what is still pending
    for their address is cancelled, so no older link lets them back in."""
    require(s, by.id, household_id, Action.MANAGE)
    row = _membership(s, household_id, user_id)
    if role is not None and row.role != role:
        raise NotFound(f"no such {role.value} in this household")
    if row.role == Role.OWNER:
        raise Forbidden("the owner cannot be removed; the owner may delete the household")
    person = s.get(UserRow, user_id)
    s.delete(row)
    if person is not None:
        _cancel_for(s, household_id, person.email, now=now)
    audit.household_event(
        s,
        SecurityEventKind.MEMBER_REMOVED,
        household_id,
        by=by.id,
        at=now,
        detail=f"{person.email if person else 'an account'} ({row.role.value})",
    )
    s.flush()


def leave(s: Session, user: UserRow, household_id: str, *, now: datetime) -> None:
    """A member leaves. The owner cannot: without them no one could manage the household
    (they may delete it instead)."""
    row = _membership(s, household_id, user.id)
    if row.role == Role.OWNER:
        raise Forbidden("the owner cannot leave; the owner may delete the household")
    s.delete(row)
    audit.household_event(
        s,
        SecurityEventKind.MEMBER_LEFT,
        household_id,
        by=user.id,
        at=now,
        detail=f"{user.email} ({row.role.value})",
    )
    s.flush()


def change_household(
    s: Session,
    by: UserRow,
    household_id: str,
    *,
    name: str | None,
    time_zone: str | None,
    now: datetime,
) -> HouseholdRow:
    """The owner renames the household or moves it to another clock
    (``households.change_household``); the change is in the household's audit log."""
    require(s, by.id, household_id, Action.MANAGE)
    house = household_store.household(s, household_id)
    changed = household_store.change_household(s, house, name=name, time_zone=time_zone)
    if changed:
        audit.household_event(
            s,
            SecurityEventKind.HOUSEHOLD_CHANGED,
            household_id,
            by=by.id,
            at=now,
            detail="; ".join(changed),
        )
    return house


def delete_household(s: Session, by: UserRow, household_id: str, *, confirm: str) -> None:
    """Everything of the household goes: children, records, notes, members, invitations.
    ``confirm`` must be the household's name, so no stray request deletes a family's years."""
    require(s, by.id, household_id, Action.MANAGE)
    house = household_store.household(s, household_id)
    if confirm.strip() != house.name.strip():
        raise ValidationFailed(
            [
                Violation(
                    "confirm",
                    "must_name_household",
                    f"type the household's name, {house.name!r}, to delete it; export it "
                    "first if you want a copy",
                )
            ]
        )
    s.delete(house)
    s.flush()
