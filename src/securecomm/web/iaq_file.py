"""An IAQ as LESC reviews it: the IDENT hit and its evidence, the matched encounters, the status
determination with its reasons, and the IAR (and IDR/IAR) exactly as LESC sent them.

"As sent" is the outbox: the envelope LESC emitted, stored in the transaction that made the determination
and kept after delivery. LESC reads its own records and messages and IDENT's record of the search; never
the field office's case.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from securecomm.messages import Address, MessageKind
from securecomm.storage.agency_tables import BookingRow, IdentEncounterRow, IdentSearchRow, LescResponseRow
from securecomm.storage.tables import OutboxRow
from securecomm.web.file_schemas import EncounterOut, EvidenceOut, IaqFileOut, SentMessageOut
from securecomm.web.match_evidence import FingerEvidence
from securecomm.web.schemas import SubjectOut
from securecomm.web.shaping import iaq_out

__all__ = ["evidence_path", "iaq_file"]

_SENT_KINDS = (MessageKind.IAR.value, MessageKind.IDR_IAR.value)


def evidence_path(booking_id: str) -> str:
    return f"/lesc/iaq/{booking_id}/evidence.png"


def _payload(body: Any) -> dict[str, Any]:
    payload = body.get("payload") if isinstance(body, Mapping) else None
    return dict(payload) if isinstance(payload, Mapping) else {}


def _person(sent: list[SentMessageOut]) -> SubjectOut | None:
    for message in sent:
        search = (
            message.payload.get("iaq", {}).get("search", {}) if message.kind == MessageKind.IAR.value else {}
        )
        subject = search.get("subject") if isinstance(search, Mapping) else None
        if isinstance(subject, Mapping):
            return SubjectOut(
                name=str(subject.get("name") or "") or None,
                date_of_birth=str(subject.get("date_of_birth") or "") or None,
                sex=str(subject.get("sex") or "") or None,
                nationality=str(subject.get("nationality") or "") or None,
                language=str(subject.get("language") or "") or None,
            )
    return None


def iaq_file(
    session: Session, response: LescResponseRow, *, fips: str | None, evidence: FingerEvidence | None
) -> IaqFileOut:
    """Everything the IAQ page and `GET /api/lesc/iaq/{booking_id}` show (inside the caller's transaction);
    `evidence` is the match evidence, computed outside it (`match_evidence.EvidenceSource`)."""
    booking_id = response.booking_id
    search = session.get(IdentSearchRow, booking_id)
    booking = session.get(BookingRow, booking_id)
    encounters = session.scalars(
        select(IdentEncounterRow).where(IdentEncounterRow.fin == response.fin).order_by(IdentEncounterRow.on)
    ).all()
    rows = session.scalars(
        select(OutboxRow)
        .where(OutboxRow.correlation_id == booking_id, OutboxRow.sender == Address.LESC.value)
        .where(OutboxRow.kind.in_(_SENT_KINDS))
        .order_by(OutboxRow.seq)
    ).all()
    sent = [
        SentMessageOut(
            kind=r.kind,
            recipient=r.recipient,
            sent_at=r.sent_at,
            deliver_at=r.deliver_at,
            delivered_at=r.delivered_at,
            payload=_payload(r.body),
        )
        for r in rows
    ]
    found = evidence
    return IaqFileOut(
        response=iaq_out(response, fips=fips),
        booked_at=None if booking is None else booking.booked_at,
        person=_person(sent),
        searched_at=None if search is None else search.searched_at,
        search_score=None if search is None else search.score,
        encounters=[
            EncounterOut(
                encounter_id=e.encounter_id,
                kind=e.kind,
                on=e.on if isinstance(e.on, date) else date.fromisoformat(str(e.on)),
                recorded_status=e.recorded_status,
                a_number=e.a_number,
                nationality=e.nationality,
            )
            for e in encounters
        ],
        evidence=None
        if found is None
        else EvidenceOut(
            finger=found.finger,
            finger_name=found.finger_name,
            encounter_id=found.encounter_id,
            score=round(found.score, 4),
            paired_minutiae=found.paired_minutiae,
            false_match_rate=found.false_match_rate,
            fingers_compared=found.fingers_compared,
            picture=evidence_path(booking_id),
        ),
        sent=sent,
    )
