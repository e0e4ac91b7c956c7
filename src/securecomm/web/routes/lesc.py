"""The Law Enforcement Support Center's page: the IAQs it has answered, newest first.

LESC is national, so it sees every IAQ response; each one shown is an audit event.
"""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy.orm import Session
from starlette.responses import Response

from securecomm.web import records
from securecomm.web.deps import Ctx
from securecomm.web.policy import RecordScope
from securecomm.web.routes._common import IaqCtx, PageNumber
from securecomm.web.schemas import IaqResponsePage
from securecomm.web.shaping import iaq_out

__all__ = ["api", "router"]

router = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["lesc"])


def _responses(ctx: Ctx, tx: Session, page: int) -> IaqResponsePage:
    size = ctx.services.settings.page_size
    found = records.iaq_responses(tx, page=page, size=size)
    ctx.viewed(tx, "iaq_response", ((r.booking_id, RecordScope(fips, r.aor)) for r, fips in found.items))
    items = [iaq_out(r, fips=fips) for r, fips in found.items]
    return IaqResponsePage(items=items, page=page, page_size=size, total=found.total)


@router.get("/lesc")
def lesc_home(ctx: IaqCtx, page: PageNumber = 1) -> Response:
    with ctx.services.database.transaction() as tx:
        responses = _responses(ctx, tx, page)
    return ctx.render("lesc.html", {"responses": responses})


@api.get("/lesc/iaq-responses", response_model=IaqResponsePage)
def responses_api(ctx: IaqCtx, page: PageNumber = 1) -> IaqResponsePage:
    with ctx.services.database.transaction() as tx:
        return _responses(ctx, tx, page)
