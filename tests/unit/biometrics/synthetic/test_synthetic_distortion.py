from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from securecomm.biometrics.synthetic.distortion import Placement, PlasticDistortion, direction_after


def _distortion(rotation_deg: float = 5.0, shift: float = 10.0, brake: float = 50.0) -> PlasticDistortion:
    return PlasticDistortion(
        center_x=170, center_y=220, semi_axis_x=55, semi_axis_y=75,
        rotation=math.radians(rotation_deg), shift_x=shift, shift_y=-shift / 2, brake_px=brake,
    )  # fmt: skip


def test_skin_in_close_contact_does_not_move() -> None:
    d = _distortion()
    x, y = np.array([170.0, 200.0, 170.0]), np.array([220.0, 230.0, 280.0])
    fx, fy = d.forward(x, y)
    assert np.allclose(fx, x) and np.allclose(fy, y)


def test_far_skin_follows_the_rigid_motion() -> None:
    d = _distortion(rotation_deg=0.0, shift=10.0, brake=20.0)
    fx, fy = d.forward(np.array([170.0 + 400]), np.array([220.0]))
    assert np.allclose([fx[0] - 570, fy[0] - 220], [10.0, -5.0], atol=0.05)


@settings(max_examples=60, deadline=None)
@given(
    x=st.floats(0, 352), y=st.floats(0, 448),
    rotation=st.floats(-6, 6), shift=st.floats(-12, 12), brake=st.floats(45, 90),
)  # fmt: skip
def test_inverse_undoes_forward_everywhere_on_the_canvas(
    x: float, y: float, rotation: float, shift: float, brake: float
) -> None:
    d = _distortion(rotation, shift, brake)
    fx, fy = d.forward(np.array([x]), np.array([y]))
    bx, by = d.inverse(fx, fy)
    assert abs(bx[0] - x) < 0.01 and abs(by[0] - y) < 0.01


@settings(max_examples=40, deadline=None)
@given(x=st.floats(-500, 500), y=st.floats(-500, 500), rotation=st.floats(-0.3, 0.3))
def test_placement_is_rigid_and_its_matrix_agrees(x: float, y: float, rotation: float) -> None:
    p = Placement(anchor_x=170, anchor_y=220, target_x=144, target_y=192, rotation=rotation)
    fx, fy = p.forward(np.array([x, 170.0]), np.array([y, 220.0]))
    assert np.allclose([fx[1], fy[1]], [144, 192])  # the anchor lands on the target
    assert math.hypot(fx[0] - 144, fy[0] - 192) == pytest.approx(math.hypot(x - 170, y - 220), abs=1e-6)
    (a, b, c), (d, e, f) = p.matrix()
    assert np.allclose([a * x + b * y + c, d * x + e * y + f], [fx[0], fy[0]])
    bx, by = p.inverse(fx, fy)
    assert np.allclose([bx[0], by[0]], [x, y])


def test_directions_turn_with_the_placement() -> None:
    p = Placement(anchor_x=0, anchor_y=0, target_x=0, target_y=0, rotation=math.radians(30))
    _, _, direction = direction_after(p.forward, np.array([10.0]), np.array([10.0]), np.array([0.0]))
    assert math.degrees(direction[0]) == pytest.approx(30.0, abs=1e-6)
