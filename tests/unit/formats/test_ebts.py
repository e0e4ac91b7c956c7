"""The EBTS criminal ten-print submission (CAR): build -> validate -> write -> read, and every rule's refusal."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

from securecomm.formats.ebts import build_car, check_car, validate_car
from securecomm.formats.ebts_booking import (
    AmputationCode,
    BookingError,
    CarBooking,
    MissingFinger,
    booking_from_mapping,
)
from securecomm.formats.errors import TransactionError
from securecomm.formats.images import FingerImage, finger_images
from securecomm.formats.reader import parse_transaction
from securecomm.formats.records import Type4Record, Type14Record
from securecomm.formats.tagged import Field
from securecomm.formats.transaction import Transaction
from securecomm.formats.writer import write_transaction


def test_a_car_builds_validates_writes_and_reads_back(
    booking: CarBooking, synthetic_fingers: dict[int, FingerImage]
) -> None:
    car = build_car(booking, synthetic_fingers)
    assert validate_car(car) == []
    data = write_transaction(car)
    back = parse_transaction(data, source="car.eft")
    assert back == car
    assert write_transaction(back) == data  # byte-identical for files we write
    assert validate_car(back) == []
    type1, type2 = back.records[0], back.records[1]
    assert type1.text(4) == "CAR" and type1.text(7) == "WVIAFIS0Z" and type1.text(2) == "0500"  # type: ignore[union-attr]
    assert type1.text(14) == "20110301143000Z"  # 09:30 at UTC-5
    assert [(type2.tag(f.number), f.text) for f in type2.fields if f.number in (18, 27, 45, 47, 73)] == [  # type: ignore[union-attr]
        ("2.018", "ROE,RICHARD A"),
        ("2.027", "510"),
        ("2.045", "20110301"),
        ("2.047", "20110228<US>5404 DRIVING UNDER INFLUENCE"),
        ("2.073", "NY0303000"),
    ]
    fingers = finger_images(back)
    assert sorted(fingers) == [*range(1, 11), 13, 14, 15]
    assert all(f.ppi == 500.0 for f in fingers.values())
    assert fingers[1].impression == 1 and fingers[13].impression == 0


def test_an_amputated_finger_is_declared_not_dropped(
    booking_missing_seven: CarBooking, synthetic_fingers: dict[int, FingerImage]
) -> None:
    fingers = {p: f for p, f in synthetic_fingers.items() if p != 7}
    car = build_car(booking_missing_seven, fingers)
    type2 = car.records[1]
    assert type2.field(84) == Field.of(84, "7", "XX")  # type: ignore[union-attr]
    left_slap = next(r for r in car.records if isinstance(r, Type14Record) and r.positions == (14,))
    assert left_slap.amputations == ((7, "XX"),)  # the left four-finger slap says why 7 is missing
    assert validate_car(parse_transaction(write_transaction(car), source="car")) == []


def test_a_missing_finger_without_an_amp_entry_is_refused(
    booking: CarBooking, synthetic_fingers: dict[int, FingerImage]
) -> None:
    fingers = {p: f for p, f in synthetic_fingers.items() if p != 3}
    with pytest.raises(TransactionError) as caught:
        build_car(booking, fingers)
    assert [(p.tag, p.record_index) for p in caught.value.problems] == [(None, 1)]
    assert "finger 3 has no rolled image and is not listed in 2.084 (AMP)" in str(caught.value)


def test_a_finger_with_both_an_image_and_an_amp_entry_is_refused(
    booking: CarBooking, synthetic_fingers: dict[int, FingerImage]
) -> None:
    unable = replace(booking, missing_fingers=(MissingFinger(2, AmputationCode.UNABLE_TO_PRINT),))
    with pytest.raises(TransactionError, match=r"finger 2 has an image but 2.084 \(AMP\) says it is missing"):
        build_car(unable, synthetic_fingers)


def test_ten_print_images_must_be_500_ppi(
    booking: CarBooking, synthetic_fingers: dict[int, FingerImage]
) -> None:
    fingers = {**synthetic_fingers, 4: replace(synthetic_fingers[4], ppi=1000.0)}
    with pytest.raises(
        TransactionError,
        match=re.escape("finger 4 is at 1000.0 ppi; EBTS ten-prints are sent in the 500 ppi class"),
    ):
        build_car(booking, fingers)


def test_type4_images_are_an_option(booking: CarBooking, synthetic_fingers: dict[int, FingerImage]) -> None:
    car = build_car(booking, synthetic_fingers, image_record_type=4)
    assert all(isinstance(r, Type4Record) for r in car.records[2:])
    assert car.type1.text(11) == "19.69"
    back = parse_transaction(write_transaction(car), source="car4")
    assert validate_car(back) == []
    assert finger_images(back)[5].ppi == pytest.approx(500.13, abs=0.01)


@pytest.mark.parametrize(
    ("change", "tag", "words"),
    [
        ({"surname": "Ro3"}, "2.018", "not a name written 'SURNAME,GIVEN MIDDLE'"),
        ({"place_of_birth": "Mexico"}, "2.020", "not a 2-character NCIC state or country code"),
        ({"date_of_birth": date(2011, 3, 2)}, "2.022", "must be before the date of arrest"),
        ({"printed_on": date(2011, 2, 1)}, "2.038", "is before the date of arrest"),
        ({"originating_ori": "NY03"}, "1.008", "not a 9-character ORI"),
        ({"arresting_ori": "ny0303000"}, "2.073", "not a 9-character ORI"),
        ({"charges": ()}, "2.047", "AOL (arrest offense literal), is required but empty"),
        ({"tcn": "TCN 42"}, "1.009", "not 1-40 letters, digits or hyphens"),
        ({"priority": 0}, "1.006", "'0' is not a whole number from 1 to 9"),
    ],
)
def test_booking_data_that_breaks_the_profile_is_refused_with_its_ebts_tag(
    booking: CarBooking,
    synthetic_fingers: dict[int, FingerImage],
    change: dict[str, object],
    tag: str,
    words: str,
) -> None:
    with pytest.raises(TransactionError) as caught:
        build_car(replace(booking, **change), synthetic_fingers)  # type: ignore[arg-type]
    assert any(p.tag == tag and words in p.message for p in caught.value.problems), caught.value.problems


def test_an_offense_literal_must_carry_its_ncic_code(
    booking: CarBooking, synthetic_fingers: dict[int, FingerImage]
) -> None:
    from securecomm.formats.ebts_booking import ArrestCharge

    with pytest.raises(TransactionError, match="a 4-digit NCIC offense code"):
        build_car(replace(booking, charges=(ArrestCharge("54", "DUI"),)), synthetic_fingers)


def test_a_naive_submission_time_is_refused(
    booking: CarBooking, synthetic_fingers: dict[int, FingerImage]
) -> None:
    with pytest.raises(TransactionError, match="must be timezone-aware"):
        build_car(replace(booking, submitted_at=datetime(2011, 3, 1, 9, 30)), synthetic_fingers)


def test_a_nist_reference_file_is_not_a_car(ansi_nist: Path) -> None:
    path = ansi_nist / "nist-reference/type-14-tpcard-nqm.an2"
    transaction = parse_transaction(path.read_bytes(), source=path.name)
    problems = validate_car(transaction)
    tags = {p.tag for p in problems}
    assert {"1.004", "2.005", "2.018", "2.022", "2.047", "2.073"} <= tags
    with pytest.raises(
        TransactionError, match="TOT \\(type of transaction\\): 'AMN' is not a valid criminal ten-print TOT"
    ):
        check_car(transaction)


def test_records_outside_the_car_profile_are_refused(
    booking: CarBooking, synthetic_fingers: dict[int, FingerImage]
) -> None:
    car = build_car(booking, synthetic_fingers)
    from securecomm.formats.records import tagged_record
    from securecomm.formats.transaction import make_transaction

    extra = tagged_record(17, (Field.of(2, "20"),))
    odd = make_transaction(car.type1.fields, [*car.records[1:], extra])
    messages = [p.message for p in validate_car(Transaction(records=odd.records))]
    assert any("Type-17 records are not part of a CAR" in m for m in messages)


def test_booking_from_mapping_reads_yaml_like_data(booking: CarBooking) -> None:
    data = {
        "tcn": "NY20110301-000042",
        "submitted_at": "2011-03-01T09:30:00-05:00",
        "originating_ori": "NY0303000",
        "arresting_ori": "NY0303000",
        "surname": "Roe",
        "given_name": "Richard",
        "middle_name": "A",
        "date_of_birth": date(1984, 5, 17),
        "sex": "M",
        "race": "W",
        "place_of_birth": "MX",
        "height_inches": 70,
        "weight_pounds": 165,
        "eye_color": "BRO",
        "hair_color": "BLK",
        "arrested_on": "2011-03-01",
        "charges": [{"ncic_code": "5404", "literal": "Driving under influence", "offense_on": "2011-02-28"}],
        "printed_on": "2011-03-01",
        "booking_number": "B-2011-0042",
    }
    assert booking_from_mapping(data) == booking
    missing = booking_from_mapping({**data, "missing_fingers": [{"position": 7, "code": "XX"}]})
    assert missing.missing_fingers == (MissingFinger(7, AmputationCode.AMPUTATED),)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"surnmae": "Roe"}, "unknown key(s) surnmae"),
        ({"sex": "male"}, "'male' is not one of M, F, X"),
        ({"arrested_on": "03/01/2011"}, "is not a date (YYYY-MM-DD)"),
        ({"submitted_at": "2011-03-01T09:30:00"}, "with its UTC offset"),
        ({"height_inches": "70"}, "is not a whole number"),
        ({"charges": [{"ncic_code": "5404"}]}, "charges[0]: missing key(s) literal"),
    ],
)
def test_booking_data_with_a_typo_or_wrong_kind_names_the_key(change: dict[str, object], words: str) -> None:
    data: dict[str, object] = {
        "tcn": "T1",
        "submitted_at": "2011-03-01T09:30:00-05:00",
        "originating_ori": "NY0303000",
        "arresting_ori": "NY0303000",
        "surname": "Roe",
        "given_name": "Richard",
        "date_of_birth": "1984-05-17",
        "sex": "M",
        "race": "W",
        "place_of_birth": "MX",
        "height_inches": 70,
        "weight_pounds": 165,
        "eye_color": "BRO",
        "hair_color": "BLK",
        "arrested_on": "2011-03-01",
        "charges": [],
        "printed_on": "2011-03-01",
    }
    with pytest.raises(BookingError) as caught:
        booking_from_mapping({**data, **change})
    assert words in str(caught.value)
    assert booking_from_mapping(data).tcn == "T1"
    with pytest.raises(BookingError, match="missing key"):
        booking_from_mapping({k: v for k, v in data.items() if k != "surname"})
