"""`securecomm submit`: a real ANSI/NIST-ITL criminal ten-print (EBTS CAR) enters the same flow as a booking.

Everything is checked before anything is stored: the transaction must parse, pass the ANSI/NIST-ITL and
EBTS CAR rules, carry readable prints, and come from an agency (1.008 ORI or 2.073 CRI) of a county the
program knows. A refused file leaves no trace in the database or beside it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from securecomm.app.biometrics import BiometricService
from securecomm.app.runner import identification_threshold
from securecomm.app.system import System
from securecomm.app.truth import SqlCitizenshipRecords
from securecomm.errors import BadInput
from securecomm.formats.ebts import check_car
from securecomm.formats.images import finger_images
from securecomm.formats.reader import parse_transaction
from securecomm.formats.records import Type2Record
from securecomm.formats.transaction import Transaction
from securecomm.ids import deterministic_id
from securecomm.messages import encode
from securecomm.messages.booking import BookingSubmitted, Charge, Subject
from securecomm.storage.agency_tables import BookingRow
from securecomm.storage.db import Database, open_database
from securecomm.storage.tables import JurisdictionRow
from securecomm.synth import Jurisdiction, load_jurisdictions

__all__ = ["read_car", "submit_transaction"]


def _type2(transaction: Transaction) -> Type2Record:
    for record in transaction.records:
        if isinstance(record, Type2Record):
            return record
    raise BadInput("the transaction has no Type-2 record (booking data)", where=transaction.source)


def _date(text: str | None, tag: str, where: str) -> date:
    try:
        return datetime.strptime(text or "", "%Y%m%d").date()
    except ValueError:
        raise BadInput(f"field {tag} is {text!r}, not a YYYYMMDD date", where=where) from None


def read_car(data: bytes, *, source: str) -> tuple[Transaction, dict[str, Any]]:
    """Parse and validate a CAR; return it with the booking data a jail records."""
    transaction = check_car(parse_transaction(data, source=source))
    images = finger_images(transaction)
    if not any(1 <= p <= 10 for p in images):
        raise BadInput("the transaction carries no rolled finger image (FGP 1-10)", where=source)
    t2 = _type2(transaction)
    name = t2.text(18) or ""
    charges = []
    field = t2.field(47)
    for subfield in field.subfields if field is not None else ():
        literal = subfield[1] if len(subfield) > 1 else subfield[0]
        code = literal[:4]
        if len(code) != 4 or not code.isdigit():
            raise BadInput(
                f"charge {literal!r} in 2.047 does not start with a 4-digit NCIC code", where=source
            )
        charges.append((code, literal[5:] or code))
    return transaction, {
        "name": name,
        "dob": _date(t2.text(22), "2.022", source),
        "sex": t2.text(24) or "U",
        "pob": t2.text(20) or "XX",
        "citizenship": t2.text(21),
        "arrested_on": _date(t2.text(45), "2.045", source),
        "charges": charges,
        "oris": [o for o in (t2.text(73), transaction.type1.originating_agency) if o],
        "tcn": transaction.type1.tcn,
    }


def _jurisdiction(database: Database, oris: list[str], where: str) -> JurisdictionRow:
    with database.transaction() as session:
        for ori in oris:
            row = session.scalar(select(JurisdictionRow).where(JurisdictionRow.ori == ori))
            if row is not None:
                return row
        known: dict[str, Jurisdiction] = {str(j.ori): j for j in load_jurisdictions() if j.ori}
        for ori in oris:
            if ori in known:
                j = known[ori]
                row = JurisdictionRow(
                    fips=j.fips, name=j.name, state=j.state, tz=j.tz, aor=j.aor, activated_on=j.activated_on,
                    ori=ori, size=float(j.size), receives_idr=j.receives_idr, has_287g=j.has_287g,
                )  # fmt: skip
                session.add(row)
                return row
    raise BadInput(f"no county's booking agency has ORI {' or '.join(oris) or '(none given)'}", where=where)


def submit_transaction(db_url: str, data: bytes, *, source: str) -> dict[str, Any]:
    """Validate, store and run one CAR through the flow; return what the jail got back."""
    _transaction, booking_data = read_car(data, source=source)  # refuses before anything is stored
    database = open_database(db_url)
    county = _jurisdiction(database, booking_data["oris"], source)
    zone = ZoneInfo(county.tz)
    booked_at = datetime.combine(booking_data["arrested_on"], time(12), tzinfo=zone).astimezone(UTC)
    biometrics = BiometricService(database, threshold=identification_threshold(booked_at.date()))
    sha = biometrics.blobs.put(data, suffix=".an2")
    booking_id = deterministic_id("bk", "submitted", sha)
    booking = BookingSubmitted(
        booking_id=booking_id,
        tcn=booking_data["tcn"] or booking_id,
        fips=county.fips,
        ori=county.ori,
        facility_tz=county.tz,
        booked_at=booked_at,
        subject=Subject(
            name=booking_data["name"],
            date_of_birth=booking_data["dob"],
            sex=booking_data["sex"],
            place_of_birth=booking_data["pob"],
            nationality=booking_data["citizenship"] or booking_data["pob"],
            language="en",
        ),
        # A CAR's charge literal carries no felony/misdemeanor class; traffic is NCIC family 54.
        charges=tuple(
            Charge(code, text, None, traffic=code.startswith("54")) for code, text in booking_data["charges"]
        ),
        transaction_sha256=sha,
    )
    system = System(database=database, biometrics=biometrics.port, citizenship=SqlCitizenshipRecords)
    system.act(lambda unit: system.jail.book(booking, unit))
    system.deliver(until=booked_at + timedelta(days=1))
    with database.sessions() as session:
        row = session.get(BookingRow, booking_id)
        assert row is not None
        return {
            "booking_id": booking_id,
            "fips": row.fips,
            "booked_at": encode(row.booked_at),
            "fbi_number": row.fbi_number,
            "sre": row.sre,
            "idr": row.idr_kind,
        }
