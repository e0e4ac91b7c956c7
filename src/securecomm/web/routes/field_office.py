"""The ERO field office's pages: the cases of its AOR, with the advice and the citations behind it.

The advice is advisory (rules never decide for an officer); decisions are recorded acts, added with the
field office's workflow. A field-office account sees only its own AOR; any other answers 404.
"""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy.orm import Session
from starlette.responses import Response

from securecomm.storage.agency_tables import CaseRow
from securecomm.web import records
from securecomm.web.deps import Ctx
from securecomm.web.errors import NotFound
from securecomm.web.policy import Permission, RecordScope
from securecomm.web.routes._common import CaseCtx, PageNumber
from securecomm.web.schemas import CaseOut, CasePage
from securecomm.web.shaping import advice_out, case_status

__all__ = ["api", "router"]

router = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["field office"])


def case_out(row: CaseRow) -> CaseOut:
    return CaseOut(
        case_id=row.case_id,
        booking_id=row.booking_id,
        fips=row.fips,
        aor=row.aor,
        opened_at=row.opened_at,
        state=row.state,
        protected=row.protected,
        closed_at=row.closed_at,
        status=case_status(row),
        advice=advice_out(row.advice),
    )


def _cases(ctx: Ctx, tx: Session, aor: str, page: int) -> CasePage:
    size = ctx.services.settings.page_size
    found = records.cases_of(tx, aor, page=page, size=size)
    ctx.viewed(tx, "case", ((c.case_id, RecordScope(c.fips, c.aor)) for c in found.items))
    return CasePage(items=[case_out(c) for c in found.items], page=page, page_size=size, total=found.total)


@router.get("/ero/{aor}")
def field_office_home(ctx: CaseCtx, aor: str, page: PageNumber = 1) -> Response:
    ctx.check(Permission.CASE_RECORDS, RecordScope(aor=aor))
    with ctx.services.database.transaction() as tx:
        cases = _cases(ctx, tx, aor, page)
    return ctx.render("ero.html", {"aor": aor, "cases": cases})


@api.get("/ero/{aor}/cases", response_model=CasePage, responses={404: {"description": "not your AOR"}})
def cases_api(ctx: CaseCtx, aor: str, page: PageNumber = 1) -> CasePage:
    ctx.check(Permission.CASE_RECORDS, RecordScope(aor=aor))
    with ctx.services.database.transaction() as tx:
        return _cases(ctx, tx, aor, page)


@api.get(
    "/cases/{case_id}", response_model=CaseOut, responses={404: {"description": "no such case in your AOR"}}
)
def case_api(ctx: CaseCtx, case_id: str) -> CaseOut:
    with ctx.services.database.transaction() as tx:
        row = tx.get(CaseRow, case_id)
        if row is None:
            raise NotFound("not found")
        ctx.check(Permission.CASE_RECORDS, RecordScope(row.fips, row.aor))
        ctx.viewed(tx, "case", [(row.case_id, RecordScope(row.fips, row.aor))])
        return case_out(row)
