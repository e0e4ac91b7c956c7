"""The ANSI/NIST-ITL 1-2011 rules, one at a time, on transactions built in memory."""

from __future__ import annotations

import pytest

from securecomm.formats.checks import check_transaction, transaction_warnings
from securecomm.formats.records import Type4Record, tagged_record
from securecomm.formats.tagged import Field
from securecomm.formats.transaction import make_transaction

TYPE1 = {
    2: Field.of(2, "0500"),
    4: Field.of(4, "A"),
    5: Field.of(5, "20120726"),
    7: Field.of(7, "DAI"),
    8: Field.of(8, "ORI"),
    9: Field.of(9, "TCN"),
    11: Field.of(11, "00.00"),
    12: Field.of(12, "00.00"),
}

TYPE14 = {
    2: Field.of(2, "01"),
    3: Field.of(3, "1"),
    4: Field.of(4, "SRC"),
    5: Field.of(5, "20120730"),
    6: Field.of(6, "804"),
    7: Field.of(7, "752"),
    8: Field.of(8, "1"),
    9: Field.of(9, "500"),
    10: Field.of(10, "500"),
    11: Field.of(11, "WSQ20"),
    12: Field.of(12, "8"),
    13: Field.of(13, "2"),
    999: Field(999, b"\xff\xa0"),
}


def problems(
    type1: dict[int, Field] | None = None, type14: dict[int, Field] | None = None
) -> list[tuple[str | None, str]]:
    records = []
    if type14 is not None:
        records.append(tagged_record(14, tuple(type14[n] for n in sorted(type14))))
    transaction = make_transaction(list((type1 or TYPE1).values()), records)
    return [(p.tag, p.message) for p in check_transaction(transaction)]


def with_field(base: dict[int, Field], field: Field) -> dict[int, Field]:
    return {**base, field.number: field}


def test_a_minimal_transaction_keeps_every_rule() -> None:
    assert problems() == []
    assert problems(type14=TYPE14) == []


@pytest.mark.parametrize(
    ("field", "words"),
    [
        (Field.of(5, "07262012"), "not a date written YYYYMMDD"),
        (Field.of(6, "0"), "PRY (priority): '0' is not a whole number from 1 to 9"),
        (Field.of(14, "20120726111545z"), "not a UTC time written YYYYMMDDhhmmssZ"),
        (Field.of(11, "19.6"), "not a resolution written NN.NN"),
        (Field.of(4, "TOO-LONG-TOT"), "not 1-16 letters or digits"),
        (Field.of(15, "5", "ASCII", "1"), "index 5 is reserved"),
        (Field.of(15, "0", "UTF-8"), "index 0 means ASCII, but its name is 'UTF-8'"),
        (Field.of(16, "ORG", "NAME"), "APV (profile version), is required but empty"),
        (Field.of(13, "", "1.00"), "DNM (domain name), is required but empty"),
        (Field.of(17, "DAI Name", "ORI Name", "extra"), "has 3 information items; it has at most 2"),
    ],
)
def test_type1_field_rules(field: Field, words: str) -> None:
    found = problems(with_field(TYPE1, field))
    assert any(tag == f"1.{field.number:03d}" and words in message for tag, message in found), found


def test_a_missing_mandatory_type1_field_is_named() -> None:
    without_tcn = {n: f for n, f in TYPE1.items() if n != 9}
    assert problems(without_tcn) == [("1.009", "required field 1.009 (TCN) is missing")]


