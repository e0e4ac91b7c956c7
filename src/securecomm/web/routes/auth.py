"""Signing in and out: the `/login` form (username, password, CSRF token) and `/logout`."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from starlette.responses import RedirectResponse, Response

from securecomm.web.accounts import SignInOutcome
from securecomm.web.deps import SESSION_COOKIE
from securecomm.web.rendering import home_path
from securecomm.web.routes._common import PublicCtx, SignedInCtx, set_cookie

__all__ = ["router"]

router = APIRouter(include_in_schema=False)

INVALID = "Invalid username or password"


@router.get("/login")
def login_form(ctx: PublicCtx, expired: int = 0) -> Response:
    if ctx.principal is not None:
        return RedirectResponse(home_path(ctx.principal.role.value, ctx.principal.scope), status_code=303)
    notice = "Your session ended after a period without activity; please sign in again." if expired else None
    return ctx.render("login.html", {"notice": notice, "username": ""})


@router.post("/login")
def login(
    ctx: PublicCtx,
    username: Annotated[str, Form(max_length=256)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
) -> Response:
    services = ctx.services
    result = services.accounts.sign_in(username, password, address=ctx.address, at=ctx.now)
    if result.outcome is SignInOutcome.THROTTLED:
        assert result.retry_after is not None
        minutes = max(1, round(result.retry_after.total_seconds() / 60))
        error = (
            f"Too many failed sign-in attempts. Try again in {minutes} minute{'s' if minutes != 1 else ''}."
        )
        response = ctx.render("login.html", {"error": error, "username": username[:64]}, status_code=429)
        response.headers["Retry-After"] = str(int(result.retry_after.total_seconds()))
        return response
    if result.principal is None:
        return ctx.render("login.html", {"error": INVALID, "username": username[:64]}, status_code=401)
    token = services.sessions.start(
        result.principal, address=ctx.address, at=ctx.now, replacing=ctx.session_token
    )
    response = RedirectResponse(
        home_path(result.principal.role.value, result.principal.scope), status_code=303
    )
    set_cookie(response, ctx.request, SESSION_COOKIE, token)
    return response


@router.post("/logout")
def logout(ctx: SignedInCtx) -> Response:
    ctx.services.sessions.end(ctx.session_token, at=ctx.now, address=ctx.address)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
