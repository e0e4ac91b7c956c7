"""Every extraction stage on inputs whose right answer we know, plus the whole pipeline on real prints."""

from __future__ import annotations

import math

import numpy as np
import pytest

from securecomm.audit import transparency
from securecomm.biometrics import decode_image, extract
from securecomm.biometrics import parameters as P
from securecomm.biometrics.extractor.binarization import binarize
from securecomm.biometrics.extractor.enhancement import enhance
from securecomm.biometrics.extractor.filtering import border_distance, filter_minutiae
from securecomm.biometrics.extractor.frequency import period_map, window_periods
from securecomm.biometrics.extractor.minutiae import BIFURCATION, ENDING, detect
from securecomm.biometrics.extractor.normalization import normalize
from securecomm.biometrics.extractor.orientation import orientation_field
from securecomm.biometrics.extractor.segmentation import pixel_mask, refine_mask, segment
from securecomm.biometrics.extractor.thinning import thin

from .patterns import ridge_pattern, tiff_bytes

STAGE_KEYS = {
    "decoded-image", "coarse-mask", "foreground-mask", "normalized-image", "orientation-field", "orientation-coherence",
    "ridge-period", "enhanced-image", "binarized-image", "skeleton", "raw-minutiae", "filtered-minutiae",
    "template",
}  # fmt: skip


def _axial_error_degrees(a: np.ndarray, b: float) -> np.ndarray:
    return np.degrees(np.abs(np.angle(np.exp(2j * (a - b)))) / 2)


def _stages(pixels: np.ndarray) -> dict[str, np.ndarray]:
    coarse, mask = segment(pixels)
    normalized = normalize(pixels)
    orientation, coherence = orientation_field(normalized, mask)
    windows, periodicity = window_periods(normalized, orientation, coherence)
    blocks = refine_mask(coarse, periodicity, P.FREQUENCY_STEP_PX)
    mask = pixel_mask(blocks, mask.shape)
    period = period_map(windows, periodicity, mask.shape)
    enhanced = enhance(normalized, mask, orientation, period)
    ridges = binarize(enhanced, mask, border_distance(mask))
    return {"mask": mask, "blocks": blocks, "normalized": normalized, "orientation": orientation,
            "coherence": coherence, "period": period, "enhanced": enhanced, "ridges": ridges}  # fmt: skip


def test_segmentation_finds_the_print_and_not_the_background() -> None:
    pixels = ridge_pattern(height=240, width=240)
    _, mask = segment(pixels)
    assert mask[120, 120] and mask[60:180, 60:180].mean() > 0.95
    assert not mask[:8, :8].any() and not mask[-8:, -8:].any()


def test_blank_image_has_no_foreground_and_no_minutiae() -> None:
    blank = np.full((200, 200), 255, dtype=np.uint8)
    blocks, mask = segment(blank)
    assert not blocks.any() and not mask.any()
    assert extract(decode_image(tiff_bytes(blank))).count == 0


@pytest.mark.parametrize("angle", [0.0, 30.0, 75.0, 135.0])
def test_orientation_recovers_the_ridge_direction(angle: float) -> None:
    stages = _stages(ridge_pattern(angle_degrees=angle))
    centre = (slice(80, 160), slice(80, 160))
    errors = _axial_error_degrees(stages["orientation"][centre], math.radians(angle))
    assert np.median(errors) < 2.0
    assert np.median(stages["coherence"][centre]) > 0.8


@pytest.mark.parametrize("period", [7.0, 9.0, 12.0])
def test_frequency_recovers_the_ridge_period(period: float) -> None:
    stages = _stages(ridge_pattern(period=period))
    assert np.median(stages["period"][80:160, 80:160]) == pytest.approx(period, rel=0.06)


def test_enhancement_restores_a_noisy_pattern() -> None:
    clean = ridge_pattern(angle_degrees=60)
    noisy = ridge_pattern(angle_degrees=60, noise=60.0, seed=3)
    stages = _stages(noisy)
    centre = (slice(80, 160), slice(80, 160))
    truth = (128.0 - clean[centre].astype(float)) / 100.0  # +1 on ridges
    before = np.corrcoef(truth.ravel(), stages["normalized"][centre].ravel())[0, 1]
    after = np.corrcoef(truth.ravel(), stages["enhanced"][centre].ravel())[0, 1]
    assert after > 0.9 > before


def test_binarization_and_thinning_leave_one_pixel_wide_ridges_on_the_ridges() -> None:
    pixels = ridge_pattern(angle_degrees=20)
    stages = _stages(pixels)
    skeleton = thin(stages["ridges"])
    assert skeleton.any()
    assert pixels[skeleton].mean() < 60  # skeleton pixels lie on the dark ridges
    # one pixel wide: no 2 x 2 block is entirely skeleton
    blocks = skeleton[:-1, :-1] & skeleton[1:, :-1] & skeleton[:-1, 1:] & skeleton[1:, 1:]
    assert not blocks.any()


def test_a_phase_singularity_gives_one_minutia_whose_type_flips_with_polarity() -> None:
    found = {}
    for invert in (False, True):
        template = extract(
            decode_image(tiff_bytes(ridge_pattern(singularities=((120, 120, 1),), invert=invert)))
        )
        assert template.count == 1
        assert math.hypot(float(template.x[0]) - 120, float(template.y[0]) - 120) <= 4
        # a minutia's direction runs along the ridges (30 degrees), modulo 180
        assert _axial_error_degrees(template.direction.astype(float), math.radians(30.0))[0] < 12
        found[invert] = (int(template.kind[0]), float(template.direction[0]))
    assert {found[False][0], found[True][0]} == {ENDING, BIFURCATION}
    # type duality: an ending and the bifurcation it becomes point the same way (ISO convention)
    assert abs(math.remainder(found[False][1] - found[True][1], 2 * math.pi)) < math.radians(20)


def test_false_minutiae_near_the_border_and_on_short_ridges_are_dropped() -> None:
    pixels = ridge_pattern(singularities=((120, 120, 1), (131, 118, -1)))  # a pair 11 px apart: a short ridge
    stages = _stages(pixels)
    raw = detect(thin(stages["ridges"]), stages["orientation"])
    distance = border_distance(stages["mask"])
    kept = filter_minutiae(raw, distance)
    assert raw.count >= 2
    assert np.all(distance[raw.y[kept], raw.x[kept]] >= P.BORDER_MARGIN_PX)
    near_centre = [i for i in kept if math.hypot(raw.x[i] - 125, raw.y[i] - 119) < 12]
    assert near_centre == []


def test_extract_logs_every_stage_under_its_documented_key() -> None:
    with transparency.capture() as captured:
        template = extract(decode_image(tiff_bytes(ridge_pattern(singularities=((120, 120, 1),)))))
    assert set(captured.data) == STAGE_KEYS
    assert captured.last("template") is template


def test_extract_is_deterministic() -> None:
    image = decode_image(tiff_bytes(ridge_pattern(singularities=((100, 110, 1), (150, 140, -1)), noise=20.0)))
    assert extract(image).to_bytes() == extract(image).to_bytes()


def test_real_prints_give_plausible_templates(db1, db4) -> None:  # type: ignore[no-untyped-def]
    for folder in (db1, db4):
        for name in ("101_1.tif", "105_3.tif"):
            template = extract(decode_image((folder / name).read_bytes(), where=name))
            assert 10 <= template.count <= P.MAX_MINUTIAE
            assert template.mask.mean() > 0.3
            assert set(np.unique(template.kind)) <= {ENDING, BIFURCATION}
            assert template.quality.max() <= 100
