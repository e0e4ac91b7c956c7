from __future__ import annotations

import math

import numpy as np

from securecomm.biometrics.synthetic import MinutiaKind
from securecomm.biometrics.synthetic.skeleton import extract_master_minutiae, thin


def _stripes(height: int = 120, width: int = 160, period: int = 10) -> np.ndarray:
    """Horizontal ridges (+1) and valleys (−1), 5 px each."""
    rows = np.arange(height)[:, None]
    return np.where((rows % period) < period // 2, 1.0, -1.0) * np.ones((1, width))


def test_thinning_leaves_one_pixel_wide_lines() -> None:
    skeleton = thin(_stripes() > 0)
    columns = skeleton[:, 40:120]
    assert (columns.sum(axis=0) == 12).all()  # one skeleton pixel per ridge per column


def test_a_ridge_that_stops_is_an_ending_pointing_back_into_its_ridge() -> None:
    ridges = _stripes()
    ridges[60:65, 80:] = -1.0  # the ridge on rows 60-64 stops at x = 79
    minutiae = extract_master_minutiae(ridges, np.ones(ridges.shape, bool))
    endings = minutiae.select(minutiae.kind == MinutiaKind.ENDING)
    assert len(endings) == 1
    # thinning shortens a blunt ridge end by about half a ridge width
    assert abs(float(endings.x[0]) - 79) <= 4 and abs(float(endings.y[0]) - 62) <= 1
    assert abs(math.remainder(float(endings.direction[0]) - math.pi, 2 * math.pi)) < 0.2  # points left


def _segment_distance(
    px: np.ndarray, py: np.ndarray, a: tuple[float, float], b: tuple[float, float]
) -> np.ndarray:
    ax, ay = a
    bx, by = b
    t = np.clip(((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2), 0, 1)
    return np.hypot(px - ax - t * (bx - ax), py - ay - t * (by - ay))


def test_a_ridge_that_forks_is_a_bifurcation_pointing_between_its_branches() -> None:
    # two ridges (y = 52 and y = 62) run in from the left and merge into one (y = 57) between x = 80 and 100
    rows, cols = np.mgrid[0:120, 0:160].astype(float)
    segments = [((0, 52), (80, 52)), ((80, 52), (100, 57)), ((0, 62), (80, 62)), ((80, 62), (100, 57)),
                ((100, 57), (160, 57)), ((0, 32), (160, 32)), ((0, 82), (160, 82))]  # fmt: skip
    distance = np.min([_segment_distance(cols, rows, a, b) for a, b in segments], axis=0)
    ridges = np.where(distance <= 2.0, 1.0, -1.0)
    minutiae = extract_master_minutiae(ridges, np.ones(ridges.shape, bool))
    forks = minutiae.select(minutiae.kind == MinutiaKind.BIFURCATION)
    assert len(forks) == 1
    assert abs(float(forks.x[0]) - 96) <= 6 and abs(float(forks.y[0]) - 57) <= 2
    assert (
        abs(math.remainder(float(forks.direction[0]) - math.pi, 2 * math.pi)) < 0.3
    )  # the branches open left


def test_nothing_is_reported_near_the_area_border_or_in_clean_stripes() -> None:
    ridges = _stripes()
    assert len(extract_master_minutiae(ridges, np.ones(ridges.shape, bool))) == 0
    ridges[60:65, 150:] = -1.0  # an ending 10 px from the border
    assert len(extract_master_minutiae(ridges, np.ones(ridges.shape, bool))) == 0
