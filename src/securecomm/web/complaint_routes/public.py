"""The public complaint form, the receipt and the status page, and the public JSON API (status, languages)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.exceptions import HTTPException
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from securecomm.complaints import Channel, IntakeContext, IntakeRejected, UnknownComplaint, parse_intake
from securecomm.complaints.errors import ReceiptError
from securecomm.complaints.forms import form_view, language_menu, receipt_problem, status_words
from securecomm.complaints.translations import strings
from securecomm.web.complaint_routes._common import (
    LIMITS,
    TEMPLATES,
    IntakeLimited,
    PublicCtx,
    StatusLimited,
    actor_of,
    contacts,
    in_transaction,
    language_of,
    lookup,
    read_fields,
    render,
)
from securecomm.web.deps import Ctx

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["complaints"])


def _form_page(ctx: Ctx, lang: str, form: Any, *, status: int = 200) -> Response:
    return render(
        ctx,
        "complaint_form.html",
        {"form": form, "t": form.words.text, "languages": language_menu(), "contacts": contacts()},
        status=status,
        lang=lang,
    )


def _status_page(ctx: Ctx, lang: str, **values: Any) -> Response:
    status = values.pop("status_code", 200)
    context = {
        "t": strings(lang).text,
        "languages": language_menu(),
        "result": None,
        "problem": None,
        **values,
    }
    return render(ctx, "complaint_status.html", context, status=status, lang=lang)


@pages.get("/complaint")
def complaint_form(ctx: PublicCtx) -> Response:
    lang = language_of(ctx.request)
    return _form_page(ctx, lang, form_view(lang))


@pages.post("/complaint")
async def complaint_submit(_: IntakeLimited, ctx: PublicCtx) -> Response:
    lang = language_of(ctx.request)
    fields, files = await read_fields(ctx.request)
    try:
        draft = parse_intake(fields, files, IntakeContext(Channel.WEB, lang, ctx.now.date(), LIMITS))
    except IntakeRejected as rejected:
        return _form_page(ctx, lang, form_view(lang, fields, rejected), status=400)
    record = await run_in_threadpool(
        in_transaction, ctx, lambda tx, complaints, _: complaints.submit(draft, actor=actor_of(ctx))
    )
    words = strings(lang)
    return render(
        ctx,
        "complaint_receipt.html",
        {"t": words.text, "receipt": record.receipt, "reachable": record.reachable, "language_name": words.name,
         "documents": record.attachments, "languages": language_menu(), "contacts": contacts()},
        lang=lang,
    )  # fmt: skip


@pages.get("/complaint/status")
def complaint_status_form(ctx: PublicCtx) -> Response:
    return _status_page(ctx, language_of(ctx.request))


@pages.post("/complaint/status")
async def complaint_status(_: StatusLimited, ctx: PublicCtx) -> Response:
    lang = language_of(ctx.request)
    fields, _files = await read_fields(ctx.request)
    typed = fields.get("receipt", "")[:100]
    try:
        found = await run_in_threadpool(lookup, ctx, typed)
    except ReceiptError as error:
        return _status_page(ctx, lang, problem=receipt_problem(lang, error), typed=typed, status_code=400)
    except UnknownComplaint:
        return _status_page(
            ctx, lang, problem=receipt_problem(lang, None, unknown=True), typed=typed, status_code=404
        )
    name, text = status_words(lang, found.status)
    since = strings(lang).text("status.since", date=strings(lang).date(found.since))
    return _status_page(
        ctx, lang, result={"receipt": found.receipt, "name": name, "text": text, "since": since}
    )


@pages.get("/complaint/complaints.css")
def complaint_stylesheet(ctx: PublicCtx) -> Response:
    css = (TEMPLATES / "complaints.css").read_text(encoding="utf-8")
    return Response(css, media_type="text/css", headers={"Cache-Control": "public, max-age=3600"})


class LanguageOut(BaseModel):
    lang: str
    name: str
    dir: str


class StatusIn(BaseModel):
    receipt: str = Field(max_length=100, description="the receipt number, e.g. SC-7KQ2-M9XD-4TPA-ZH3B-R")


class StatusOut(BaseModel):
    receipt: str
    status: str
    status_name: str
    status_text: str
    since: str


@api.get("/public/complaints/languages", response_model=list[LanguageOut])
def api_languages(ctx: PublicCtx) -> list[LanguageOut]:
    return [LanguageOut(lang=c, name=n, dir=d) for c, n, d in language_menu()]


@api.post(
    "/public/complaints/status",
    response_model=StatusOut,
    responses={
        400: {"description": "not a receipt number"},
        404: {"description": "no such receipt"},
        429: {"description": "too many requests from this address; see Retry-After"},
    },
)
def api_status(_: StatusLimited, ctx: PublicCtx, body: StatusIn) -> StatusOut:
    lang = language_of(ctx.request)
    try:
        found = lookup(ctx, body.receipt)
    except ReceiptError as error:
        raise HTTPException(400, detail=receipt_problem(lang, error)) from None
    except UnknownComplaint:
        raise HTTPException(404, detail=receipt_problem(lang, None, unknown=True)) from None
    name, text = status_words(lang, found.status)
    return StatusOut(receipt=found.receipt, status=found.status.value, status_name=name, status_text=text,
                     since=found.since.isoformat())  # fmt: skip
