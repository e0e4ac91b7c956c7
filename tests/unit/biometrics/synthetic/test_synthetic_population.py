from __future__ import annotations

import math

import numpy as np
import pytest

from securecomm.biometrics.synthetic import FingerPosition, PatternClass, SynthesisError
from securecomm.biometrics.synthetic import parameters as P
from securecomm.biometrics.synthetic import template_geometry as G
from securecomm.biometrics.synthetic import template_kernels as K
from securecomm.biometrics.synthetic.orientation import (
    OrientationModel,
    SingularKind,
    SingularPoint,
    orientation_at,
)
from securecomm.biometrics.synthetic.population import (
    DEFAULT_MODEL,
    TRANSFORM_FIELDS,
    MinutiaeBatch,
    MinutiaeModel,
    generate_minutiae_identity,
    generate_minutiae_population,
    iter_minutiae_population,
    render_minutiae_impression,
)

SEED = 77


@pytest.fixture(scope="module")
def masters() -> MinutiaeBatch:
    return generate_minutiae_population(SEED, np.arange(300), impression=0)


@pytest.fixture(scope="module")
def firsts() -> MinutiaeBatch:
    return generate_minutiae_population(SEED, np.arange(300), impression=1)


def test_rows_are_ten_fingers_per_identity_in_order(masters: MinutiaeBatch) -> None:
    assert len(masters) == 3000
    assert list(masters.identities[:12]) == [0] * 10 + [1, 1]
    assert list(masters.fingers[:10]) == list(range(1, 11))


