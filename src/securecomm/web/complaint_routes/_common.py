"""Plumbing the complaint pages and API share: templates, guards, rate and size limits, reading forms,
the transaction helper, and the gatherers behind pages and API (each shown record audited as a view)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Annotated, Any, TypeVar

import jinja2
from fastapi import Depends, Query, Request
from fastapi.exceptions import HTTPException
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.datastructures import FormData, UploadFile
from starlette.responses import Response
from starlette.templating import Jinja2Templates

import securecomm.complaints as complaints_package
from securecomm.audit import EventTag
from securecomm.complaints import (
    Actor,
    ComplaintService,
    PrivateActor,
    ProtectionService,
    UnknownComplaint,
    advise_route,
    complaint_view,
    negotiate,
)
from securecomm.complaints.acts import perform
from securecomm.complaints.errors import ActionError, ProtectionError
from securecomm.complaints.ratelimit import FORM_LIMITS, STATUS_LIMITS, RateLimiter
from securecomm.complaints.translations import strings
from securecomm.complaints.uploads import UploadLimits
from securecomm.complaints.workflow import Act, allowed_acts
from securecomm.errors import IllegalTransition
from securecomm.storage import complaint_queries as queries
from securecomm.storage.agency_tables import BookingRow, CaseRow
from securecomm.storage.audit_log import SessionAuditLog
from securecomm.storage.complaint_records import complaint_services
from securecomm.web.accounts import find_user
from securecomm.web.csrf import CSRF_FIELD
from securecomm.web.deps import Ctx, Public, Require, client_address
from securecomm.web.errors import NotFound
from securecomm.web.policy import Permission, RecordScope, redact
from securecomm.web.rendering import make_templates
from securecomm.web.roles import Role

TEMPLATES = Path(complaints_package.__file__).with_name("templates") / "web"  # the pages extend base.html
LIMITS = UploadLimits()
MAX_INTAKE_BYTES = LIMITS.max_files * LIMITS.max_file_bytes + 1024 * 1024  # the documents plus the form
T = TypeVar("T")

PublicCtx = Annotated[Ctx, Depends(Public())]
CrclCtx = Annotated[Ctx, Depends(Require(Permission.COMPLAINTS_MANAGE))]  # CRCL
LiaisonCtx = Annotated[Ctx, Depends(Require(Permission.COMPLAINTS_REFERRALS))]  # the DOJ liaison (and CRCL)
JailCtx = Annotated[Ctx, Depends(Require(Permission.JAIL_RECORDS))]
CaseCtx = Annotated[Ctx, Depends(Require(Permission.CASE_RECORDS))]
PageNumber = Annotated[int, Query(ge=1, le=100_000, description="1-based page number")]


@cache
def templates() -> Jinja2Templates:
    """The site's templates and filters, with this package's pages in front (they extend `base.html`)."""
    site = make_templates()
    own = jinja2.FileSystemLoader(str(TEMPLATES))
    site.env.loader = jinja2.ChoiceLoader([own, site.env.loader]) if site.env.loader else own
    return site


def render(
    ctx: Ctx, template: str, context: Mapping[str, Any], *, status: int = 200, lang: str = "en"
) -> Response:
    values = {
        "principal": ctx.principal,
        "csrf_token": ctx.csrf_token,
        "csrf_field": CSRF_FIELD,
        "lang": lang,
        "dir": strings(lang).direction,
        **context,
    }
    return templates().TemplateResponse(ctx.request, template, values, status_code=status)


def actor_of(ctx: Ctx) -> Actor:
    role = ctx.principal.role.value if ctx.principal else None
    return Actor(ctx.actor, role=role, origin=ctx.address, route=ctx.route)


def in_transaction(ctx: Ctx, work: Callable[[Session, ComplaintService, ProtectionService], T]) -> T:
    with ctx.services.database.transaction() as tx:
        complaints, protection = complaint_services(tx, SessionAuditLog(tx), ctx.services.clock)
        return work(tx, complaints, protection)


def viewed(ctx: Ctx, tx: Session, subject_type: str, subject_id: str, **data: Any) -> None:
    ctx.acted(tx, EventTag.RECORD_VIEWED, subject_type, subject_id, reason=None, **data)


def language_of(request: Request) -> str:
    return negotiate(request.query_params.get("lang"), request.headers.get("accept-language"))


def _limiter(request: Request, name: str) -> RateLimiter:
    state = request.app.state
    found: dict[str, RateLimiter] | None = getattr(state, "complaint_limiters", None)
    if found is None:
        found = {"form": RateLimiter(FORM_LIMITS), "status": RateLimiter(STATUS_LIMITS)}
        state.complaint_limiters = found
    return found[name]


def _check_rate(request: Request, name: str) -> None:
    wait = _limiter(request, name).hit(client_address(request), request.app.state.services.clock.now())
    if wait is not None:
        seconds = max(1, int(wait.total_seconds() + 0.999))
        message = strings(language_of(request)).text("errors.rate_limited", seconds=seconds)
        raise HTTPException(429, detail=message, headers={"Retry-After": str(seconds)})


async def limit_intake(request: Request) -> None:
    """Before the form is read: the address's rate and the request's declared size."""
    _check_rate(request, "form")
    length = request.headers.get("content-length", "")
    if not length.isdigit():
        raise HTTPException(411, detail="send the form with a Content-Length")
    if int(length) > MAX_INTAKE_BYTES:
        message = strings(language_of(request)).text(
            "errors.too_large", max_mb=MAX_INTAKE_BYTES // (1024 * 1024)
        )
        raise HTTPException(413, detail=message)


async def limit_status(request: Request) -> None:
    _check_rate(request, "status")


IntakeLimited = Annotated[None, Depends(limit_intake)]
StatusLimited = Annotated[None, Depends(limit_status)]


async def read_fields(request: Request) -> tuple[dict[str, str], list[tuple[str, bytes]]]:
    form: FormData = await request.form()  # parsed (and cached) by the guard's CSRF check
    fields: dict[str, str] = {}
    files: list[tuple[str, bytes]] = []
    for key, value in form.multi_items():
        if isinstance(value, UploadFile):
            if key == "documents":
                files.append((value.filename or "", await value.read()))
        elif key not in fields:
            fields[key] = value
    return fields, files


def contacts() -> Mapping[str, Any]:
    from securecomm.complaints.letters import contacts

    return contacts()


def lookup(ctx: Ctx, receipt: str) -> Any:
    def work(tx: Session, complaints: ComplaintService, _: ProtectionService) -> Any:
        found = complaints.public_status(receipt)
        viewed(ctx, tx, "complaint", found.complaint_id, view="status")
        return found

    return in_transaction(ctx, work)


def queue_of(ctx: Ctx, status: str | None, overdue: bool, page: int) -> Any:
    from securecomm.complaints import Status

    try:
        wanted = Status(status) if status else None
    except ValueError:
        raise ActionError(f"{status!r} is not a complaint status", where="status") from None
    size = ctx.services.settings.page_size
    with ctx.services.database.transaction() as tx:
        found = queries.queue(tx, status=wanted, open_only=not status, overdue_only=overdue,
                              today=ctx.now.date(), page=page, size=size)  # fmt: skip
        for item in found.items:
            viewed(ctx, tx, "complaint", item.complaint.complaint_id, view="summary")
        return found, queries.status_counts(tx, today=ctx.now.date())


def detail_of(ctx: Ctx, complaint_id: str, *, full: bool) -> dict[str, Any]:
    """Everything about one complaint, shown in full to CRCL or redacted; audited as a view."""

    def work(tx: Session, complaints: ComplaintService, _: ProtectionService) -> dict[str, Any]:
        record = complaints.get(complaint_id)
        repo = complaints.repository
        identity, witnesses = repo.identity(complaint_id), repo.witnesses(complaint_id)
        view = redact(ctx.principal, "complaint", complaint_view(record, identity=identity, witnesses=witnesses,
                                                                 full=full))  # fmt: skip
        links = repo.links(complaint_id)
        viewed(ctx, tx, "complaint", complaint_id, view="full" if full else "redacted")
        detail: dict[str, Any] = {
            "record": record,
            "view": view,
            "links": links,
            "referrals": repo.referrals(complaint_id),
            "notices": repo.doj_notices(complaint_id),
            "findings": repo.findings(complaint_id),
            "deadlines": repo.deadlines(complaint_id),
            "today": ctx.now.date(),
        }
        if full:
            detail |= {
                "advice": advise_route(record, links),
                "history": repo.history(complaint_id),
                "notes": repo.notes(complaint_id),
                "letters": repo.letters(complaint_id),
                "documents": queries.attachments(tx, complaint_id),
                "acts": allowed_acts(record.status),
            }
        return detail

    try:
        return in_transaction(ctx, work)
    except UnknownComplaint:
        raise NotFound("no such complaint") from None


def _assignable(tx: Session) -> Callable[[str], bool]:
    def exists(username: str) -> bool:
        row = find_user(tx, username)
        return row is not None and row.role == Role.CRCL.value and not row.disabled

    return exists


def perform_act(ctx: Ctx, complaint_id: str, act: Act, fields: Mapping[str, str]) -> None:
    in_transaction(
        ctx,
        lambda tx, complaints, _: perform(
            complaints, complaint_id, act, fields, actor=actor_of(ctx), assignee_exists=_assignable(tx)
        ),
    )


def _stored_file(ctx: Ctx, complaint_id: str, fetch: Callable[[Session], T | None]) -> T:
    with ctx.services.database.transaction() as tx:
        found = fetch(tx)
        if found is None:
            raise NotFound("not found")
        viewed(ctx, tx, "complaint", complaint_id, view="document")
        return found


def referred_to_doj(ctx: Ctx, page: int) -> Any:
    size = ctx.services.settings.page_size
    with ctx.services.database.transaction() as tx:
        found = queries.doj_referrals(tx, page=page, size=size)
        for record, _referral in found.items:
            viewed(ctx, tx, "complaint", record.complaint_id, view="referral")
        return found, queries.doj_notices(tx)


def doj_detail_of(ctx: Ctx, complaint_id: str) -> dict[str, Any]:
    detail = detail_of(ctx, complaint_id, full=False)
    if not detail["referrals"] and not detail["notices"]:
        raise NotFound("no such complaint")  # only what CRCL referred or notified DOJ of
    return detail


def board_of(ctx: Ctx, aor: str) -> dict[str, Any]:
    def work(tx: Session, _: ComplaintService, protection: ProtectionService) -> dict[str, Any]:
        cases = queries.protected_case_ids(tx, aor, limit=ctx.services.settings.page_size)
        answers = [(case, protection.requires_override(case.case_id)) for case in cases]
        reports = queries.retaliation_reports(tx, aor=aor)
        ctx.viewed(tx, "case", ((c.case_id, RecordScope(c.fips, c.aor)) for c in cases))
        ctx.viewed(tx, "retaliation_report", ((r.report_id, RecordScope(r.fips, r.aor)) for r in reports))
        return {"aor": aor, "answers": answers, "reports": reports}

    return in_transaction(ctx, work)


def _case_in(ctx: Ctx, aor: str, case_id: str) -> None:
    with ctx.services.database.transaction() as tx:
        row = tx.get(CaseRow, case_id)
        if row is None:
            raise NotFound("not found")
        ctx.check(Permission.CASE_RECORDS, RecordScope(row.fips, row.aor))
        if row.aor != aor:
            raise NotFound("not found")


def jail_page_of(ctx: Ctx, fips: str) -> dict[str, Any]:
    with ctx.services.database.transaction() as tx:
        reports = queries.retaliation_reports(tx, fips=fips)
        bookings = list(
            tx.execute(
                select(BookingRow.booking_id, BookingRow.booked_at)
                .where(BookingRow.fips == fips)
                .order_by(BookingRow.booked_at.desc())
                .limit(200)
            ).all()
        )
        ctx.viewed(tx, "retaliation_report", ((r.report_id, RecordScope(r.fips, r.aor)) for r in reports))
        return {"fips": fips, "reports": reports, "bookings": bookings, "actors": list(PrivateActor)}


def iso(value: Any) -> str | None:
    return None if value is None else value.isoformat()


REFUSED = (ActionError, IllegalTransition, ProtectionError)
