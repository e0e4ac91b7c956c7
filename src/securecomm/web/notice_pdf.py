"""The detainer copy a jail hands the person, as PDF, built from the records (`securecomm.notices`).

The same inputs as `securecomm notices detainer` builds: the person as the jail booked them, the booking
facility, the field office that issued the detainer, the boxes the officer marked and, once the hold
began, its deadline. The language is the one asked for, by default the person's; a language without a
translation is refused, naming those that exist (`notices.UnknownLanguage`), never replaced by another.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from securecomm.errors import BadInput
from securecomm.messages.booking import Subject
from securecomm.messages.codec import decode
from securecomm.notices import (
    DetainerNotice,
    Facility,
    Person,
    Translation,
    available_languages,
    parse_language,
    render_detainer_notice,
    translation,
)
from securecomm.rules import parse_form
from securecomm.storage.agency_tables import BookingRow, DetainerRow
from securecomm.storage.tables import JurisdictionRow
from securecomm.synth.errors import UnknownJurisdiction
from securecomm.synth.field_offices import OFFICE_CODES_BY_NAME
from securecomm.synth.jurisdictions import find_jurisdiction

__all__ = ["NoticeLanguage", "detainer_notice", "notice_languages", "person_language", "render_notice"]


@dataclass(frozen=True, slots=True)
class NoticeLanguage:
    code: str
    name: str  # in the language itself
    english_name: str


def notice_languages() -> tuple[NoticeLanguage, ...]:
    """The languages the detainer copy exists in, English first."""
    found: list[Translation] = [translation(code) for code in available_languages()]
    found.sort(key=lambda t: (t.code != "en", t.english_name))
    return tuple(NoticeLanguage(t.code, t.name, t.english_name) for t in found)


def person_language(booking: BookingRow | None) -> str:
    """The language the person reads best, as booked, when a notice exists in it; else English."""
    subject = booking.subject if booking is not None and isinstance(booking.subject, dict) else {}
    code = str(subject.get("language") or "").lower()
    return code if code in available_languages() else "en"


def _field_office(aor: str) -> str:
    names = [name for name, code in OFFICE_CODES_BY_NAME.items() if code.value == aor]
    return f"ICE ERO {names[0].title()} Field Office ({aor})" if names else f"ICE ERO field office {aor}"


def _facility(session: Session, row: DetainerRow) -> Facility:
    county = session.get(JurisdictionRow, row.fips)
    if county is None:
        raise BadInput(f"no jurisdiction {row.fips!r}", where=f"detainers[{row.detainer_id}].fips")
    try:
        agency = find_jurisdiction(row.fips).agency_name
    except UnknownJurisdiction:
        agency = None
    name = agency or f"{county.name} booking facility ({county.ori})"
    return Facility(name=name, tz=row.facility_tz, location=f"{county.name}, {county.state}")


def detainer_notice(session: Session, row: DetainerRow, *, language: str) -> DetainerNotice:
    """The notice's inputs for detainer `row` in `language` (an ISO 639-1 code)."""
    code = parse_language(language, where="lang").code
    booking = session.get(BookingRow, row.booking_id)
    if booking is None:
        raise BadInput(f"no booking {row.booking_id!r}", where=f"detainers[{row.detainer_id}].booking_id")
    subject = decode(Subject, booking.subject, path=f"bookings[{booking.booking_id}].subject")
    person = Person(
        name=subject.name,
        date_of_birth=subject.date_of_birth,
        nationality=subject.nationality,
        sex=subject.sex,
        place_of_birth=subject.place_of_birth,
    )
    return DetainerNotice(
        form=parse_form(row.form, where=f"detainers[{row.detainer_id}].form"),
        detainer_id=row.detainer_id,
        person=person,
        facility=_facility(session, row),
        field_office=_field_office(row.aor),
        issued_at=row.issued_at,
        requests_hold=row.requests_hold,
        language=code,
        boxes=tuple(str(box) for box in (row.boxes or ())),
        hold_deadline_at=row.deadline_at if row.requests_hold else None,
        operative_upon_conviction=row.operative_upon_conviction,
    )


def render_notice(notice: DetainerNotice) -> bytes:
    """The PDF (WeasyPrint); a second or two per notice."""
    return render_detainer_notice(notice)
