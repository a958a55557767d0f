"""Sign-up, log-in (API tokens for programs, a session cookie for pages), households."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session

from beside.errors import AuthFailed, TooManyAttempts
from beside.journal import access, credentials, members, sign_in
from beside.journal.schema import Role, TokenKind, UserRow
from beside.journal.throttle import Client
from beside.web.api.paging import Limit, Offset
from beside.web.api_models import (
    ApiTokenRequest,
    CsrfToken,
    HouseholdCreate,
    HouseholdOut,
    Page,
    PasswordChange,
    SessionInfo,
    SignedOut,
    SignedUp,
    SignUp,
    TokenInfo,
    TokenOut,
    TokenRequest,
)
from beside.web.cookies import DEVICE_COOKIE_PATH, cookie_value
from beside.web.csrf import CSRF_HEADER, csrf_token
from beside.web.deps import (
    CurrentUser,
    NowDep,
    SessionDep,
    TokenId,
    body_doc,
    caller_of,
    cookie_names,
    json_body,
    session_secret,
    store_session,
)

router = APIRouter()


def _client(request: Request) -> Client:
    """The address as this server sees it, and the device cookie's digest, if any."""
    device = cookie_value(request.headers.getlist("cookie"), cookie_names(request).device)
    address = request.client.host if request.client else "unknown"
    return Client(address=address, device=sign_in.device_digest(device))


@router.post("/auth/signup", status_code=202, openapi_extra=body_doc(SignUp))
async def sign_up(
    request: Request, at: NowDep, data: Annotated[SignUp, Depends(json_body(SignUp))]
) -> SignedUp:
    """Make an account. The answer is the same whether the address had one or not, so it
    tells no one who has an account here; then sign in (``/auth/session``, ``/auth/token``).
    The password is hashed first, outside any transaction (``journal.sign_in``)."""
    client = _client(request)
    password_hash = await run_in_threadpool(access.hash_password, data.password)
    async with store_session(request, write=True) as s:
        attempt = sign_in.begin_sign_up(s, email=data.email, client=client, now=at)
    async with store_session(request, write=True) as s:
        try:
            sign_in.register(
                s,
                attempt,
                email=data.email,
                display_name=data.display_name,
                password_hash=password_hash,
                client=client,
                now=at,
            )
        except TooManyAttempts:
            s.commit()
            raise
    return SignedUp(detail=sign_in.REGISTERED)


@asynccontextmanager
async def _signed_in(
    request: Request, response: Response, at: datetime, data: TokenRequest
) -> AsyncIterator[tuple[UserRow, Session]]:
    """Sign in in ``journal.sign_in``'s steps, the hash between transactions; the block
    runs in the last step's session, where the caller issues its secret. A failure is
    committed too: it counts towards throttling. A device signing in to this account for
    the first time is given its device cookie."""
    client = _client(request)
    async with store_session(request, write=True) as s:
        attempt = sign_in.begin(s, email=data.email, client=client, now=at)
    async with store_session(request, write=True) as s:
        try:
            candidate = sign_in.judge(s, attempt, email=data.email, client=client, now=at)
        except TooManyAttempts:
            s.commit()
            raise
    checked = await run_in_threadpool(sign_in.check, candidate, data.password)
    async with store_session(request, write=True) as s:
        try:
            user = sign_in.finish(s, candidate, checked, now=at)
        except AuthFailed:
            s.commit()
            raise
        device = sign_in.device_cookie(s, user, candidate, now=at)
        if device is not None:
            _set_secret_cookie(
                request,
                response,
                cookie_names(request).device,
                device,
                sign_in.DEVICE_TTL,
                DEVICE_COOKIE_PATH,
            )
        yield user, s


@router.post("/auth/token", status_code=201, openapi_extra=body_doc(ApiTokenRequest))
async def token(
    request: Request,
    response: Response,
    at: NowDep,
    data: Annotated[ApiTokenRequest, Depends(json_body(ApiTokenRequest))],
) -> TokenOut:
    """Log in and get an API token for a program (shown once; revocable): ``read`` or
    ``read_write``, for ``days`` or the server's most (``BESIDE_TOKEN_TTL_DAYS``)."""
    most = request.app.state.settings.token_ttl_days
    async with _signed_in(request, response, at, data) as (user, s):
        secret = access.issue_token(
            s,
            user,
            kind=TokenKind.API,
            now=at,
            name=data.name,
            ttl=timedelta(days=min(data.days or most, most)),
            scope=data.scope,
        )
    return TokenOut(token=secret)


@router.post("/auth/session", status_code=204, openapi_extra=body_doc(TokenRequest))
async def open_session(
    request: Request,
    response: Response,
    at: NowDep,
    data: Annotated[TokenRequest, Depends(json_body(TokenRequest))],
) -> None:
    """Log in for pages: a server-side session in an HttpOnly, SameSite=Strict cookie."""
    ttl = request.app.state.settings.session_ttl()
    async with _signed_in(request, response, at, data) as (user, s):
        secret = access.issue_token(s, user, kind=TokenKind.SESSION, now=at, ttl=ttl)
    _set_secret_cookie(request, response, cookie_names(request).session, secret, ttl, "/")
    response.headers[CSRF_HEADER] = csrf_token(secret)


def _set_secret_cookie(
    request: Request, response: Response, name: str, secret: str, ttl: timedelta, path: str
) -> None:
    """A cookie holding a secret: HttpOnly, SameSite=Strict, Secure over https or when
    told (``cookie_names``: the names say which)."""
    response.set_cookie(
        name,
        secret,
        max_age=int(ttl.total_seconds()),
        httponly=True,
        samesite="strict",
        secure=cookie_names(request).secure,
        path=path,
    )


