"""Rows to output schemas: the one place that decides which stored fields a view shows.

The JSON columns are written by the booking flow; reading them here is deliberately lenient (a missing
key shows as empty) so a page never fails on a record the flow wrote with fewer details.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from securecomm.storage.agency_tables import BookingRow, CaseRow, DetainerRow, LescResponseRow
from securecomm.storage.tables import JurisdictionRow
from securecomm.web.rendering import format_local
from securecomm.web.schemas import (
    AdviceOut,
    BookingOut,
    ChargeOut,
    DetainerOut,
    IaqResponseOut,
    IdrOut,
    JurisdictionOut,
    ReferenceOut,
    SreOut,
    SubjectOut,
)

__all__ = ["advice_out", "booking_out", "case_status", "detainer_out", "iaq_out", "jurisdiction_out"]


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def jurisdiction_out(row: JurisdictionRow) -> JurisdictionOut:
    return JurisdictionOut(
        fips=row.fips,
        name=row.name,
        state=row.state,
        tz=row.tz,
        aor=row.aor,
        ori=row.ori,
        activated_on=row.activated_on,
        receives_idr=row.receives_idr,
        has_287g=row.has_287g,
    )


def _subject(value: Any) -> SubjectOut:
    data = _mapping(value)
    return SubjectOut(
        name=_text(data.get("name")),
        date_of_birth=_text(data.get("date_of_birth")),
        sex=_text(data.get("sex")),
        nationality=_text(data.get("nationality")),
        language=_text(data.get("language")),
        claims_us_citizenship=_bool(data.get("claims_us_citizenship")),
    )


def _charges(value: Any) -> list[ChargeOut]:
    if not isinstance(value, list):
        return []
    return [
        ChargeOut(ncic=str(_mapping(c).get("ncic", "")), description=str(_mapping(c).get("description", "")))
        for c in value
    ]


def _sre(row: BookingRow) -> SreOut | None:
    if row.sre is None and row.sre_at is None:
        return None
    data = _mapping(row.sre)
    history = data.get("history")
    return SreOut(
        received_at=row.sre_at,
        fbi_number=_text(data.get("fbi_number")) or row.fbi_number,
        new_identity=_bool(data.get("new_identity")),
        prior_events=len(history) if isinstance(history, list) else 0,
    )


def _idr(row: BookingRow) -> IdrOut | None:
    if row.idr_kind is None:
        return None
    data = _mapping(row.idr)
    return IdrOut(
        kind=row.idr_kind,
        received_at=row.idr_at,
        status=_text(data.get("status")),
        removable=_bool(data.get("removable")),
        summary=_text(data.get("summary")),
    )


def booking_out(row: BookingRow, *, receives_idr: bool) -> BookingOut:
    """A booking as its jail sees it; the IDR/IAR is shown only where the jurisdiction receives them."""
    return BookingOut(
        booking_id=row.booking_id,
        fips=row.fips,
        ori=row.ori,
        booked_at=row.booked_at,
        facility_tz=row.facility_tz,
        subject=_subject(row.subject),
        charges=_charges(row.charges),
        sre=_sre(row),
        receives_idr=receives_idr,
        idr=_idr(row) if receives_idr else None,
    )


def detainer_out(row: DetainerRow, *, now: datetime, subject: Any = None) -> DetainerOut:
    """A detainer with its countdown at `now`; `subject` is the booking's person (the jail's own record)."""
    left = None if row.deadline_at is None else (row.deadline_at - now).total_seconds()
    return DetainerOut(
        detainer_id=row.detainer_id,
        booking_id=row.booking_id,
        subject_name=_text(_mapping(subject).get("name")),
        fips=row.fips,
        aor=row.aor,
        form=row.form,
        state=row.state,
        issued_at=row.issued_at,
        requests_hold=row.requests_hold,
        notice_language=row.notice_language,
        facility_tz=row.facility_tz,
        served_at=row.served_at,
        served_language=row.served_language,
        verified_at=row.verified_at,
        release_eligible_at=row.release_eligible_at,
        deadline_at=row.deadline_at,
        deadline_local=format_local(row.deadline_at, row.facility_tz) if row.deadline_at else None,
        seconds_left=left if row.ended_at is None else None,
        ended_at=row.ended_at,
        end_kind=row.end_kind,
        lift_reason=row.lift_reason,
    )


def _reference(value: Any) -> ReferenceOut | None:
    if isinstance(value, str) and value.strip():
        return ReferenceOut(title=value)
    data = _mapping(value)
    if not data.get("title"):
        return None
    return ReferenceOut(title=str(data["title"]), href=_text(data.get("href")), kind=_text(data.get("kind")))


def _reason(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    text = _mapping(value).get("text")
    return None if text is None else str(text)


def _collect(
    data: Any, into_reasons: list[str], into_refs: list[ReferenceOut], summary: dict[str, str], prefix: str
) -> None:
    """Walk an advice value: scalars become summary lines, `reasons`/`references` lists are gathered."""
    for key, value in _mapping(data).items():
        name = f"{prefix}{key}"
        if key == "reasons" and isinstance(value, list):
            into_reasons.extend(r for r in map(_reason, value) if r)
        elif key == "references" and isinstance(value, list):
            into_refs.extend(r for r in map(_reference, value) if r is not None)
        elif isinstance(value, Mapping):
            _collect(value, into_reasons, into_refs, summary, f"{name}.")
        elif isinstance(value, str | int | float | bool) or value is None:
            summary[name] = "—" if value is None else str(value)


def advice_out(value: Any) -> AdviceOut:
    """The field office's advisory determinations with their reasons and the sources they cite."""
    reasons: list[str] = []
    references: list[ReferenceOut] = []
    summary: dict[str, str] = {}
    _collect(value, reasons, references, summary, "")
    unique = list({(r.title, r.href): r for r in references}.values())
    return AdviceOut(summary=summary, reasons=reasons, references=unique)


def case_status(row: CaseRow) -> str | None:
    return _text(_mapping(row.determination).get("status"))


def iaq_out(row: LescResponseRow, *, fips: str | None) -> IaqResponseOut:
    data = _mapping(row.determination)
    reasons = data.get("reasons")
    return IaqResponseOut(
        booking_id=row.booking_id,
        fips=fips,
        fin=row.fin,
        received_at=row.received_at,
        aor=row.aor,
        idr_sent=row.idr_sent,
        status=_text(data.get("status")),
        removable=_bool(data.get("removable")),
        reasons=[r for r in map(_reason, reasons) if r] if isinstance(reasons, list) else [],
    )
