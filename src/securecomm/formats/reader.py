"""Read an ANSI/NIST-ITL 1-2011 traditional-encoding transaction from bytes.

Reading has two passes. The structural pass walks the bytes: the Type-1 record, its CNT (1.003), then
each listed record as tagged fields or as a binary record, checking every LEN, tag, separator and IDC
on the way; it stops at the first break, because after one the remaining bytes have no meaning. The
rule pass (`checks.check_transaction`) then collects every field-level problem. Either raises a
`TransactionError` whose problems name record, field tag and byte offset.
"""

from __future__ import annotations

from types import MappingProxyType

from securecomm.formats.checks import check_transaction, content_entries, transaction_warnings
from securecomm.formats.codes import BINARY_RECORD_TYPES, DEPRECATED_RECORD_TYPES
from securecomm.formats.errors import Problem, TransactionError
from securecomm.formats.records import BinaryRecord, Record, Type1Record, Type4Record, tagged_record
from securecomm.formats.tagged import decode_tagged_record
from securecomm.formats.transaction import Layout, Transaction

__all__ = ["parse_transaction", "read_structure"]

_BINARY_MINIMUM = {4: 18, 7: 5, 8: 12}


def _fail(message: str, index: int, record_type: int, offset: int) -> TransactionError:
    return TransactionError(
        [Problem(message, record_index=index, record_type=record_type, offset=offset)], source=""
    )


def _binary_record(data: bytes, start: int, record_type: int, index: int) -> Record:
    if start + 4 > len(data):
        raise _fail(
            f"the file ends {len(data) - start} bytes into this record, before its 4-byte length",
            index,
            record_type,
            start,
        )
    length = int.from_bytes(data[start : start + 4], "big")
    minimum = _BINARY_MINIMUM[record_type]
    if length < minimum:
        raise _fail(
            f"binary LEN is {length} bytes, shorter than the {minimum}-byte Type-{record_type} header",
            index,
            record_type,
            start,
        )
    if start + length > len(data):
        raise _fail(
            f"binary LEN says the record is {length} bytes but only {len(data) - start} bytes remain "
            "(the file is truncated or LEN is wrong)",
            index,
            record_type,
            start,
        )
    body = data[start : start + length]
    idc = body[4]
    if record_type == 4:
        fgp = tuple(b for b in body[6:12] if b != 255)
        return Type4Record(
            idc=idc,
            impression=body[5],
            positions=fgp,
            isr=body[12],
            width=int.from_bytes(body[13:15], "big"),
            height=int.from_bytes(body[15:17], "big"),
            compression=body[17],
            image=bytes(body[18:]),
        )
    header_end = 5 if record_type == 7 else 12
    return BinaryRecord(
        record_type=record_type, idc=idc, header=bytes(body[5:header_end]), image=bytes(body[header_end:])
    )


def read_structure(data: bytes) -> Transaction:
    """The structural pass only: records and fields with their offsets, no field-level rules.

    Raises `TransactionError` (without a source name) at the first structural break.
    """
    if not data:
        raise TransactionError(
            [Problem("the file is empty; expected a Type-1 record '1.001:'", offset=0)], source=""
        )
    first = decode_tagged_record(data, 0, 1, record_index=0)
    type1 = tagged_record(1, first.fields)
    assert isinstance(type1, Type1Record)
    field_offsets: dict[tuple[int, int], int] = {
        (0, f.number): off for f, off in zip(first.fields, first.field_offsets, strict=True)
    }
    entries, problems = content_entries(type1, offset=field_offsets.get((0, 3)))
    if problems:
        raise TransactionError(problems, source="")
    for position, (record_type, _) in enumerate(entries, start=1):
        if record_type in DEPRECATED_RECORD_TYPES:
            raise TransactionError(
                [
                    Problem(
                        f"CNT lists a Type-{record_type} record (entry {position}); Types 3, 5 and 6 are "
                        "deprecated by ANSI/NIST-ITL 1-2011 and not accepted: send fingerprint images as "
                        "Type-14 (or Type-4) records",
                        record_index=0,
                        record_type=1,
                        tag="1.003",
                        offset=field_offsets.get((0, 3)),
                    )
                ],
                source="",
            )
    records: list[Record] = [type1]
    record_offsets = [0]
    pos = first.end
    for index, (record_type, _) in enumerate(entries, start=1):
        if pos >= len(data):
            raise _fail(
                f"CNT (1.003) lists {len(entries)} records after Type-1 but the file ends after {index - 1}",
                index,
                record_type,
                pos,
            )
        record_offsets.append(pos)
        if record_type in BINARY_RECORD_TYPES:
            record = _binary_record(data, pos, record_type, index)
            pos += int.from_bytes(data[pos : pos + 4], "big")
        else:
            decoded = decode_tagged_record(data, pos, record_type, record_index=index)
            record = tagged_record(record_type, decoded.fields)
            for f, off in zip(decoded.fields, decoded.field_offsets, strict=True):
                field_offsets[(index, f.number)] = off
            pos = decoded.end
        records.append(record)
    if pos != len(data):
        raise TransactionError(
            [
                Problem(
                    f"{len(data) - pos} bytes follow the last record that CNT (1.003) lists; CNT or a LEN is wrong",
                    offset=pos,
                )
            ],
            source="",
        )
    layout = Layout(record_offsets=tuple(record_offsets), field_offsets=MappingProxyType(field_offsets))
    return Transaction(records=tuple(records), layout=layout)


def parse_transaction(data: bytes, *, source: str) -> Transaction:
    """Read and check a traditional-encoding transaction; `source` names it in errors (a file path).

    Returns the transaction with the reader's warnings (an unknown 1.002 version, undeclared UTF-8
    text); raises `TransactionError` for anything that breaks the standard's syntax or its rules.
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError(f"parse_transaction needs bytes, not {type(data).__name__}")
    raw = bytes(data)
    try:
        structure = read_structure(raw)
    except TransactionError as error:
        raise TransactionError(error.problems, source=source) from None
    problems = check_transaction(structure)
    if problems:
        raise TransactionError(problems, source=source)
    return Transaction(
        records=structure.records,
        warnings=tuple(transaction_warnings(structure)),
        source=source,
        layout=structure.layout,
    )
