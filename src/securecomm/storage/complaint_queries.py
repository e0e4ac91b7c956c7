"""Read-side queries of the complaint system for pages, the API and the CLI, and row-to-value converters.

Each query is bounded (a page size or a limit) and runs in the caller's transaction, so the audit events
for what a page shows commit with the read. None of them loads a complainant's identity: the CRCL detail
view reads it separately, through `SqlComplaintRecords.identity`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from securecomm.complaints.model import (
    Channel,
    ClosureOutcome,
    ComplaintRecord,
    Conduct,
    Consent,
    Deadline,
    DojDecision,
    Incident,
    Referral,
    ReferralTarget,
    Route,
    Status,
)
from securecomm.complaints.monitoring import LinkedComplaint
from securecomm.complaints.ports import CaseSnapshot, DojNotice, PrivateActor, RetaliationReport
from securecomm.storage.agency_tables import CaseRow
from securecomm.storage.complaint_tables import (
    ComplaintAttachmentRow,
    ComplaintDeadlineRow,
    ComplaintDojNoticeRow,
    ComplaintLetterRow,
    ComplaintLinkRow,
    ComplaintReferralRow,
    ComplaintRow,
    ProtectionLinkRow,
    RetaliationReportRow,
)

__all__ = [
    "AttachmentInfo",
    "Page",
    "QueueItem",
    "attachment",
    "attachments",
    "case_snapshot",
    "complaint_record",
    "doj_notices",
    "doj_referrals",
    "letter",
    "linked_complaints",
    "protected_case_ids",
    "queue",
    "retaliation_record",
    "retaliation_reports",
    "status_counts",
]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: Sequence[T]
    page: int
    page_size: int
    total: int


@dataclass(frozen=True, slots=True)
class QueueItem:
    complaint: ComplaintRecord
    next_deadline: Deadline | None
    overdue: bool


@dataclass(frozen=True, slots=True)
class AttachmentInfo:
    position: int
    filename: str
    media_type: str
    size: int
    sha256: str


def complaint_record(row: ComplaintRow) -> ComplaintRecord:
    return ComplaintRecord(
        complaint_id=row.complaint_id,
        receipt=row.receipt,
        channel=Channel(row.channel),
        language=row.language,
        received_at=row.received_at,
        received_on=row.received_on,
        status=Status(row.status),
        status_at=row.status_at,
        route=Route(row.route) if row.route else None,
        assignee=row.assignee,
        incident=Incident(
            on=row.incident_on,
            time=row.incident_time,
            place=row.place,
            officials=row.officials,
            conduct=Conduct(row.conduct),
        ),
        narrative=row.narrative,
        other_steps=row.other_steps,
        consent=Consent(share_with_dhs=row.consent_dhs, share_with_doj=row.consent_doj),
        anonymous=row.anonymous,
        reachable=row.reachable,
        witnesses=row.witnesses,
        attachments=row.attachments,
        closure=ClosureOutcome(row.closure) if row.closure else None,
    )


def retaliation_record(row: RetaliationReportRow) -> RetaliationReport:
    return RetaliationReport(
        report_id=row.report_id,
        booking_id=row.booking_id,
        fips=row.fips,
        aor=row.aor,
        case_id=row.case_id,
        actor_kind=PrivateActor(row.actor_kind),
        account=row.account,
        reported_at=row.reported_at,
        reported_by=row.reported_by,
        field_office_notified_at=row.field_office_notified_at,
        acknowledged_at=row.acknowledged_at,
        acknowledged_by=row.acknowledged_by,
    )


def case_snapshot(row: CaseRow) -> CaseSnapshot:
    return CaseSnapshot(
        case_id=row.case_id,
        booking_id=row.booking_id,
        fips=row.fips,
        aor=row.aor,
        state=row.state,
        open=row.closed_at is None,
        protected=bool(row.protected),
    )


def _deadline(r: ComplaintDeadlineRow) -> Deadline:
    return Deadline(r.complaint_id, r.kind, r.due_on, r.set_at, r.set_by, r.met_at)


def queue(
    tx: Session,
    *,
    status: Status | None,
    open_only: bool,
    overdue_only: bool,
    today: date,
    page: int,
    size: int,
) -> Page[QueueItem]:
    """CRCL's work queue: newest first, each complaint with its next open deadline and whether it is overdue."""
    query = select(ComplaintRow)
    if status is not None:
        query = query.where(ComplaintRow.status == status.value)
    elif open_only:
        query = query.where(ComplaintRow.status != Status.CLOSED.value)
    if overdue_only:
        late = select(ComplaintDeadlineRow.complaint_id).where(
            ComplaintDeadlineRow.met_at.is_(None), ComplaintDeadlineRow.due_on < today
        )
        query = query.where(ComplaintRow.complaint_id.in_(late), ComplaintRow.status != Status.CLOSED.value)
    total = tx.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = list(
        tx.scalars(
            query.order_by(ComplaintRow.received_at.desc(), ComplaintRow.complaint_id)
            .limit(size)
            .offset((page - 1) * size)
        )
    )
    pending: dict[str, Deadline] = {}
    if rows:
        for r in tx.scalars(
            select(ComplaintDeadlineRow)
            .where(
                ComplaintDeadlineRow.complaint_id.in_([row.complaint_id for row in rows]),
                ComplaintDeadlineRow.met_at.is_(None),
            )
            .order_by(ComplaintDeadlineRow.due_on)
        ):
            pending.setdefault(r.complaint_id, _deadline(r))
    items = []
    for row in rows:
        record = complaint_record(row)
        due = pending.get(row.complaint_id) if record.status is not Status.CLOSED else None
        items.append(QueueItem(record, due, bool(due and due.overdue(today))))
    return Page(items, page, size, total)


