"""Write a transaction in ANSI/NIST-ITL traditional encoding.

Lengths (every LEN) are computed; everything else is written as the transaction holds it, in the
order it holds it, so a file this writer produced reads back and writes out byte for byte. The writer
refuses a transaction that breaks the standard's rules, with the same problems the reader would give.
"""

from __future__ import annotations

from securecomm.formats.checks import check_transaction
from securecomm.formats.errors import Problem, TransactionError
from securecomm.formats.records import BinaryRecord, Record, TaggedRecord, Type4Record
from securecomm.formats.tagged import encode_tagged_record
from securecomm.formats.transaction import Transaction

__all__ = ["write_transaction"]

_MAX_BINARY_LENGTH = 2**32 - 1


def _binary(record_type: int, index: int, header: bytes, image: bytes) -> bytes:
    length = 4 + len(header) + len(image)
    if length > _MAX_BINARY_LENGTH:
        raise TransactionError(
            [
                Problem(
                    f"a binary record is limited to 4 GiB; this one is {length} bytes",
                    record_index=index,
                    record_type=record_type,
                )
            ],
            source="",
        )
    return length.to_bytes(4, "big") + header + image


def _byte(value: int, what: str, index: int, record_type: int) -> int:
    if not 0 <= value <= 255:
        raise TransactionError(
            [
                Problem(
                    f"{what} is {value}; a binary header byte holds 0-255",
                    record_index=index,
                    record_type=record_type,
                )
            ],
            source="",
        )
    return value


def encode_record(record: Record, index: int) -> bytes:
    """The bytes of one record (with its computed LEN)."""
    if isinstance(record, TaggedRecord):
        return encode_tagged_record(record.record_type, record.fields, record_index=index)
    if isinstance(record, Type4Record):
        if len(record.positions) > 6:
            raise TransactionError(
                [Problem("Type-4 FGP holds at most 6 finger positions", record_index=index, record_type=4)],
                source="",
            )
        for size, what in ((record.width, "HLL"), (record.height, "VLL")):
            if not 0 <= size <= 0xFFFF:
                raise TransactionError(
                    [
                        Problem(
                            f"{what} {size} does not fit the 2-byte Type-4 field",
                            record_index=index,
                            record_type=4,
                        )
                    ],
                    source="",
                )
        fgp = bytes(_byte(p, "a finger position", index, 4) for p in record.positions)
        header = (
            bytes([_byte(record.idc, "IDC", index, 4), _byte(record.impression, "IMP", index, 4)])
            + fgp.ljust(6, b"\xff")
            + bytes([_byte(record.isr, "ISR", index, 4)])
            + record.width.to_bytes(2, "big")
            + record.height.to_bytes(2, "big")
            + bytes([_byte(record.compression, "GCA", index, 4)])
        )
        return _binary(4, index, header, record.image)
    if isinstance(record, BinaryRecord):
        header = bytes([_byte(record.idc, "IDC", index, record.record_type)]) + record.header
        return _binary(record.record_type, index, header, record.image)
    raise TypeError(f"not a record: {type(record).__name__}")


def write_transaction(transaction: Transaction) -> bytes:
    """The transaction as traditional-encoding bytes; `TransactionError` if it breaks a rule."""
    problems = check_transaction(transaction)
    if problems:
        raise TransactionError(problems, source=transaction.source)
    try:
        return b"".join(encode_record(r, i) for i, r in enumerate(transaction.records))
    except TransactionError as error:
        raise TransactionError(error.problems, source=transaction.source) from None
