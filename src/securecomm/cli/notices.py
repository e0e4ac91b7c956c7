"""`securecomm notices ...`: print the documents people are handed, as PDF, from the database.

The commands read the records the booking flow wrote (detainers, bookings, jurisdictions) with SQLAlchemy,
build the typed inputs of `securecomm.notices`, and write one PDF. A record that does not exist, a
language without a translation, or a record that contradicts itself exits with status 2 and one line.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from securecomm.cli._common import emit, json_option
from securecomm.errors import BadInput

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from securecomm.notices import Facility, Person
    from securecomm.storage.agency_tables import BookingRow

__all__ = ["group"]


@click.group(name="notices")
def group() -> None:
    """Documents people are handed: detainer copies and consular notification, as PDF."""


def _out_path(out: Path) -> Path:
    if out.exists() and out.is_dir():
        raise BadInput("is a directory; give a file name such as notice.pdf", where="--out")
    if not out.parent.is_dir():
        raise BadInput(f"the folder {out.parent} does not exist", where="--out")
    return out


def _aware(text: str | None, option: str) -> datetime | None:
    if text is None:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise BadInput(f"{text!r} is not a date-time (use 2012-05-01T09:30-05:00)", where=option) from None
    if value.tzinfo is None:
        raise BadInput(f"{text!r} has no UTC offset (use 2012-05-01T09:30-05:00)", where=option)
    return value


def _booking(session: Session, booking_id: str, *, where: str) -> BookingRow:
    from securecomm.storage.agency_tables import BookingRow

    row = session.get(BookingRow, booking_id)
    if row is None:
        raise BadInput(f"no booking {booking_id!r} in the database", where=where)
    return row


def _person(booking: BookingRow, *, passport: str | None = None) -> Person:
    from securecomm.messages.booking import Subject
    from securecomm.messages.codec import decode
    from securecomm.notices import Person

    subject = decode(Subject, booking.subject)
    return Person(
        name=subject.name,
        date_of_birth=subject.date_of_birth,
        nationality=subject.nationality,
        sex=subject.sex,
        place_of_birth=subject.place_of_birth,
        passport_number=passport,
    )


def _facility(session: Session, fips: str, tz: str, *, with_point: bool) -> Facility:
    """The booking facility: the county's booking agency by name, located at the county's centroid."""
    from securecomm.notices import Facility, county_centroid
    from securecomm.storage.tables import JurisdictionRow
    from securecomm.synth.errors import UnknownJurisdiction
    from securecomm.synth.jurisdictions import find_jurisdiction

    row = session.get(JurisdictionRow, fips)
    if row is None:
        raise BadInput(f"no jurisdiction {fips!r} in the database", where="bookings.fips")
    try:
        agency = find_jurisdiction(fips).agency_name
    except UnknownJurisdiction:
        agency = None
    name = agency or f"{row.name} booking facility ({row.ori})"
    point = county_centroid(fips) if with_point else None
    return Facility(
        name=name,
        tz=tz,
        location=f"{row.name}, {row.state}",
        latitude=None if point is None else point.latitude,
        longitude=None if point is None else point.longitude,
    )


def _field_office(aor: str) -> str:
    from securecomm.synth.field_offices import OFFICE_CODES_BY_NAME

    names = [name for name, code in OFFICE_CODES_BY_NAME.items() if code.value == aor]
    return f"ICE ERO {names[0].title()} Field Office ({aor})" if names else f"ICE ERO field office {aor}"


def _write(out: Path, pdf: bytes, payload: dict[str, Any], as_json: bool) -> None:
    out.write_bytes(pdf)
    payload = {**payload, "out": out, "bytes": len(pdf)}
    emit(
        payload,
        as_json=as_json,
        human=lambda p: f"wrote {p['out']} ({p['bytes']} bytes, language {p['language']})",
    )


@group.command("detainer")
@click.option("--db", "db_url", required=True, help="Database URL, e.g. sqlite:///var/securecomm.db.")
@click.option("--detainer", "detainer_id", required=True, help="The detainer's id.")
@click.option("--lang", default=None, help="ISO 639-1 code; default: the language recorded on the detainer.")
@click.option("--out", required=True, type=click.Path(path_type=Path), help="PDF file to write.")
@json_option
def detainer(db_url: str, detainer_id: str, lang: str | None, out: Path, as_json: bool) -> None:
    """The detainer copy with the Notice to the Detainee in the person's language (then in English)."""
    from securecomm.notices import DetainerNotice, parse_language, render_detainer_notice
    from securecomm.rules import parse_form
    from securecomm.storage.agency_tables import DetainerRow
    from securecomm.storage.db import open_database

    if lang is not None:
        parse_language(lang, where="--lang")
    target = _out_path(out)
    database = open_database(db_url)
    try:
        with database.transaction() as session:
            row = session.get(DetainerRow, detainer_id)
            if row is None:
                raise BadInput(f"no detainer {detainer_id!r} in the database", where="--detainer")
            language = parse_language(
                lang or row.notice_language,
                where="--lang" if lang else f"detainers[{detainer_id}].notice_language",
            )
            booking = _booking(session, row.booking_id, where=f"detainers[{detainer_id}].booking_id")
            notice = DetainerNotice(
                form=parse_form(row.form, where=f"detainers[{detainer_id}].form"),
                detainer_id=row.detainer_id,
                person=_person(booking),
                facility=_facility(session, row.fips, row.facility_tz, with_point=False),
                field_office=_field_office(row.aor),
                issued_at=row.issued_at,
                requests_hold=row.requests_hold,
                language=language.code,
                boxes=tuple(str(box) for box in (row.boxes or ())),
                hold_deadline_at=row.deadline_at if row.requests_hold else None,
                operative_upon_conviction=row.operative_upon_conviction,
            )
    finally:
        database.dispose()
    payload = {"detainer_id": notice.detainer_id, "form": notice.form.value, "language": language.code}
    _write(target, render_detainer_notice(notice), payload, as_json)


