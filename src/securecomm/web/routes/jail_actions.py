"""The jail's booking page and its acts (own county only; any other booking answers 404).

`GET /bookings/{booking_id}` shows the booking, custody, detainers (with the copy to print in the language
chosen and the form to record its service), claims and the consular task, and a form for each act the
records allow now: service of the detainer copy, a release event, a US-citizenship or crime-victim claim,
and the consular acts. `GET /detainers/{id}/notice.pdf?lang=es` is the copy itself. The API has the same
acts (form-encoded bodies, the token in `X-CSRF-Token`), answering the booking file.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from sqlalchemy.orm import Session
from starlette.responses import RedirectResponse, Response

from securecomm.consular import Answer, Channel
from securecomm.errors import BadInput
from securecomm.messages.custody import ClaimKind, ReleaseReason
from securecomm.storage.agency_tables import BookingRow, DetainerRow
from securecomm.storage.tables import JurisdictionRow
from securecomm.web import jail_acts
from securecomm.web.booking_file import booking_file
from securecomm.web.deps import Ctx
from securecomm.web.errors import NotFound
from securecomm.web.file_schemas import BookingFileOut
from securecomm.web.flow import ActContext
from securecomm.web.notice_pdf import detainer_notice, notice_languages, person_language, render_notice
from securecomm.web.policy import Permission, RecordScope
from securecomm.web.routes._acts import DONE, Act, Short, Text, act_context, local_instant, refusal
from securecomm.web.routes._common import JailCtx

__all__ = ["api", "router"]

router = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["jail"])

_NOT_YOURS: dict[int | str, dict[str, Any]] = {
    404: {"description": "no such record in your county"},
    400: {"description": "the act is refused"},
}


def _county_of(ctx: Ctx, tx: Session, fips: str) -> JurisdictionRow:
    county = tx.get(JurisdictionRow, fips)
    ctx.check(Permission.JAIL_RECORDS, RecordScope(fips, county.aor if county else None))
    if county is None:
        raise NotFound("not found")
    return county


def _booking(ctx: Ctx, tx: Session, booking_id: str) -> tuple[BookingRow, JurisdictionRow]:
    row = tx.get(BookingRow, booking_id)
    if row is None:
        raise NotFound("not found")
    return row, _county_of(ctx, tx, row.fips)


def _detainer(ctx: Ctx, tx: Session, detainer_id: str) -> DetainerRow:
    row = tx.get(DetainerRow, detainer_id)
    if row is None:
        raise NotFound("not found")
    _county_of(ctx, tx, row.fips)
    return row


def _file(ctx: Ctx, booking_id: str) -> BookingFileOut:
    with ctx.services.database.transaction() as tx:
        row, county = _booking(ctx, tx, booking_id)
        found = booking_file(tx, row, county, now=ctx.services.flow.now())
        scope = RecordScope(row.fips, county.aor)
        ctx.viewed(tx, "booking", [(row.booking_id, scope)])
        ctx.viewed(tx, "detainer", ((d.detainer_id, scope) for d in found.detainers))
        if found.consular is not None:
            ctx.viewed(tx, "consular_task", [(found.consular.task_id, scope)])
    return found


def _page(
    ctx: Ctx, booking_id: str, *, done: str | None = None, error: BadInput | None = None, act: str = "",
    values: dict[str, str] | None = None,
) -> Response:  # fmt: skip
    found = _file(ctx, booking_id)
    context = {
        "file": found,
        "now": ctx.services.flow.now(),
        "done": DONE.get(done or ""),
        "act": act,
        "error": None if error is None else refusal(error),
        "values": values or {},
        "languages": notice_languages(),
        "manners": list(jail_acts.ServiceManner),
        "release_reasons": [r.value for r in ReleaseReason],
        "claim_kinds": [k.value for k in ClaimKind],
        "answers": [a.value for a in Answer],
        "channels": [c.value for c in Channel],
        "poll_seconds": ctx.services.settings.poll_seconds,
    }
    return ctx.render("booking.html", context, status_code=400 if error else 200)


def _scoped_booking(ctx: Ctx, booking_id: str) -> None:
    with ctx.services.database.transaction() as tx:
        _booking(ctx, tx, booking_id)


def _scoped_detainer(ctx: Ctx, detainer_id: str) -> tuple[str, str]:
    """(booking id, facility zone) of a detainer in the account's county."""
    with ctx.services.database.transaction() as tx:
        row = _detainer(ctx, tx, detainer_id)
        return row.booking_id, row.facility_tz


