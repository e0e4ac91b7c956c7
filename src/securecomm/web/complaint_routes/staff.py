"""CRCL's pages (queue, staff intake, a complaint in full, its acts, letters, documents) and the DOJ
liaison's (referrals and notices, redacted; DOJ's answer)."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse, Response

from securecomm.complaints import Channel, IntakeContext, IntakeRejected, UnknownComplaint, parse_intake
from securecomm.complaints.acts import parse_act
from securecomm.complaints.forms import form_view, language_menu
from securecomm.complaints.workflow import Act
from securecomm.storage import complaint_queries as queries
from securecomm.web.complaint_routes._common import (
    LIMITS,
    REFUSED,
    CrclCtx,
    IntakeLimited,
    LiaisonCtx,
    PageNumber,
    _stored_file,
    actor_of,
    detail_of,
    doj_detail_of,
    in_transaction,
    perform_act,
    queue_of,
    read_fields,
    referred_to_doj,
    render,
)
from securecomm.web.errors import NotFound

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["complaints"])


@pages.get("/crcl/complaints")
def crcl_queue(
    ctx: CrclCtx, status: str | None = None, overdue: bool = False, page: PageNumber = 1
) -> Response:
    found, counts = queue_of(ctx, status, overdue, page)
    return render(ctx, "crcl_queue.html", {"found": found, "counts": counts, "status": status or "",
                                            "overdue": overdue})  # fmt: skip


@pages.get("/crcl/complaints/new")
def crcl_new(ctx: CrclCtx) -> Response:
    return render(
        ctx, "crcl_new.html", {"form": form_view("en"), "languages": language_menu(), "error": None}
    )


@pages.post("/crcl/complaints")
async def crcl_intake(_: IntakeLimited, ctx: CrclCtx) -> Response:
    fields, files = await read_fields(ctx.request)
    try:
        channel = Channel(fields.get("channel", ""))
        lang = fields.get("language", "")
        if channel is Channel.WEB or lang not in [c for c, _, _ in language_menu()]:
            raise ValueError
    except ValueError:
        error = "choose how the complaint came (mail, phone, e-mail, fax) and its language"
        return render(ctx, "crcl_new.html", {"form": form_view("en", fields), "languages": language_menu(),
                                              "error": error}, status=400)  # fmt: skip
    try:
        draft = parse_intake(fields, files, IntakeContext(channel, lang, ctx.now.date(), LIMITS))
    except IntakeRejected as rejected:
        error = "; ".join(p.detail for p in rejected.problems)
        return render(ctx, "crcl_new.html", {"form": form_view("en", fields, rejected),
                                              "languages": language_menu(), "error": error}, status=400)  # fmt: skip
    record = await run_in_threadpool(
        in_transaction, ctx, lambda tx, complaints, _: complaints.submit(draft, actor=actor_of(ctx))
    )
    return RedirectResponse(f"/crcl/complaints/{record.complaint_id}", status_code=303)


@pages.get("/crcl/complaints/{complaint_id}")
def crcl_detail(ctx: CrclCtx, complaint_id: str) -> Response:
    return render(ctx, "crcl_detail.html", {**detail_of(ctx, complaint_id, full=True), "error": None})


@pages.post("/crcl/complaints/{complaint_id}/acts/{act}")
async def crcl_act(ctx: CrclCtx, complaint_id: str, act: str) -> Response:
    fields, _files = await read_fields(ctx.request)
    try:
        await run_in_threadpool(perform_act, ctx, complaint_id, parse_act(act), fields)
    except UnknownComplaint:
        raise NotFound("no such complaint") from None
    except REFUSED as error:
        detail = await run_in_threadpool(detail_of, ctx, complaint_id, full=True)
        return render(ctx, "crcl_detail.html", {**detail, "error": str(error)}, status=400)
    return RedirectResponse(f"/crcl/complaints/{complaint_id}#history", status_code=303)


@pages.get("/crcl/complaints/{complaint_id}/letters/{letter_id}")
def crcl_letter(ctx: CrclCtx, complaint_id: str, letter_id: int) -> Response:
    row = _stored_file(ctx, complaint_id, lambda tx: queries.letter(tx, complaint_id, letter_id))
    return Response(row.body, media_type="text/plain; charset=utf-8",
                    headers={"Content-Disposition": f'inline; filename="{row.kind}-{row.id}-{row.language}.txt"'})  # fmt: skip


@pages.get("/crcl/complaints/{complaint_id}/documents/{position}")
def crcl_document(ctx: CrclCtx, complaint_id: str, position: int) -> Response:
    row = _stored_file(ctx, complaint_id, lambda tx: queries.attachment(tx, complaint_id, position))
    return Response(row.data, media_type=row.media_type,
                    headers={"Content-Disposition": f'attachment; filename="{row.filename}"'})  # fmt: skip


@pages.get("/doj/complaints")
def doj_referrals(ctx: LiaisonCtx, page: PageNumber = 1) -> Response:
    found, notices = referred_to_doj(ctx, page)
    return render(ctx, "doj_list.html", {"found": found, "notices": notices})


@pages.get("/doj/complaints/{complaint_id}")
def doj_detail(ctx: LiaisonCtx, complaint_id: str) -> Response:
    return render(ctx, "doj_detail.html", {**doj_detail_of(ctx, complaint_id), "error": None})


@pages.post("/doj/complaints/{complaint_id}/decision")
async def doj_decision(ctx: LiaisonCtx, complaint_id: str) -> Response:
    fields, _files = await read_fields(ctx.request)
    await run_in_threadpool(doj_detail_of, ctx, complaint_id)
    try:
        await run_in_threadpool(perform_act, ctx, complaint_id, Act.DOJ_DECISION, fields)
    except REFUSED as error:
        detail = await run_in_threadpool(doj_detail_of, ctx, complaint_id)
        return render(ctx, "doj_detail.html", {**detail, "error": str(error)}, status=400)
    return RedirectResponse(f"/doj/complaints/{complaint_id}", status_code=303)
