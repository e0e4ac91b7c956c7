"""The complaint system's tables (revision 0005).

The complainant's identity lives in `complaint_identities` and the witnesses in `complaint_witnesses`,
apart from the complaint itself, so the queries behind non-CRCL views never load them. Documents are kept
as bytes in `complaint_attachments` (at most a few megabytes each, checked by content at intake). Protection
links, supervisory overrides and retaliation reports refer to bookings and cases by id without foreign keys:
a retaliation report may precede the ICE case it protects.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from securecomm.storage.tables import Base
from securecomm.storage.types import JsonText, UtcDateTime

__all__ = [
    "ComplaintAttachmentRow",
    "ComplaintDeadlineRow",
    "ComplaintDojNoticeRow",
    "ComplaintFindingRow",
    "ComplaintHistoryRow",
    "ComplaintIdentityRow",
    "ComplaintLetterRow",
    "ComplaintLinkRow",
    "ComplaintNoteRow",
    "ComplaintReferralRow",
    "ComplaintRow",
    "ComplaintWitnessRow",
    "ProtectionLinkRow",
    "ProtectionOverrideRow",
    "RetaliationReportRow",
]

_ID = String(40)
_COMPLAINT = "complaints.complaint_id"


class ComplaintRow(Base):
    """A complaint without the complainant's identity."""

    __tablename__ = "complaints"
    complaint_id: Mapped[str] = mapped_column(_ID, primary_key=True)
    receipt: Mapped[str] = mapped_column(String(32), unique=True)
    channel: Mapped[str] = mapped_column(String(8))
    language: Mapped[str] = mapped_column(String(2))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    received_on: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(24), index=True)
    status_at: Mapped[datetime] = mapped_column(UtcDateTime)
    route: Mapped[str | None] = mapped_column(String(16), nullable=True)
    assignee: Mapped[str | None] = mapped_column(String(64), nullable=True)
    closure: Mapped[str | None] = mapped_column(String(16), nullable=True)
    incident_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    incident_time: Mapped[str] = mapped_column(String(5))
    place: Mapped[str] = mapped_column(Text)
    officials: Mapped[str] = mapped_column(Text)
    conduct: Mapped[str] = mapped_column(String(16))
    narrative: Mapped[str] = mapped_column(Text)
    other_steps: Mapped[str] = mapped_column(Text)
    consent_dhs: Mapped[bool] = mapped_column(Boolean)
    consent_doj: Mapped[bool] = mapped_column(Boolean)
    anonymous: Mapped[bool] = mapped_column(Boolean)
    reachable: Mapped[bool] = mapped_column(Boolean)
    witnesses: Mapped[int] = mapped_column(Integer)
    attachments: Mapped[int] = mapped_column(Integer)


class ComplaintIdentityRow(Base):
    """Who complained and how to reach them: read only for CRCL's views and the letters."""

    __tablename__ = "complaint_identities"
    complaint_id: Mapped[str] = mapped_column(ForeignKey(_COMPLAINT), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    date_of_birth: Mapped[date | None] = mapped_column(Date, nullable=True)
    a_number: Mapped[str] = mapped_column(String(12))
    address: Mapped[str] = mapped_column(Text)
    phone: Mapped[str] = mapped_column(String(40))
    email: Mapped[str] = mapped_column(String(254))


class ComplaintWitnessRow(Base):
    __tablename__ = "complaint_witnesses"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    complaint_id: Mapped[str] = mapped_column(ForeignKey(_COMPLAINT), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    contact: Mapped[str] = mapped_column(Text)


class ComplaintAttachmentRow(Base):
    __tablename__ = "complaint_attachments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    complaint_id: Mapped[str] = mapped_column(ForeignKey(_COMPLAINT), index=True)
    position: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(100))
    media_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)


