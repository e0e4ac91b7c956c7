"""Reading transactions: every NIST sample reads, every conformance failure is refused for its own reason,
and no bytes whatsoever make the reader raise anything but a `TransactionError`."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from securecomm.formats.errors import TransactionError
from securecomm.formats.reader import parse_transaction
from securecomm.formats.records import Type1Record, Type4Record, Type9Record, Type10Record, Type14Record
from securecomm.formats.tagged import Field
from securecomm.formats.transaction import make_transaction
from securecomm.formats.writer import write_transaction

from .conftest import sample_files

READABLE = sample_files("nist-reference", "nist-reference-2011", "biocts-conformance/pass")
REFUSED = sample_files("biocts-conformance/fail")


def read(path: Path):  # type: ignore[no-untyped-def]
    return parse_transaction(path.read_bytes(), source=path.name)


@pytest.mark.skipif(not READABLE, reason="the shared ANSI/NIST sample files are not on this machine")
@pytest.mark.parametrize("path", READABLE, ids=lambda p: p.name)
def test_every_nist_reference_and_conformance_pass_file_reads(path: Path) -> None:
    transaction = read(path)
    assert isinstance(transaction.records[0], Type1Record)
    assert len(transaction.records) == int(transaction.type1.content[0][1]) + 1


def test_all_sample_folders_were_found(ansi_nist: Path) -> None:
    assert len(READABLE) == 20
    assert len(REFUSED) == 7


# Each conformance failure with the rule it breaks: (field tag, words of the message).
EXPECTED_REFUSALS = {
    "fail-deprecated-records.an2": ("1.003", "Type-3 record"),
    "fail-missing-info-items.an2": ("1.013", "DNM (domain name), is required but empty"),
    "fail-type-1-L1.an2": ("1.003", "first subfield must be '1<US>n'"),
    "fail-type-1-L2.an2": ("1.015", "index 0 means ASCII, but its name is 'UTF-8'"),
    "fail-type-1-wrong-record-number.an2": ("0.002", "record number 0 in tag '0.002'"),
    "fail-type-14-L1.an2": ("14.003", "'4' is not a valid Type-14 impression type"),
    "fail-type-14-L2.an2": ("14.014", "only allowed when 14.013 (FGP) is 19"),
}


@pytest.mark.skipif(not REFUSED, reason="the shared ANSI/NIST sample files are not on this machine")
@pytest.mark.parametrize("path", REFUSED, ids=lambda p: p.name)
def test_every_conformance_failure_is_refused_with_its_reason_and_place(path: Path) -> None:
    tag, words = EXPECTED_REFUSALS[path.name]
    with pytest.raises(TransactionError) as caught:
        read(path)
    first = caught.value.problems[0]
    assert first.tag == tag
    assert words in first.message
    assert first.offset is not None and first.record_index is not None
    assert path.name in str(caught.value) and f"field {tag}" in str(caught.value)


def test_level_1_and_level_2_failures_report_every_problem(ansi_nist: Path) -> None:
    """One run lists everything to fix, not just the first problem."""
    with pytest.raises(TransactionError) as caught:
        read(ansi_nist / "biocts-conformance/fail/fail-missing-info-items.an2")
    assert [p.tag for p in caught.value.problems] == ["1.013", "1.015", "1.015", "1.016", "1.017", "1.017"]
    with pytest.raises(TransactionError) as caught:
        read(ansi_nist / "biocts-conformance/fail/fail-type-14-L1.an2")
    tags = {p.tag for p in caught.value.problems}
    assert {"14.003", "14.005", "14.008", "14.014", "14.022", "14.027"} <= tags
    with pytest.raises(TransactionError) as caught:
        read(ansi_nist / "biocts-conformance/fail/fail-type-1-L2.an2")
    assert [p.tag for p in caught.value.problems] == ["1.015", "2.002"]


def test_an_odd_version_is_a_warning_not_an_error(ansi_nist: Path) -> None:
    transaction = read(ansi_nist / "nist-reference/rec01_rec02_rec16.nst.an2")
    assert transaction.version == "0"
    assert len(transaction.warnings) == 1
    assert "1.002 (VER) is '0'" in transaction.warnings[0]
    assert read(ansi_nist / "nist-reference/type-4-tpcard.an2").warnings == ()


def test_records_are_typed(ansi_nist: Path) -> None:
    transaction = read(ansi_nist / "nist-reference/type-9-10-14.an2")
    kinds = [type(r) for r in transaction.records]
    assert kinds[2:] == [Type9Record, Type10Record, Type14Record]
    face = transaction.records[3]
    assert isinstance(face, Type10Record)
    assert (face.width, face.height, face.compression, face.image_type) == (1181, 1575, "JPEGB", "FACE")
    card = read(ansi_nist / "nist-reference/type-4-tpcard.an2")
    first = card.records[2]
    assert isinstance(first, Type4Record)
    assert (first.positions, first.impression, first.width, first.height, first.compression_name) == (
        (1,),
        3,
        804,
        752,
        "WSQ20",
    )


def test_utf8_text_reads_when_the_character_set_is_declared(ansi_nist: Path) -> None:
    transaction = read(ansi_nist / "nist-reference/type-14-amp-nqm-utf8.an2")
    assert transaction.records[1].text(3) == "two chinese characters: \u83ef\u88d4"  # type: ignore[union-attr]
    slap = transaction.records[4]
    assert isinstance(slap, Type14Record) and slap.amputations == ((9, "XX"),)


def small_transaction() -> bytes:
    type1 = [
        Field.of(2, "0500"),
        Field.of(4, "A"),
        Field.of(5, "20120726"),
        Field.of(7, "DAI"),
        Field.of(8, "ORI"),
        Field.of(9, "TCN"),
        Field.of(11, "00.00"),
        Field.of(12, "00.00"),
    ]
    from securecomm.formats.records import tagged_record

    type2 = tagged_record(2, (Field.of(2, "00"), Field.of(3, "text")))
    return write_transaction(make_transaction(type1, [type2]))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_truncated_or_mutated_bytes_give_a_transaction_error_never_another_exception(
    data: st.DataObject,
) -> None:
    original = small_transaction()
    mutated = bytearray(original[: data.draw(st.integers(min_value=0, max_value=len(original)))])
    for _ in range(data.draw(st.integers(min_value=0, max_value=4))):
        if mutated:
            mutated[data.draw(st.integers(min_value=0, max_value=len(mutated) - 1))] = data.draw(
                st.integers(0, 255)
            )
    try:
        parse_transaction(bytes(mutated), source="fuzz")
    except TransactionError as error:
        problems, message = error.problems, str(error)
    else:
        return  # a mutation that left a valid transaction
    assert problems
    assert message.startswith("fuzz: ")


@settings(max_examples=200)
@given(st.binary(max_size=300))
def test_garbage_bytes_give_a_transaction_error(garbage: bytes) -> None:
    with pytest.raises(TransactionError):
        parse_transaction(b"1.001:" + garbage, source="garbage")


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n", "expected a field tag like '1.NNN:'"),
        (b"1.001:50", "only 8 bytes remain"),
        (b"1.001:5", "LEN value is not followed by a GS or FS"),
    ],
)
def test_files_that_are_not_transactions_are_refused(data: bytes, words: str) -> None:
    with pytest.raises(TransactionError, match=words):
        parse_transaction(data, source="x")


def test_a_short_file_and_trailing_bytes_are_refused() -> None:
    data = small_transaction()
    with pytest.raises(
        TransactionError, match=r"CNT .* lists 1 records after Type-1 but the file ends after 0"
    ):
        parse_transaction(data[: data.index(b"2.001")], source="x")
    with pytest.raises(TransactionError, match="3 bytes follow the last record"):
        parse_transaction(data + b"abc", source="x")


def test_a_record_whose_idc_disagrees_with_cnt_is_refused() -> None:
    data = small_transaction().replace(b"2.002:00", b"2.002:07")
    with pytest.raises(TransactionError) as caught:
        parse_transaction(data, source="x")
    assert caught.value.problems[0].tag == "2.002"
    assert "IDC is 7 but CNT (1.003) lists this Type-2 record with IDC 0" in caught.value.problems[0].message


def test_parse_needs_bytes() -> None:
    with pytest.raises(TypeError):
        parse_transaction("1.001:", source="x")  # type: ignore[arg-type]
