"""Receipt numbers: unguessable, typable, and a mistyped character or swapped pair is caught."""

from __future__ import annotations

import itertools
import secrets

import pytest
from hypothesis import given
from hypothesis import strategies as st

from securecomm.complaints import ReceiptError, new_receipt, parse_receipt
from securecomm.complaints.receipts import ALPHABET

FIXED = bytes(range(10))


def test_shape_and_alphabet() -> None:
    receipt = new_receipt(lambda n: FIXED[:n])
    prefix, *groups, check = receipt.split("-")
    assert prefix == "SC" and [len(g) for g in groups] == [4, 4, 4, 4] and len(check) == 1
    assert set("".join(groups) + check) <= set(ALPHABET)
    assert not set("ILOU") & set("".join(groups))


def test_eighty_random_bits_make_distinct_receipts() -> None:
    made = {new_receipt(secrets.token_bytes) for _ in range(2000)}
    assert len(made) == 2000


@given(st.binary(min_size=10, max_size=10))
def test_reading_is_forgiving_about_case_spaces_dashes_and_look_alikes(raw: bytes) -> None:
    receipt = new_receipt(lambda n: raw)
    typed = receipt.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert parse_receipt(typed) == receipt
    assert parse_receipt(receipt.replace("-", "")[2:]) == receipt  # without the prefix


@given(st.binary(min_size=10, max_size=10), st.data())
def test_every_single_mistyped_character_is_caught(raw: bytes, data: st.DataObject) -> None:
    receipt = new_receipt(lambda n: raw)
    compact = receipt.replace("-", "")[2:]
    position = data.draw(st.integers(0, len(compact) - 1))
    wrong = data.draw(st.sampled_from([c for c in ALPHABET if c != compact[position]]))
    typo = compact[:position] + wrong + compact[position + 1 :]
    with pytest.raises(ReceiptError) as caught:
        parse_receipt(typo)
    assert caught.value.code == "receipt_check"


@given(st.binary(min_size=10, max_size=10))
def test_every_swap_of_neighbours_is_caught(raw: bytes) -> None:
    compact = new_receipt(lambda n: raw).replace("-", "")[2:]
    for i, j in itertools.pairwise(range(len(compact))):
        if compact[i] == compact[j]:
            continue
        swapped = compact[:i] + compact[j] + compact[i] + compact[j + 1 :]
        with pytest.raises(ReceiptError):
            parse_receipt(swapped)


@pytest.mark.parametrize(
    "text", ["", "SC-1234", "SC-UUUU-0000-0000-0000-0", "x" * 40, "SC-0000-0000-0000-0000-00"]
)
def test_malformed_text_says_what_a_receipt_looks_like(text: str) -> None:
    with pytest.raises(ReceiptError) as caught:
        parse_receipt(text)
    assert caught.value.code == "receipt_format"
    assert "SC-XXXX-XXXX-XXXX-XXXX-X" in str(caught.value)
