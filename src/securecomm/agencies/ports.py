"""What the agencies need from the outside world, as protocols the adapters implement.

Agencies get these per transaction (`Unit`), so every read and write they make happens inside the
transaction that delivers the message; nothing here touches a database or a file directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Protocol

from securecomm.audit import AuditSink
from securecomm.messages.booking import BookingSubmitted, DeferRequest
from securecomm.messages.criminal_history import HistoryEvent
from securecomm.messages.detainer import DetainerLodged

if TYPE_CHECKING:  # consular work: securecomm.consular (the jail's consular-notification tasks)
    from securecomm.consular.ports import ConsularRecords

__all__ = [
    "Biometrics",
    "Candidate",
    "CaseRecord",
    "CitizenshipFinding",
    "CitizenshipRecords",
    "CustodyRecord",
    "DetainerRecord",
    "EncounterRecord",
    "JurisdictionInfo",
    "Protection",
    "Records",
    "SearchResult",
    "Unit",
]


@dataclass(frozen=True, slots=True)
class JurisdictionInfo:
    fips: str
    name: str
    state: str
    tz: str
    aor: str
    activated_on: date | None
    receives_idr: bool
    declines_detainers_on: date | None = None

    def activated(self, on: date) -> bool:
        return self.activated_on is not None and self.activated_on <= on

    def declines_detainers(self, on: date) -> bool:
        return self.declines_detainers_on is not None and self.declines_detainers_on <= on


@dataclass(frozen=True, slots=True)
class Candidate:
    subject_id: str
    score: float


@dataclass(frozen=True, slots=True)
class SearchResult:
    """A 1:N search: candidates best first, and the hit when the best reaches the decision threshold."""

    candidates: tuple[Candidate, ...]
    threshold: float

    @property
    def hit(self) -> Candidate | None:
        if self.candidates and self.candidates[0].score >= self.threshold:
            return self.candidates[0]
        return None


class Biometrics(Protocol):
    """Ten-print search and enrolment over the prints of a stored ANSI/NIST-ITL transaction."""

    def search(self, gallery: str, transaction_sha256: str) -> SearchResult: ...

    def enrol(
        self, gallery: str, subject_id: str, encounter_id: str, transaction_sha256: str, *, at: datetime
    ) -> None: ...


@dataclass(frozen=True, slots=True)
class CitizenshipFinding:
    is_citizen: bool
    basis: str  # e.g. "US birth record", "certificate of naturalization", "derived: parent naturalized"


class CitizenshipRecords(Protocol):
    """The authoritative citizenship records a verification consults (birth, naturalisation, derivation)."""

    def verify(self, booking_id: str) -> CitizenshipFinding: ...


@dataclass(frozen=True, slots=True)
class EncounterRecord:
    encounter_id: str
    fin: str
    kind: str
    on: date
    recorded_status: str
    a_number: str | None
    nationality: str
    data: dict[str, Any]


@dataclass(frozen=True, slots=True)
class CaseRecord:
    case_id: str
    booking_id: str
    fips: str
    aor: str
    opened_at: datetime
    state: str
    fin: str
    determination: dict[str, Any]
    advice: dict[str, Any]
    iar: dict[str, Any]
    defer: dict[str, Any] | None
    protected: bool


@dataclass(frozen=True, slots=True)
class DetainerRecord:
    detainer_id: str
    booking_id: str
    case_id: str
    fips: str
    aor: str
    form: str
    state: str
    requests_hold: bool
    notice_language: str
    facility_tz: str
    issued_at: datetime
    release_eligible_at: datetime | None
    deadline_at: datetime | None
    ended_at: datetime | None


@dataclass(frozen=True, slots=True)
class CustodyRecord:
    booking_id: str
    fips: str
    state: str
    release_eligible_at: datetime | None
    hold_detainer_id: str | None
    ended_at: datetime | None


class Records(Protocol):
    """The agencies' records. Each agency uses only the methods for its own records."""

    # shared reference data
    def jurisdiction(self, fips: str) -> JurisdictionInfo: ...

    # jail (booking station)
    def add_booking(self, booking: BookingSubmitted, *, defer: DeferRequest | None) -> bool: ...
    def booking_defer(self, booking_id: str) -> DeferRequest | None: ...
    def record_sre(self, booking_id: str, sre: dict[str, Any], *, fbi_number: str, at: datetime) -> None: ...
    def record_idr(self, booking_id: str, kind: str, idr: dict[str, Any], *, at: datetime) -> None: ...
    def booking(self, booking_id: str) -> BookingSubmitted: ...

    # FBI CJIS
    def create_identity(self, fbi_number: str, *, booking_id: str, at: datetime) -> None: ...
    def identity_history(self, fbi_number: str) -> tuple[HistoryEvent, ...]: ...
    def add_history(self, fbi_number: str, source_id: str, events: Sequence[HistoryEvent]) -> None: ...
    def fbi_number_of(self, booking_id: str) -> str | None: ...

    # DHS IDENT
    def encounters(self, fin: str) -> tuple[EncounterRecord, ...]: ...
    def record_ident_search(
        self, booking_id: str, *, at: datetime, fin: str | None, score: float | None, idr_sent: bool
    ) -> None: ...

    # ICE LESC
    def record_lesc_response(
        self,
        booking_id: str,
        *,
        fin: str,
        at: datetime,
        determination: dict[str, Any],
        aor: str,
        idr_sent: bool,
    ) -> None: ...

    # ICE field office
    def open_case(self, record: CaseRecord) -> bool: ...
    def case_for_booking(self, booking_id: str) -> CaseRecord | None: ...
    def update_case(self, case_id: str, **changes: Any) -> None: ...
    def record_decision(
        self,
        case_id: str,
        *,
        decision_id: str,
        kind: str,
        actor: str,
        reason: str,
        at: datetime,
        follows_advice: bool,
        data: dict[str, Any],
    ) -> None: ...
    def add_detainer(self, lodged: DetainerLodged, *, case_id: str, fips: str, facility_tz: str) -> None: ...
    def detainer(self, detainer_id: str) -> DetainerRecord | None: ...
    def active_detainer_for_booking(self, booking_id: str) -> DetainerRecord | None: ...
    def update_detainer(self, detainer_id: str, **changes: Any) -> None: ...
    def detainer_verified(self, detainer_id: str) -> bool: ...
    def add_claim(
        self,
        claim_id: str,
        *,
        booking_id: str,
        detainer_id: str | None,
        kind: str,
        channel: str,
        at: datetime,
    ) -> bool: ...
    def resolve_claim(self, claim_id: str, *, finding: str, by: str, at: datetime) -> None: ...

    # jail custody
    def add_custody(self, booking_id: str, *, fips: str) -> None: ...
    def custody(self, booking_id: str) -> CustodyRecord: ...
    def update_custody(self, booking_id: str, **changes: Any) -> None: ...


class Protection(Protocol):
    """Protected persons linked to a case (victims, witnesses, complainants): removal needs a supervisor's
    recorded override first (17 June 2011 victims/witnesses memo; the complaint system's protection links)."""

    def requires_override(self, case_id: str) -> bool: ...

    def record_override(self, case_id: str, *, supervisor: str, reason: str, at: datetime) -> None: ...


@dataclass(frozen=True, slots=True)
class Unit:
    """The ports of one transaction."""

    records: Records
    audit: AuditSink
    biometrics: Biometrics
    citizenship: CitizenshipRecords
    consular: ConsularRecords  # the consular-notification tasks (opened at booking, same transaction)
    protection: Protection
