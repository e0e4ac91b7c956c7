"""LESC's review of one IAQ: the matched encounters, the match-evidence picture beside the status
determination and its reasons, and the IAR as sent (`GET /lesc/iaq/{booking_id}`).

The picture (`/lesc/iaq/{booking_id}/evidence.png`) is drawn by the fingerprint engine from the stored
templates on request; viewing it is an audit event like any read of a person's record.
"""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy.orm import Session
from starlette.responses import Response

from securecomm.storage.agency_tables import BookingRow, LescResponseRow
from securecomm.web.deps import Ctx
from securecomm.web.errors import NotFound
from securecomm.web.file_schemas import IaqFileOut
from securecomm.web.iaq_file import iaq_file
from securecomm.web.policy import Permission, RecordScope
from securecomm.web.routes._common import IaqCtx

__all__ = ["api", "router"]

router = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api/lesc", tags=["lesc"])


def _response(ctx: Ctx, tx: Session, booking_id: str) -> tuple[LescResponseRow, str | None]:
    row = tx.get(LescResponseRow, booking_id)
    if row is None:
        raise NotFound("not found")
    booking = tx.get(BookingRow, booking_id)
    fips = booking.fips if booking else None
    ctx.check(Permission.IAQ_RESPONSES, RecordScope(fips, row.aor))
    return row, fips


def _file(ctx: Ctx, booking_id: str) -> IaqFileOut:
    with ctx.services.database.transaction() as tx:
        row, _ = _response(ctx, tx, booking_id)
        fin = row.fin
    evidence = ctx.services.evidence.evidence(booking_id=booking_id, fin=fin)  # a second or so: no lock held
    with ctx.services.database.transaction() as tx:
        row, fips = _response(ctx, tx, booking_id)
        found = iaq_file(tx, row, fips=fips, evidence=evidence)
        ctx.viewed(tx, "iaq_response", [(row.booking_id, RecordScope(fips, row.aor))])
    return found


@router.get("/lesc/iaq/{booking_id}")
def iaq_page(ctx: IaqCtx, booking_id: str) -> Response:
    return ctx.render("iaq.html", {"file": _file(ctx, booking_id)})


@router.get("/lesc/iaq/{booking_id}/evidence.png")
def evidence_picture(ctx: IaqCtx, booking_id: str) -> Response:
    """Both prints of the best-matching finger, the paired minutiae numbered and joined (PNG)."""
    with ctx.services.database.transaction() as tx:
        row, _ = _response(ctx, tx, booking_id)
        fin = row.fin
    found = ctx.services.evidence.evidence(booking_id=booking_id, fin=fin)
    if found is None:
        raise NotFound("no stored prints for this comparison")
    with ctx.services.database.transaction() as tx:
        row, fips = _response(ctx, tx, booking_id)
        ctx.viewed(tx, "match_evidence", [(row.booking_id, RecordScope(fips, row.aor))])
    return Response(found.png, media_type="image/png")


@api.get("/iaq/{booking_id}", response_model=IaqFileOut, responses={404: {"description": "no such IAQ"}})
def iaq_api(ctx: IaqCtx, booking_id: str) -> IaqFileOut:
    """One IAQ: the IDENT hit and its evidence, the encounters, the determination, the IAR as sent."""
    return _file(ctx, booking_id)
