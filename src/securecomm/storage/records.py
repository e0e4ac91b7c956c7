"""The agencies' `Records` port on SQLAlchemy: every method runs inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from securecomm.agencies.ports import (
    CaseRecord,
    CustodyRecord,
    DetainerRecord,
    EncounterRecord,
    JurisdictionInfo,
)
from securecomm.messages import decode, encode
from securecomm.messages.booking import BookingSubmitted, DeferRequest
from securecomm.messages.criminal_history import HistoryEvent, HistoryEventKind
from securecomm.messages.detainer import DetainerLodged
from securecomm.rules import OffenseClass
from securecomm.storage.agency_tables import (
    BookingRow,
    CaseRow,
    ClaimRow,
    CriminalEventRow,
    CriminalIdentityRow,
    CustodyRow,
    DecisionRow,
    DetainerRow,
    IdentEncounterRow,
    IdentSearchRow,
    LescResponseRow,
)
from securecomm.storage.tables import JurisdictionRow

__all__ = ["SqlRecords", "jurisdiction_info"]

_ACTIVE_DETAINER_STATES = ("lodged", "received", "served", "holding")


def jurisdiction_info(row: JurisdictionRow) -> JurisdictionInfo:
    return JurisdictionInfo(
        fips=row.fips,
        name=row.name,
        state=row.state,
        tz=row.tz,
        aor=row.aor,
        activated_on=row.activated_on,
        receives_idr=row.receives_idr,
        declines_detainers_on=row.declines_detainers_on,
    )


def _require(row: Any, what: str, key: str) -> Any:
    if row is None:
        raise LookupError(f"no {what} {key!r}")
    return row


def _set(row: Any, changes: dict[str, Any]) -> None:
    for name, value in changes.items():
        if not hasattr(type(row), name):
            raise AttributeError(f"{type(row).__name__} has no column {name!r}")
        setattr(row, name, value)


class SqlRecords:
    def __init__(self, session: Session) -> None:
        self.session = session

    # shared reference data ------------------------------------------------------------------------------------
    def jurisdiction(self, fips: str) -> JurisdictionInfo:
        return jurisdiction_info(_require(self.session.get(JurisdictionRow, fips), "jurisdiction", fips))

    # jail ---------------------------------------------------------------------------------------------------
    def add_booking(self, booking: BookingSubmitted, *, defer: DeferRequest | None) -> bool:
        if self.session.get(BookingRow, booking.booking_id) is not None:
            return False
        self.session.add(
            BookingRow(
                booking_id=booking.booking_id,
                fips=booking.fips,
                ori=booking.ori,
                tcn=booking.tcn,
                booked_at=booking.booked_at,
                facility_tz=booking.facility_tz,
                subject=encode(booking.subject),
                charges=encode(booking.charges),
                indicators=encode(booking.indicators),
                transaction_sha256=booking.transaction_sha256,
                defer_request=None if defer is None else encode(defer),
            )
        )
        self.session.flush()
        return True

    def booking(self, booking_id: str) -> BookingSubmitted:
        row: BookingRow = _require(self.session.get(BookingRow, booking_id), "booking", booking_id)
        return decode(
            BookingSubmitted,
            {
                "booking_id": row.booking_id,
                "tcn": row.tcn,
                "fips": row.fips,
                "ori": row.ori,
                "facility_tz": row.facility_tz,
                "booked_at": encode(row.booked_at),
                "subject": row.subject,
                "charges": row.charges,
                "transaction_sha256": row.transaction_sha256,
                "indicators": row.indicators,
            },
        )

    def booking_defer(self, booking_id: str) -> DeferRequest | None:
        row: BookingRow = _require(self.session.get(BookingRow, booking_id), "booking", booking_id)
        return None if row.defer_request is None else decode(DeferRequest, row.defer_request)

    def record_sre(self, booking_id: str, sre: dict[str, Any], *, fbi_number: str, at: datetime) -> None:
        row: BookingRow = _require(self.session.get(BookingRow, booking_id), "booking", booking_id)
        row.sre, row.sre_at, row.fbi_number = sre, at, fbi_number

    def record_idr(self, booking_id: str, kind: str, idr: dict[str, Any], *, at: datetime) -> None:
        row: BookingRow = _require(self.session.get(BookingRow, booking_id), "booking", booking_id)
        row.idr_kind, row.idr, row.idr_at = kind, idr, at

    # FBI ------------------------------------------------------------------------------------------------------
    def create_identity(self, fbi_number: str, *, booking_id: str, at: datetime) -> None:
        if self.session.get(CriminalIdentityRow, fbi_number) is None:
            self.session.add(
                CriminalIdentityRow(fbi_number=fbi_number, created_at=at, first_booking_id=booking_id)
            )
            self.session.flush()

    def identity_history(self, fbi_number: str) -> tuple[HistoryEvent, ...]:
        rows = self.session.scalars(
            select(CriminalEventRow)
            .where(CriminalEventRow.fbi_number == fbi_number)
            .order_by(CriminalEventRow.on, CriminalEventRow.id)
        )
        return tuple(
            HistoryEvent(
                kind=HistoryEventKind(r.kind),
                on=r.on,
                ncic=r.ncic,
                offense_class=None if r.offense_class is None else OffenseClass(r.offense_class),
                fips=r.fips,
                traffic=r.traffic,
                sentence_days=r.sentence_days,
                aggravated_felony=r.aggravated_felony,
            )
            for r in rows
        )

    def add_history(self, fbi_number: str, source_id: str, events: Sequence[HistoryEvent]) -> None:
        for event in events:
            self.session.add(
                CriminalEventRow(
                    fbi_number=fbi_number,
                    source_id=source_id,
                    kind=event.kind.value,
                    on=event.on,
                    ncic=event.ncic,
                    offense_class=None if event.offense_class is None else event.offense_class.value,
                    fips=event.fips,
                    traffic=event.traffic,
                    sentence_days=event.sentence_days,
                    aggravated_felony=event.aggravated_felony,
                )
            )
        self.session.flush()

    def fbi_number_of(self, booking_id: str) -> str | None:
        return self.session.scalar(
            select(CriminalEventRow.fbi_number).where(CriminalEventRow.source_id == booking_id).limit(1)
        )

    # IDENT ----------------------------------------------------------------------------------------------------
    def encounters(self, fin: str) -> tuple[EncounterRecord, ...]:
        rows = self.session.scalars(
            select(IdentEncounterRow).where(IdentEncounterRow.fin == fin).order_by(IdentEncounterRow.on)
        )
        return tuple(
            EncounterRecord(
                r.encounter_id, r.fin, r.kind, r.on, r.recorded_status, r.a_number, r.nationality, r.data
            )
            for r in rows
        )

    def record_ident_search(
        self, booking_id: str, *, at: datetime, fin: str | None, score: float | None, idr_sent: bool
    ) -> None:
        self.session.add(
            IdentSearchRow(booking_id=booking_id, searched_at=at, fin=fin, score=score, idr_sent=idr_sent)
        )

    # LESC -----------------------------------------------------------------------------------------------------
    def record_lesc_response(
        self,
        booking_id: str,
        *,
        fin: str,
        at: datetime,
        determination: dict[str, Any],
        aor: str,
        idr_sent: bool,
    ) -> None:
        self.session.add(
            LescResponseRow(
                booking_id=booking_id,
                fin=fin,
                received_at=at,
                determination=determination,
                aor=aor,
                idr_sent=idr_sent,
            )
        )

    # field office -------------------------------------------------------------------------------------------
    def open_case(self, record: CaseRecord) -> bool:
        if self.session.scalar(select(CaseRow.case_id).where(CaseRow.booking_id == record.booking_id)):
            return False
        self.session.add(
            CaseRow(
                case_id=record.case_id,
                booking_id=record.booking_id,
                fips=record.fips,
                aor=record.aor,
                opened_at=record.opened_at,
                state=record.state,
                fin=record.fin,
                determination=record.determination,
                advice=record.advice,
                iar=record.iar,
                defer=record.defer,
                protected=record.protected,
            )
        )
        self.session.flush()
        return True

    def case_for_booking(self, booking_id: str) -> CaseRecord | None:
        row = self.session.scalar(select(CaseRow).where(CaseRow.booking_id == booking_id))
        if row is None:
            return None
        return CaseRecord(
            case_id=row.case_id,
            booking_id=row.booking_id,
            fips=row.fips,
            aor=row.aor,
            opened_at=row.opened_at,
            state=row.state,
            fin=row.fin,
            determination=row.determination,
            advice=row.advice,
            iar=row.iar,
            defer=row.defer,
            protected=row.protected,
        )

    def update_case(self, case_id: str, **changes: Any) -> None:
        _set(_require(self.session.get(CaseRow, case_id), "case", case_id), changes)

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
    ) -> None:
        if not reason.strip():
            raise ValueError(f"case {case_id}: a decision needs a reason")
        self.session.add(
            DecisionRow(
                decision_id=decision_id,
                case_id=case_id,
                kind=kind,
                actor=actor,
                reason=reason,
                at=at,
                follows_advice=follows_advice,
                data=data,
            )
        )

    def add_detainer(self, lodged: DetainerLodged, *, case_id: str, fips: str, facility_tz: str) -> None:
        self.session.add(
            DetainerRow(
                detainer_id=lodged.detainer_id,
                booking_id=lodged.booking_id,
                case_id=case_id,
                fips=fips,
                aor=lodged.aor,
                form=lodged.form,
                state="lodged",
                issued_at=lodged.issued_at,
                officer=lodged.officer,
                boxes=list(lodged.boxes),
                requests_hold=lodged.requests_hold,
                operative_upon_conviction=lodged.operative_upon_conviction,
                notice_language=lodged.notice_language,
                facility_tz=facility_tz,
            )
        )
        self.session.flush()

    @staticmethod
    def _detainer(row: DetainerRow) -> DetainerRecord:
        return DetainerRecord(
            detainer_id=row.detainer_id,
            booking_id=row.booking_id,
            case_id=row.case_id,
            fips=row.fips,
            aor=row.aor,
            form=row.form,
            state=row.state,
            requests_hold=row.requests_hold,
            notice_language=row.notice_language,
            facility_tz=row.facility_tz,
            issued_at=row.issued_at,
            release_eligible_at=row.release_eligible_at,
            deadline_at=row.deadline_at,
            ended_at=row.ended_at,
        )

    def detainer(self, detainer_id: str) -> DetainerRecord | None:
        row = self.session.get(DetainerRow, detainer_id)
        return None if row is None else self._detainer(row)

    def active_detainer_for_booking(self, booking_id: str) -> DetainerRecord | None:
        row = self.session.scalar(
            select(DetainerRow)
            .where(DetainerRow.booking_id == booking_id, DetainerRow.ended_at.is_(None))
            .where(DetainerRow.state.in_(_ACTIVE_DETAINER_STATES))
            .order_by(DetainerRow.issued_at.desc())
        )
        return None if row is None else self._detainer(row)

    def update_detainer(self, detainer_id: str, **changes: Any) -> None:
        _set(_require(self.session.get(DetainerRow, detainer_id), "detainer", detainer_id), changes)

    def detainer_verified(self, detainer_id: str) -> bool:
        row: DetainerRow = _require(self.session.get(DetainerRow, detainer_id), "detainer", detainer_id)
        return row.verified_at is not None

    def add_claim(
        self,
        claim_id: str,
        *,
        booking_id: str,
        detainer_id: str | None,
        kind: str,
        channel: str,
        at: datetime,
    ) -> bool:
        if self.session.get(ClaimRow, claim_id) is not None:
            return False
        self.session.add(
            ClaimRow(
                claim_id=claim_id,
                booking_id=booking_id,
                detainer_id=detainer_id,
                kind=kind,
                channel=channel,
                at=at,
            )
        )
        self.session.flush()
        return True

    def resolve_claim(self, claim_id: str, *, finding: str, by: str, at: datetime) -> None:
        row: ClaimRow = _require(self.session.get(ClaimRow, claim_id), "claim", claim_id)
        row.finding, row.resolved_by, row.resolved_at = finding, by, at

    # jail custody ---------------------------------------------------------------------------------------------
    def add_custody(self, booking_id: str, *, fips: str) -> None:
        self.session.add(CustodyRow(booking_id=booking_id, fips=fips, state="in_custody"))

    def custody(self, booking_id: str) -> CustodyRecord:
        row: CustodyRow = _require(self.session.get(CustodyRow, booking_id), "custody record", booking_id)
        return CustodyRecord(
            booking_id=row.booking_id,
            fips=row.fips,
            state=row.state,
            release_eligible_at=row.release_eligible_at,
            hold_detainer_id=row.hold_detainer_id,
            ended_at=row.ended_at,
        )

    def update_custody(self, booking_id: str, **changes: Any) -> None:
        _set(_require(self.session.get(CustodyRow, booking_id), "custody record", booking_id), changes)
