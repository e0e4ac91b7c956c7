"""The agencies' records. Each agency reads and writes only its own tables (through its repository port);
ground truth about synthetic people lives in the `truth_*` tables, which no agency reads.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import BigInteger, Boolean, Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from securecomm.storage.tables import Base
from securecomm.storage.types import JsonText, UtcDateTime

__all__ = [
    "BookingRow",
    "CaseRow",
    "ClaimRow",
    "CriminalEventRow",
    "CriminalIdentityRow",
    "CustodyRow",
    "DecisionRow",
    "DetainerRow",
    "GalleryEntryRow",
    "IdentEncounterRow",
    "IdentSearchRow",
    "LescResponseRow",
    "TruthBookingRow",
    "TruthPersonRow",
    "TruthSubjectRow",
]


class BookingRow(Base):
    """The jail's record of a booking and the answers it received (SRE, IDR)."""

    __tablename__ = "bookings"
    booking_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    fips: Mapped[str] = mapped_column(ForeignKey("jurisdictions.fips"), index=True)
    ori: Mapped[str] = mapped_column(String(9))
    tcn: Mapped[str] = mapped_column(String(40), unique=True)
    booked_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    facility_tz: Mapped[str] = mapped_column(String(40))
    subject: Mapped[Any] = mapped_column(JsonText)
    charges: Mapped[Any] = mapped_column(JsonText)
    indicators: Mapped[Any] = mapped_column(JsonText)
    transaction_sha256: Mapped[str] = mapped_column(String(64))
    defer_request: Mapped[Any] = mapped_column(JsonText, nullable=True)
    fbi_number: Mapped[str | None] = mapped_column(String(16), nullable=True)
    sre_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    sre: Mapped[Any] = mapped_column(JsonText, nullable=True)
    idr_kind: Mapped[str | None] = mapped_column(String(16), nullable=True)  # "no_match" or "iar"
    idr_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    idr: Mapped[Any] = mapped_column(JsonText, nullable=True)


class CriminalIdentityRow(Base):
    """An FBI identity (FBI number) in the criminal master file."""

    __tablename__ = "criminal_identities"
    fbi_number: Mapped[str] = mapped_column(String(16), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    first_booking_id: Mapped[str | None] = mapped_column(String(64), nullable=True)


class CriminalEventRow(Base):
    """One line of an identity history: an arrest charge or a conviction."""

    __tablename__ = "criminal_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    fbi_number: Mapped[str] = mapped_column(ForeignKey("criminal_identities.fbi_number"), index=True)
    source_id: Mapped[str] = mapped_column(String(80))  # booking id or release-event message id
    kind: Mapped[str] = mapped_column(String(16))
    on: Mapped[date] = mapped_column(Date)
    ncic: Mapped[str] = mapped_column(String(4))
    offense_class: Mapped[str | None] = mapped_column(String(16), nullable=True)
    fips: Mapped[str] = mapped_column(String(5))
    traffic: Mapped[bool] = mapped_column(Boolean, default=False)
    sentence_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    aggravated_felony: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (UniqueConstraint("source_id", "kind", "ncic", name="uq_criminal_event_source"),)


class GalleryEntryRow(Base):
    """One enrolled finger template of a subject in a 1:N gallery ("criminal" or "ident")."""

    __tablename__ = "gallery_entries"
    gallery: Mapped[str] = mapped_column(String(16), primary_key=True)
    subject_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    encounter_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    finger: Mapped[int] = mapped_column(Integer, primary_key=True)
    template_sha256: Mapped[str] = mapped_column(String(64))
    enrolled_at: Mapped[datetime] = mapped_column(UtcDateTime)


class IdentEncounterRow(Base):
    """An immigration encounter as IDENT and the records LESC searches know it (may be incomplete)."""

    __tablename__ = "ident_encounters"
    encounter_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    fin: Mapped[str] = mapped_column(String(16), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    on: Mapped[date] = mapped_column(Date)
    recorded_status: Mapped[str] = mapped_column(String(32))
    a_number: Mapped[str | None] = mapped_column(String(12), nullable=True)
    nationality: Mapped[str] = mapped_column(String(2))
    data: Mapped[Any] = mapped_column(JsonText)


class IdentSearchRow(Base):
    """IDENT's search of one forwarded booking: the match, if any, and whether an IDR went back."""

    __tablename__ = "ident_searches"
    booking_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    searched_at: Mapped[datetime] = mapped_column(UtcDateTime)
    fin: Mapped[str | None] = mapped_column(String(16), nullable=True)
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
    idr_sent: Mapped[bool] = mapped_column(Boolean)


class LescResponseRow(Base):
    """LESC's handling of one IAQ: the determination and where the answers went."""

    __tablename__ = "lesc_responses"
    booking_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    fin: Mapped[str] = mapped_column(String(16))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime)
    determination: Mapped[Any] = mapped_column(JsonText)
    aor: Mapped[str] = mapped_column(String(3))
    idr_sent: Mapped[bool] = mapped_column(Boolean)


class CaseRow(Base):
    """An ERO field office case opened on an IAR."""

    __tablename__ = "cases"
    case_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    booking_id: Mapped[str] = mapped_column(String(64), unique=True)
    fips: Mapped[str] = mapped_column(String(5), index=True)
    aor: Mapped[str] = mapped_column(String(3), index=True)
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime)
    state: Mapped[str] = mapped_column(String(40))
    fin: Mapped[str] = mapped_column(String(16))
    determination: Mapped[Any] = mapped_column(JsonText)
    advice: Mapped[Any] = mapped_column(JsonText)
    iar: Mapped[Any] = mapped_column(JsonText)
    defer: Mapped[Any] = mapped_column(JsonText, nullable=True)
    protected: Mapped[bool] = mapped_column(Boolean, default=False)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class DecisionRow(Base):
    """An officer's decision: a recorded act with actor and reason (rules only advise)."""

    __tablename__ = "decisions"
    decision_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.case_id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    follows_advice: Mapped[bool] = mapped_column(Boolean)
    data: Mapped[Any] = mapped_column(JsonText)


