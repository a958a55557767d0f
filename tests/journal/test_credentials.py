"""One's sessions and tokens on SQLite and PostgreSQL (issue 11, finding 7): idle and
absolute timeouts, scopes, sign out everywhere, a new password ending the others."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from beside.errors import AuthFailed, Forbidden, NotFound
from beside.journal import access, credentials, members
from beside.journal import children as child_store
from beside.journal.access import Action
from beside.journal.schema import TokenKind, TokenRow, TokenScope, UserRow
from beside.records import Child

NOW = datetime(2025, 11, 1, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)
IDLE = timedelta(days=7)


def _user(s: Session, name: str = "ama") -> UserRow:
    return access.sign_up(
        s, email=f"{name}@example.org", display_name=name, password="tall ships at dawn", now=NOW
    )


def _works(s: Session, token: str, at: datetime, kind: TokenKind = TokenKind.SESSION) -> bool:
    try:
        access.caller_for_token(s, token, kind=kind, now=at, idle=IDLE)
    except AuthFailed:
        return False
    return True


def _touch(s: Session, token: str, at: datetime) -> None:
    caller = access.caller_for_token(s, token, kind=TokenKind.SESSION, now=at, idle=IDLE)
    if access.needs_touch(caller.token, at):
        credentials.touch(s, caller.token.id, now=at)
    s.expire_all()


def test_a_session_left_unused_ends_while_one_in_use_lives_on(engine: Engine) -> None:
    with Session(engine) as s:
        user = _user(s)
        used = access.issue_token(s, user, kind=TokenKind.SESSION, now=NOW, ttl=30 * DAY)
        left = access.issue_token(s, user, kind=TokenKind.SESSION, now=NOW, ttl=30 * DAY)
        for day in (3, 6, 9, 12):
            _touch(s, used, NOW + day * DAY)
        assert _works(s, used, NOW + 13 * DAY)
        assert _works(s, left, NOW + 6 * DAY)
        assert not _works(s, left, NOW + 7 * DAY)  # seven days unused
        listed = credentials.tokens_of(s, user, TokenKind.SESSION, now=NOW + 13 * DAY, idle=IDLE)
        assert [row.used_at for row in listed] == [NOW + 12 * DAY]


def test_a_session_ends_at_its_absolute_end_however_often_used(engine: Engine) -> None:
    with Session(engine) as s:
        token = access.issue_token(s, _user(s), kind=TokenKind.SESSION, now=NOW, ttl=30 * DAY)
        for day in range(1, 30):
            _touch(s, token, NOW + day * DAY)
        assert _works(s, token, NOW + 30 * DAY - timedelta(minutes=1))
        assert not _works(s, token, NOW + 30 * DAY)


def test_the_last_use_is_written_at_most_every_quarter_hour(engine: Engine) -> None:
    with Session(engine) as s:
        token = access.issue_token(s, _user(s), kind=TokenKind.SESSION, now=NOW, ttl=30 * DAY)
        row = s.scalars(select(TokenRow)).one()
        assert not access.needs_touch(row, NOW + timedelta(minutes=14))
        credentials.touch(s, row.id, now=NOW + timedelta(minutes=14))
        s.expire_all()
        assert s.get(TokenRow, row.id).used_at == NOW  # type: ignore[union-attr]
        _touch(s, token, NOW + timedelta(minutes=15))
        assert s.get(TokenRow, row.id).used_at == NOW + timedelta(minutes=15)  # type: ignore[union-attr]


def test_a_read_only_token_reads_and_may_change_nothing(engine: Engine) -> None:
    with Session(engine) as s:
        user = _user(s)
        house = members.create_owned_household(s, user, name="Home", time_zone="UTC", now=NOW)
        child = child_store.add_child(s, house.id, Child(name="Io", birth_date=date(2025, 3, 1)))
        reader = access.issue_token(s, user, kind=TokenKind.API, now=NOW, scope=TokenScope.READ)
        writer = access.issue_token(s, user, kind=TokenKind.API, now=NOW)

        def reach(token: str, action: Action, *, writing: bool = False) -> None:
            access.child_access(
                s,
                token,
                kind=TokenKind.API,
                household_id=house.id,
                child_id=child.id,
                action=action,
                now=NOW,
                writing=writing,
            )

        reach(reader, Action.READ)
        reach(writer, Action.LOG)
        for action in (Action.LOG, Action.NOTE, Action.MANAGE):
            with pytest.raises(Forbidden, match="may only read"):
                reach(reader, action)
        with pytest.raises(Forbidden, match="may only read"):
            reach(reader, Action.READ, writing=True)  # a POST that names only READ
        with pytest.raises(Forbidden, match="may only read"):
            access.caller_for_token(s, reader, kind=TokenKind.API, now=NOW, writing=True)
        assert access.caller_for_token(s, writer, kind=TokenKind.API, now=NOW, writing=True)


def test_signing_out_everywhere_ends_sessions_and_tokens_of_this_account_only(
    engine: Engine,
) -> None:
    with Session(engine) as s:
        user, other = _user(s), _user(s, "bo")
        mine = [
            access.issue_token(s, user, kind=kind, now=NOW, ttl=30 * DAY)
            for kind in (TokenKind.SESSION, TokenKind.SESSION, TokenKind.API)
        ]
        theirs = access.issue_token(s, other, kind=TokenKind.SESSION, now=NOW, ttl=30 * DAY)
        assert credentials.sign_out_everywhere(s, user, now=NOW + DAY) == 3
        at = NOW + DAY
        assert not _works(s, mine[0], at)
        assert not _works(s, mine[1], at)
        assert not _works(s, mine[2], at, TokenKind.API)
        assert _works(s, theirs, at)
        assert credentials.tokens_of(s, user, TokenKind.SESSION, now=at) == []


def test_a_new_password_ends_every_other_session_and_token(engine: Engine) -> None:
    with Session(engine) as s:
        user = _user(s)
        here = access.issue_token(s, user, kind=TokenKind.SESSION, now=NOW, ttl=30 * DAY)
        phone = access.issue_token(s, user, kind=TokenKind.SESSION, now=NOW, ttl=30 * DAY)
        script = access.issue_token(s, user, kind=TokenKind.API, now=NOW, ttl=30 * DAY)
        keep = access.caller_for_token(s, here, kind=TokenKind.SESSION, now=NOW).token.id
        new_hash = access.hash_password("quiet harbour lights")
        assert credentials.set_password(s, user, new_hash, now=NOW, keep=keep) == 2
        assert _works(s, here, NOW + DAY)
        assert not _works(s, phone, NOW + DAY)
        assert not _works(s, script, NOW + DAY, TokenKind.API)
        assert access.log_in(s, email=user.email, password="quiet harbour lights", now=NOW)
        with pytest.raises(AuthFailed):
            access.log_in(s, email=user.email, password="tall ships at dawn", now=NOW)


def test_one_cannot_end_another_persons_session(engine: Engine) -> None:
    with Session(engine) as s:
        user, other = _user(s), _user(s, "cy")
        theirs = access.issue_token(s, other, kind=TokenKind.SESSION, now=NOW, ttl=30 * DAY)
        row = access.caller_for_token(s, theirs, kind=TokenKind.SESSION, now=NOW).token
        with pytest.raises(NotFound):
            credentials.revoke(s, user, row.id, TokenKind.SESSION, now=NOW)
        with pytest.raises(NotFound):  # and a session is not ended as a token
            credentials.revoke(s, other, row.id, TokenKind.API, now=NOW)
        assert _works(s, theirs, NOW)
