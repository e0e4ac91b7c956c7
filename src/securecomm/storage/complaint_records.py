"""The complaint system's repositories on SQLAlchemy, on the caller's transaction.

`SqlComplaintRecords(session)` implements the three ports of `securecomm.complaints.ports`: the complaint
repository, the booking flow's records as the complaint services read them (and the case's `protected`
flag, which they set), and the protection repository. Page queries (`complaint_queries`) are beside it.
Build the services with `complaint_services(session, audit, clock)`.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Sequence
from datetime import date, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from securecomm.audit import AuditSink
from securecomm.clock import Clock
from securecomm.complaints.model import (
    ClosureOutcome,
    ComplaintDraft,
    ComplaintRecord,
    Deadline,
    DojDecision,
    Finding,
    HistoryEntry,
    Identity,
    LetterKind,
    LetterRecord,
    Link,
    LinkKind,
    Note,
    PartyRole,
    Referral,
    ReferralTarget,
    Route,
    Status,
    Witness,
)
from securecomm.complaints.ports import (
    BookingSnapshot,
    CaseSnapshot,
    DojNotice,
    FindingRecord,
    Override,
    ProtectionBasis,
    ProtectionLink,
    RetaliationReport,
)
from securecomm.complaints.protection import ProtectionService
from securecomm.complaints.service import ComplaintService
from securecomm.storage.agency_tables import BookingRow, CaseRow
from securecomm.storage.complaint_queries import case_snapshot, complaint_record, retaliation_record
from securecomm.storage.complaint_tables import (
    ComplaintAttachmentRow,
    ComplaintDeadlineRow,
    ComplaintDojNoticeRow,
    ComplaintFindingRow,
    ComplaintHistoryRow,
    ComplaintIdentityRow,
    ComplaintLetterRow,
    ComplaintLinkRow,
    ComplaintNoteRow,
    ComplaintReferralRow,
    ComplaintRow,
    ComplaintWitnessRow,
    ProtectionLinkRow,
    ProtectionOverrideRow,
    RetaliationReportRow,
)
from securecomm.storage.tables import JurisdictionRow

__all__ = ["SqlComplaintRecords", "complaint_services"]


class SqlComplaintRecords:
    """The ports of the complaint services, on one session (the caller's transaction)."""

    def __init__(self, session: Session) -> None:
        self.tx = session

    # -- complaints ---------------------------------------------------------------------------------------------
    def receipt_taken(self, receipt: str) -> bool:
        return (
            self.tx.scalar(select(ComplaintRow.complaint_id).where(ComplaintRow.receipt == receipt))
            is not None
        )

    def add(
        self,
        complaint_id: str,
        receipt: str,
        draft: ComplaintDraft,
        *,
        received_at: datetime,
        received_on: date,
    ) -> None:
        incident, identity = draft.incident, draft.identity
        self.tx.add(
            ComplaintRow(
                complaint_id=complaint_id, receipt=receipt, channel=draft.channel.value, language=draft.language,
                received_at=received_at, received_on=received_on, status=Status.RECEIVED.value,
                status_at=received_at, route=None, assignee=None, closure=None, incident_on=incident.on,
                incident_time=incident.time, place=incident.place, officials=incident.officials,
                conduct=incident.conduct.value, narrative=draft.narrative, other_steps=draft.other_steps,
                consent_dhs=draft.consent.share_with_dhs, consent_doj=draft.consent.share_with_doj,
                anonymous=identity.anonymous, reachable=identity.reachable, witnesses=len(draft.witnesses),
                attachments=len(draft.attachments),
            )
        )  # fmt: skip
        self.tx.flush()
        self.tx.add(
            ComplaintIdentityRow(
                complaint_id=complaint_id, name=identity.name, date_of_birth=identity.date_of_birth,
                a_number=identity.a_number, address=identity.address, phone=identity.phone, email=identity.email,
            )
        )  # fmt: skip
        for n, witness in enumerate(draft.witnesses, 1):
            self.tx.add(ComplaintWitnessRow(complaint_id=complaint_id, position=n, name=witness.name,
                                            contact=witness.contact))  # fmt: skip
        for n, doc in enumerate(draft.attachments, 1):
            self.tx.add(
                ComplaintAttachmentRow(complaint_id=complaint_id, position=n, filename=doc.filename,
                                       media_type=doc.media_type, size=doc.size, sha256=doc.sha256, data=doc.data)
            )  # fmt: skip

    def _row(self, complaint_id: str) -> ComplaintRow:
        row = self.tx.get(ComplaintRow, complaint_id)
        if row is None:
            raise LookupError(f"complaint {complaint_id} vanished inside its own transaction")
        return row

    def get(self, complaint_id: str) -> ComplaintRecord | None:
        row = self.tx.get(ComplaintRow, complaint_id)
        return complaint_record(row) if row else None

    def by_receipt(self, receipt: str) -> ComplaintRecord | None:
        row = self.tx.scalar(select(ComplaintRow).where(ComplaintRow.receipt == receipt))
        return complaint_record(row) if row else None

    def identity(self, complaint_id: str) -> Identity:
        row = self.tx.get(ComplaintIdentityRow, complaint_id)
        if row is None:
            return Identity()
        return Identity(name=row.name, date_of_birth=row.date_of_birth, a_number=row.a_number,
                        address=row.address, phone=row.phone, email=row.email)  # fmt: skip

    def witnesses(self, complaint_id: str) -> tuple[Witness, ...]:
        rows = self.tx.scalars(
            select(ComplaintWitnessRow).where(ComplaintWitnessRow.complaint_id == complaint_id)
            .order_by(ComplaintWitnessRow.position)
        )  # fmt: skip
        return tuple(Witness(r.name, r.contact) for r in rows)

    def set_status(
        self,
        complaint_id: str,
        status: Status,
        *,
        at: datetime,
        route: Route | None = None,
        closure: ClosureOutcome | None = None,
    ) -> None:
        row = self._row(complaint_id)
        if row.status != status.value:
            row.status, row.status_at = status.value, at
        if route is not None:
            row.route = route.value
        if closure is not None:
            row.closure = closure.value

    def set_assignee(self, complaint_id: str, assignee: str | None) -> None:
        self._row(complaint_id).assignee = assignee

    def add_history(self, entry: HistoryEntry) -> None:
        self.tx.add(
            ComplaintHistoryRow(complaint_id=entry.complaint_id, at=entry.at, actor=entry.actor, act=entry.act,
                                from_status=entry.from_status.value, to_status=entry.to_status.value,
                                reason=entry.reason, details=dict(entry.details))
        )  # fmt: skip

    def history(self, complaint_id: str) -> Sequence[HistoryEntry]:
        rows = self.tx.scalars(
            select(ComplaintHistoryRow).where(ComplaintHistoryRow.complaint_id == complaint_id)
            .order_by(ComplaintHistoryRow.id)
        )  # fmt: skip
        return [
            HistoryEntry(r.complaint_id, r.at, r.actor, r.act, Status(r.from_status), Status(r.to_status), r.reason,
                         tuple(sorted((str(k), str(v)) for k, v in (r.details or {}).items())))
            for r in rows
        ]  # fmt: skip

    def add_note(self, note: Note) -> None:
        self.tx.add(
            ComplaintNoteRow(complaint_id=note.complaint_id, at=note.at, author=note.author, text=note.text)
        )

    def notes(self, complaint_id: str) -> Sequence[Note]:
        rows = self.tx.scalars(
            select(ComplaintNoteRow)
            .where(ComplaintNoteRow.complaint_id == complaint_id)
            .order_by(ComplaintNoteRow.id)
        )
        return [Note(r.complaint_id, r.at, r.author, r.text) for r in rows]

    def add_link(self, link: Link) -> None:
        self.tx.add(
            ComplaintLinkRow(complaint_id=link.complaint_id, kind=link.kind.value, target=link.target,
                             party=link.party.value, fips=link.fips, at=link.at, by=link.by)
        )  # fmt: skip

    def links(self, complaint_id: str) -> Sequence[Link]:
        rows = self.tx.scalars(
            select(ComplaintLinkRow)
            .where(ComplaintLinkRow.complaint_id == complaint_id)
            .order_by(ComplaintLinkRow.id)
        )
        return [
            Link(r.complaint_id, LinkKind(r.kind), r.target, PartyRole(r.party), r.at, r.by, r.fips)
            for r in rows
        ]

    def add_deadline(self, deadline: Deadline) -> None:
        self.tx.add(
            ComplaintDeadlineRow(complaint_id=deadline.complaint_id, kind=deadline.kind, due_on=deadline.due_on,
                                 set_at=deadline.set_at, set_by=deadline.set_by, met_at=deadline.met_at)
        )  # fmt: skip

    def deadlines(self, complaint_id: str) -> Sequence[Deadline]:
        rows = self.tx.scalars(
            select(ComplaintDeadlineRow).where(ComplaintDeadlineRow.complaint_id == complaint_id)
            .order_by(ComplaintDeadlineRow.due_on, ComplaintDeadlineRow.id)
        )  # fmt: skip
        return [Deadline(r.complaint_id, r.kind, r.due_on, r.set_at, r.set_by, r.met_at) for r in rows]

    def meet_deadlines(self, complaint_id: str, kind: str, *, at: datetime) -> None:
        self.tx.execute(
            update(ComplaintDeadlineRow)
            .where(ComplaintDeadlineRow.complaint_id == complaint_id, ComplaintDeadlineRow.kind == kind,
                   ComplaintDeadlineRow.met_at.is_(None))
            .values(met_at=at)
        )  # fmt: skip

    def add_referral(self, referral: Referral) -> None:
        self.tx.add(
            ComplaintReferralRow(complaint_id=referral.complaint_id, target=referral.target.value, at=referral.at,
                                 by=referral.by, reason=referral.reason, identity_shared=referral.identity_shared)
        )  # fmt: skip

    def referrals(self, complaint_id: str) -> Sequence[Referral]:
        rows = self.tx.scalars(
            select(ComplaintReferralRow).where(ComplaintReferralRow.complaint_id == complaint_id)
            .order_by(ComplaintReferralRow.id)
        )  # fmt: skip
        return [
            Referral(r.complaint_id, ReferralTarget(r.target), r.at, r.by, r.reason, r.identity_shared,
                     DojDecision(r.decision) if r.decision else None, r.decided_at, r.decided_by, r.decision_reason)
            for r in rows
        ]  # fmt: skip

    def decide_referral(
        self,
        complaint_id: str,
        target: ReferralTarget,
        *,
        decision: DojDecision,
        at: datetime,
        by: str,
        reason: str,
    ) -> None:
        row = self.tx.scalars(
            select(ComplaintReferralRow)
            .where(ComplaintReferralRow.complaint_id == complaint_id, ComplaintReferralRow.target == target.value,
                   ComplaintReferralRow.decision.is_(None))
            .order_by(ComplaintReferralRow.id.desc())
        ).first()  # fmt: skip
        if row is None:
            raise LookupError(f"complaint {complaint_id} has no open {target.value} referral")
        row.decision, row.decided_at, row.decided_by, row.decision_reason = decision.value, at, by, reason

    def add_doj_notice(self, notice: DojNotice) -> None:
        self.tx.add(ComplaintDojNoticeRow(complaint_id=notice.complaint_id, at=notice.at, by=notice.by,
                                          kind=notice.kind, text=notice.text))  # fmt: skip

    def doj_notices(self, complaint_id: str) -> Sequence[DojNotice]:
        rows = self.tx.scalars(
            select(ComplaintDojNoticeRow).where(ComplaintDojNoticeRow.complaint_id == complaint_id)
            .order_by(ComplaintDojNoticeRow.id)
        )  # fmt: skip
        return [DojNotice(r.complaint_id, r.at, r.by, r.kind, r.text) for r in rows]

    def add_finding(self, finding: FindingRecord) -> None:
        self.tx.add(ComplaintFindingRow(complaint_id=finding.complaint_id, at=finding.at, by=finding.by,
                                        finding=finding.finding.value,
                                        recommendations=list(finding.recommendations)))  # fmt: skip

    def findings(self, complaint_id: str) -> Sequence[FindingRecord]:
        rows = self.tx.scalars(
            select(ComplaintFindingRow).where(ComplaintFindingRow.complaint_id == complaint_id)
            .order_by(ComplaintFindingRow.id)
        )  # fmt: skip
        return [
            FindingRecord(r.complaint_id, r.at, r.by, Finding(r.finding), tuple(r.recommendations))
            for r in rows
        ]

    def add_letter(self, letter: LetterRecord) -> int:
        row = ComplaintLetterRow(complaint_id=letter.complaint_id, kind=letter.kind.value, language=letter.language,
                                 at=letter.at, by=letter.by, subject=letter.subject, body=letter.body,
                                 delivery=letter.delivery)  # fmt: skip
        self.tx.add(row)
        self.tx.flush()
        return row.id

    def letters(self, complaint_id: str) -> Sequence[tuple[int, LetterRecord]]:
        rows = self.tx.scalars(
            select(ComplaintLetterRow).where(ComplaintLetterRow.complaint_id == complaint_id)
            .order_by(ComplaintLetterRow.id)
        )  # fmt: skip
        return [
            (r.id, LetterRecord(r.complaint_id, LetterKind(r.kind), r.language, r.at, r.by, r.subject, r.body,
                                r.delivery))
            for r in rows
        ]  # fmt: skip

    # -- the booking flow's records ---------------------------------------------------------------------------
    def booking(self, booking_id: str) -> BookingSnapshot | None:
        row = self.tx.get(BookingRow, booking_id)
        return BookingSnapshot(row.booking_id, row.fips) if row else None

    def case(self, case_id: str) -> CaseSnapshot | None:
        row = self.tx.get(CaseRow, case_id)
        return case_snapshot(row) if row else None

    def case_for_booking(self, booking_id: str) -> CaseSnapshot | None:
        row = self.tx.scalar(select(CaseRow).where(CaseRow.booking_id == booking_id))
        return case_snapshot(row) if row else None

    def jurisdiction_exists(self, fips: str) -> bool:
        return self.tx.get(JurisdictionRow, fips) is not None

    def aor_of(self, fips: str) -> str | None:
        row = self.tx.get(JurisdictionRow, fips)
        return row.aor if row else None

    def flag_case(self, case_id: str) -> None:
        row = self.tx.get(CaseRow, case_id)
        if row is None:
            raise LookupError(f"case {case_id} vanished inside its own transaction")
        row.protected = True

    # -- protection ---------------------------------------------------------------------------------------------
    def add_protection(self, link: ProtectionLink) -> None:
        self.tx.add(
            ProtectionLinkRow(booking_id=link.booking_id, case_id=link.case_id, basis=link.basis.value,
                              source_id=link.source_id, linked_at=link.linked_at, linked_by=link.linked_by)
        )  # fmt: skip

    def protections(self, *, case_id: str, booking_id: str) -> Sequence[ProtectionLink]:
        rows = self.tx.scalars(
            select(ProtectionLinkRow)
            .where((ProtectionLinkRow.case_id == case_id) | (ProtectionLinkRow.booking_id == booking_id))
            .order_by(ProtectionLinkRow.id)
        )
        return [ProtectionLink(r.booking_id, r.case_id, ProtectionBasis(r.basis), r.source_id, r.linked_at,
                               r.linked_by) for r in rows]  # fmt: skip

    def add_override(self, override: Override) -> None:
        self.tx.add(ProtectionOverrideRow(case_id=override.case_id, at=override.at, supervisor=override.supervisor,
                                          reason=override.reason))  # fmt: skip

    def overrides(self, case_id: str) -> Sequence[Override]:
        rows = self.tx.scalars(
            select(ProtectionOverrideRow).where(ProtectionOverrideRow.case_id == case_id)
            .order_by(ProtectionOverrideRow.id)
        )  # fmt: skip
        return [Override(r.case_id, r.at, r.supervisor, r.reason) for r in rows]

    def add_retaliation(self, report: RetaliationReport) -> None:
        self.tx.add(
            RetaliationReportRow(report_id=report.report_id, booking_id=report.booking_id, fips=report.fips,
                                 aor=report.aor, case_id=report.case_id, actor_kind=report.actor_kind.value,
                                 account=report.account, reported_at=report.reported_at,
                                 reported_by=report.reported_by,
                                 field_office_notified_at=report.field_office_notified_at)
        )  # fmt: skip

    def retaliation(self, report_id: str) -> RetaliationReport | None:
        row = self.tx.get(RetaliationReportRow, report_id)
        return retaliation_record(row) if row else None

    def acknowledge_retaliation(self, report_id: str, *, at: datetime, by: str) -> None:
        row = self.tx.get(RetaliationReportRow, report_id)
        if row is None:
            raise LookupError(f"retaliation report {report_id} vanished inside its own transaction")
        row.acknowledged_at, row.acknowledged_by = at, by


def complaint_services(
    session: Session, audit: AuditSink, clock: Clock, *, entropy: Callable[[int], bytes] = secrets.token_bytes
) -> tuple[ComplaintService, ProtectionService]:
    """The complaint and protection services on one transaction (the adapters' composition helper)."""
    records = SqlComplaintRecords(session)
    protection = ProtectionService(records, records, audit, clock)
    return ComplaintService(records, protection, audit, clock, entropy=entropy), protection
