"""The staff JSON API: CRCL's queue, a complaint in full and its acts; counts for the monitoring; DOJ's
redacted referrals; the field office's protection answers; the jail's retaliation reports."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter
from fastapi.exceptions import HTTPException
from pydantic import BaseModel, Field

from securecomm.complaints import UnknownComplaint, count_complaints
from securecomm.complaints.acts import parse_act
from securecomm.storage import complaint_queries as queries
from securecomm.web.complaint_routes._common import (
    REFUSED,
    CaseCtx,
    CrclCtx,
    JailCtx,
    LiaisonCtx,
    PageNumber,
    board_of,
    detail_of,
    iso,
    jail_page_of,
    perform_act,
    queue_of,
    referred_to_doj,
)
from securecomm.web.errors import NotFound
from securecomm.web.policy import Permission, RecordScope

pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["complaints"])


class ComplaintSummaryOut(BaseModel):
    complaint_id: str
    received_on: str
    channel: str
    language: str
    status: str
    route: str | None
    assignee: str | None
    conduct: str
    next_deadline: str | None
    overdue: bool


class ComplaintPageOut(BaseModel):
    items: list[ComplaintSummaryOut]
    page: int
    page_size: int
    total: int


class ActIn(BaseModel):
    fields: dict[str, Annotated[str, Field(max_length=20_000)]] = Field(default_factory=dict, max_length=20)


class CountOut(BaseModel):
    fips: str
    quarter: str
    complaints: int
    complaints_crcl: int


class ProtectionOut(BaseModel):
    case_id: str
    booking_id: str
    fips: str
    aor: str
    open: bool
    override_required: bool
    reasons: list[str]
    protected_since: str | None
    override_by: str | None


class RetaliationOut(BaseModel):
    report_id: str
    booking_id: str
    fips: str
    aor: str | None
    case_id: str | None
    actor_kind: str
    account: str
    reported_at: str
    reported_by: str
    field_office_notified_at: str
    acknowledged_at: str | None
    acknowledged_by: str | None


@api.get("/complaints", response_model=ComplaintPageOut)
def api_queue(
    ctx: CrclCtx, status: str | None = None, overdue: bool = False, page: PageNumber = 1
) -> ComplaintPageOut:
    found, _counts = queue_of(ctx, status, overdue, page)
    items = [
        ComplaintSummaryOut(
            complaint_id=i.complaint.complaint_id, received_on=i.complaint.received_on.isoformat(),
            channel=i.complaint.channel.value, language=i.complaint.language, status=i.complaint.status.value,
            route=i.complaint.route.value if i.complaint.route else None, assignee=i.complaint.assignee,
            conduct=i.complaint.incident.conduct.value,
            next_deadline=i.next_deadline.due_on.isoformat() if i.next_deadline else None, overdue=i.overdue,
        )
        for i in found.items
    ]  # fmt: skip
    return ComplaintPageOut(items=items, page=found.page, page_size=found.page_size, total=found.total)


@api.get("/complaints/counts", response_model=list[CountOut])
def api_counts(ctx: LiaisonCtx) -> list[CountOut]:
    """Complaints per county and quarter (incident quarter, else receipt), for the monitoring."""
    with ctx.services.database.transaction() as tx:
        counted = count_complaints(queries.linked_complaints(tx))
    return [CountOut(fips=c.jurisdiction, quarter=str(c.quarter), complaints=c.complaints,
                     complaints_crcl=c.complaints_crcl) for c in counted]  # fmt: skip


@api.get("/complaints/referrals/doj", response_model=list[dict[str, Any]])
def api_doj_referrals(ctx: LiaisonCtx, page: PageNumber = 1) -> list[dict[str, Any]]:
    """Complaints referred to DOJ, redacted (no identity, scrubbed text), with their referral."""
    found, _notices = referred_to_doj(ctx, page)
    out = []
    for record, referral in found.items:
        out.append({"complaint_id": record.complaint_id, "status": record.status.value,
                    "conduct": record.incident.conduct.value, "referred_at": referral.at.isoformat(),
                    "identity_shared": referral.identity_shared,
                    "decision": referral.decision.value if referral.decision else None,
                    "decided_at": iso(referral.decided_at)})  # fmt: skip
    return out


@api.get("/complaints/protection/{aor}", response_model=list[ProtectionOut])
def api_protection(ctx: CaseCtx, aor: str) -> list[ProtectionOut]:
    ctx.check(Permission.CASE_RECORDS, RecordScope(aor=aor))
    board = board_of(ctx, aor)
    return [
        ProtectionOut(case_id=case.case_id, booking_id=case.booking_id, fips=case.fips, aor=case.aor, open=case.open,
                      override_required=answer.required, reasons=list(answer.reasons),
                      protected_since=iso(answer.protected_since),
                      override_by=answer.override.supervisor if answer.override else None)
        for case, answer in board["answers"]
    ]  # fmt: skip


@api.get("/complaints/retaliation/{fips}", response_model=list[RetaliationOut])
def api_retaliation(ctx: JailCtx, fips: str) -> list[RetaliationOut]:
    ctx.check(Permission.JAIL_RECORDS, RecordScope(fips=fips))
    return [
        RetaliationOut(report_id=r.report_id, booking_id=r.booking_id, fips=r.fips, aor=r.aor, case_id=None,
                       actor_kind=r.actor_kind.value, account=r.account, reported_at=r.reported_at.isoformat(),
                       reported_by=r.reported_by, field_office_notified_at=r.field_office_notified_at.isoformat(),
                       acknowledged_at=iso(r.acknowledged_at), acknowledged_by=r.acknowledged_by)
        for r in jail_page_of(ctx, fips)["reports"]
    ]  # fmt: skip


@api.get(
    "/complaints/{complaint_id}",
    response_model=dict[str, Any],
    responses={404: {"description": "no such complaint"}},
)
def api_complaint(ctx: CrclCtx, complaint_id: str) -> dict[str, Any]:
    """One complaint in full (CRCL only), with its history, links, referrals, deadlines and letters."""
    detail = detail_of(ctx, complaint_id, full=True)
    return {
        **detail["view"],
        "advice": {"route": detail["advice"].route.value, "reasons": list(detail["advice"].reasons)},
        "allowed_acts": detail["acts"],
        "history": [{"at": h.at.isoformat(), "actor": h.actor, "act": h.act, "from": h.from_status.value,
                     "to": h.to_status.value, "reason": h.reason} for h in detail["history"]],
        "links": [{"kind": k.kind.value, "target": k.target, "party": k.party.value, "fips": k.fips}
                  for k in detail["links"]],
        "referrals": [{"target": r.target.value, "at": r.at.isoformat(), "identity_shared": r.identity_shared,
                       "decision": r.decision.value if r.decision else None} for r in detail["referrals"]],
        "deadlines": [{"kind": d.kind, "due_on": d.due_on.isoformat(), "met_at": iso(d.met_at)}
                      for d in detail["deadlines"]],
        "letters": [{"id": i, "kind": letter.kind.value, "language": letter.language, "delivery": letter.delivery}
                    for i, letter in detail["letters"]],
    }  # fmt: skip


@api.post(
    "/complaints/{complaint_id}/acts/{act}",
    response_model=dict[str, Any],
    responses={
        400: {"description": "the act is not allowed or its input is wrong"},
        404: {"description": "no such complaint"},
    },
)
def api_act(ctx: CrclCtx, complaint_id: str, act: str, body: ActIn) -> dict[str, Any]:
    try:
        perform_act(ctx, complaint_id, parse_act(act), body.fields)
    except UnknownComplaint:
        raise NotFound("no such complaint") from None
    except REFUSED as error:
        raise HTTPException(400, detail=str(error)) from None
    return api_complaint(ctx, complaint_id)
