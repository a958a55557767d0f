"""Speed by design, not by timing (issue 10): a 3 a.m. write asks the store once who is
asking, with which role, about which child, in which zone. The figures are in
benchmarks/RESULTS.md; this holds the shape that gives them."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import event

from tests.web.api_client import account, household_with_child


def _selects_of(client: TestClient, method: str, url: str, **kwargs: Any) -> list[str]:
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        seen.append(statement)

    engine = client.app.state.engine  # type: ignore[attr-defined]
    event.listen(engine, "before_cursor_execute", record)
    try:
        answer = client.request(method, url, **kwargs)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert answer.status_code < 300, answer.text
    return [s for s in seen if s.lstrip().upper().startswith("SELECT")]


def test_a_quick_log_finds_caller_role_child_and_zone_in_one_query(client: TestClient) -> None:
    """Seen to fail (3 queries) with the caller, the role with the child, and the
    household's zone asked one by one, as before."""
    auth = account(client, "quick")
    house, child = household_with_child(client, auth)
    base = f"/api/v1/households/{house}/children/{child}"
    for url, body in (
        (f"{base}/episodes/now", {"peak_distress": 6}),
        (f"{base}/naps/now", {}),
    ):
        selects = _selects_of(client, "POST", url, headers=auth, json=body)
        access_queries = [s for s in selects if "tokens" in s]
        assert len(access_queries) == 1, selects
        assert not [s for s in selects if "households" in s and s not in access_queries]


def test_a_list_of_one_childs_entries_asks_once_for_access(client: TestClient) -> None:
    auth = account(client, "reader")
    house, child = household_with_child(client, auth)
    selects = _selects_of(
        client, "GET", f"/api/v1/households/{house}/children/{child}/episodes", headers=auth
    )
    assert len([s for s in selects if "tokens" in s or "memberships" in s]) == 1, selects
