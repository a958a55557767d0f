"""Sign-up and sign-in through the API (issue 11): the sign-up answer tells no one who has
an account; a device is remembered; the password hash holds no write lock."""

from __future__ import annotations

import statistics
import threading
import time

from fastapi.testclient import TestClient

from tests.web.api_client import PASSWORD, account

SIGN_UP = "/api/v1/auth/signup"


def test_sign_up_answers_the_same_for_an_address_that_has_an_account(
    client: TestClient,
) -> None:
    first = client.post(
        SIGN_UP, json={"email": "ola@example.org", "display_name": "Ola", "password": PASSWORD}
    )
    again = client.post(
        SIGN_UP,
        json={
            "email": "OLA@example.org",
            "display_name": "Someone",
            "password": "another long passphrase",
        },
    )
    assert (first.status_code, first.json()) == (again.status_code, again.json())
    assert first.status_code == 202
    # nothing changed for the account that was there: its own password still signs in
    signed = client.post(
        "/api/v1/auth/token", json={"email": "ola@example.org", "password": PASSWORD}
    )
    assert signed.status_code == 201
    refused = client.post(
        "/api/v1/auth/token",
        json={"email": "ola@example.org", "password": "another long passphrase"},
    )
    assert refused.status_code == 401


def test_a_device_is_given_its_cookie_once(client: TestClient) -> None:
    account(client, "pia")
    assert "beside_device" in client.cookies
    first = client.cookies["beside_device"]
    again = client.post(
        "/api/v1/auth/token", json={"email": "pia@example.org", "password": PASSWORD}
    )
    assert again.status_code == 201
    assert "beside_device" not in again.headers.get("set-cookie", "")
    assert client.cookies["beside_device"] == first


def test_sign_ins_hashing_do_not_hold_up_a_familys_write(client: TestClient) -> None:
    """Two loops signing in (about 150 ms of argon2 each) while a parent writes: the writes
    wait for no hash (they waited for every one when the hash ran under the write lock:
    10 ms became 670 ms)."""
    auth = account(client, "rut")
    stop = threading.Event()

    def sign_in_loop() -> None:
        while not stop.is_set():
            client.post(
                "/api/v1/auth/token", json={"email": "rut@example.org", "password": PASSWORD}
            )

    loops = [threading.Thread(target=sign_in_loop) for _ in range(2)]
    for loop in loops:
        loop.start()
    try:
        time.sleep(0.5)
        took = []
        for n in range(12):
            start = time.perf_counter()
            made = client.post(
                "/api/v1/households", headers=auth, json={"name": f"Home {n}", "time_zone": "UTC"}
            )
            took.append(time.perf_counter() - start)
            assert made.status_code == 201
    finally:
        stop.set()
        for loop in loops:
            loop.join()
    assert statistics.median(took) < 0.1, took