def status_counts(tx: Session, *, today: date) -> dict[str, int]:
    """How many complaints are in each state, and how many open ones are past a deadline."""
    counts = {status.value: 0 for status in Status}
    for status, n in tx.execute(select(ComplaintRow.status, func.count()).group_by(ComplaintRow.status)):
        counts[status] = n
    late = select(ComplaintDeadlineRow.complaint_id).where(
        ComplaintDeadlineRow.met_at.is_(None), ComplaintDeadlineRow.due_on < today
    )
    counts["overdue"] = (
        tx.scalar(
            select(func.count())
            .select_from(ComplaintRow)
            .where(ComplaintRow.complaint_id.in_(late), ComplaintRow.status != Status.CLOSED.value)
        )
        or 0
    )
    return counts


def doj_referrals(tx: Session, *, page: int, size: int) -> Page[tuple[ComplaintRecord, Referral]]:
    """Complaints referred to DOJ, newest referral first, with the referral (decided or not)."""
    query = (
        select(ComplaintRow, ComplaintReferralRow)
        .join(ComplaintReferralRow, ComplaintReferralRow.complaint_id == ComplaintRow.complaint_id)
        .where(ComplaintReferralRow.target == ReferralTarget.DOJ.value)
    )
    total = tx.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = tx.execute(
        query.order_by(ComplaintReferralRow.at.desc(), ComplaintReferralRow.id.desc())
        .limit(size)
        .offset((page - 1) * size)
    ).all()
    items = [
        (
            complaint_record(c),
            Referral(r.complaint_id, ReferralTarget(r.target), r.at, r.by, r.reason, r.identity_shared,
                     DojDecision(r.decision) if r.decision else None, r.decided_at, r.decided_by, r.decision_reason),
        )
        for c, r in rows
    ]  # fmt: skip
    return Page(items, page, size, total)


def doj_notices(tx: Session, *, limit: int = 100) -> list[DojNotice]:
    """The DOJ liaison's notices of investigations opened, newest first."""
    rows = tx.scalars(select(ComplaintDojNoticeRow).order_by(ComplaintDojNoticeRow.id.desc()).limit(limit))
    return [DojNotice(r.complaint_id, r.at, r.by, r.kind, r.text) for r in rows]


def attachments(tx: Session, complaint_id: str) -> list[AttachmentInfo]:
    rows = tx.execute(
        select(ComplaintAttachmentRow.position, ComplaintAttachmentRow.filename, ComplaintAttachmentRow.media_type,
               ComplaintAttachmentRow.size, ComplaintAttachmentRow.sha256)
        .where(ComplaintAttachmentRow.complaint_id == complaint_id)
        .order_by(ComplaintAttachmentRow.position)
    ).all()  # fmt: skip
    return [AttachmentInfo(*row) for row in rows]


def attachment(tx: Session, complaint_id: str, position: int) -> ComplaintAttachmentRow | None:
    return tx.scalar(
        select(ComplaintAttachmentRow).where(
            ComplaintAttachmentRow.complaint_id == complaint_id, ComplaintAttachmentRow.position == position
        )
    )


def letter(tx: Session, complaint_id: str, letter_id: int) -> ComplaintLetterRow | None:
    row = tx.get(ComplaintLetterRow, letter_id)
    return row if row is not None and row.complaint_id == complaint_id else None


def protected_case_ids(tx: Session, aor: str, *, limit: int) -> list[CaseSnapshot]:
    """The AOR's open cases that carry the protection flag or a protection link, newest first."""
    linked_bookings = select(ProtectionLinkRow.booking_id)
    query = (
        select(CaseRow)
        .where(
            CaseRow.aor == aor,
            CaseRow.closed_at.is_(None),
            or_(CaseRow.protected.is_(True), CaseRow.booking_id.in_(linked_bookings)),
        )
        .order_by(CaseRow.opened_at.desc(), CaseRow.case_id)
        .limit(limit)
    )
    return [case_snapshot(row) for row in tx.scalars(query)]


def retaliation_reports(
    tx: Session, *, fips: str | None = None, aor: str | None = None, limit: int = 200
) -> list[RetaliationReport]:
    """Retaliation reports of a county (the jail's view) or an AOR (the field office's), newest first."""
    query = select(RetaliationReportRow)
    if fips is not None:
        query = query.where(RetaliationReportRow.fips == fips)
    if aor is not None:
        query = query.where(RetaliationReportRow.aor == aor)
    rows = tx.scalars(query.order_by(RetaliationReportRow.reported_at.desc()).limit(limit))
    return [retaliation_record(row) for row in rows]


def linked_complaints(tx: Session) -> list[LinkedComplaint]:
    """Every (complaint, county) pair from the complaints' links, for the monitoring counts."""
    rows = tx.execute(
        select(ComplaintRow.complaint_id, ComplaintLinkRow.fips, ComplaintRow.incident_on, ComplaintRow.received_on,
               ComplaintRow.route)
        .join(ComplaintLinkRow, ComplaintLinkRow.complaint_id == ComplaintRow.complaint_id)
        .where(ComplaintLinkRow.fips.is_not(None))
        .order_by(ComplaintRow.complaint_id)
    ).all()  # fmt: skip
    return [LinkedComplaint(c, str(f), i, r, Route(route) if route else None) for c, f, i, r, route in rows]