@pytest.mark.parametrize(
    ("field", "words"),
    [
        (Field.of(3, "4"), "'4' is not a valid Type-14 impression type"),
        (Field.of(8, "5"), "SLC (scale units): '5' is not a whole number from 0 to 2"),
        (Field.of(11, "GIF"), "'GIF' is not a valid compression code"),
        (Field.of(13, "99"), "not a valid friction ridge position code"),
        (Field.of(22, "2", "150"), "'150' is not an NIST quality metric"),
        (Field.of(18, "2", "ZZ"), "'ZZ' is not a valid amputation code"),
        (Field.of(27, "N"), "SIF is 'Y' for a stitched image, else left out"),
        (Field.of(31, "15"), "'15' is not a valid FAP level"),
        (Field(999, b""), "holds no image data"),
    ],
)
def test_type14_field_rules(field: Field, words: str) -> None:
    found = problems(type14=with_field(TYPE14, field))
    assert any(tag == f"14.{field.number:03d}" and words in message for tag, message in found), found


def test_per_finger_subfields_must_describe_fingers_of_the_image() -> None:
    slap = with_field(TYPE14, Field.of(13, "14"))  # plain left four fingers: 7, 8, 9, 10
    assert problems(type14=with_field(slap, Field.repeated(22, [("7", "2"), ("8", "3")]))) == []
    found = problems(type14=with_field(slap, Field.repeated(22, [("7", "2"), ("2", "3")])))
    assert found == [
        (
            "14.022",
            "14.022 (NQM) describes finger 2, which is not part of the image's friction ridge position 14 in 14.013",
        )
    ]
    assert problems(type14=with_field(slap, Field.of(18, "9", "XX"))) == []


def test_print_position_descriptors_go_with_eji_or_tip_images_only() -> None:
    eji = with_field(TYPE14, Field.of(13, "19"))
    assert any("must say which finger and view" in m for _, m in problems(type14=eji))
    assert problems(type14=with_field(eji, Field.of(14, "3", "EJI"))) == []
    found = problems(type14=with_field(TYPE14, Field.of(14, "2", "TIP")))
    assert found == [("14.014", "14.014 (PPD) is only allowed when 14.013 (FGP) is 19 (EJI or tip)")]


def test_segment_boxes_and_polygons_must_be_consistent() -> None:
    slap = with_field(TYPE14, Field.of(13, "13"))
    outside = with_field(slap, Field.of(21, "2", "10", "900", "0", "100"))
    assert any("is not inside the 804x752 image" in m for _, m in problems(type14=outside))
    polygon = with_field(slap, Field.of(25, "2", "3", "0", "0", "35", "55"))
    assert any("says 3 vertices (3-99) but gives 4 coordinates" in m for _, m in problems(type14=polygon))
    triangle = with_field(slap, Field.of(25, "2", "3", "0", "0", "35", "55", "12", "85"))
    assert problems(type14=triangle) == []


def test_type4_header_rules() -> None:
    def type4(**changes: int) -> list[str]:
        values = {"idc": 1, "impression": 1, "isr": 0, "width": 10, "height": 10, "compression": 1}
        values.update(changes)
        record = Type4Record(positions=(1,), image=b"x", **values)
        return [p.message for p in check_transaction(make_transaction(list(TYPE1.values()), [record]))]

    assert type4() == []
    assert any("impression type 4" in m for m in type4(impression=4))
    assert any(
        "ISR is 1 (native scanning resolution) but 1.011 NSR gives no resolution" in m for m in type4(isr=1)
    )
    assert any("compression code 9" in m for m in type4(compression=9))


def test_warnings_for_undeclared_utf8_and_dangling_minutiae() -> None:
    type2 = tagged_record(2, (Field.of(2, "00"), Field.of(3, "caf\u00e9")))
    minutiae = tagged_record(9, (Field.of(2, "05"), Field.of(3, "1"), Field.of(4, "U")))
    transaction = make_transaction(list(TYPE1.values()), [type2, minutiae])
    warnings = transaction_warnings(transaction)
    assert any("non-ASCII text but 1.015 (DCS) does not declare UTF-8" in w for w in warnings)
    assert any("IDC 5, which matches no fingerprint image record" in w for w in warnings)
    declared = make_transaction([*TYPE1.values(), Field.of(15, "3", "UTF-8")], [type2])
    assert transaction_warnings(declared) == []
