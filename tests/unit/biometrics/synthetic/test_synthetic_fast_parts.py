"""The compiled pieces of a master against the library calls they replace (same values, not just close)."""

from __future__ import annotations

import math

import numba
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import ndimage

from securecomm.biometrics.synthetic import frequency
from securecomm.biometrics.synthetic import parameters as P
from securecomm.biometrics.synthetic.distance import signed_distance, squared_distance, taxicab_depth
from securecomm.biometrics.synthetic.keys import PatternClass
from securecomm.biometrics.synthetic.layout import draw_orientation_model
from securecomm.biometrics.synthetic.orientation import (
    OrientationModel,
    SingularKind,
    SingularPoint,
    _atan2,
    orientation_at,
    orientation_field,
)
from securecomm.biometrics.synthetic.shape import draw_shape
from securecomm.biometrics.synthetic.skeleton import _zhang_suen, thin
from securecomm.biometrics.synthetic.vector_dot import row_dot

masks = st.tuples(st.integers(0, 2**32 - 1), st.integers(1, 45), st.integers(1, 45), st.floats(0.02, 0.98))


def _mask(seed: int, height: int, width: int, density: float) -> np.ndarray:
    return np.random.default_rng(seed).random((height, width)) < density


@settings(max_examples=80, deadline=None)
@given(masks)
def test_signed_distance_is_scipys_exact_distance_transform(case: tuple[int, int, int, float]) -> None:
    area = _mask(*case)
    if area.all() or not area.any():
        return  # one side has no pixels to measure to
    expected = (ndimage.distance_transform_edt(area) - ndimage.distance_transform_edt(~area)).astype(
        np.float32
    )
    assert np.array_equal(signed_distance(area), expected)


def test_squared_distance_without_features_is_far() -> None:
    assert (squared_distance(np.zeros((3, 4), bool)) == 2**40).all()
    assert squared_distance(np.eye(3, dtype=bool)).tolist() == [[0, 1, 2], [1, 0, 1], [2, 1, 0]]


@settings(max_examples=80, deadline=None)
@given(masks, st.integers(1, 16))
def test_taxicab_depth_erodes_and_dilates_like_scipy(case: tuple[int, int, int, float], k: int) -> None:
    area = _mask(*case)
    assert np.array_equal(taxicab_depth(area) > k, ndimage.binary_erosion(area, iterations=k, border_value=0))
    dilated = taxicab_depth(~area, surroundings_outside=False) <= k
    assert np.array_equal(dilated, ndimage.binary_dilation(area, iterations=k))


def test_the_master_area_keeps_its_distance_transform() -> None:
    area = draw_shape(np.random.default_rng(3)).mask(P.MASTER_HEIGHT_PX, P.MASTER_WIDTH_PX)
    expected = (ndimage.distance_transform_edt(area) - ndimage.distance_transform_edt(~area)).astype(
        np.float32
    )
    assert np.array_equal(signed_distance(area), expected)
    assert np.array_equal(
        taxicab_depth(area) > P.MINUTIA_BORDER_PX,
        ndimage.binary_erosion(area, iterations=P.MINUTIA_BORDER_PX, border_value=0),
    )


@pytest.mark.parametrize("seed", range(12))
def test_the_area_mask_is_contains_on_every_pixel(seed: int) -> None:
    shape = draw_shape(np.random.default_rng(seed))
    rows, cols = np.mgrid[0 : P.MASTER_HEIGHT_PX, 0 : P.MASTER_WIDTH_PX].astype(np.float64)
    assert np.array_equal(shape.mask(P.MASTER_HEIGHT_PX, P.MASTER_WIDTH_PX), shape.contains(cols, rows))


