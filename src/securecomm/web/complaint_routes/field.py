"""The field office's protection board (flags, supervisory overrides, retaliation reports of its AOR) and
the jail's retaliation reports (its own county only)."""

from __future__ import annotations

import secrets

from fastapi import APIRouter
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from securecomm.complaints import ComplaintService, PrivateActor, ProtectionService
from securecomm.complaints.errors import ProtectionError
from securecomm.storage.complaint_tables import RetaliationReportRow
from securecomm.web.complaint_routes._common import (
    CaseCtx,
    JailCtx,
    _case_in,
    actor_of,
    board_of,
    in_transaction,
    jail_page_of,
    read_fields,
    render,
)
from securecomm.web.errors import NotFound
from securecomm.web.policy import Permission, RecordScope

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["complaints"])


@pages.get("/ero/{aor}/protection")
def ero_protection(ctx: CaseCtx, aor: str) -> Response:
    ctx.check(Permission.CASE_RECORDS, RecordScope(aor=aor))
    return render(ctx, "ero_protection.html", {**board_of(ctx, aor), "error": None})


@pages.post("/ero/{aor}/protection/{case_id}/override")
async def ero_override(ctx: CaseCtx, aor: str, case_id: str) -> Response:
    ctx.check(Permission.CASE_RECORDS, RecordScope(aor=aor))
    fields, _files = await read_fields(ctx.request)
    await run_in_threadpool(_case_in, ctx, aor, case_id)
    try:
        if fields.get("supervisor") != "yes":
            raise ProtectionError(
                "only a supervisor records an override: confirm that you are one", where="supervisor"
            )

        def work(tx: Session, _: ComplaintService, protection: ProtectionService) -> None:
            if protection.requires_override(case_id).required:  # already overridden: nothing to record
                protection.record_override(case_id, supervisor=actor_of(ctx), reason=fields.get("reason", ""))

        await run_in_threadpool(in_transaction, ctx, work)
    except ProtectionError as error:
        board = await run_in_threadpool(board_of, ctx, aor)
        return render(ctx, "ero_protection.html", {**board, "error": str(error)}, status=400)
    return RedirectResponse(f"/ero/{aor}/protection", status_code=303)


@pages.post("/ero/{aor}/retaliation/{report_id}/acknowledge")
async def ero_acknowledge(ctx: CaseCtx, aor: str, report_id: str) -> Response:
    ctx.check(Permission.CASE_RECORDS, RecordScope(aor=aor))

    def work(tx: Session, _: ComplaintService, protection: ProtectionService) -> None:
        row = tx.get(RetaliationReportRow, report_id)
        if row is None or row.aor != aor:
            raise NotFound("not found")
        ctx.check(Permission.CASE_RECORDS, RecordScope(row.fips, row.aor))
        protection.acknowledge_retaliation(report_id, actor=actor_of(ctx))

    try:
        await run_in_threadpool(in_transaction, ctx, work)
    except ProtectionError as error:
        board = await run_in_threadpool(board_of, ctx, aor)
        return render(ctx, "ero_protection.html", {**board, "error": str(error)}, status=400)
    return RedirectResponse(f"/ero/{aor}/protection", status_code=303)


@pages.get("/jail/{fips}/retaliation")
def jail_retaliation(ctx: JailCtx, fips: str) -> Response:
    ctx.check(Permission.JAIL_RECORDS, RecordScope(fips=fips))
    return render(ctx, "jail_retaliation.html", {**jail_page_of(ctx, fips), "error": None, "values": {}})


@pages.post("/jail/{fips}/retaliation")
async def jail_report(ctx: JailCtx, fips: str) -> Response:
    ctx.check(Permission.JAIL_RECORDS, RecordScope(fips=fips))
    fields, _files = await read_fields(ctx.request)
    try:
        kind = PrivateActor(fields.get("actor_kind", ""))
    except ValueError:
        kind = None
    try:
        if kind is None:
            raise ProtectionError(
                "choose who may be retaliating (landlord, employer, ...)", where="actor_kind"
            )
        await run_in_threadpool(
            in_transaction,
            ctx,
            lambda tx, _, protection: protection.report_retaliation(
                report_id=f"ret-{secrets.token_hex(8)}", booking_id=fields.get("booking_id", "").strip(),
                fips=fips, actor_kind=kind, account=fields.get("account", ""), actor=actor_of(ctx),
            ),
        )  # fmt: skip
    except ProtectionError as error:
        page = await run_in_threadpool(jail_page_of, ctx, fips)
        return render(
            ctx, "jail_retaliation.html", {**page, "error": str(error), "values": fields}, status=400
        )
    return RedirectResponse(f"/jail/{fips}/retaliation", status_code=303)
