from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from securecomm.biometrics.synthetic import (
    MasterFingerprint,
    MinutiaKind,
    PatternClass,
    SynthesisError,
    generate_master,
)
from securecomm.biometrics.synthetic import parameters as P

Masters = Callable[..., MasterFingerprint]


def _dominant_period(block: np.ndarray) -> float:
    """The ridge period of a square block from the peak of its 2-D spectrum (pixels per ridge)."""
    size = block.shape[0]
    spectrum = np.abs(
        np.fft.fftshift(np.fft.fft2((block - block.mean()) * np.hanning(size)[:, None] * np.hanning(size)))
    )
    centre = size // 2
    spectrum[centre - 2 : centre + 3, centre - 2 : centre + 3] = 0  # drop the lowest frequencies
    row, col = np.unravel_index(int(np.argmax(spectrum)), spectrum.shape)
    return size / float(np.hypot(row - centre, col - centre))


def test_the_same_key_gives_the_same_master_bit_for_bit(masters: Masters) -> None:
    cached = masters(None, identity=5, finger=7)
    again = generate_master(20260, identity=5, finger=7)
    assert again.pattern_class is cached.pattern_class
    assert again.ridges.tobytes() == cached.ridges.tobytes()
    assert again.minutiae.same_as(cached.minutiae)


def test_other_seeds_identities_and_fingers_give_other_masters(masters: Masters) -> None:
    base = masters(PatternClass.WHORL, identity=5, finger=7)
    for other in (
        generate_master(20261, identity=5, finger=7, pattern_class=PatternClass.WHORL),
        masters(PatternClass.WHORL, identity=6, finger=7),
        masters(PatternClass.WHORL, identity=5, finger=8),
    ):
        agreement = float(np.mean((other.ridges > 0) == (base.ridges > 0)))
        assert agreement < 0.75  # unrelated ridge patterns agree on about half of the pixels


def test_masters_are_read_only(loop_master: MasterFingerprint) -> None:
    with pytest.raises(ValueError, match="read-only"):
        loop_master.ridges[0, 0] = 1.0


@pytest.mark.parametrize("pattern_class", list(PatternClass))
def test_ridge_period_stays_in_the_500_ppi_band_and_follows_the_period_map(
    masters: Masters, pattern_class: PatternClass
) -> None:
    master = masters(pattern_class, identity=3)
    assert (
        P.RIDGE_PERIOD_BAND_PX[0] <= master.period.min() and master.period.max() <= P.RIDGE_PERIOD_BAND_PX[1]
    )
    measured, expected = [], []
    for y in range(40, master.height - 64, 48):
        for x in range(40, master.width - 64, 48):
            if master.area[y : y + 64, x : x + 64].all():
                measured.append(_dominant_period(master.ridges[y : y + 64, x : x + 64]))
                expected.append(float(master.period[y + 32, x + 32]))
    assert len(measured) >= 6
    assert 7.0 <= float(np.median(measured)) <= 12.0
    assert float(np.median(np.abs(np.array(measured) - np.array(expected)))) < 1.0


def test_ridges_fill_the_fingertip_area(loop_master: MasterFingerprint) -> None:
    grown = np.abs(loop_master.ridges[loop_master.area]) > 0.5
    assert grown.mean() > 0.8  # all but the zero crossings between ridges and valleys
    assert not loop_master.ridges[0, :].any()  # nothing outside the area's margin


def test_master_minutiae_are_plausible_ground_truth(masters: Masters) -> None:
    counts = []
    for identity in range(3):
        master = masters(None, identity=identity, finger=1)
        minutiae = master.minutiae
        counts.append(len(minutiae))
        ys, xs = minutiae.y.astype(int), minutiae.x.astype(int)
        assert master.area[ys, xs].all()
        assert set(np.unique(minutiae.kind)) <= {MinutiaKind.ENDING, MinutiaKind.BIFURCATION}
        assert ((minutiae.direction >= 0) & (minutiae.direction < 2 * np.pi)).all()
        # each minutia sits on a ridge (ending) or on the fork of one (bifurcation): the skeleton is ridge
        assert (master.ridges[ys, xs] > 0).all()
    # a fingertip of ~250 mm² carries some 25-70 minutiae
    assert min(counts) >= 20 and max(counts) <= 80


def test_minutia_directions_follow_the_ridge_flow(loop_master: MasterFingerprint) -> None:
    m = loop_master.minutiae
    flow = loop_master.orientation[m.y.astype(int), m.x.astype(int)].astype(float)
    # a direction is the flow orientation or its reverse
    gap = np.abs((m.direction.astype(float) - flow + np.pi / 2) % np.pi - np.pi / 2)
    assert float(np.median(gap)) < np.radians(15)


def test_a_pattern_class_can_be_forced_and_a_wrong_one_is_refused() -> None:
    with pytest.raises(SynthesisError, match="pattern class"):
        generate_master(1, identity=0, finger=1, pattern_class="spiral")
