"""The fast ridge growth against its plain definition: per-pixel Gabor sums, morphological bookkeeping."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.lib.stride_tricks import sliding_window_view
from scipy import ndimage

from securecomm.biometrics.synthetic import parameters as P
from securecomm.biometrics.synthetic.gabor import (
    _dilate,
    filter_bank,
    filter_pass,
    grow_ridges,
    kernel_indices,
)
from securecomm.biometrics.synthetic.shape import FingerShape

R = P.GABOR_RADIUS_PX


def _reference_pass(
    image: np.ndarray, o_bin: np.ndarray, p_bin: np.ndarray, active: np.ndarray, gain: float = P.GROWTH_GAIN
) -> np.ndarray:
    """The definition: every active pixel ≥ a radius from the edge is Σ kernel · patch, times the gain,
    clipped; every other pixel keeps its value (float64 sums, NumPy)."""
    bank = filter_bank().astype(np.float64)
    patches = sliding_window_view(image.astype(np.float64), (2 * R + 1, 2 * R + 1))
    inner = (slice(R, image.shape[0] - R), slice(R, image.shape[1] - R))
    kernels = bank[o_bin[inner], p_bin[inner]]
    sums = np.einsum("yxij,yxij->yx", kernels, patches)
    out = image.astype(np.float64).copy()
    filtered = np.clip(gain * sums, -1.0, 1.0)
    out[inner] = np.where(active[inner], filtered, out[inner])
    return out


def _field(height: int, width: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """A smooth orientation field (a core in the middle) and a varying period, as bank bins."""
    rows, cols = np.mgrid[0:height, 0:width].astype(np.float64)
    orientation = np.mod(0.5 * np.arctan2(-(rows - height / 2), cols - width / 2 + 0.3) + 0.1 * seed, math.pi)
    period = 9.0 + 1.5 * np.sin(rows / 17.0 + seed) * np.cos(cols / 23.0)
    return kernel_indices(orientation, period)


def test_a_pass_is_the_per_pixel_gabor_sum_clipped() -> None:
    rng = np.random.default_rng(4)
    o_bin, p_bin = _field(70, 90, 1)
    # values in [−1, 1]: saturated stripes with noise, so both the early saturation test and full sums run
    stripes = np.sign(np.sin(np.arange(90) * 2 * math.pi / 9.0))[None, :] * np.ones((70, 1))
    image = np.clip(stripes + rng.normal(0.0, 0.4, (70, 90)), -1.0, 1.0).astype(np.float32)
    image[:, 60:] *= 0.1  # a faint part, far from saturation
    active = rng.random((70, 90)) > 0.2
    got = filter_pass(image, o_bin, p_bin, active)
    want = _reference_pass(image, o_bin, p_bin, active)
    assert np.abs(got - want).max() < 1e-5
    assert ((np.abs(want) == 1.0) == (np.abs(got) == 1.0)).mean() > 0.999  # saturation decided alike
    assert (got[~active] == image[~active]).all() and (got[:R] == image[:R]).all()


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), scale=st.floats(0.05, 3.0), gain=st.floats(0.5, 6.0))
def test_a_pass_matches_the_definition_on_any_image_in_range(seed: int, scale: float, gain: float) -> None:
    rng = np.random.default_rng(seed)
    o_bin, p_bin = _field(40, 44, seed % 7)
    image = np.clip(scale * rng.normal(size=(40, 44)), -1.0, 1.0).astype(np.float32)
    active = np.ones((40, 44), dtype=bool)
    got = filter_pass(image, o_bin, p_bin, active, gain=gain)
    assert np.abs(got - _reference_pass(image, o_bin, p_bin, active, gain)).max() < 2e-5


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    radius=st.integers(1, 10),
    density=st.floats(0.001, 0.2),
    shape=st.tuples(st.integers(1, 40), st.integers(1, 40)),
)
def test_the_bookkeeping_dilation_is_a_square_maximum_filter(
    seed: int, radius: int, density: float, shape: tuple[int, int]
) -> None:
    source = np.random.default_rng(seed).random(shape) < density
    work = source.astype(np.uint8)
    _dilate(work, radius, np.empty_like(work))
    assert np.array_equal(work.astype(bool), ndimage.maximum_filter(source, size=2 * radius + 1))


def _reference_growth(
    rng: np.random.Generator, orientation: np.ndarray, period: np.ndarray, area: np.ndarray
) -> tuple[np.ndarray, int]:
    """grow_ridges as first written: the same seeds, the per-pixel pass, scipy's morphology each pass."""
    bank = filter_bank()
    o_bin, p_bin = kernel_indices(orientation, period)
    region = ndimage.binary_dilation(area, iterations=R + 2)
    height, width = area.shape
    image = np.zeros((height, width), dtype=np.float32)
    rows, cols = np.nonzero(area)
    count = int(rng.integers(P.GROWTH_SEEDS[0], P.GROWTH_SEEDS[1] + 1))
    picks = rng.choice(rows.size, size=count, replace=False)
    signs = rng.choice(np.array([-1.0, 1.0], dtype=np.float32), size=count)
    for pick, sign in zip(picks, signs, strict=True):
        y, x = int(rows[pick]), int(cols[pick])
        if R <= y < height - R and R <= x < width - R:
            kernel = bank[o_bin[y, x], p_bin[y, x]]
            image[y - R : y + R + 1, x - R : x + R + 1] += (sign * kernel / float(kernel.max())).astype(
                np.float32
            )
    np.clip(image, -1.0, 1.0, out=image)
    covered = np.zeros((height, width), dtype=np.int16)
    passes = 0
    for passes in range(1, P.GROWTH_MAX_ITERATIONS + 1):  # noqa: B007
        active = ndimage.maximum_filter(np.abs(image) > 0.02, size=2 * R + 1) & region
        image = _reference_pass(image, o_bin, p_bin, active).astype(np.float32)
        covered += ndimage.maximum_filter(np.abs(image) > 0.5, size=5) & area
        if int(covered[area].min()) >= P.GROWTH_SETTLE_ITERATIONS:
            break
    image[~region] = 0.0
    return image, passes


def test_growth_is_the_plain_algorithm_up_to_rounding() -> None:
    height, width = 200, 170
    area = FingerShape(cx=85, cy=105, left=60, right=66, top=55, bottom=30, middle=40).mask(height, width)
    rows, cols = np.mgrid[0:height, 0:width].astype(np.float64)
    orientation = np.mod(0.5 * np.arctan2(-(rows - 90), cols - 80) + math.pi / 2, math.pi).astype(np.float32)
    period = (9.0 + 0.8 * np.sin(rows / 30.0)).astype(np.float32)
    fast, fast_passes = grow_ridges(np.random.default_rng(11), orientation, period, area)
    slow, slow_passes = _reference_growth(np.random.default_rng(11), orientation, period, area)
    assert fast_passes == slow_passes
    assert ((fast > 0) == (slow > 0)).mean() > 0.999
    assert np.abs(fast - slow).max() < 1e-2
    assert not fast[~ndimage.binary_dilation(area, iterations=R + 2)].any()