class ComplaintHistoryRow(Base):
    """One act on a complaint, in order (the audit trail holds the same act in its hash chain)."""

    __tablename__ = "complaint_history"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    complaint_id: Mapped[str] = mapped_column(ForeignKey(_COMPLAINT), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor: Mapped[str] = mapped_column(String(80))
    act: Mapped[str] = mapped_column(String(24))
    from_status: Mapped[str] = mapped_column(String(24))
    to_status: Mapped[str] = mapped_column(String(24))
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    details: Mapped[Any] = mapped_column(JsonText)


class ComplaintNoteRow(Base):
    __tablename__ = "complaint_notes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    complaint_id: Mapped[str] = mapped_column(ForeignKey(_COMPLAINT), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    author: Mapped[str] = mapped_column(String(80))
    text: Mapped[str] = mapped_column(Text)


class ComplaintLinkRow(Base):
    __tablename__ = "complaint_links"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    complaint_id: Mapped[str] = mapped_column(ForeignKey(_COMPLAINT), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    target: Mapped[str] = mapped_column(String(64))
    party: Mapped[str] = mapped_column(String(16))
    fips: Mapped[str | None] = mapped_column(String(5), nullable=True, index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    by: Mapped[str] = mapped_column(String(80))

    __table_args__ = (Index("ix_complaint_links_target", "kind", "target"),)


class ComplaintDeadlineRow(Base):
    __tablename__ = "complaint_deadlines"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    complaint_id: Mapped[str] = mapped_column(ForeignKey(_COMPLAINT), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    due_on: Mapped[date] = mapped_column(Date)
    set_at: Mapped[datetime] = mapped_column(UtcDateTime)
    set_by: Mapped[str] = mapped_column(String(80))
    met_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class ComplaintReferralRow(Base):
    __tablename__ = "complaint_referrals"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    complaint_id: Mapped[str] = mapped_column(ForeignKey(_COMPLAINT), index=True)
    target: Mapped[str] = mapped_column(String(8), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    by: Mapped[str] = mapped_column(String(80))
    reason: Mapped[str] = mapped_column(Text)
    identity_shared: Mapped[bool] = mapped_column(Boolean)
    decision: Mapped[str | None] = mapped_column(String(16), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    decided_by: Mapped[str | None] = mapped_column(String(80), nullable=True)
    decision_reason: Mapped[str | None] = mapped_column(Text, nullable=True)


class ComplaintDojNoticeRow(Base):
    """CRCL's notice to the DOJ liaison of an investigation it opened."""

    __tablename__ = "complaint_doj_notices"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    complaint_id: Mapped[str] = mapped_column(ForeignKey(_COMPLAINT), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    by: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)


class ComplaintFindingRow(Base):
    __tablename__ = "complaint_findings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    complaint_id: Mapped[str] = mapped_column(ForeignKey(_COMPLAINT), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    by: Mapped[str] = mapped_column(String(80))
    finding: Mapped[str] = mapped_column(String(24))
    recommendations: Mapped[Any] = mapped_column(JsonText)


class ComplaintLetterRow(Base):
    __tablename__ = "complaint_letters"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    complaint_id: Mapped[str] = mapped_column(ForeignKey(_COMPLAINT), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    language: Mapped[str] = mapped_column(String(2))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    by: Mapped[str] = mapped_column(String(80))
    subject: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    delivery: Mapped[str] = mapped_column(String(8))


class ProtectionLinkRow(Base):
    """A protected person's booking (and its ICE case, once there is one); `source_id` stays with CRCL."""

    __tablename__ = "protection_links"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    booking_id: Mapped[str] = mapped_column(String(64), index=True)
    case_id: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    basis: Mapped[str] = mapped_column(String(24))
    source_id: Mapped[str] = mapped_column(String(64))
    linked_at: Mapped[datetime] = mapped_column(UtcDateTime)
    linked_by: Mapped[str] = mapped_column(String(80))


class ProtectionOverrideRow(Base):
    """A supervisor's recorded override: removal may proceed on a protected case, and why."""

    __tablename__ = "protection_overrides"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    supervisor: Mapped[str] = mapped_column(String(80))
    reason: Mapped[str] = mapped_column(Text)


class RetaliationReportRow(Base):
    """A jail's report that an arrestee may be the victim of retaliation by a private actor."""

    __tablename__ = "retaliation_reports"
    report_id: Mapped[str] = mapped_column(_ID, primary_key=True)
    booking_id: Mapped[str] = mapped_column(String(64), index=True)
    fips: Mapped[str] = mapped_column(String(5), index=True)
    aor: Mapped[str | None] = mapped_column(String(3), nullable=True, index=True)
    case_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    actor_kind: Mapped[str] = mapped_column(String(16))
    account: Mapped[str] = mapped_column(Text)
    reported_at: Mapped[datetime] = mapped_column(UtcDateTime)
    reported_by: Mapped[str] = mapped_column(String(80))
    field_office_notified_at: Mapped[datetime] = mapped_column(UtcDateTime)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    acknowledged_by: Mapped[str | None] = mapped_column(String(80), nullable=True)