def _page_act(ctx: Ctx, booking_id: str, act: str, run: Act, values: dict[str, str]) -> Response:
    try:
        run(ctx.services.flow.now(), act_context(ctx))
    except BadInput as error:
        return _page(ctx, booking_id, error=error, act=act, values=values)
    return RedirectResponse(f"/bookings/{booking_id}?done={act}", status_code=303)


def _api_act(ctx: Ctx, booking_id: str, run: Act) -> BookingFileOut:
    run(ctx.services.flow.now(), act_context(ctx))
    return _file(ctx, booking_id)


@router.get("/bookings/{booking_id}")
def booking_page(
    ctx: JailCtx, booking_id: str, done: Annotated[str | None, Query(max_length=32)] = None
) -> Response:
    return _page(ctx, booking_id, done=done)


@router.get("/detainers/{detainer_id}/notice.pdf")
def notice_pdf(
    ctx: JailCtx, detainer_id: str, lang: Annotated[str | None, Query(max_length=8)] = None
) -> Response:
    """The detainer copy with its Notice to the Detainee, in `lang` (default: the person's language)."""
    with ctx.services.database.transaction() as tx:
        row = _detainer(ctx, tx, detainer_id)
        booking = tx.get(BookingRow, row.booking_id)
        notice = detainer_notice(tx, row, language=lang or person_language(booking))
        ctx.viewed(tx, "detainer_notice", [(row.detainer_id, RecordScope(row.fips, row.aor))])
    pdf = render_notice(notice)
    name = f"detainer-{row.detainer_id}-{notice.language}.pdf"
    return Response(
        pdf, media_type="application/pdf", headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


# -- the acts ---------------------------------------------------------------------------------------------------
def _service(ctx: Ctx, detainer_id: str, tz: str, language: str, manner: str, served_at: str) -> Act:
    def run(at: datetime, who: ActContext) -> Any:
        when = local_instant(served_at, tz, where="served_at")
        return jail_acts.record_service(
            ctx.services.flow, who, detainer_id, language=language, manner=manner, served_at=when, at=at
        )

    return run


def _release(ctx: Ctx, booking_id: str, reason: str) -> Act:
    return lambda at, who: jail_acts.record_release_event(
        ctx.services.flow, who, booking_id, reason=reason, at=at
    )


def _claim(ctx: Ctx, booking_id: str, kind: str, statement: str) -> Act:
    return lambda at, who: jail_acts.record_claim(
        ctx.services.flow, who, booking_id, kind=kind, statement=statement, at=at
    )


def _inform(ctx: Ctx, booking_id: str, language: str, answer: str, reason: str) -> Act:
    return lambda at, who: jail_acts.consular_inform(
        ctx.services.flow, who, booking_id, language=language, answer=answer, reason=reason, at=at
    )


def _answer(ctx: Ctx, booking_id: str, answer: str, reason: str) -> Act:
    return lambda at, who: jail_acts.consular_answer(
        ctx.services.flow, who, booking_id, answer=answer, reason=reason, at=at
    )


def _notify(ctx: Ctx, booking_id: str, channel: str, confirmation: str, reason: str) -> Act:
    return lambda at, who: jail_acts.consular_notify(
        ctx.services.flow, who, booking_id, channel=channel, confirmation=confirmation, reason=reason, at=at
    )


@router.post("/detainers/{detainer_id}/service")
def service_page(
    ctx: JailCtx, detainer_id: str, language: Short = "", manner: Short = "", served_at: Short = ""
) -> Response:
    booking_id, tz = _scoped_detainer(ctx, detainer_id)
    values = {"language": language, "manner": manner, "served_at": served_at}
    run = _service(ctx, detainer_id, tz, language, manner, served_at)
    return _page_act(ctx, booking_id, "service", run, values)


@router.post("/bookings/{booking_id}/release")
def release_page(ctx: JailCtx, booking_id: str, reason: Short = "") -> Response:
    _scoped_booking(ctx, booking_id)
    return _page_act(ctx, booking_id, "release", _release(ctx, booking_id, reason), {"reason": reason})


@router.post("/bookings/{booking_id}/claim")
def claim_page(ctx: JailCtx, booking_id: str, kind: Short = "", statement: Text = "") -> Response:
    _scoped_booking(ctx, booking_id)
    values = {"kind": kind, "statement": statement}
    return _page_act(ctx, booking_id, "claim", _claim(ctx, booking_id, kind, statement), values)


@router.post("/bookings/{booking_id}/consular/inform")
def inform_page(
    ctx: JailCtx, booking_id: str, language: Short = "", answer: Short = "", reason: Text = ""
) -> Response:
    _scoped_booking(ctx, booking_id)
    values = {"language": language, "answer": answer, "reason": reason}
    return _page_act(
        ctx, booking_id, "consular_inform", _inform(ctx, booking_id, language, answer, reason), values
    )


@router.post("/bookings/{booking_id}/consular/answer")
def answer_page(ctx: JailCtx, booking_id: str, answer: Short = "", reason: Text = "") -> Response:
    _scoped_booking(ctx, booking_id)
    values = {"answer": answer, "reason": reason}
    return _page_act(ctx, booking_id, "consular_answer", _answer(ctx, booking_id, answer, reason), values)


@router.post("/bookings/{booking_id}/consular/notify")
def notify_page(
    ctx: JailCtx, booking_id: str, channel: Short = "", confirmation: Short = "", reason: Text = ""
) -> Response:
    _scoped_booking(ctx, booking_id)
    values = {"channel": channel, "confirmation": confirmation, "reason": reason}
    run = _notify(ctx, booking_id, channel, confirmation, reason)
    return _page_act(ctx, booking_id, "consular_notify", run, values)


@api.get("/bookings/{booking_id}/file", response_model=BookingFileOut, responses={404: _NOT_YOURS[404]})
def booking_file_api(ctx: JailCtx, booking_id: str) -> BookingFileOut:
    """The booking with custody, detainers, claims and the consular task."""
    return _file(ctx, booking_id)


@api.post("/detainers/{detainer_id}/service", response_model=BookingFileOut, responses=_NOT_YOURS)
def service_api(
    ctx: JailCtx, detainer_id: str, language: Short, manner: Short, served_at: Short = ""
) -> BookingFileOut:
    """Record the service of the detainer copy: language (ISO 639-1), manner, and when (facility time)."""
    booking_id, tz = _scoped_detainer(ctx, detainer_id)
    return _api_act(ctx, booking_id, _service(ctx, detainer_id, tz, language, manner, served_at))


@api.post("/bookings/{booking_id}/release", response_model=BookingFileOut, responses=_NOT_YOURS)
def release_api(ctx: JailCtx, booking_id: str, reason: Short) -> BookingFileOut:
    """A release-eligible event (`bail_posted`, `charges_dismissed`, `sentence_served`, ...)."""
    _scoped_booking(ctx, booking_id)
    return _api_act(ctx, booking_id, _release(ctx, booking_id, reason))


@api.post("/bookings/{booking_id}/claim", response_model=BookingFileOut, responses=_NOT_YOURS)
def claim_api(ctx: JailCtx, booking_id: str, kind: Short, statement: Text = "") -> BookingFileOut:
    """A `us_citizen` or `crime_victim` claim; the field office receives it at once."""
    _scoped_booking(ctx, booking_id)
    return _api_act(ctx, booking_id, _claim(ctx, booking_id, kind, statement))


@api.post("/bookings/{booking_id}/consular/inform", response_model=BookingFileOut, responses=_NOT_YOURS)
def inform_api(
    ctx: JailCtx, booking_id: str, language: Short, reason: Text, answer: Short = ""
) -> BookingFileOut:
    """The person was told about consular notification (answer `requested` or `declined`)."""
    _scoped_booking(ctx, booking_id)
    return _api_act(ctx, booking_id, _inform(ctx, booking_id, language, answer, reason))


@api.post("/bookings/{booking_id}/consular/answer", response_model=BookingFileOut, responses=_NOT_YOURS)
def answer_api(ctx: JailCtx, booking_id: str, answer: Short, reason: Text) -> BookingFileOut:
    """The person changed their answer."""
    _scoped_booking(ctx, booking_id)
    return _api_act(ctx, booking_id, _answer(ctx, booking_id, answer, reason))


@api.post("/bookings/{booking_id}/consular/notify", response_model=BookingFileOut, responses=_NOT_YOURS)
def notify_api(
    ctx: JailCtx, booking_id: str, channel: Short, confirmation: Short, reason: Text
) -> BookingFileOut:
    """The consulate was notified (`fax` with its receipt, or `phone` with the officer spoken to)."""
    _scoped_booking(ctx, booking_id)
    return _api_act(ctx, booking_id, _notify(ctx, booking_id, channel, confirmation, reason))
