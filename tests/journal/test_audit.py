"""The audit log's keeping on SQLite and PostgreSQL (issue 11): events older than
``audit.KEPT`` go at a sign-in; an account's log holds its own events only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from beside.journal import access, audit
from beside.journal.schema import SecurityEventKind, SecurityEventRow

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
PASSWORD = "tall ships at dawn"


def test_events_older_than_kept_go_at_a_sign_in(engine: Engine) -> None:
    with Session(engine) as s:
        user = access.sign_up(
            s, email="kit@example.org", display_name="Kit", password=PASSWORD, now=NOW
        )
        day = timedelta(days=1)
        for at in (NOW - audit.KEPT - day, NOW - audit.KEPT + day):
            audit.record(s, SecurityEventKind.TOKEN_CREATED, at=at, user_id=user.id)
        s.commit()
        assert access.log_in(s, email="kit@example.org", password=PASSWORD, now=NOW)
        s.commit()
        kept = s.scalars(select(SecurityEventRow.at).order_by(SecurityEventRow.at)).all()
        assert kept == [NOW - audit.KEPT + day, NOW]
        assert [e.kind for e in audit.account_events(s, user)] == [
            SecurityEventKind.SIGNED_IN,
            SecurityEventKind.TOKEN_CREATED,
        ]
