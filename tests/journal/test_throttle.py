"""Throttling on SQLite and PostgreSQL (issue 11): guesses from elsewhere cannot lock the
owner out, one address cannot try many accounts, concurrent guesses count against each
other, and old attempts are pruned."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from beside.errors import AuthFailed, TooManyAttempts
from beside.journal import access, sign_in, throttle
from beside.journal.schema import LoginAttemptRow
from beside.journal.throttle import Client

NOW = datetime(2025, 11, 1, 12, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"
ATTACKER = Client(address="203.0.113.9")
OWNER_HOME = Client(address="198.51.100.4")


def _owner(s: Session) -> None:
    access.sign_up(s, email="ida@example.org", display_name="Ida", password=PASSWORD, now=NOW)


def _guess(s: Session, n: int, *, client: Client, email: str = "ida@example.org") -> None:
    for i in range(n):
        with pytest.raises(AuthFailed):
            access.log_in(
                s,
                email=email,
                password=f"guess {i} guess",
                now=NOW + timedelta(seconds=i),
                client=client,
            )


def _device_of_owner(s: Session) -> Client:
    """The owner signs in once from their phone and keeps its device cookie."""
    attempt = sign_in.begin(s, email="ida@example.org", client=OWNER_HOME, now=NOW)
    candidate = sign_in.judge(s, attempt, email="ida@example.org", client=OWNER_HOME, now=NOW)
    user = sign_in.finish(s, candidate, sign_in.check(candidate, PASSWORD), now=NOW)
    secret = sign_in.device_cookie(s, user, candidate, now=NOW)
    assert secret is not None
    return Client(address=OWNER_HOME.address, device=sign_in.device_digest(secret))


def test_guesses_from_elsewhere_do_not_lock_out_the_owners_device(engine: Engine) -> None:
    with Session(engine) as s:
        _owner(s)
        phone = _device_of_owner(s)
        _guess(s, 12, client=ATTACKER)
        soon = NOW + timedelta(seconds=30)
        with pytest.raises(TooManyAttempts):
            access.log_in(s, email="ida@example.org", password=PASSWORD, now=soon, client=ATTACKER)
        assert (
            access.log_in(
                s, email="ida@example.org", password=PASSWORD, now=soon, client=phone
            ).email
            == "ida@example.org"
        )


def test_a_locked_account_is_slowed_to_one_checked_attempt_a_minute(engine: Engine) -> None:
    """Without a device cookie, past five failures the right password still gets in, on
    the first attempt a minute after the last one checked."""
    with Session(engine) as s:
        _owner(s)
        _guess(s, 5, client=ATTACKER)
        new_phone = Client(address="192.0.2.77")
        with pytest.raises(TooManyAttempts) as exc:
            access.log_in(
                s,
                email="ida@example.org",
                password=PASSWORD,
                now=NOW + timedelta(seconds=30),
                client=new_phone,
            )
        assert exc.value.retry_after_s == 60
        later = NOW + timedelta(seconds=4 + 61)
        assert access.log_in(
            s, email="ida@example.org", password=PASSWORD, now=later, client=new_phone
        )


def test_one_address_cannot_try_many_accounts(engine: Engine) -> None:
    with Session(engine) as s:
        _owner(s)
        for n in range(throttle.ADDRESS_FAILURES):
            _guess(s, 1, client=ATTACKER, email=f"someone{n}@example.org")
        with pytest.raises(TooManyAttempts):
            access.log_in(s, email="ida@example.org", password=PASSWORD, now=NOW, client=ATTACKER)
        # the same account from another address is not held up by that address
        assert access.log_in(
            s, email="ida@example.org", password=PASSWORD, now=NOW, client=OWNER_HOME
        )


def test_concurrent_guesses_are_counted_against_each_other(engine: Engine) -> None:
    """Twelve guesses at the same moment (on PostgreSQL all used to be checked against a
    limit of five): no more than five are checked."""
    with Session(engine) as s:
        _owner(s)
        s.commit()
    gate = threading.Barrier(12)
    checked: list[bool] = []

    def guess(i: int) -> None:
        client = Client(address=f"192.0.2.{i}")
        with Session(engine) as s:
            attempt = sign_in.begin(s, email="ida@example.org", client=client, now=NOW)
            s.commit()
        gate.wait()
        with Session(engine) as s:
            try:
                sign_in.judge(s, attempt, email="ida@example.org", client=client, now=NOW)
                checked.append(True)
            except TooManyAttempts:
                checked.append(False)
            s.commit()

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(checked) == 12
    assert sum(checked) <= throttle.ACCOUNT_FAILURES, checked


def test_attempts_older_than_a_day_are_pruned(engine: Engine) -> None:
    with Session(engine) as s:
        _owner(s)
        _guess(s, 3, client=ATTACKER)
        next_day = NOW + throttle.KEPT + timedelta(minutes=1)
        access.log_in(s, email="ida@example.org", password=PASSWORD, now=next_day)
        kept = s.scalar(select(func.count()).select_from(LoginAttemptRow))
        assert kept == 1


def _sign_up(s: Session, email: str, client: Client) -> None:
    attempt = sign_in.begin_sign_up(s, email=email, client=client, now=NOW)
    sign_in.register(
        s,
        attempt,
        email=email,
        display_name="p",
        password_hash=access.hash_password(PASSWORD),
        client=client,
        now=NOW,
    )


def test_sign_ups_from_one_address_are_limited(engine: Engine) -> None:
    with Session(engine) as s:
        for n in range(throttle.SIGN_UPS):
            _sign_up(s, f"p{n}@example.org", ATTACKER)
        with pytest.raises(TooManyAttempts):
            _sign_up(s, "one-more@example.org", ATTACKER)
        _sign_up(s, "q@example.org", OWNER_HOME)