@group.command("consular")
@click.option("--db", "db_url", required=True, help="Database URL, e.g. sqlite:///var/securecomm.db.")
@click.option("--booking", "booking_id", required=True, help="The booking's id.")
@click.option("--lang", default=None, help="ISO 639-1 code; default: the language recorded at booking.")
@click.option("--out", required=True, type=click.Path(path_type=Path), help="PDF file to write.")
@click.option("--lpr", is_flag=True, help="The person is a lawful permanent resident (Poland: on request).")
@click.option(
    "--passport", default=None, help="Country of the passport, if it differs (TW: TECRO on request)."
)
@click.option("--passport-number", default=None, help="Passport number for the fax sheet.")
@click.option(
    "--answer", type=click.Choice(["requested", "declined"]), default=None, help="The person's answer."
)
@click.option("--told-at", default=None, help="When the person was told (ISO 8601 with offset).")
@click.option("--told-by", default=None, help="Who told the person.")
@click.option("--contact", default=None, help="Name and telephone the consulate should call back.")
@json_option
def consular(
    db_url: str,
    booking_id: str,
    lang: str | None,
    out: Path,
    lpr: bool,
    passport: str | None,
    passport_number: str | None,
    answer: str | None,
    told_at: str | None,
    told_by: str | None,
    contact: str | None,
    as_json: bool,
) -> None:
    """The consular notification statement in the person's language, and the fax sheet when one is due."""
    from securecomm.notices import (
        ConsularAnswer,
        ConsularNotice,
        StatementKind,
        fax_permitted,
        nearest_post,
        parse_language,
        render_consular_documents,
    )
    from securecomm.rules import consular_determination, load_ruleset
    from securecomm.storage.db import open_database

    if lang is not None:
        parse_language(lang, where="--lang")
    told = _aware(told_at, "--told-at")
    target = _out_path(out)
    database = open_database(db_url)
    try:
        with database.transaction() as session:
            booking = _booking(session, booking_id, where="--booking")
            person = _person(booking, passport=passport_number)
            language = parse_language(
                lang or _recorded_language(booking),
                where="--lang" if lang else f"bookings[{booking_id}].subject.language",
            )
            if person.nationality == "US":
                raise BadInput(
                    f"booking {booking_id!r} records a United States national; consular notification does "
                    "not apply",
                    where="--booking",
                )
            facility = _facility(session, booking.fips, booking.facility_tz, with_point=True)
    finally:
        database.dispose()
    booked_on = booking.booked_at.astimezone(facility.zone).date()
    advice = consular_determination(
        person.nationality, lpr=lpr, passport=passport, as_of=booked_on, ruleset=load_ruleset()
    )
    codes = {reason.code for reason in advice.reasons}
    if advice.value.mandatory:
        kind, sending = StatementKind.MANDATORY, advice.value.listed_as or person.nationality
    elif "consular.taiwan" in codes:
        kind, sending = StatementKind.TAIWAN, "TW"
    else:
        kind, sending = StatementKind.ON_REQUEST, advice.value.listed_as or person.nationality
    assert facility.latitude is not None and facility.longitude is not None
    nearest = nearest_post(sending, facility.latitude, facility.longitude)
    notice = ConsularNotice(
        booking_id=booking_id,
        person=person,
        facility=facility,
        arrested_at=booking.booked_at,
        kind=kind,
        language=language.code,
        consulate=None if nearest is None else nearest.post,
        answer=None if answer is None else ConsularAnswer(answer),
        told_at=told,
        told_by=told_by,
        contact=contact,
    )
    payload = {
        "booking_id": booking_id,
        "language": language.code,
        "statement": kind.value,
        "nationality": person.nationality,
        "consulate": None if nearest is None else nearest.post.label,
        "distance_km": None if nearest is None else round(nearest.distance_km, 1),
        "fax_sheet": fax_permitted(notice),
        "reasons": [reason.as_dict() for reason in advice.reasons],
    }
    _write(target, render_consular_documents(notice), payload, as_json)


def _recorded_language(booking: BookingRow) -> str:
    subject = booking.subject if isinstance(booking.subject, dict) else {}
    language = subject.get("language")
    if not isinstance(language, str) or not language:
        raise BadInput(f"booking {booking.booking_id!r} records no language; pass --lang", where="--lang")
    return language