def test_the_period_noise_is_bilinear_interpolation_of_the_coarse_field() -> None:
    height, width = 448, 352
    got = frequency._smooth_noise(np.random.default_rng(5), height, width)
    rng = np.random.default_rng(5)  # the same draws, interpolated by scipy
    coarse = rng.standard_normal((height // 8 + 3, width // 8 + 3))
    coarse = ndimage.gaussian_filter(coarse, P.RIDGE_PERIOD_SMOOTH_PX / 8 / 2, mode="wrap")
    coarse /= coarse.std()
    grid = np.meshgrid(np.arange(height) / 8 + 1, np.arange(width) / 8 + 1, indexing="ij")
    assert np.abs(got - ndimage.map_coordinates(coarse, grid, order=1)).max() < 1e-12
    assert got.flags.c_contiguous


@settings(max_examples=60, deadline=None)
@given(
    st.integers(0, 2**32 - 1), st.integers(2, 30), st.integers(2, 30), st.integers(1, 60), st.integers(1, 60)
)
def test_grid_interpolation_is_scipys_bilinear_resampling(
    seed: int, height: int, width: int, rows: int, cols: int
) -> None:
    rng = np.random.default_rng(seed)
    grid = rng.normal(size=(height, width))
    at_rows = np.sort(rng.uniform(0, height - 1, rows))
    at_cols = rng.uniform(0, width - 1, cols)
    at_rows[0], at_cols[-1] = 0.0, width - 1.0  # the grid's own edges
    expected = ndimage.map_coordinates(grid, np.meshgrid(at_rows, at_cols, indexing="ij"), order=1)
    assert np.abs(frequency.interpolate_grid(grid, at_rows, at_cols) - expected).max() < 1e-12


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(3, 50), st.integers(3, 50), st.booleans())
def test_thinning_a_crop_is_thinning_the_whole_image(seed: int, height: int, width: int, touch: bool) -> None:
    rng = np.random.default_rng(seed)
    image = np.zeros((height + 10, width + 10), dtype=bool)
    image[5 : 5 + height, 5 : 5 + width] = rng.random((height, width)) < 0.55
    if touch:  # set pixels on the image's own border too
        image[0, :] = rng.random(width + 10) < 0.5
    whole = image.astype(np.uint8)
    _zhang_suen(whole)
    assert np.array_equal(thin(image), whole.astype(bool))


_EDGES = [0.0, -0.0, 1.0, -1.0, 1e-300, -1e-300, 3.0, -3.0, math.inf, -math.inf]


def test_the_fast_atan2_is_the_library_one() -> None:
    compiled = numba.njit(lambda y, x: _atan2(y, x))
    rng = np.random.default_rng(0)
    ys = rng.normal(size=4000) * 10.0 ** rng.integers(-6, 6, 4000)
    xs = rng.normal(size=4000) * 10.0 ** rng.integers(-6, 6, 4000)
    got = np.array([compiled(float(y), float(x)) for y, x in zip(ys, xs, strict=True)])
    assert np.abs(got - np.arctan2(ys, xs)).max() < 1e-15
    for y in _EDGES[:6]:
        for x in _EDGES[:6]:
            assert math.copysign(1.0, compiled(y, x)) == math.copysign(1.0, math.atan2(y, x))
            assert compiled(y, x) == pytest.approx(math.atan2(y, x), abs=1e-15)


def _angle_gap(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.abs(np.remainder(a.astype(np.float64) - b + math.pi / 2, math.pi) - math.pi / 2).max())


@pytest.mark.parametrize("pattern_class", list(PatternClass))
def test_the_orientation_field_is_orientation_at_on_the_canvas(pattern_class: PatternClass) -> None:
    rng = np.random.default_rng(7)
    model = draw_orientation_model(rng, pattern_class, draw_shape(rng))
    rows, cols = np.mgrid[0:120, 0:100].astype(np.float64) * 3.0  # every third pixel, checked
    field = orientation_field(model, 360, 300)[::3, ::3]
    assert field.dtype == np.float32 and field.min() >= 0.0 and field.max() < math.pi
    assert _angle_gap(field, orientation_at(model, cols, rows)) < 1e-6


def test_the_orientation_field_handles_points_without_corrections() -> None:
    model = OrientationModel(
        singular_points=(
            SingularPoint(SingularKind.CORE, 40.5, 30.25),
            SingularPoint(SingularKind.DELTA, 20, 70),
        )
    )
    rows, cols = np.mgrid[0:90, 0:80].astype(np.float64)
    assert _angle_gap(orientation_field(model, 90, 80), orientation_at(model, cols, rows)) < 1e-6


@pytest.mark.parametrize("width", [17, 20, 32])
def test_the_vector_dot_product_sums_kernel_rows_against_image_rows(width: int) -> None:
    dot = row_dot(width)
    compiled = numba.njit(lambda k, ko, i, io, stride, rows: dot(k, ko, i, io, stride, rows))
    rng = np.random.default_rng(width)
    kernel = rng.normal(size=5 * width).astype(np.float32)
    image = rng.normal(size=(9, 40)).astype(np.float32)
    for rows in (1, 3, 5):
        got = compiled(kernel, width * (5 - rows), image, 40 * 2 + 3, 40, rows)
        patch = image[2 : 2 + rows, 3 : 3 + width].astype(np.float64)
        want = float((kernel[width * (5 - rows) :].reshape(rows, width) * patch).sum())
        assert got == pytest.approx(want, abs=1e-4)


def test_the_vector_dot_product_refuses_other_row_widths() -> None:
    for width in (16, 33):
        with pytest.raises(ValueError, match="taps"):
            row_dot(width)
