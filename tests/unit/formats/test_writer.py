"""Writing transactions: real files come back byte for byte, and the writer refuses what the reader would."""

from __future__ import annotations

from pathlib import Path

import pytest

from securecomm.formats.errors import TransactionError
from securecomm.formats.reader import parse_transaction
from securecomm.formats.records import BinaryRecord, Type4Record, tagged_record
from securecomm.formats.tagged import Field
from securecomm.formats.transaction import Transaction, make_transaction
from securecomm.formats.writer import write_transaction

from .conftest import sample_files

READABLE = sample_files("nist-reference", "nist-reference-2011", "biocts-conformance/pass")

TYPE1 = [
    Field.of(2, "0500"),
    Field.of(4, "A"),
    Field.of(5, "20120726"),
    Field.of(7, "DAI"),
    Field.of(8, "ORI"),
    Field.of(9, "TCN"),
    Field.of(11, "19.69"),
    Field.of(12, "19.69"),
]


@pytest.mark.skipif(not READABLE, reason="the shared ANSI/NIST sample files are not on this machine")
@pytest.mark.parametrize("path", READABLE, ids=lambda p: p.name)
def test_reading_and_writing_a_nist_sample_gives_back_the_same_bytes(path: Path) -> None:
    original = path.read_bytes()
    transaction = parse_transaction(original, source=path.name)
    written = write_transaction(transaction)
    assert written == original
    assert parse_transaction(written, source="again") == transaction


def test_a_written_transaction_reads_back_equal_and_rewrites_identically() -> None:
    type2 = tagged_record(2, (Field.of(2, "00"), Field.repeated(3, [("a", "b"), ("c",)])))
    image = Type4Record(
        idc=1,
        impression=1,
        positions=(3,),
        isr=0,
        width=2,
        height=2,
        compression=0,
        image=b"\x00\x01\x02\x03",
    )
    signature = BinaryRecord(
        record_type=8, idc=2, header=bytes([0, 0, 0, 0, 2, 0, 2]), image=b"\x10\x20\x30\x40"
    )
    transaction = make_transaction(TYPE1, [type2, image, signature])
    data = write_transaction(transaction)
    back = parse_transaction(data, source="written")
    assert back == transaction
    assert write_transaction(back) == data
    assert back.type1.content == (("1", "3"), ("2", "00"), ("4", "01"), ("8", "02"))


def test_make_transaction_replaces_a_stale_cnt_and_orders_type1_fields() -> None:
    stale = [Field.repeated(3, [("1", "9")]), *reversed(TYPE1)]
    transaction = make_transaction(stale, [tagged_record(2, (Field.of(2, "05"),))])
    assert [f.number for f in transaction.type1.fields] == [2, 3, 4, 5, 7, 8, 9, 11, 12]
    assert transaction.type1.content == (("1", "1"), ("2", "05"))


def test_the_writer_refuses_a_cnt_that_does_not_match_the_records() -> None:
    good = make_transaction(TYPE1, [tagged_record(2, (Field.of(2, "00"),))])
    extra = Transaction(records=(*good.records, tagged_record(2, (Field.of(2, "01"),))))
    with pytest.raises(
        TransactionError, match=r"CNT \(1.003\) lists \[2/0\] but the transaction holds \[2/0, 2/1\]"
    ):
        write_transaction(extra)


def test_the_writer_refuses_rule_breaks_and_names_the_field() -> None:
    bad_date = make_transaction([*TYPE1[:2], Field.of(5, "2012-07-26"), *TYPE1[3:]], [])
    with pytest.raises(TransactionError) as caught:
        write_transaction(bad_date)
    assert caught.value.problems[0].tag == "1.005"
    with pytest.raises(TransactionError, match="separator"):
        write_transaction(make_transaction([*TYPE1, Field.of(10, "a\x1eb")], []))


def test_type4_header_values_must_fit_their_bytes() -> None:
    image = Type4Record(
        idc=1, impression=1, positions=(3,), isr=0, width=70000, height=2, compression=0, image=b"\x00"
    )
    with pytest.raises(TransactionError, match="HLL 70000 does not fit"):
        write_transaction(make_transaction(TYPE1, [image]))


def test_a_transaction_needs_its_type1_record() -> None:
    with pytest.raises(TransactionError, match="must begin with its Type-1 record"):
        write_transaction(Transaction(records=(tagged_record(2, (Field.of(2, "00"),)),)))
