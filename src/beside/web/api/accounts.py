"""Sign-up, log-in (API tokens for programs, a session cookie for pages), households."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from beside.errors import AuthFailed
from beside.journal import access, members
from beside.journal.schema import Role, TokenKind, UserRow
from beside.web.api.paging import Limit, Offset
from beside.web.api_models import (
    HouseholdCreate,
    HouseholdOut,
    Page,
    SignUp,
    TokenInfo,
    TokenOut,
    TokenRequest,
)
from beside.web.cookies import SESSION_COOKIE, cookie_value
from beside.web.deps import (
    CurrentUser,
    NowDep,
    SessionDep,
    TokenId,
    body_doc,
    json_body,
)

router = APIRouter()


@router.post("/auth/signup", status_code=201, openapi_extra=body_doc(SignUp))
def sign_up(
    s: SessionDep, at: NowDep, data: Annotated[SignUp, Depends(json_body(SignUp))]
) -> dict[str, str]:
    user = access.sign_up(
        s, email=data.email, display_name=data.display_name, password=data.password, now=at
    )
    return {"user_id": user.id}


def _log_in(s: SessionDep, at: NowDep, data: TokenRequest) -> UserRow:
    """A failed attempt is kept (it counts towards throttling) even though the call fails."""
    try:
        return access.log_in(s, email=data.email, password=data.password, now=at)
    except AuthFailed:
        s.commit()
        raise


@router.post("/auth/token", status_code=201, openapi_extra=body_doc(TokenRequest))
def token(
    request: Request,
    s: SessionDep,
    at: NowDep,
    data: Annotated[TokenRequest, Depends(json_body(TokenRequest))],
) -> TokenOut:
    """Log in and get an API token for a program (shown once; revocable)."""
    user = _log_in(s, at, data)
    return TokenOut(
        token=access.issue_token(
            s,
            user,
            kind=TokenKind.API,
            now=at,
            name=data.name,
            ttl=timedelta(days=request.app.state.settings.token_ttl_days),
        )
    )


@router.post("/auth/session", status_code=204, openapi_extra=body_doc(TokenRequest))
def open_session(
    request: Request,
    response: Response,
    s: SessionDep,
    at: NowDep,
    data: Annotated[TokenRequest, Depends(json_body(TokenRequest))],
) -> None:
    """Log in for pages: a server-side session in an HttpOnly, SameSite=Strict cookie."""
    user = _log_in(s, at, data)
    secret = access.issue_token(s, user, kind=TokenKind.SESSION, now=at, ttl=access.SESSION_TTL)
    response.set_cookie(
        SESSION_COOKIE,
        secret,
        max_age=int(access.SESSION_TTL.total_seconds()),
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )


@router.delete("/auth/session", status_code=204)
def close_session(request: Request, response: Response, s: SessionDep, at: NowDep) -> None:
    """Log out: the session ends on the server, not only in this browser."""
    secret = cookie_value(request.headers.getlist("cookie"), SESSION_COOKIE)
    if secret:
        access.end_session(s, secret, now=at)
    response.delete_cookie(SESSION_COOKIE, path="/")


@router.get("/auth/tokens")
def list_tokens(
    s: SessionDep, user: CurrentUser, limit: Limit = 100, offset: Offset = 0
) -> Page[TokenInfo]:
    """Your API tokens (to find the one to revoke), newest first."""
    rows = [
        TokenInfo(
            id=row.id,
            name=row.name,
            created_at=row.created_at,
            expires_at=row.expires_at,
            revoked_at=row.revoked_at,
        )
        for row in access.api_tokens(s, user, limit=limit + 1, offset=offset)
    ]
    return Page[TokenInfo].of(rows, offset=offset, limit=limit)


@router.delete("/auth/tokens/{token_id}", status_code=204)
def revoke_token(token_id: TokenId, s: SessionDep, user: CurrentUser, at: NowDep) -> None:
    access.revoke_token(s, user, token_id, now=at)


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
