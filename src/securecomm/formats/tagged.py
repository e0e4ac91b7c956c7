"""The tagged-field layer of ANSI/NIST-ITL traditional encoding: `T.NNN:value` separated by GS, ended by FS.

A field's value is a list of subfields (separated by RS), each a list of information items (separated
by US). Field 999 of the image-bearing record types (10 and above) is binary and runs to the end of the
record. The logical record length (field T.001, LEN) is not kept in a `Field`: it is a property of the
bytes, checked when reading and computed when writing.

>>> record = encode_tagged_record(2, (Field.of(2, "00"), Field.of(3, "text")))
>>> record
b'2.001:19\\x1d2.002:00\\x1d2.003:text\\x1c'
>>> decode_tagged_record(record, 0, 2, record_index=1).fields == (Field.of(2, "00"), Field.of(3, "text"))
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from securecomm.formats.errors import Problem, TransactionError

__all__ = [
    "FS",
    "GS",
    "RS",
    "US",
    "DecodedRecord",
    "Field",
    "decode_tagged_record",
    "encode_tagged_record",
    "is_binary_field",
]

FS, GS, RS, US = b"\x1c", b"\x1d", b"\x1e", b"\x1f"
SEPARATORS = "\x1c\x1d\x1e\x1f"

Subfields = tuple[tuple[str, ...], ...]

_TAG = re.compile(rb"(\d{1,2})\.(\d{1,9}):")
_END_OF_VALUE = re.compile(rb"[\x1c\x1d]")


def is_binary_field(record_type: int, number: int) -> bool:
    """Field 999 of the image-bearing tagged records (Types 10-99) holds binary data to the record end."""
    return number == 999 and record_type >= 10


@dataclass(frozen=True, slots=True)
class Field:
    """One tagged field: its number (the part after the dot) and its value.

    A text value is a tuple of subfields, each a tuple of information items; a binary value (field 999
    of an image record) is `bytes`.
    """

    number: int
    value: Subfields | bytes

    @classmethod
    def of(cls, number: int, *items: str) -> Field:
        """A field with one subfield holding `items` (one item: a simple text field)."""
        return cls(number, (tuple(items) if items else ("",),))

    @classmethod
    def repeated(cls, number: int, subfields: Iterable[Sequence[str]]) -> Field:
        """A field with several subfields, each a sequence of information items."""
        return cls(number, tuple(tuple(items) for items in subfields))

    @property
    def is_binary(self) -> bool:
        return isinstance(self.value, bytes)

    @property
    def subfields(self) -> Subfields:
        """The subfields of a text field (a binary field has none)."""
        return () if isinstance(self.value, bytes) else self.value

    @property
    def text(self) -> str:
        """The value as written, separators shown as '<RS>' and '<US>' (binary: a byte count)."""
        if isinstance(self.value, bytes):
            return f"<{len(self.value)} bytes>"
        return "<RS>".join("<US>".join(items) for items in self.value)

    @property
    def first(self) -> str:
        """The first information item of the first subfield (the whole value of a simple field)."""
        if isinstance(self.value, bytes) or not self.value or not self.value[0]:
            return ""
        return self.value[0][0]


@dataclass(frozen=True, slots=True)
class DecodedRecord:
    """A tagged record read from bytes: its fields, where it ends, and where each field began."""

    fields: tuple[Field, ...]
    end: int
    length: int
    field_offsets: tuple[int, ...]


def tag(record_type: int, number: int) -> str:
    """The canonical tag text: '14.013'."""
    return f"{record_type}.{number:03d}"


def _encode_value(record_type: int, field: Field, record_index: int | None) -> bytes:
    if isinstance(field.value, bytes):
        if not is_binary_field(record_type, field.number):
            raise TransactionError(
                [
                    Problem(
                        "binary data is only allowed in field 999 of Types 10-99",
                        record_index=record_index,
                        record_type=record_type,
                        tag=tag(record_type, field.number),
                    )
                ],
                source="",
            )
        return field.value
    for items in field.value:
        for item in items:
            if any(sep in item for sep in SEPARATORS):
                raise TransactionError(
                    [
                        Problem(
                            f"text {item!r} contains a separator character (FS, GS, RS or US); remove it",
                            record_index=record_index,
                            record_type=record_type,
                            tag=tag(record_type, field.number),
                        )
                    ],
                    source="",
                )
    return RS.join(US.join(item.encode("utf-8") for item in items) for items in field.value)


def encode_tagged_record(
    record_type: int, fields: Sequence[Field], *, record_index: int | None = None
) -> bytes:
    """Encode one tagged record; LEN (T.001) is computed and written first, the fields in the order given."""
    body = b"".join(
        f"{tag(record_type, f.number)}:".encode() + _encode_value(record_type, f, record_index) + GS
        for f in fields
        if f.number != 1
    )
    if body:
        body = body[:-1] + FS
    head = f"{tag(record_type, 1)}:".encode()
    terminator = GS if body else FS
    # LEN counts its own digits: find the fixed point (at most two rounds).
    length = len(head) + 1 + len(body) + 1
    while len(head) + len(str(length)) + 1 + len(body) != length:
        length = len(head) + len(str(length)) + 1 + len(body)
    return head + str(length).encode() + terminator + body


def _problem(message: str, index: int, record_type: int, tag_text: str | None, offset: int) -> Problem:
    return Problem(message, record_index=index, record_type=record_type, tag=tag_text, offset=offset)


def _fail(message: str, index: int, record_type: int, tag_text: str | None, offset: int) -> TransactionError:
    return TransactionError([_problem(message, index, record_type, tag_text, offset)], source="")


def _read_tag(data: bytes, pos: int, record_type: int, index: int) -> tuple[int, str, int]:
    """Parse 'T.NNN:' at `pos`; check the record number; return (field number, tag text, value start)."""
    match = _TAG.match(data, pos)
    if match is None:
        shown = data[pos : pos + 12]
        raise _fail(
            f"expected a field tag like '{record_type}.NNN:' but found {shown!r}",
            index,
            record_type,
            None,
            pos,
        )
    tag_text = match.group(0)[:-1].decode("ascii")
    if int(match.group(1)) != record_type:
        raise _fail(
            f"record number {int(match.group(1))} in tag '{tag_text}' does not match the record type "
            f"{record_type} listed in CNT (1.003); every tag in this record must start with '{record_type}.'",
            index,
            record_type,
            tag_text,
            pos,
        )
    return int(match.group(2)), tag_text, match.end()


def _decode_text(raw: bytes, index: int, record_type: int, tag_text: str, offset: int) -> Subfields:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _fail(
            f"text is neither ASCII nor UTF-8 (byte 0x{raw[error.start]:02x} at value position {error.start})",
            index,
            record_type,
            tag_text,
            offset,
        ) from None
    return tuple(tuple(sub.split("\x1f")) for sub in text.split("\x1e"))


def decode_tagged_record(data: bytes, start: int, record_type: int, *, record_index: int) -> DecodedRecord:
    """Read the tagged record of type `record_type` that begins at `start` in `data`.

    Raises `TransactionError` (with the byte offset) when the LEN field, a tag, a separator or the text
    encoding is wrong; value-level rules (dates, codes, required items) are checked elsewhere.
    """
    number, tag_text, pos = _read_tag(data, start, record_type, record_index)
    if number != 1:
        raise _fail(
            f"a record must begin with its length field {tag(record_type, 1)} (LEN), found '{tag_text}'",
            record_index,
            record_type,
            tag_text,
            start,
        )
    end_match = _END_OF_VALUE.search(data, pos)
    len_text = data[pos : end_match.start() if end_match else len(data)]
    if not len_text.isdigit():
        raise _fail(
            f"LEN must be a decimal byte count, found {len_text[:12]!r}",
            record_index,
            record_type,
            tag_text,
            start,
        )
    length = int(len_text)
    end = start + length
    if end > len(data):
        raise _fail(
            f"LEN says the record is {length} bytes but only {len(data) - start} bytes remain "
            "(the file is truncated or LEN is wrong)",
            record_index,
            record_type,
            tag_text,
            start,
        )
    if end_match is None or end_match.start() >= end:
        raise _fail(
            "LEN value is not followed by a GS or FS separator inside the record",
            record_index,
            record_type,
            tag_text,
            start,
        )
    if data[end - 1 : end] != FS:
        raise _fail(
            f"LEN says the record ends at byte {end - 1}, but the byte there is not FS (0x1C); "
            "LEN does not agree with the record's length",
            record_index,
            record_type,
            tag_text,
            start,
        )
    fields: list[Field] = []
    offsets: list[int] = []
    seen: set[int] = set()
    pos = end_match.start() + 1
    if data[end_match.start() : end_match.start() + 1] == FS and end_match.start() != end - 1:
        raise _fail(
            f"FS (end of record) at byte {end_match.start()} but LEN says the record ends at byte {end - 1}",
            record_index,
            record_type,
            tag_text,
            start,
        )
    while pos < end:
        field_start = pos
        number, tag_text, pos = _read_tag(data, pos, record_type, record_index)
        if number == 1 or number in seen:
            raise _fail(
                f"field '{tag_text}' appears twice in the record",
                record_index,
                record_type,
                tag_text,
                field_start,
            )
        seen.add(number)
        if is_binary_field(record_type, number):
            fields.append(Field(number, bytes(data[pos : end - 1])))
            offsets.append(field_start)
            pos = end
            break
        # data[end - 1] is FS (checked above), so a separator is always found before `end`.
        stop = _END_OF_VALUE.search(data, pos, end)
        assert stop is not None
        if data[stop.start() : stop.start() + 1] == FS and stop.start() != end - 1:
            raise _fail(
                f"FS (end of record) at byte {stop.start()} but LEN says the record ends at byte {end - 1}",
                record_index,
                record_type,
                tag_text,
                field_start,
            )
        value = _decode_text(
            bytes(data[pos : stop.start()]), record_index, record_type, tag_text, field_start
        )
        fields.append(Field(number, value))
        offsets.append(field_start)
        pos = stop.start() + 1
    return DecodedRecord(fields=tuple(fields), end=end, length=length, field_offsets=tuple(offsets))
