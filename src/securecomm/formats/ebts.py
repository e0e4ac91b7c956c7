"""EBTS rules for a criminal ten-print submission (TOT CAR), kept apart from the ANSI/NIST-ITL layer.

`build_car(booking, fingers)` turns a jail's booking data and ten finger images into a transaction;
`validate_car(transaction)` lists every problem (ANSI/NIST-ITL rules first, then the EBTS profile in
`ebts_profile`) with field tags; `check_car` raises `TransactionError` listing them. A finger that
cannot be printed is not silently dropped: it is listed in 2.084 AMP as amputated (XX) or unable to
print (UP), and in 14.018 AMP of any slap image that should have shown it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime

from securecomm.formats.checks import Reporter, check_fields, check_transaction
from securecomm.formats.codes import PPMM_500_PPI, ROLLED_IMPRESSIONS, fingers_in
from securecomm.formats.ebts_booking import (
    AmputationCode,
    ArrestCharge,
    CaptureDevice,
    CarBooking,
    MissingFinger,
    booking_from_mapping,
)
from securecomm.formats.ebts_profile import (
    CAR_TYPE1,
    CAR_TYPE2,
    CAR_VERSIONS,
    EyeColor,
    HairColor,
    Race,
    Sex,
)
from securecomm.formats.errors import Problem, TransactionError
from securecomm.formats.images import FingerImage, encode_wsq
from securecomm.formats.records import (
    FrictionRidgeRecord,
    ImageRecord,
    Record,
    TaggedRecord,
    Type4Record,
    tagged_record,
)
from securecomm.formats.tagged import Field
from securecomm.formats.transaction import Transaction, make_transaction

__all__ = [
    "AmputationCode",
    "ArrestCharge",
    "CaptureDevice",
    "CarBooking",
    "EyeColor",
    "HairColor",
    "MissingFinger",
    "Race",
    "Sex",
    "booking_from_mapping",
    "build_car",
    "check_car",
    "validate_car",
]

ROLLED_FINGERS = range(1, 11)
PLAIN_POSITIONS = frozenset({11, 12, 13, 14, 15})
# Booking photos (Type-10) and palm prints (Type-15) may ride along with the ten prints.
CAR_RECORD_TYPES = frozenset({1, 2, 4, 10, 14, 15})
# The 500 ppi class: 19.69 px/mm within 1 %, in ppi and in px/cm.
_PPI_500 = PPMM_500_PPI * 25.4


def _where(problem: str, tag: str) -> TransactionError:
    return TransactionError([Problem(problem, tag=tag)], source="booking")


def _name(booking: CarBooking) -> str:
    given = " ".join(part for part in (booking.given_name, booking.middle_name) if part)
    return f"{booking.surname.upper()},{given.upper()}"


def _type1_fields(booking: CarBooking, *, with_type4: bool) -> list[Field]:
    if booking.submitted_at.tzinfo is None:
        raise _where("submitted_at must be timezone-aware (DAT is the local date, GMT the UTC time)", "1.005")
    resolution = f"{PPMM_500_PPI:05.2f}" if with_type4 else "00.00"
    fields = [
        Field.of(2, "0500"),
        Field.of(4, "CAR"),
        Field.of(5, booking.submitted_at.strftime("%Y%m%d")),
        Field.of(7, booking.destination),
        Field.of(8, booking.originating_ori),
        Field.of(9, booking.tcn),
        Field.of(11, resolution),
        Field.of(12, resolution),
        Field.of(13, "NORAM", ""),
        Field.of(14, booking.submitted_at.astimezone(UTC).strftime("%Y%m%d%H%M%SZ")),
    ]
    if booking.priority is not None:
        fields.append(Field.of(6, str(booking.priority)))
    return fields


def _type2(booking: CarBooking) -> TaggedRecord:
    if not 12 <= booking.height_inches <= 119:
        raise _where(
            f"height_inches {booking.height_inches} cannot be written as feet and inches (12-119)", "2.027"
        )
    if not 1 <= booking.weight_pounds <= 999:
        raise _where(f"weight_pounds {booking.weight_pounds} is not 1-999", "2.029")
    feet, inches = divmod(booking.height_inches, 12)
    charges = [
        (c.offense_on.strftime("%Y%m%d") if c.offense_on else "", f"{c.ncic_code} {c.literal.upper()}")
        for c in booking.charges
    ]
    fields = [
        Field.of(2, "00"),
        Field.of(5, "Y" if booking.retain else "N"),
        *([Field.of(9, booking.booking_number)] if booking.booking_number else []),
        Field.of(18, _name(booking)),
        Field.of(20, booking.place_of_birth),
        *([Field.of(21, booking.citizenship)] if booking.citizenship else []),
        Field.of(22, booking.date_of_birth.strftime("%Y%m%d")),
        Field.of(24, booking.sex.value),
        Field.of(25, booking.race.value),
        Field.of(27, f"{feet}{inches:02d}"),
        Field.of(29, f"{booking.weight_pounds:03d}"),
        Field.of(31, booking.eye_color.value),
        Field.of(32, booking.hair_color.value),
        Field.of(38, booking.printed_on.strftime("%Y%m%d")),
        Field.of(45, booking.arrested_on.strftime("%Y%m%d")),
        Field.repeated(47, charges) if charges else Field.of(47, "", ""),
    ]
    if booking.capture_device is not None:
        d = booking.capture_device
        fields.append(Field.of(67, d.make, d.model, d.serial_number))
    fields.append(Field.of(70, "Y" if booking.rap_sheet else "N"))
    fields.append(Field.of(73, booking.arresting_ori))
    if booking.missing_fingers:
        missing = sorted(booking.missing_fingers, key=lambda m: m.position)
        fields.append(Field.repeated(84, [(str(m.position), m.code.value) for m in missing]))
    return tagged_record(2, tuple(fields))


def _finger_record(booking: CarBooking, image: FingerImage, idc: int, *, as_type4: bool) -> Record:
    position = image.position
    if image.ppi is None or abs(image.ppi - _PPI_500) > 0.01 * _PPI_500:
        raise _where(
            f"finger {position} is at {image.ppi} ppi; EBTS ten-prints are sent in the 500 ppi class (495-505 ppi)",
            "14.009",
        )
    height, width = image.pixels.shape[:2]
    try:
        data = encode_wsq(image.pixels)
    except ValueError as error:
        raise _where(f"finger {position}: {error}", "14.999") from None
    impression = 1 if position in ROLLED_FINGERS else 0
    missing_here = [
        m
        for m in booking.missing_fingers
        if m.position in fingers_in(position) and position in PLAIN_POSITIONS
    ]
    if as_type4:
        return Type4Record(idc, impression, (position,), 0, width, height, 1, data)
    fields = [
        Field.of(2, f"{idc:02d}"),
        Field.of(3, str(impression)),
        Field.of(4, booking.arresting_ori),
        Field.of(5, booking.printed_on.strftime("%Y%m%d")),
        Field.of(6, str(width)),
        Field.of(7, str(height)),
        Field.of(8, "1"),
        Field.of(9, str(round(image.ppi))),
        Field.of(10, str(round(image.ppi))),
        Field.of(11, "WSQ20"),
        Field.of(12, "8"),
        Field.of(13, str(position)),
    ]
    if missing_here:
        fields.append(Field.repeated(18, [(str(m.position), m.code.value) for m in missing_here]))
    fields.append(Field(999, data))
    return tagged_record(14, tuple(fields))


def build_car(
    booking: CarBooking, fingers: Mapping[int, FingerImage], *, image_record_type: int = 14
) -> Transaction:
    """A CAR transaction from booking data and finger images keyed by finger position.

    Rolled fingers 1-10 each need an image or an entry in `booking.missing_fingers`; plain images at
    11-15 are optional. Images are WSQ-compressed into Type-14 records (or Type-4 with
    `image_record_type=4`). Raises `TransactionError` naming the EBTS tag of anything wrong.
    """
    if image_record_type not in (4, 14):
        raise ValueError("image_record_type is 14 (tagged) or 4 (binary)")
    for position, image in fingers.items():
        if position != image.position:
            raise _where(f"the image keyed {position} says it is finger {image.position}", "14.013")
        if position not in ROLLED_FINGERS and position not in PLAIN_POSITIONS:
            raise _where(f"finger position {position} is not a ten-print position (1-15)", "14.013")
    images = [fingers[p] for p in sorted(fingers)]
    records: list[Record] = [_type2(booking)]
    as_type4 = image_record_type == 4
    records += [
        _finger_record(booking, image, idc, as_type4=as_type4) for idc, image in enumerate(images, start=1)
    ]
    transaction = make_transaction(_type1_fields(booking, with_type4=as_type4), records)
    return check_car(Transaction(records=transaction.records, source=f"CAR {booking.tcn}"))


def _parse_date(text: str | None) -> date | None:
    try:
        return datetime.strptime(text or "", "%Y%m%d").date()
    except ValueError:
        return None


def _date(record: TaggedRecord, number: int) -> date | None:
    return _parse_date(record.text(number))


def _check_dates(type2: TaggedRecord, index: int, out: Reporter) -> None:
    born, arrested, printed = _date(type2, 22), _date(type2, 45), _date(type2, 38)
    if born and arrested and born >= arrested:
        out.add("DOB (2.022) must be before the date of arrest (2.045)", index, 2, 22)
    if arrested and printed and printed < arrested:
        out.add("DPR (2.038), the date printed, is before the date of arrest (2.045)", index, 2, 38)
    asl = type2.field(47)
    for items in asl.subfields if asl else ():
        offense = _parse_date(items[0]) if items else None
        if offense and arrested and offense > arrested:
            out.add(f"DOO {items[0]} in 2.047 (ASL) is after the date of arrest (2.045)", index, 2, 47)


def _resolution_ok(record: Record, transaction: Transaction) -> bool:
    if isinstance(record, Type4Record):
        if record.isr == 0:
            return True
        nsr = transaction.type1.native_scanning_ppmm or 0.0
        return abs(nsr - PPMM_500_PPI) <= 0.01 * PPMM_500_PPI
    assert isinstance(record, ImageRecord)
    ppi = record.ppi
    return ppi is not None and all(abs(p - _PPI_500) <= 0.01 * _PPI_500 for p in ppi)


def _check_fingers(
    transaction: Transaction, type2: TaggedRecord | None, type2_index: int, out: Reporter
) -> None:
    amp = type2.field(84) if type2 else None
    missing = {int(s[0]) for s in (amp.subfields if amp else ()) if s and s[0].isdigit()}
    rolled: dict[int, int] = {}
    impression: int | None
    for index, record in enumerate(transaction.records):
        if isinstance(record, Type4Record):
            positions, impression, compression = record.positions, record.impression, record.compression_name
            tags: dict[str, int | None] = dict.fromkeys(("CGA", "THPS", "FGP", "IMP"))
        elif isinstance(record, FrictionRidgeRecord) and record.record_type == 14:
            positions, impression, compression = record.positions, record.impression, record.compression
            tags = {"CGA": 11, "THPS": 9, "FGP": 13, "IMP": 3}
        else:
            continue
        rt = record.record_type
        if compression not in ("WSQ20", "NONE"):
            out.add(
                f"EBTS ten-print images are WSQ (or uncompressed), not {compression}", index, rt, tags["CGA"]
            )
        if not _resolution_ok(record, transaction):
            out.add(
                "EBTS ten-print images must be in the 500 ppi class (19.69 px/mm within 1 %)",
                index,
                rt,
                tags["THPS"],
            )
        if len(positions) != 1:
            out.add("a CAR finger image names exactly one finger position", index, rt, tags["FGP"])
            continue
        position = positions[0]
        if position in ROLLED_FINGERS:
            if impression not in ROLLED_IMPRESSIONS:
                out.add(
                    f"finger {position} is a rolled position but the impression type is {impression} (plain)",
                    index,
                    rt,
                    tags["IMP"],
                )
            if position in rolled:
                out.add(
                    f"finger {position} has two rolled images (records {rolled[position]} and {index})",
                    index,
                    rt,
                )
            rolled[position] = index
            if position in missing:
                out.add(
                    f"finger {position} has an image but 2.084 (AMP) says it is missing", type2_index, 2, 84
                )
    for position in ROLLED_FINGERS:
        if position not in rolled and position not in missing:
            out.add(
                f"finger {position} has no rolled image and is not listed in 2.084 (AMP) as amputated (XX) or "
                "unable to print (UP)",
                type2_index,
                2,
                84 if amp else None,
            )


def validate_car(transaction: Transaction) -> list[Problem]:
    """Every problem that keeps `transaction` from being a valid EBTS CAR submission (empty: valid)."""
    problems = check_transaction(transaction)
    out = Reporter(transaction)
    type1 = transaction.type1
    check_fields(type1, CAR_TYPE1, 0, out)
    if type1.version not in CAR_VERSIONS:
        out.add(f"VER is {type1.version!r}; EBTS 10 expects 0500 (ANSI/NIST-ITL 1-2011), or 0400", 0, 1, 2)
    type2s = transaction.indexed(2)
    if len(type2s) != 1:
        out.add(f"a CAR has exactly one Type-2 record, this one has {len(type2s)}", 0, 1, 3)
    type2_index, type2 = type2s[0] if type2s else (0, None)
    if isinstance(type2, TaggedRecord):
        check_fields(type2, CAR_TYPE2, type2_index, out)
        _check_dates(type2, type2_index, out)
    _check_fingers(transaction, type2 if isinstance(type2, TaggedRecord) else None, type2_index, out)
    for index, record in enumerate(transaction.records):
        if record.record_type not in CAR_RECORD_TYPES:
            out.add(
                f"Type-{record.record_type} records are not part of a CAR (1, 2, 4, 10, 14, 15)",
                index,
                record.record_type,
            )
    return problems + out.problems


def check_car(transaction: Transaction) -> Transaction:
    """`transaction` unchanged if it is a valid CAR; otherwise `TransactionError` listing every problem."""
    problems = validate_car(transaction)
    if problems:
        raise TransactionError(problems, source=transaction.source)
    return transaction