class DetainerRow(Base):
    """A detainer from lodging to its end, as both the field office and the jail know it."""

    __tablename__ = "detainers"
    detainer_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    booking_id: Mapped[str] = mapped_column(String(64), index=True)
    case_id: Mapped[str] = mapped_column(String(64))
    fips: Mapped[str] = mapped_column(String(5), index=True)
    aor: Mapped[str] = mapped_column(String(3))
    form: Mapped[str] = mapped_column(String(12))
    state: Mapped[str] = mapped_column(String(24), index=True)
    issued_at: Mapped[datetime] = mapped_column(UtcDateTime)
    officer: Mapped[str] = mapped_column(String(64))
    boxes: Mapped[Any] = mapped_column(JsonText)
    requests_hold: Mapped[bool] = mapped_column(Boolean)
    operative_upon_conviction: Mapped[bool] = mapped_column(Boolean, default=False)
    notice_language: Mapped[str] = mapped_column(String(8))
    facility_tz: Mapped[str] = mapped_column(String(40))
    received_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    served_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    served_language: Mapped[str | None] = mapped_column(String(8), nullable=True)
    served_manner: Mapped[str | None] = mapped_column(String(24), nullable=True)
    verified_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    release_eligible_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    deadline_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    end_kind: Mapped[str | None] = mapped_column(String(32), nullable=True)
    lift_reason: Mapped[str | None] = mapped_column(String(48), nullable=True)


class CustodyRow(Base):
    """The jail's custody of a booked person: release-eligible moment, hold and how custody ended."""

    __tablename__ = "custody"
    booking_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    fips: Mapped[str] = mapped_column(String(5), index=True)
    state: Mapped[str] = mapped_column(String(24))
    release_eligible_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    release_reason: Mapped[str | None] = mapped_column(String(24), nullable=True)
    hold_detainer_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(24), nullable=True)


class ClaimRow(Base):
    """A US-citizenship or crime-victim claim and how it was handled."""

    __tablename__ = "claims"
    claim_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    booking_id: Mapped[str] = mapped_column(String(64), index=True)
    detainer_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    kind: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    finding: Mapped[str | None] = mapped_column(String(32), nullable=True)
    resolved_by: Mapped[str | None] = mapped_column(String(64), nullable=True)


class TruthPersonRow(Base):
    """Ground truth about a synthetic person: never read by an agency, only by status and evaluation."""

    __tablename__ = "truth_people"
    person_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    fips: Mapped[str] = mapped_column(String(5), index=True)
    true_status: Mapped[str] = mapped_column(String(32))
    is_citizen: Mapped[bool] = mapped_column(Boolean)
    print_seed: Mapped[int] = mapped_column(Integer)
    encounters: Mapped[int] = mapped_column(Integer, default=0)  # impressions used so far
    data: Mapped[Any] = mapped_column(JsonText)


class TruthSubjectRow(Base):
    """Whose identity a gallery subject is (an IDENT FIN or a seeded FBI number): ground truth."""

    __tablename__ = "truth_subjects"
    gallery: Mapped[str] = mapped_column(String(16), primary_key=True)
    subject_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("truth_people.person_id"), index=True)


class TruthBookingRow(Base):
    """Who was really booked: links a booking to its person (ground truth)."""

    __tablename__ = "truth_bookings"
    booking_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("truth_people.person_id"), index=True)
    impression: Mapped[int] = mapped_column(BigInteger)
    expected_fbi_person: Mapped[str | None] = mapped_column(String(32), nullable=True)
    fbi_truth_match: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
