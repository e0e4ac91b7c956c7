from __future__ import annotations

import numpy as np
import pytest

from securecomm.biometrics.synthetic import FingerPosition, SynthesisError
from securecomm.biometrics.synthetic.keys import (
    Stream,
    check_identity,
    check_impression,
    check_seed,
    generator_for,
)
from securecomm.errors import BadInput


def test_finger_positions_follow_ansi_nist_codes() -> None:
    assert FingerPosition.parse(2) is FingerPosition.RIGHT_INDEX
    assert FingerPosition.parse("left_thumb") is FingerPosition.LEFT_THUMB
    assert FingerPosition.RIGHT_LITTLE.digit == 5 and FingerPosition.LEFT_THUMB.digit == 1
    assert FingerPosition.RIGHT_RING.is_right_hand and not FingerPosition.LEFT_RING.is_right_hand


@pytest.mark.parametrize("value", [0, 11, "toe", 2.0, True])
def test_unknown_finger_positions_are_refused_with_the_accepted_values(value: object) -> None:
    with pytest.raises(SynthesisError, match="1-10"):
        FingerPosition.parse(value)


@pytest.mark.parametrize(
    ("check", "value", "where"),
    [(check_seed, -1, "seed"), (check_seed, 2**63, "seed"), (check_seed, "7", "seed"),
     (check_identity, -3, "identity"), (check_impression, 0, "impression")],
)  # fmt: skip
def test_bad_keys_are_bad_input_naming_the_argument(check: object, value: object, where: str) -> None:
    assert callable(check)
    with pytest.raises(BadInput) as raised:
        check(value)
    assert raised.value.where == where


def test_each_key_has_its_own_stream_independent_of_call_order() -> None:
    first = generator_for(5, Stream.MASTER, 3, FingerPosition.RIGHT_THUMB).random(4)
    generator_for(5, Stream.MASTER, 4, FingerPosition.RIGHT_THUMB).random(100)  # another key in between
    again = generator_for(5, Stream.MASTER, 3, FingerPosition.RIGHT_THUMB).random(4)
    assert np.array_equal(first, again)
    others = [
        generator_for(6, Stream.MASTER, 3, FingerPosition.RIGHT_THUMB),
        generator_for(5, Stream.IMPRESSION, 3, FingerPosition.RIGHT_THUMB),
        generator_for(5, Stream.MASTER, 3, FingerPosition.RIGHT_INDEX),
        generator_for(5, Stream.MASTER, 3, FingerPosition.RIGHT_THUMB, 1),
    ]
    for other in others:
        assert not np.array_equal(first, other.random(4))
