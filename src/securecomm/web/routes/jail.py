"""The jail's pages: its own bookings with their responses, and the hold board with live countdowns.

A jail account sees only its own county (`/jail/{its FIPS}`); any other county answers 404. Every
booking and detainer shown is an audit event, written in the transaction that read it.
"""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy.orm import Session
from starlette.responses import Response

from securecomm.storage.agency_tables import BookingRow
from securecomm.storage.tables import JurisdictionRow
from securecomm.web import records
from securecomm.web.deps import Ctx
from securecomm.web.errors import NotFound
from securecomm.web.policy import Permission, RecordScope
from securecomm.web.routes._common import JailCtx, PageNumber
from securecomm.web.schemas import BookingOut, BookingPage, DetainerPage
from securecomm.web.shaping import booking_out, detainer_out

__all__ = ["api", "router"]

router = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["jail"])

# The hold board shows every open hold; a county with more than this has a problem the board must not hide.
HOLD_BOARD_LIMIT = 500


def _county(ctx: Ctx, tx: Session, fips: str) -> JurisdictionRow:
    ctx.check(Permission.JAIL_RECORDS, RecordScope(fips=fips))
    row = tx.get(JurisdictionRow, fips)
    if row is None:
        raise NotFound(f"no jurisdiction {fips!r}")
    return row


def _bookings(ctx: Ctx, tx: Session, county: JurisdictionRow, page: int) -> BookingPage:
    size = ctx.services.settings.page_size
    found = records.bookings_of(tx, county.fips, page=page, size=size)
    ctx.viewed(tx, "booking", ((b.booking_id, RecordScope(b.fips, county.aor)) for b in found.items))
    items = [booking_out(b, receives_idr=county.receives_idr) for b in found.items]
    return BookingPage(items=items, page=page, page_size=size, total=found.total)


def _holds(ctx: Ctx, tx: Session, county: JurisdictionRow) -> DetainerPage:
    now = ctx.services.board_clock.now()
    rows = records.active_detainers(tx, county.fips, limit=HOLD_BOARD_LIMIT)
    ctx.viewed(tx, "detainer", ((d.detainer_id, RecordScope(d.fips, d.aor)) for d, _ in rows))
    items = [detainer_out(d, now=now, subject=subject) for d, subject in rows]
    return DetainerPage(items=items, page=1, page_size=HOLD_BOARD_LIMIT, total=len(items), now=now)


@router.get("/jail/{fips}")
def jail_home(ctx: JailCtx, fips: str, page: PageNumber = 1) -> Response:
    with ctx.services.database.transaction() as tx:
        county = _county(ctx, tx, fips)
        bookings = _bookings(ctx, tx, county, page)
        holds = _holds(ctx, tx, county)
    context = {
        "county": county,
        "bookings": bookings,
        "holds": holds,
        "poll_seconds": ctx.services.settings.poll_seconds,
    }
    return ctx.render("jail.html", context)


@router.get("/jail/{fips}/holds")
def hold_board(ctx: JailCtx, fips: str) -> Response:
    """The hold board alone: what an open page polls for (htmx swaps it in place)."""
    with ctx.services.database.transaction() as tx:
        county = _county(ctx, tx, fips)
        holds = _holds(ctx, tx, county)
    context = {"county": county, "holds": holds, "poll_seconds": ctx.services.settings.poll_seconds}
    return ctx.render("_holds.html", context)


@api.get(
    "/jail/{fips}/bookings", response_model=BookingPage, responses={404: {"description": "not your county"}}
)
def bookings_api(ctx: JailCtx, fips: str, page: PageNumber = 1) -> BookingPage:
    with ctx.services.database.transaction() as tx:
        return _bookings(ctx, tx, _county(ctx, tx, fips), page)


@api.get(
    "/jail/{fips}/detainers", response_model=DetainerPage, responses={404: {"description": "not your county"}}
)
def detainers_api(ctx: JailCtx, fips: str) -> DetainerPage:
    """The open holds of the county, nearest deadline first, with seconds left at the board's now."""
    with ctx.services.database.transaction() as tx:
        return _holds(ctx, tx, _county(ctx, tx, fips))


@api.get(
    "/bookings/{booking_id}",
    response_model=BookingOut,
    responses={404: {"description": "no such booking in your county"}},
)
def booking_api(ctx: JailCtx, booking_id: str) -> BookingOut:
    with ctx.services.database.transaction() as tx:
        row = tx.get(BookingRow, booking_id)
        if row is None:
            raise NotFound("not found")
        county = tx.get(JurisdictionRow, row.fips)
        aor = county.aor if county else None
        ctx.check(Permission.JAIL_RECORDS, RecordScope(row.fips, aor))
        ctx.viewed(tx, "booking", [(row.booking_id, RecordScope(row.fips, aor))])
        return booking_out(row, receives_idr=bool(county and county.receives_idr))
