"""Dependencies as named aliases: the session, the current user, and household access.

Access is checked once, here: a route that names a household or child gets it only if the
caller may act on it (NotFound outside the household, Forbidden for a weaker role).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager, nullcontext
from datetime import datetime
from typing import Annotated, Any, TypeVar
from zoneinfo import ZoneInfo

from fastapi import BackgroundTasks, Depends, Header, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel
from sqlalchemy.orm import Session

from beside.errors import AuthFailed, CsrfFailed
from beside.journal import access, credentials
from beside.journal import entries as entry_store
from beside.journal import households as household_store
from beside.journal.access import Action
from beside.journal.db import begin_writing
from beside.journal.schema import ChildRow, Role, TokenKind, TokenRow, UserRow
from beside.records.parse import parse_record_json
from beside.records.text import ID_PATTERN
from beside.web.cookies import PLAIN, SECURE, CookieNames, cookie_value
from beside.web.csrf import CSRF_HEADER, csrf_matches

M = TypeVar("M", bound=BaseModel)

#: A journal id in a path: anything else is a 422 naming the parameter, before any query.
Id = Annotated[str, Path(pattern=ID_PATTERN)]
OptionalId = Annotated[str | None, Query(pattern=ID_PATTERN)]
TokenId = Annotated[int, Path(ge=1, le=2**31 - 1)]  # PostgreSQL INTEGER


READ_ONLY = frozenset({"GET", "HEAD", "OPTIONS"})


async def db_session(request: Request) -> AsyncIterator[Session]:
    """One session per request (``store_session``), writing unless the method only reads.

    The commit happens before the response is sent (``scope="function"``): FastAPI's default
    ends a yield dependency after sending, so a client could be told "saved" for an entry a
    crash then lost (found by the SIGKILL test)."""
    async with store_session(request, write=request.method not in READ_ONLY) as s:
        yield s


@asynccontextmanager
async def store_session(
    request: Request, *, write: bool, after_answer: bool = False
) -> AsyncIterator[Session]:
    """A session, committed when the block ends, rolled back on an error. Routes that do
    something slow between two transactions (the password hash: ``web.api.accounts``) open
    their own, one per step. ``after_answer``: a task run once the answer is sent, when the
    body is gone and must not be waited for.

    On SQLite, writes take turns (``app.state.sqlite_writer``, first come first
    served) and wait for their turn here, on the event loop. Without this, under load every
    worker thread sat in SQLite's busy wait for the write lock, while the request holding it
    needed a worker thread to finish and commit: a stall until the busy timeout, then "database
    is locked" (found by the 50-client benchmark). Reads never wait: WAL lets them run beside
    the writer. PostgreSQL has row locks and needs no turns.

    The dependencies below are ``async``: each is a query or two, and a hop to a worker
    thread cost more than the query (it waits for the GIL behind the event loop)."""
    sqlite = request.app.state.engine.dialect.name == "sqlite"
    turn = request.app.state.sqlite_writer if sqlite and write else None
    if turn is not None and not after_answer:
        await request.body()  # the whole body first: a slow upload must not hold the turn
    # A request waits here, on the event loop, for one of the pool's connections before it
    # may query. Without this, the 16th of many concurrent reads blocked the event loop
    # inside the pool while the 15 holding a connection needed the loop to finish: the
    # server stopped answering for good (issue 10). The turn comes first, then the slot,
    # always in that order, so no two requests wait on each other in a circle.
    # A write on SQLite begins IMMEDIATE (journal.db.begin_writing): with several server
    # processes over one file, the turn above orders one process's writers, and SQLite's
    # lock, waited for, the processes between them.
    slot = request.app.state.db_slots
    async with turn or nullcontext(), slot or nullcontext():
        with request.app.state.sessions() as s:
            if turn is not None:
                begin_writing(s)
            try:
                yield s
                if sqlite:
                    s.commit()  # WAL, lock already held: well under a millisecond
                else:
                    await run_in_threadpool(s.commit)
            except BaseException:
                s.rollback()
                raise


SessionDep = Annotated[Session, Depends(db_session, scope="function")]


async def now() -> datetime:
    return entry_store.utc_now()


NowDep = Annotated[datetime, Depends(now)]


def cookie_names(request: Request) -> CookieNames:
    """Our cookies' names for this request: prefixed over https (the scheme the browser
    used, ``web.guard`` having read a trusted proxy's word) or when the server is told
    its cookies are always Secure (``BESIDE_SECURE_COOKIES``, ``BESIDE_PUBLIC_URL``)."""
    secure = request.app.state.settings.cookies_secure() or request.url.scheme == "https"
    return SECURE if secure else PLAIN


def session_secret(request: Request) -> str | None:
    return cookie_value(request.headers.getlist("cookie"), cookie_names(request).session)


def credentials_of(request: Request, authorization: str | None = None) -> tuple[str, TokenKind]:
    """The caller's secret: a Bearer API token, or else the page session's cookie, which
    may change something only with the page's CSRF token beside it (``web.csrf``)."""
    if authorization is None:
        authorization = request.headers.get("authorization")
    if authorization and authorization.lower().startswith("bearer "):
        return authorization[7:].strip(), TokenKind.API
    session = session_secret(request)
    if session:
        if request.method not in READ_ONLY and not csrf_matches(
            session, request.headers.get(CSRF_HEADER)
        ):
            raise CsrfFailed(
                f"a change made with the session cookie needs the page's {CSRF_HEADER}"
                " header (GET /api/v1/auth/csrf gives it)"
            )
        return session, TokenKind.SESSION
    raise AuthFailed("sign in, and send your token as 'Authorization: Bearer <token>'")


