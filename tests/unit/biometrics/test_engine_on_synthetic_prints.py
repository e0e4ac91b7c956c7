"""The engine on SFinGe-style synthetic prints (`biometrics.synthetic`), whose minutiae are known."""

from __future__ import annotations

import numpy as np
import pytest

from securecomm.biometrics import FingerprintImage, Matcher, extract

SEED = 5


@pytest.fixture(scope="module")
def rendered():  # type: ignore[no-untyped-def]
    synthetic = pytest.importorskip("securecomm.biometrics.synthetic")
    finger = synthetic.FingerPosition.RIGHT_INDEX
    mate = synthetic.generate_master(SEED, identity=1, finger=finger)
    other = synthetic.generate_master(SEED, identity=2, finger=finger)
    return [
        synthetic.render_impression(mate, seed=SEED, impression=1),
        synthetic.render_impression(mate, seed=SEED, impression=2),
        synthetic.render_impression(other, seed=SEED, impression=1),
    ]


@pytest.mark.slow
def test_extracted_minutiae_agree_with_the_ground_truth(rendered) -> None:  # type: ignore[no-untyped-def]
    impression = rendered[0]
    template = extract(FingerprintImage(impression.image, 500.0))
    truth = impression.minutiae
    distance = np.hypot(truth.x[:, None] - template.x[None, :], truth.y[:, None] - template.y[None, :])
    recall = float(np.mean(distance.min(axis=1) <= 8.0))  # true minutiae we found (within ~1 ridge period)
    precision = float(np.mean(distance.min(axis=0) <= 8.0))  # our minutiae that are true
    assert recall >= 0.6 and precision >= 0.6


@pytest.mark.slow
def test_impressions_of_one_synthetic_finger_match_and_of_two_do_not(rendered) -> None:  # type: ignore[no-untyped-def]
    first, second, stranger = (extract(FingerprintImage(r.image, 500.0)) for r in rendered)
    matcher = Matcher(first)
    assert matcher.match(second).false_match_rate < 1e-4
    assert matcher.match(stranger).false_match_rate > 1e-2
