"""The minutia-pair code: the compiled encoder agrees with its NumPy definition, and the code is invariant
to where and at what angle the finger touched the sensor."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from securecomm.biometrics.gallery import (
    DEFAULT_SPEC,
    GalleryError,
    PairCodeSpec,
    encode_minutiae,
    encode_minutiae_reference,
    encode_template,
)

from .conftest import TenPrint


def _minutiae(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = draw(st.integers(0, 40))
    coords = st.integers(0, 399)
    x = np.array(draw(st.lists(coords, min_size=n, max_size=n)), dtype=np.int16)
    y = np.array(draw(st.lists(coords, min_size=n, max_size=n)), dtype=np.int16)
    angles = st.floats(0, 2 * math.pi, exclude_max=True, allow_nan=False)
    d = np.array(draw(st.lists(angles, min_size=n, max_size=n)), dtype=np.float32)
    return x, y, d


minutiae = st.composite(_minutiae)


@settings(max_examples=60, deadline=None)
@given(minutiae(), st.booleans())
def test_the_compiled_encoder_agrees_with_the_numpy_definition(
    m: tuple[np.ndarray, np.ndarray, np.ndarray], gallery: bool
) -> None:
    x, y, d = m
    offsets = np.array([0, x.size], dtype=np.int64)
    fast = encode_minutiae(offsets, x, y, d, gallery=gallery)[0]
    assert np.array_equal(fast, encode_minutiae_reference(x, y, d, gallery=gallery))


def test_batches_encode_each_row_as_if_alone(prints: Callable[[int, int], TenPrint]) -> None:
    templates = list(prints(0, 1).values())[:4]
    offsets = np.cumsum([0] + [t.count for t in templates])
    x = np.concatenate([t.x for t in templates])
    y = np.concatenate([t.y for t in templates])
    d = np.concatenate([t.direction for t in templates])
    batch = encode_minutiae(offsets, x, y, d, gallery=True)
    for row, template in enumerate(templates):
        assert np.array_equal(batch[row], encode_template(template, gallery=True))


def _moved(x: np.ndarray, y: np.ndarray, d: np.ndarray, angle: float, shift: tuple[float, float]) -> tuple:
    c, s = math.cos(angle), math.sin(angle)
    xf, yf = x.astype(float), y.astype(float)
    return (
        c * xf - s * yf + shift[0],
        s * xf + c * yf + shift[1],
        np.mod(d.astype(float) + angle, 2 * math.pi),
    )


@settings(max_examples=25, deadline=None)
@given(st.floats(-math.pi, math.pi), st.floats(-150, 150), st.floats(-150, 150))
def test_a_moved_and_turned_finger_keeps_its_code(angle: float, dx: float, dy: float) -> None:
    rng = np.random.default_rng(5)
    x, y = rng.uniform(0, 300, 35), rng.uniform(0, 400, 35)
    d = rng.uniform(0, 2 * math.pi, 35)
    enrolled = encode_minutiae_reference(x, y, d, gallery=True)
    searched = encode_minutiae_reference(*_moved(x, y, d, angle, (dx, dy)), gallery=False)
    # the search code falls inside the enrolled code's tolerance (a rounding edge may move a bit or two)
    inside = int(np.bitwise_count(searched & enrolled).sum())
    assert inside >= int(np.bitwise_count(searched).sum()) - 2


def test_mated_codes_share_far_more_bits_than_unrelated_ones(prints: Callable[[int, int], TenPrint]) -> None:
    shared_mated, shared_other = [], []
    for identity in range(6):
        enrolled = encode_template(prints(identity, 1)[2], gallery=True)
        mated = encode_template(prints(identity, 2)[2], gallery=False)
        other = encode_template(prints(identity + 1, 2)[2], gallery=False)
        shared_mated.append(np.bitwise_count(enrolled & mated).sum() / np.bitwise_count(mated).sum())
        shared_other.append(np.bitwise_count(enrolled & other).sum() / np.bitwise_count(other).sum())
    assert min(shared_mated) > max(shared_other)


def test_fewer_than_two_minutiae_make_an_empty_code() -> None:
    code = encode_minutiae_reference(np.array([10]), np.array([10]), np.array([0.5]), gallery=True)
    assert code.shape == (DEFAULT_SPEC.words,) and not code.any()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("bits", 1000),
        ("angle_bins", 1),
        ("gallery_spread", 0.5),
        ("distance_ratio", 1.0),
        ("min_distance_px", 0),
    ],
)
def test_a_bad_code_parameter_is_named(field: str, value: float) -> None:
    with pytest.raises(GalleryError, match=f"PairCodeSpec.{field}"):
        PairCodeSpec(**{field: value})


def test_inconsistent_arrays_are_refused() -> None:
    with pytest.raises(GalleryError, match="x must be 1-D with 3 values"):
        encode_minutiae(np.array([0, 3]), np.zeros(2), np.zeros(3), np.zeros(3), gallery=False)
    with pytest.raises(GalleryError, match="offsets must start at 0"):
        encode_minutiae(np.array([1, 3]), np.zeros(3), np.zeros(3), np.zeros(3), gallery=False)
