"""Small helpers the routers share: typed guard aliases, paging, cookies."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query
from starlette.requests import Request
from starlette.responses import Response

from securecomm.web.deps import Ctx, Public, Require
from securecomm.web.policy import Permission

__all__ = [
    "AdminCtx",
    "CaseCtx",
    "IaqCtx",
    "JailCtx",
    "OversightCtx",
    "PageNumber",
    "PublicCtx",
    "SignedInCtx",
    "UsersCtx",
    "set_cookie",
]

PublicCtx = Annotated[Ctx, Depends(Public())]
SignedInCtx = Annotated[Ctx, Depends(Require(Permission.SIGNED_IN))]
AdminCtx = Annotated[Ctx, Depends(Require(Permission.ADMIN_JURISDICTIONS))]
UsersCtx = Annotated[Ctx, Depends(Require(Permission.ADMIN_USERS))]
JailCtx = Annotated[Ctx, Depends(Require(Permission.JAIL_RECORDS))]
CaseCtx = Annotated[Ctx, Depends(Require(Permission.CASE_RECORDS))]
IaqCtx = Annotated[Ctx, Depends(Require(Permission.IAQ_RESPONSES))]
OversightCtx = Annotated[Ctx, Depends(Require(Permission.OVERSIGHT_AGGREGATES))]

PageNumber = Annotated[int, Query(ge=1, le=100_000, description="1-based page number")]


def set_cookie(response: Response, request: Request, name: str, value: str) -> None:
    """A session-lifetime cookie: HttpOnly, SameSite=Lax, and Secure exactly when the request used TLS."""
    response.set_cookie(
        name, value, httponly=True, samesite="lax", secure=request.url.scheme == "https", path="/"
    )
