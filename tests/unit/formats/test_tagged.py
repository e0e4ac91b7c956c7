"""The tagged-field layer: what is written reads back the same, and broken bytes are named precisely."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from securecomm.formats.errors import TransactionError
from securecomm.formats.tagged import FS, GS, Field, decode_tagged_record, encode_tagged_record

# Text items: any printable text without the four separators (they delimit the structure).
items = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x1c\x1d\x1e\x1f"), max_size=12
)
text_values = st.lists(st.lists(items, min_size=1, max_size=4).map(tuple), min_size=1, max_size=4).map(tuple)


@st.composite
def records(draw: st.DrawFn) -> tuple[int, tuple[Field, ...]]:
    record_type = draw(st.sampled_from([2, 9, 10, 14, 16, 17, 99]))
    numbers = draw(st.lists(st.integers(min_value=2, max_value=998), min_size=1, max_size=8, unique=True))
    fields = [Field(n, draw(text_values)) for n in sorted(numbers)]
    if record_type >= 10 and draw(st.booleans()):
        fields.append(Field(999, draw(st.binary(max_size=64))))
    return record_type, tuple(fields)


@given(records())
def test_tagged_records_round_trip(record: tuple[int, tuple[Field, ...]]) -> None:
    record_type, fields = record
    data = encode_tagged_record(record_type, fields)
    decoded = decode_tagged_record(data, 0, record_type, record_index=1)
    assert decoded.fields == fields
    assert decoded.end == len(data) == decoded.length
    assert data.endswith(FS)


@given(records(), st.binary(max_size=20))
def test_a_record_reads_the_same_inside_a_longer_file(
    record: tuple[int, tuple[Field, ...]], tail: bytes
) -> None:
    record_type, fields = record
    data = b"prefix" + encode_tagged_record(record_type, fields) + tail
    decoded = decode_tagged_record(data, 6, record_type, record_index=3)
    assert decoded.fields == fields
    assert decoded.end == len(data) - len(tail)


def test_len_counts_its_own_digits_across_a_power_of_ten() -> None:
    # 2.001:NN<GS>2.003:<text><FS>: grow the text until LEN crosses from 2 to 3 digits.
    for size in range(80, 100):
        data = encode_tagged_record(2, (Field.of(3, "x" * size),))
        assert int(data.split(GS)[0].split(b":")[1]) == len(data)


def test_binary_field_999_keeps_separator_bytes() -> None:
    payload = bytes(range(256))
    data = encode_tagged_record(14, (Field.of(2, "01"), Field(999, payload)))
    assert decode_tagged_record(data, 0, 14, record_index=1).fields[1].value == payload


def test_text_with_a_separator_is_refused_on_writing() -> None:
    with pytest.raises(TransactionError, match="separator"):
        encode_tagged_record(2, (Field.of(3, "a\x1db"),))


def test_binary_data_outside_field_999_is_refused() -> None:
    with pytest.raises(TransactionError, match="field 999"):
        encode_tagged_record(2, (Field(3, b"\x00"),))


def with_len(body: bytes) -> bytes:
    """A Type-2 record: a correct LEN, then `body` (the fields after LEN, separators included)."""
    length = len(b"2.001:") + 1 + len(body) + 1
    while len(b"2.001:") + len(str(length)) + 1 + len(body) != length:
        length = len(b"2.001:") + len(str(length)) + 1 + len(body)
    return b"2.001:" + str(length).encode() + GS + body


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (with_len(b"3.002:00\x1d2.003:x\x1c"), "record number 3 in tag '3.002'"),
        (b"2.002:00\x1c", "must begin with its length field 2.001"),
        (b"2.001:ab\x1d2.002:00\x1c", "LEN must be a decimal byte count"),
        (b"2.001:99\x1d2.002:00\x1c", "only 18 bytes remain"),
        (b"2.001:17\x1d2.002:00\x1c\x1c", "is not FS"),
        (with_len(b"2.002:00\x1c2.003:x\x1c"), "FS (end of record) at byte 17"),
        (with_len(b"2.002:00\x1d2.002:01\x1c"), "appears twice"),
        (with_len(b"2.002:0\xff\x1c"), "neither ASCII nor UTF-8"),
        (with_len(b"2.002:00\x1dxyz:1\x1c"), "expected a field tag"),
    ],
)
def test_broken_records_name_the_problem_and_its_byte(data: bytes, expected: str) -> None:
    with pytest.raises(TransactionError) as caught:
        decode_tagged_record(data, 0, 2, record_index=1)
    problem = caught.value.problems[0]
    assert expected in problem.message
    assert problem.offset is not None
    assert problem.record_index == 1


def test_field_helpers_show_values_as_written() -> None:
    field = Field.repeated(3, [("1", "2"), ("2", "00")])
    assert field.text == "1<US>2<RS>2<US>00"
    assert field.first == "1"
    assert Field(999, b"abc").text == "<3 bytes>"
    assert Field.of(4).subfields == (("",),)