@router.delete("/auth/session", status_code=204)
def close_session(request: Request, response: Response, s: SessionDep, at: NowDep) -> None:
    """Log out: the session ends on the server, not only in this browser."""
    secret = session_secret(request)
    if secret:
        credentials.end_session(s, secret, now=at)
    _forget_session(request, response)


def _forget_session(request: Request, response: Response) -> None:
    names = cookie_names(request)
    response.delete_cookie(
        names.session, path="/", secure=names.secure, httponly=True, samesite="strict"
    )


@router.get("/auth/csrf")
def page_csrf_token(request: Request, s: SessionDep, user: CurrentUser) -> CsrfToken:
    """The token a page sends as ``X-CSRF-Token`` with each change it makes under the
    session cookie (``web.csrf``); signing in for pages gives it too, as that header."""
    secret = session_secret(request)
    if secret is None:
        raise AuthFailed("only a page session has a CSRF token: sign in at /auth/session")
    return CsrfToken(csrf_token=csrf_token(secret))


@router.get("/auth/sessions")
def list_sessions(
    request: Request,
    s: SessionDep,
    user: CurrentUser,
    at: NowDep,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Page[SessionInfo]:
    """Where you are signed in: every live page session, the last used first."""
    idle = request.app.state.settings.session_idle()
    here = getattr(request.state, "token_id", None)
    rows = [
        SessionInfo(
            id=row.id,
            created_at=row.created_at,
            last_used_at=row.used_at,
            ends_at=access.ends_at(row, idle),
            this_one=row.id == here,
        )
        for row in credentials.tokens_of(
            s, user, TokenKind.SESSION, now=at, idle=idle, limit=limit + 1, offset=offset
        )
    ]
    return Page[SessionInfo].of(rows, offset=offset, limit=limit)


@router.delete("/auth/sessions/{token_id}", status_code=204)
def end_session(token_id: TokenId, s: SessionDep, user: CurrentUser, at: NowDep) -> None:
    """Sign out one session, from anywhere (a phone left at a friend's)."""
    credentials.revoke(s, user, token_id, TokenKind.SESSION, now=at)


@router.post("/auth/sign-out-everywhere")
def sign_out_everywhere(
    request: Request, response: Response, s: SessionDep, user: CurrentUser, at: NowDep
) -> SignedOut:
    """End every session and API token you hold, this one too."""
    ended = credentials.sign_out_everywhere(s, user, now=at)
    _forget_session(request, response)
    return SignedOut(ended=ended)


@router.post("/auth/password", openapi_extra=body_doc(PasswordChange))
async def change_password(
    request: Request,
    response: Response,
    at: NowDep,
    data: Annotated[PasswordChange, Depends(json_body(PasswordChange))],
) -> SignedOut:
    """A new password, given the current one (checked, and throttled, as a sign-in is).
    Every other session and token ends; the one asking stays signed in."""
    caller = await caller_of(request, at, writing=True)
    new_hash = await run_in_threadpool(access.hash_password, data.new_password)
    check = TokenRequest(email=caller.user.email, password=data.current_password)
    async with _signed_in(request, response, at, check) as (user, s):
        ended = credentials.set_password(s, user, new_hash, now=at, keep=caller.token.id)
    return SignedOut(ended=ended)


@router.get("/auth/tokens")
def list_tokens(
    s: SessionDep, user: CurrentUser, at: NowDep, limit: Limit = 100, offset: Offset = 0
) -> Page[TokenInfo]:
    """Your API tokens (to find the one to revoke), the last used first."""
    rows = [
        TokenInfo(
            id=row.id,
            name=row.name,
            scope=row.scope,
            created_at=row.created_at,
            last_used_at=row.used_at,
            expires_at=row.expires_at,
            revoked_at=row.revoked_at,
        )
        for row in credentials.tokens_of(
            s, user, TokenKind.API, now=at, limit=limit + 1, offset=offset
        )
    ]
    return Page[TokenInfo].of(rows, offset=offset, limit=limit)


@router.delete("/auth/tokens/{token_id}", status_code=204)
def revoke_token(token_id: TokenId, s: SessionDep, user: CurrentUser, at: NowDep) -> None:
    credentials.revoke(s, user, token_id, TokenKind.API, now=at)


@router.get("/households")
def my_households(
    s: SessionDep, user: CurrentUser, limit: Limit = 100, offset: Offset = 0
) -> Page[HouseholdOut]:
    """Every household you belong to, with your role in it, by name."""
    rows = [
        HouseholdOut(id=h.id, name=h.name, time_zone=h.time_zone, role=role)
        for h, role in members.households_of(s, user, limit=limit + 1, offset=offset)
    ]
    return Page[HouseholdOut].of(rows, offset=offset, limit=limit)


@router.post("/households", status_code=201, openapi_extra=body_doc(HouseholdCreate))
def create_household(
    s: SessionDep,
    user: CurrentUser,
    at: NowDep,
    data: Annotated[HouseholdCreate, Depends(json_body(HouseholdCreate))],
) -> HouseholdOut:
    house = members.create_owned_household(
        s, user, name=data.name, time_zone=data.time_zone, now=at
    )
    return HouseholdOut(id=house.id, name=house.name, time_zone=house.time_zone, role=Role.OWNER)
