from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from securecomm.biometrics.synthetic import MasterFingerprint, PatternClass, SingularKind, poincare_index
from securecomm.biometrics.synthetic.orientation import (
    ArchFlow,
    OrientationModel,
    SingularPoint,
    orientation_at,
)


def _field(model: OrientationModel, height: int = 200, width: int = 200) -> np.ndarray:
    rows, cols = np.mgrid[0:height, 0:width].astype(float)
    return orientation_at(model, cols, rows)


def test_a_core_has_index_one_half_and_a_delta_minus_one_half() -> None:
    model = OrientationModel(
        singular_points=(
            SingularPoint(SingularKind.CORE, 100, 70),
            SingularPoint(SingularKind.DELTA, 60, 150),
        )
    )
    field = _field(model)
    assert poincare_index(field, 100, 70, radius=12) == pytest.approx(0.5)
    assert poincare_index(field, 60, 150, radius=12) == pytest.approx(-0.5)
    assert poincare_index(field, 160, 150, radius=12) == pytest.approx(0.0)


def test_orientations_are_undirected_angles_in_zero_to_pi(masters: Callable[..., MasterFingerprint]) -> None:
    field = _field(masters(PatternClass.WHORL, identity=1).model)
    assert field.min() >= 0.0 and field.max() < math.pi


def test_far_from_a_loop_the_ridges_run_across_the_finger() -> None:
    model = OrientationModel(
        singular_points=(
            SingularPoint(SingularKind.CORE, 100, 80),
            SingularPoint(SingularKind.DELTA, 60, 160),
        )
    )
    theta = float(orientation_at(model, np.array([100.0]), np.array([5000.0]))[0])
    assert min(theta, math.pi - theta) < 0.05  # horizontal, as at the first crease


@settings(max_examples=40, deadline=None)
@given(
    offsets=st.lists(st.floats(-0.3, 0.3), min_size=8, max_size=8),
    x=st.floats(40, 160),
    y=st.floats(40, 160),
)
def test_the_correction_keeps_each_singular_points_index(offsets: list[float], x: float, y: float) -> None:
    core = SingularPoint(SingularKind.CORE, x, y, correction=tuple(offsets))
    field = _field(OrientationModel(singular_points=(core,)))
    assert poincare_index(field, x, y, radius=15) == pytest.approx(0.5)


def test_a_plain_arch_has_no_singular_point_anywhere() -> None:
    model = OrientationModel(
        singular_points=(), arch=ArchFlow(left=20, width=160, top=10, flat_y=180, amplitude=1.8)
    )
    field = _field(model)
    indices = [poincare_index(field, x, y, radius=8) for x in range(20, 190, 20) for y in range(20, 190, 20)]
    assert max(abs(i) for i in indices) < 0.01
    # the ridges rise on the left flank and fall on the right one, as an arch's do
    assert 0 < field[60, 40] < math.pi / 2 < field[60, 160]


@pytest.mark.parametrize(
    ("pattern_class", "cores", "deltas"),
    [
        (PatternClass.ARCH, 0, 0),
        (PatternClass.TENTED_ARCH, 1, 1),
        (PatternClass.LEFT_LOOP, 1, 1),
        (PatternClass.RIGHT_LOOP, 1, 1),
        (PatternClass.WHORL, 2, 2),
    ],
)
def test_generated_masters_have_their_class_singular_points(
    masters: Callable[..., MasterFingerprint], pattern_class: PatternClass, cores: int, deltas: int
) -> None:
    master = masters(pattern_class, identity=3)
    model = master.model
    assert (len(model.cores), len(model.deltas)) == (cores, deltas)
    for point in master.singular_points:
        # the stored field shows each point with its own index (radius well inside the core-core gap)
        assert poincare_index(master.orientation, point.x, point.y, radius=5) == pytest.approx(point.poincare)


def test_loops_open_away_from_their_delta(masters: Callable[..., MasterFingerprint]) -> None:
    right = masters(PatternClass.RIGHT_LOOP, identity=3).model
    left = masters(PatternClass.LEFT_LOOP, identity=3).model
    assert right.deltas[0].x < right.cores[0].x  # a right loop opens right, its delta lies left
    assert left.deltas[0].x > left.cores[0].x
    for model in (right, left):
        assert model.deltas[0].y > model.cores[0].y  # deltas lie below the core