def test_a_finger_does_not_depend_on_the_batch_it_was_made_in(
    masters: MinutiaeBatch, firsts: MinutiaeBatch
) -> None:
    alone = generate_minutiae_population(SEED, [123], impression=1)
    chunks = list(iter_minutiae_population(SEED, np.arange(300), impression=1, chunk_identities=7))
    assert sum(len(c) for c in chunks) == 3000
    for finger in range(10):
        row = 1230 + finger
        assert alone.row(finger).same_as(firsts.row(row))
        assert chunks[123 // 7].row((123 % 7) * 10 + finger).same_as(firsts.row(row))


def test_the_single_identity_api_agrees_with_the_batch(masters: MinutiaeBatch, firsts: MinutiaeBatch) -> None:
    master = generate_minutiae_identity(SEED, identity=42)
    first = render_minutiae_impression(master, seed=SEED, impression=1)
    assert master.fingers == tuple(FingerPosition)
    for finger in range(10):
        assert master.minutiae[finger].same_as(masters.row(420 + finger))
        assert first.minutiae[finger].same_as(firsts.row(420 + finger))
        assert master.pattern_classes[finger] is masters.pattern_class(420 + finger)
    assert first.finger(FingerPosition.LEFT_THUMB).same_as(firsts.row(425))


def test_other_seeds_and_impressions_give_other_minutiae(firsts: MinutiaeBatch) -> None:
    other_seed = generate_minutiae_population(SEED + 1, [5], impression=1)
    second = generate_minutiae_population(SEED, [5], impression=2)
    for finger in range(10):
        assert not other_seed.row(finger).same_as(firsts.row(50 + finger))
        assert not second.row(finger).same_as(firsts.row(50 + finger))


def test_class_proportions_follow_the_finger_priors(masters: MinutiaeBatch) -> None:
    share = np.bincount(masters.pattern_classes, minlength=5) / len(masters)
    arch, tented, left, right, whorl = share
    assert arch + tented == pytest.approx(0.07, abs=0.025)
    assert left + right == pytest.approx(0.64, abs=0.04)
    assert whorl == pytest.approx(0.29, abs=0.04)
    thumbs = masters.pattern_classes[masters.fingers == 1]
    littles = masters.pattern_classes[masters.fingers == 5]
    assert (littles == 3).mean() > 0.7  # right little fingers: ulnar loops, which open to the right
    assert (thumbs == 4).mean() > (littles == 4).mean()  # thumbs carry more whorls


def test_master_minutiae_are_spaced_inside_the_canvas_and_follow_the_flow(masters: MinutiaeBatch) -> None:
    counts = masters.counts()
    assert 30 <= counts.mean() <= 55 and counts.min() >= 5
    for r in range(0, 3000, 97):
        m = masters.row(r)
        assert ((m.x > 0) & (m.x < 352) & (m.y > 0) & (m.y < 448)).all()
        gaps = np.hypot(m.x[:, None] - m.x[None, :], m.y[:, None] - m.y[None, :])
        np.fill_diagonal(gaps, np.inf)
        assert gaps.min() >= DEFAULT_MODEL.min_gap_px - 1e-3
        assert set(np.unique(m.kind)) <= {1, 2}
    assert (masters.quality == 100).all()


def test_the_kernel_orientation_is_the_image_paths_orientation() -> None:
    correction = np.linspace(-0.2, 0.25, 8)
    points = np.zeros((4, 11))
    points[0, :3], points[0, 3:] = (170, 200, 0.5), correction
    points[1, :3], points[1, 3:] = (100, 300, -0.5), -correction
    model = OrientationModel(
        singular_points=(
            SingularPoint(SingularKind.CORE, 170, 200, tuple(correction)),
            SingularPoint(SingularKind.DELTA, 100, 300, tuple(-correction)),
        ),
        theta_inf=0.05,
    )
    rng = np.random.default_rng(0)
    for x, y in rng.uniform(20, 330, size=(50, 2)):
        expected = float(orientation_at(model, np.array([x]), np.array([y]))[0])
        got = G._orientation(float(x), float(y), points, 2, 0.05, np.zeros(5))
        assert abs(math.remainder(got - expected, math.pi)) < 1e-9


def test_impression_minutiae_are_master_minutiae_moved_by_the_recorded_transform(
    masters: object, firsts: MinutiaeBatch
) -> None:
    for r in range(0, 3000, 131):
        first, source = firsts.row(r), firsts.source[firsts.offsets[r] : firsts.offsets[r + 1]]
        master = masters.row(r)
        assert ((first.x >= 0) & (first.x < firsts.width) & (first.y >= 0) & (first.y < firsts.height)).all()
        real = source >= 0
        assert real.mean() > 0.6  # most reported minutiae are real ones
        transform = firsts.transforms[r]
        for i, s in zip(np.flatnonzero(real), source[real], strict=True):
            x, y = K.master_to_sensor(float(master.x[s]), float(master.y[s]), transform)
            assert math.hypot(x - first.x[i], y - first.y[i]) < 8.0  # noise sd 1.4 px
        assert abs(math.degrees(transform[TRANSFORM_FIELDS.index("rotation")])) <= P.ROTATION_MAX_DEG


def test_impressions_lose_some_minutiae_and_gain_a_few(masters: MinutiaeBatch, firsts: MinutiaeBatch) -> None:
    assert 0.6 < firsts.counts().mean() / masters.counts().mean() < 1.0
    assert 0.05 < (firsts.source < 0).mean() < 0.3


def test_bad_model_values_and_arguments_are_refused() -> None:
    with pytest.raises(SynthesisError, match="density_per_kpx"):
        MinutiaeModel(density_per_kpx=-1.0)
    with pytest.raises(SynthesisError, match="detect_probability"):
        MinutiaeModel(detect_probability=1.5)
    with pytest.raises(SynthesisError, match="identities"):
        generate_minutiae_population(1, [-4])
    with pytest.raises(SynthesisError, match="impression"):
        generate_minutiae_population(1, [1], impression=-1)
    master = generate_minutiae_identity(1, identity=0)
    first = render_minutiae_impression(master, seed=1, impression=1)
    with pytest.raises(SynthesisError, match="master"):
        render_minutiae_impression(first, seed=1, impression=2)
    with pytest.raises(SynthesisError, match="start at 1"):
        render_minutiae_impression(master, seed=1, impression=0)


def test_batches_know_their_pattern_classes(masters: MinutiaeBatch) -> None:
    assert masters.pattern_class(0) in set(PatternClass)
    assert masters.nbytes > 0
