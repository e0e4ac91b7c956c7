"""For any signed-in account: where its home page is, who it is, and the jurisdictions of the program."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.responses import RedirectResponse, Response

from securecomm.storage.tables import JurisdictionRow
from securecomm.web import records
from securecomm.web.errors import NotFound
from securecomm.web.rendering import home_path
from securecomm.web.routes._common import PageNumber, SignedInCtx
from securecomm.web.schemas import JurisdictionOut, JurisdictionPage, MeOut
from securecomm.web.shaping import jurisdiction_out

__all__ = ["api", "router"]

router = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["signed in"])


@router.get("/home")
def home(ctx: SignedInCtx) -> Response:
    return RedirectResponse(home_path(ctx.user.role.value, ctx.user.scope), status_code=303)


@api.get("/me", response_model=MeOut)
def me(ctx: SignedInCtx) -> MeOut:
    user = ctx.user
    return MeOut(
        username=user.username,
        role=user.role.value,
        scope=user.scope,
        home=home_path(user.role.value, user.scope),
    )


@api.get("/jurisdictions", response_model=JurisdictionPage)
def jurisdictions(
    ctx: SignedInCtx,
    page: PageNumber = 1,
    state: Annotated[
        str | None, Query(min_length=2, max_length=2, description="two-letter state code")
    ] = None,
) -> JurisdictionPage:
    """The program's jurisdictions (public facts: activation, IDR setting, 287(g)); no person's record."""
    size = ctx.services.settings.page_size
    with ctx.services.database.transaction() as tx:
        found = records.jurisdictions(tx, state=state.upper() if state else None, page=page, size=size)
        items = [jurisdiction_out(j) for j in found.items]
    return JurisdictionPage(items=items, page=page, page_size=size, total=found.total)


@api.get(
    "/jurisdictions/{fips}",
    response_model=JurisdictionOut,
    responses={404: {"description": "no such county"}},
)
def jurisdiction(ctx: SignedInCtx, fips: str) -> JurisdictionOut:
    with ctx.services.database.transaction() as tx:
        row = tx.get(JurisdictionRow, fips)
        if row is None:
            raise NotFound(f"no jurisdiction {fips!r}")
        return jurisdiction_out(row)
