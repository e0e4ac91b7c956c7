from __future__ import annotations

import math

import numpy as np
import pytest

from securecomm.biometrics.synthetic import (
    Impression,
    MasterFingerprint,
    SensorWindow,
    SynthesisError,
    render_impression,
)
from securecomm.biometrics.synthetic import parameters as P


@pytest.fixture(scope="module")
def impressions(loop_master: MasterFingerprint) -> list[Impression]:
    return [render_impression(loop_master, seed=9, impression=k) for k in range(1, 7)]


def test_an_impression_is_an_8_bit_500_ppi_image_of_the_sensor_size(
    loop_master: MasterFingerprint, impressions: list[Impression]
) -> None:
    first = impressions[0]
    assert first.image.dtype == np.uint8 and first.image.shape == (P.SENSOR_HEIGHT_PX, P.SENSOR_WIDTH_PX)
    assert first.resolution_ppi == 500
    small = render_impression(loop_master, seed=9, impression=1, sensor=SensorWindow(240, 320))
    assert small.image.shape == (320, 240)


def test_the_same_key_renders_the_same_bytes(
    loop_master: MasterFingerprint, impressions: list[Impression]
) -> None:
    again = render_impression(loop_master, seed=9, impression=3)
    assert again.image.tobytes() == impressions[2].image.tobytes()
    assert again.minutiae.same_as(impressions[2].minutiae)


def test_impressions_differ_but_share_the_identity(
    loop_master: MasterFingerprint, impressions: list[Impression]
) -> None:
    for a in range(len(impressions)):
        for b in range(a + 1, len(impressions)):
            assert impressions[a].image.tobytes() != impressions[b].image.tobytes()
    assert {(i.identity, i.finger, i.pattern_class) for i in impressions} == {
        (loop_master.identity, loop_master.finger, loop_master.pattern_class)
    }
    assert [i.impression for i in impressions] == [1, 2, 3, 4, 5, 6]
    other_seed = render_impression(loop_master, seed=10, impression=1)
    assert other_seed.image.tobytes() != impressions[0].image.tobytes()


def test_placement_and_distortion_stay_within_their_bounds(impressions: list[Impression]) -> None:
    rotations = []
    for impression in impressions:
        placement, distortion = impression.placement, impression.distortion
        rotations.append(math.degrees(placement.rotation))
        assert abs(math.degrees(placement.rotation)) <= P.ROTATION_MAX_DEG
        limit = P.PLACEMENT_MAX_PX * (P.POOR_PLACEMENT_SCALE if impression.conditions.poor else 1.0)
        assert abs(placement.target_x - P.SENSOR_WIDTH_PX / 2) <= limit
        assert abs(placement.target_y - P.SENSOR_HEIGHT_PX / 2) <= limit
        assert abs(math.degrees(distortion.rotation)) <= P.DISTORTION_ROTATION_MAX_DEG
        assert max(abs(distortion.shift_x), abs(distortion.shift_y)) <= P.DISTORTION_SHIFT_MAX_PX
    assert len({round(r, 3) for r in rotations}) == len(rotations)  # each impression is placed anew


def test_the_print_is_cropped_to_the_sensor_window_and_its_contact_region(
    impressions: list[Impression],
) -> None:
    for impression in impressions:
        image, foreground = impression.image, impression.foreground
        assert 0.3 < foreground.mean() < 0.98  # the finger covers much of the window, not all of it
        # inside the contact region there are dark ridges; outside only the light, empty sensor
        assert np.percentile(image[foreground], 20) < 130
        assert np.percentile(image[~foreground], 50) > 190


def test_ground_truth_minutiae_are_the_masters_mapped_into_the_window(
    loop_master: MasterFingerprint, impressions: list[Impression]
) -> None:
    margin = P.MINUTIA_VISIBLE_MARGIN_PX
    for impression in impressions:
        m = impression.minutiae
        assert len(m) >= 10
        assert (m.x >= margin).all() and (m.x <= P.SENSOR_WIDTH_PX - 1 - margin).all()
        assert (m.y >= margin).all() and (m.y <= P.SENSOR_HEIGHT_PX - 1 - margin).all()
        assert impression.foreground[m.y.astype(int), m.x.astype(int)].all()
        index = impression.master_minutia_index
        x, y = impression.to_sensor(loop_master.minutiae.x[index], loop_master.minutiae.y[index])
        assert np.allclose(x, m.x, atol=1e-3) and np.allclose(y, m.y, atol=1e-3)
        assert np.array_equal(loop_master.minutiae.kind[index], m.kind)


def test_ground_truth_minutiae_sit_on_the_rendered_ridges(impressions: list[Impression]) -> None:
    """Endings lie on a dark ridge: the image is darker at ridge endings than on average in the print."""
    for impression in impressions:
        m = impression.minutiae
        blurred = impression.image.astype(float)
        at_minutiae = blurred[m.y.round().astype(int), m.x.round().astype(int)]
        assert float(np.median(at_minutiae)) < float(np.median(blurred[impression.foreground]))


def test_more_pressure_thickens_the_ridges(loop_master: MasterFingerprint) -> None:
    many = [render_impression(loop_master, seed=9, impression=k) for k in range(1, 13)]
    pressure = [i.conditions.pressure for i in many]
    ink = [float((i.image[i.foreground] < 128).mean()) for i in many]
    assert np.corrcoef(pressure, ink)[0, 1] > 0.5


def test_some_impressions_are_poor_ones(loop_master: MasterFingerprint) -> None:
    many = [render_impression(loop_master, seed=5, impression=k) for k in range(1, 31)]
    poor = [i for i in many if i.conditions.poor]
    assert 1 <= len(poor) <= 14  # POOR_SHARE = 0.2 of 30
    good = [i for i in many if not i.conditions.poor]
    assert np.mean([i.conditions.noise_sd_gray for i in poor]) > np.mean(
        [i.conditions.noise_sd_gray for i in good]
    )


@pytest.mark.parametrize(("width", "height"), [(50, 300), (300, 2000), (288.5, 300)])
def test_unusable_sensor_sizes_are_refused(width: object, height: object) -> None:
    with pytest.raises(SynthesisError, match="sensor"):
        SensorWindow(width=width, height=height)  # type: ignore[arg-type]


def test_impression_numbers_start_at_one(loop_master: MasterFingerprint) -> None:
    with pytest.raises(SynthesisError, match="impression"):
        render_impression(loop_master, seed=1, impression=0)