async def caller_of(request: Request, at: datetime, *, writing: bool) -> access.Caller:
    """The caller, found in a short read session of its own: for routes that hold no
    session while they do something slow (a hash, an export) between transactions."""
    secret, kind = credentials_of(request)
    idle = request.app.state.settings.session_idle()
    async with store_session(request, write=False) as s:
        return access.caller_for_token(s, secret, kind=kind, now=at, writing=writing, idle=idle)


async def current_user(
    request: Request,
    s: SessionDep,
    at: NowDep,
    background: BackgroundTasks,
    authorization: Annotated[str | None, Header()] = None,
) -> UserRow:
    """The caller. A route about one child found them already, with the child
    (``child_for``): the same credentials, in this same request. A read-only token may
    only read (``access.check_scope``)."""
    known: UserRow | None = getattr(request.state, "user", None)
    if known is not None:
        return known
    token, kind = credentials_of(request, authorization)
    caller = access.caller_for_token(
        s,
        token,
        kind=kind,
        now=at,
        writing=request.method not in READ_ONLY,
        idle=request.app.state.settings.session_idle(),
    )
    _note_use(request, s, background, caller.token, at)
    return caller.user


def _note_use(
    request: Request, s: Session, background: BackgroundTasks, token: TokenRow, at: datetime
) -> None:
    """Keep the token's last use (for the idle timeout and the list of one's sessions), at
    most every ``access.TOUCH_EVERY``: in a write's own transaction, or, for a read, in one
    of its own after the answer is sent, so that a read never waits for the writer."""
    request.state.token_id = token.id
    if not access.needs_touch(token, at):
        return
    if request.method not in READ_ONLY:
        credentials.touch(s, token.id, now=at)
    else:
        background.add_task(_touch_later, request, token.id, at)


async def _touch_later(request: Request, token_id: int, at: datetime) -> None:
    async with store_session(request, write=True, after_answer=True) as s:
        credentials.touch(s, token_id, now=at)


CurrentUser = Annotated[UserRow, Depends(current_user)]


def household_role(action: Action) -> Callable[..., Awaitable[Role]]:
    async def check(household_id: Id, user: CurrentUser, s: SessionDep) -> Role:
        return access.require(s, user.id, household_id, action)

    return check


def child_for(action: Action) -> Callable[..., Awaitable[ChildRow]]:
    """The child, if the caller may ``action`` on it: caller, role, child and the
    household's zone in one query (``access.child_access``); the caller and the zone are
    kept for ``current_user`` and ``household_zone`` in this request."""

    async def load(
        request: Request,
        household_id: Id,
        child_id: Id,
        s: SessionDep,
        at: NowDep,
        background: BackgroundTasks,
        authorization: Annotated[str | None, Header()] = None,
    ) -> ChildRow:
        token, kind = credentials_of(request, authorization)
        found = access.child_access(
            s,
            token,
            kind=kind,
            household_id=household_id,
            child_id=child_id,
            action=action,
            now=at,
            writing=request.method not in READ_ONLY,
            idle=request.app.state.settings.session_idle(),
        )
        _note_use(request, s, background, found.token, at)
        request.state.user = found.user
        request.state.time_zone = (household_id, found.time_zone)
        return found.child

    return load


ReadableChild = Annotated[ChildRow, Depends(child_for(Action.READ))]
WritableChild = Annotated[ChildRow, Depends(child_for(Action.LOG))]
ManagedChild = Annotated[ChildRow, Depends(child_for(Action.MANAGE))]


async def household_zone(request: Request, household_id: Id, s: SessionDep) -> ZoneInfo:
    """The household's time zone (access is checked by the route's other dependencies);
    found already where the route is about one child (``child_for``)."""
    known: tuple[str, str] | None = getattr(request.state, "time_zone", None)
    if known is not None and known[0] == household_id:
        return household_store.zone(known[1])
    return household_store.household_zone(s, household_id)


HouseholdZone = Annotated[ZoneInfo, Depends(household_zone)]


def json_body(model: type[M]) -> Callable[[Request], Awaitable[M]]:
    """Parse the body in JSON mode through ``records`` (strict models: ISO times and enum
    values are JSON's own forms; numbers stay numbers). FastAPI would validate in Python
    mode, where strict models refuse both."""

    async def parse(request: Request) -> M:
        return parse_record_json(model, await request.body())

    return parse


BODY_MODELS: list[type[BaseModel]] = []


def body_doc(model: type[BaseModel]) -> dict[str, Any]:
    """OpenAPI for a body parsed by ``json_body``; the schema is added by ``web.app``."""
    if model not in BODY_MODELS:
        BODY_MODELS.append(model)
    ref = {"$ref": f"#/components/schemas/{model.__name__}"}
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": ref}}}}
