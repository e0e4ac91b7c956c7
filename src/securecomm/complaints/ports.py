"""The ports the complaint services work through; `storage.complaint_records` implements them on SQL.

Services never open a database: an adapter builds them on one transaction (`SqlComplaintRecords(session)`)
so a complaint's change, its history line and its audit event commit together or not at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol

from securecomm.complaints.model import (
    ClosureOutcome,
    ComplaintDraft,
    ComplaintRecord,
    Deadline,
    DojDecision,
    Finding,
    HistoryEntry,
    Identity,
    LetterRecord,
    Link,
    Note,
    Referral,
    ReferralTarget,
    Route,
    Status,
    Witness,
)

__all__ = [
    "BookingSnapshot",
    "CaseSnapshot",
    "ComplaintRepository",
    "DojNotice",
    "FindingRecord",
    "Override",
    "PrivateActor",
    "ProgramRecords",
    "ProtectionBasis",
    "ProtectionLink",
    "ProtectionRepository",
    "RetaliationReport",
]


@dataclass(frozen=True, slots=True)
class BookingSnapshot:
    booking_id: str
    fips: str


@dataclass(frozen=True, slots=True)
class CaseSnapshot:
    """What protection needs to know about an ICE case: where it is, whether it is open and flagged."""

    case_id: str
    booking_id: str
    fips: str
    aor: str
    state: str
    open: bool
    protected: bool


class ProtectionBasis(StrEnum):
    """Why a person on a case is protected; the field office sees this word, never the complaint."""

    COMPLAINT_PARTY = "complaint_party"  # a complainant or witness in a CRCL complaint
    RETALIATION_REPORT = "retaliation_report"  # the jail reported possible retaliation by a private actor


class PrivateActor(StrEnum):
    LANDLORD = "landlord"
    EMPLOYER = "employer"
    FAMILY_MEMBER = "family_member"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class ProtectionLink:
    booking_id: str
    case_id: str | None  # None while no ICE case exists for the booking yet
    basis: ProtectionBasis
    source_id: str  # the complaint id or retaliation report id: never shown to the field office
    linked_at: datetime
    linked_by: str


@dataclass(frozen=True, slots=True)
class Override:
    case_id: str
    at: datetime
    supervisor: str
    reason: str


@dataclass(frozen=True, slots=True)
class RetaliationReport:
    report_id: str
    booking_id: str
    fips: str
    aor: str | None
    case_id: str | None
    actor_kind: PrivateActor
    account: str
    reported_at: datetime
    reported_by: str
    field_office_notified_at: datetime
    acknowledged_at: datetime | None = None
    acknowledged_by: str | None = None


@dataclass(frozen=True, slots=True)
class DojNotice:
    complaint_id: str
    at: datetime
    by: str
    kind: str  # "investigation_opened"
    text: str


@dataclass(frozen=True, slots=True)
class FindingRecord:
    complaint_id: str
    at: datetime
    by: str
    finding: Finding
    recommendations: tuple[str, ...]


class ComplaintRepository(Protocol):
    def receipt_taken(self, receipt: str) -> bool: ...

    def add(
        self,
        complaint_id: str,
        receipt: str,
        draft: ComplaintDraft,
        *,
        received_at: datetime,
        received_on: date,
    ) -> None: ...

    def get(self, complaint_id: str) -> ComplaintRecord | None: ...

    def by_receipt(self, receipt: str) -> ComplaintRecord | None: ...

    def identity(self, complaint_id: str) -> Identity: ...

    def witnesses(self, complaint_id: str) -> tuple[Witness, ...]: ...

    def set_status(
        self,
        complaint_id: str,
        status: Status,
        *,
        at: datetime,
        route: Route | None = None,
        closure: ClosureOutcome | None = None,
    ) -> None: ...

    def set_assignee(self, complaint_id: str, assignee: str | None) -> None: ...

    def add_history(self, entry: HistoryEntry) -> None: ...

    def history(self, complaint_id: str) -> Sequence[HistoryEntry]: ...

    def add_note(self, note: Note) -> None: ...

    def notes(self, complaint_id: str) -> Sequence[Note]: ...

    def add_link(self, link: Link) -> None: ...

    def links(self, complaint_id: str) -> Sequence[Link]: ...

    def add_deadline(self, deadline: Deadline) -> None: ...

    def deadlines(self, complaint_id: str) -> Sequence[Deadline]: ...

    def meet_deadlines(self, complaint_id: str, kind: str, *, at: datetime) -> None: ...

    def add_referral(self, referral: Referral) -> None: ...

    def referrals(self, complaint_id: str) -> Sequence[Referral]: ...

    def decide_referral(
        self,
        complaint_id: str,
        target: ReferralTarget,
        *,
        decision: DojDecision,
        at: datetime,
        by: str,
        reason: str,
    ) -> None: ...

    def add_doj_notice(self, notice: DojNotice) -> None: ...

    def doj_notices(self, complaint_id: str) -> Sequence[DojNotice]: ...

    def add_finding(self, finding: FindingRecord) -> None: ...

    def findings(self, complaint_id: str) -> Sequence[FindingRecord]: ...

    def add_letter(self, letter: LetterRecord) -> int: ...

    def letters(self, complaint_id: str) -> Sequence[tuple[int, LetterRecord]]: ...


class ProgramRecords(Protocol):
    """The booking flow's records, read (and a case's protection flag set) by the complaint services."""

    def booking(self, booking_id: str) -> BookingSnapshot | None: ...

    def case(self, case_id: str) -> CaseSnapshot | None: ...

    def case_for_booking(self, booking_id: str) -> CaseSnapshot | None: ...

    def jurisdiction_exists(self, fips: str) -> bool: ...

    def aor_of(self, fips: str) -> str | None: ...

    def flag_case(self, case_id: str) -> None: ...


class ProtectionRepository(Protocol):
    def add_protection(self, link: ProtectionLink) -> None: ...

    def protections(self, *, case_id: str, booking_id: str) -> Sequence[ProtectionLink]: ...

    def add_override(self, override: Override) -> None: ...

    def overrides(self, case_id: str) -> Sequence[Override]: ...

    def add_retaliation(self, report: RetaliationReport) -> None: ...

    def retaliation(self, report_id: str) -> RetaliationReport | None: ...

    def acknowledge_retaliation(self, report_id: str, *, at: datetime, by: str) -> None: ...
