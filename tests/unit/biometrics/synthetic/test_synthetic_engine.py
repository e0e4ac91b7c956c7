"""The synthetic prints against the engine's public API: extraction, templates, matching."""

from __future__ import annotations

import math

import numpy as np
import pytest

from securecomm.biometrics.extractor import extract
from securecomm.biometrics.image import FingerprintImage, decode_image
from securecomm.biometrics.matcher import Matcher
from securecomm.biometrics.synthetic import (
    MasterFingerprint,
    MinutiaSet,
    encode_tiff,
    generate_master,
    render_impression,
)
from securecomm.biometrics.synthetic.calibration import pair_minutiae
from securecomm.biometrics.synthetic.engine_bridge import engine_template
from securecomm.biometrics.synthetic.population import generate_minutiae_population
from securecomm.biometrics.template import Template


def _as_ground_truth_convention(template: Template) -> MinutiaSet:
    """The engine measures angles towards +y and codes bifurcations 3; the ground truth does neither."""
    direction = np.mod(-template.direction.astype(np.float64), 2 * math.pi)
    return MinutiaSet.build(
        template.x, template.y, direction, np.where(template.kind == 3, 2, 1), template.quality
    )


def test_the_engine_reads_our_tiffs_at_500_ppi(loop_master: MasterFingerprint) -> None:
    impression = render_impression(loop_master, seed=1, impression=1)
    image = decode_image(encode_tiff(impression.image), where="101_1.tif")
    assert image.ppi == 500 and np.array_equal(image.pixels, impression.image)


def test_the_extractor_finds_the_ground_truth_minutiae(loop_master: MasterFingerprint) -> None:
    impression = render_impression(loop_master, seed=1, impression=1)
    found = _as_ground_truth_convention(extract(FingerprintImage(impression.image)))
    truth = impression.minutiae
    i, j = pair_minutiae(truth, found)
    assert i.size >= 0.6 * len(truth)  # most ground-truth minutiae are found within 12 px
    gap = np.abs(
        np.remainder(truth.direction[i].astype(float) - found.direction[j] + math.pi, 2 * math.pi) - math.pi
    )
    assert float(np.median(gap)) < math.radians(20)  # and point the same way: the conventions agree


@pytest.mark.slow
def test_impressions_of_one_synthetic_finger_match_better_than_other_fingers() -> None:
    templates = {}
    for finger in (1, 2, 3):
        master = generate_master(31, identity=4, finger=finger)
        for k in (1, 2):
            pixels = render_impression(master, seed=31, impression=k).image
            templates[finger, k] = extract(FingerprintImage(pixels))
    genuine = [Matcher(templates[f, 2]).match(templates[f, 1]).value for f in (1, 2, 3)]
    impostor = [
        Matcher(templates[a, ka]).match(templates[b, kb]).value
        for a in (1, 2, 3)
        for b in (1, 2, 3)
        if a < b
        for ka in (1, 2)
        for kb in (1, 2)
    ]
    assert min(genuine) > max(impostor)


def test_template_level_prints_become_valid_engine_templates() -> None:
    batch = generate_minutiae_population(8, [0, 1], impression=1)
    for row in range(len(batch)):
        template = Template.load(engine_template(batch, row).to_bytes())  # validates on load
        assert template.count == len(batch.row(row))
        assert template.mask[template.y // 8, template.x // 8].mean() > 0.9  # minutiae lie on the print
        assert set(np.unique(template.kind)) <= {1, 3}


def test_template_level_impressions_of_a_finger_match_better_than_other_fingers() -> None:
    ids = np.arange(4)
    first = generate_minutiae_population(8, ids, impression=1)
    second = generate_minutiae_population(8, ids, impression=2)
    a = [engine_template(first, r) for r in range(len(first))]
    b = [engine_template(second, r) for r in range(len(second))]
    genuine = np.array([Matcher(b[r]).match(a[r]).value for r in range(len(a))])
    impostor = np.array([Matcher(b[r]).match(a[(r + 13) % len(a)]).value for r in range(len(a))])
    assert np.median(genuine) > 5 * np.percentile(impostor, 95)
    assert (genuine > impostor.max()).mean() >= 0.9
