"""The matcher: score properties, the Numba path against the NumPy reference, and real prints."""

from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from securecomm.audit import transparency
from securecomm.biometrics import Matcher, Score, Template, prepare
from securecomm.biometrics.matcher.cylinders import build_cylinders, build_cylinders_reference
from securecomm.biometrics.matcher.local import similarity_matrix, similarity_matrix_reference
from securecomm.biometrics.matcher.masks import validity_mask
from securecomm.biometrics.matcher.reference import match_reference

from .conftest import fvc_template
from .patterns import random_template


def _shifted(template: Template, dx: int, dy: int) -> Template:
    """The same print moved on the sensor (minutiae, mask and field shifted by whole blocks)."""
    mask = np.roll(template.mask, (dy // 8, dx // 8), axis=(0, 1))
    field = np.roll(template.orientation, (dy // 16, dx // 16), axis=(0, 1))
    coherence = np.roll(template.coherence, (dy // 16, dx // 16), axis=(0, 1))
    keep = (template.x + dx < template.width) & (template.y + dy < template.height)
    return replace(
        template,
        x=(template.x + dx).astype(np.int16)[keep], y=(template.y + dy).astype(np.int16)[keep],
        direction=template.direction[keep], kind=template.kind[keep], quality=template.quality[keep],
        mask=mask, orientation=field, coherence=coherence,
    )  # fmt: skip


def test_a_print_matches_itself_strongly(many_minutiae: Template) -> None:
    score = Matcher(many_minutiae).match(many_minutiae)
    assert score.value > 0.8
    assert score.paired == many_minutiae.count
    assert score.field_agreement > 0.99


def test_moving_the_print_on_the_sensor_keeps_the_match(many_minutiae: Template) -> None:
    moved = _shifted(many_minutiae, 16, 32)
    assert Matcher(many_minutiae).match(moved).false_match_rate < 1e-5


def test_empty_templates_score_zero(many_minutiae: Template) -> None:
    empty = replace(
        many_minutiae,
        **{f: getattr(many_minutiae, f)[:0] for f in ("x", "y", "direction", "kind", "quality")},
    )
    assert Matcher(empty).match(many_minutiae) == Score(0.0, 0, 0, 0, 0.0)
    assert Matcher(many_minutiae).match(empty).value == 0.0


def test_scores_refuse_values_outside_their_scale() -> None:
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        Score(1.5, 1, 1, 1, 0.0)


def test_genuine_pairs_outscore_impostors_on_real_prints(db1, db4) -> None:  # type: ignore[no-untyped-def]
    for name in ("db1", "db4"):
        probe = Matcher(fvc_template(name, 102, 1))
        genuine = [probe.match(fvc_template(name, 102, i)).value for i in (2, 3)]
        impostor = [probe.match(fvc_template(name, f, 1)).value for f in (103, 104, 105)]
        assert min(genuine) > max(impostor)


def test_scores_are_nearly_symmetric(db1) -> None:  # type: ignore[no-untyped-def]
    keys = [(101, 1), (101, 3), (102, 1), (103, 2)]
    for a, b in itertools.combinations(keys, 2):
        ab = Matcher(fvc_template("db1", *a)).match(fvc_template("db1", *b)).value
        ba = Matcher(fvc_template("db1", *b)).match(fvc_template("db1", *a)).value
        assert abs(ab - ba) <= 0.25 * max(ab, ba) + 0.01


def test_match_many_equals_one_by_one(db1) -> None:  # type: ignore[no-untyped-def]
    probe = Matcher(fvc_template("db1", 104, 1))
    candidates = [fvc_template("db1", 104, i) for i in range(2, 5)] + [fvc_template("db1", 105, 1)]
    batch = probe.match_many(candidates)
    assert batch.tolist() == [probe.match(c).value for c in candidates]


def test_numba_agrees_with_the_numpy_reference(db1, many_minutiae: Template) -> None:  # type: ignore[no-untyped-def]
    templates = [many_minutiae, fvc_template("db1", 106, 1).template, fvc_template("db1", 106, 2).template,
                 fvc_template("db1", 107, 1).template]  # fmt: skip
    for t in templates:
        mask = validity_mask(t.mask)
        fast = build_cylinders(t.x, t.y, t.direction, mask)
        slow = build_cylinders_reference(t.x, t.y, t.direction, mask)
        assert np.array_equal(fast.bits, slow.bits) and np.array_equal(fast.valid, slow.valid)
        assert np.array_equal(fast.usable, slow.usable)
    for a, b in itertools.permutations(templates, 2):
        pa, pb = prepare(a), prepare(b)
        local_fast = similarity_matrix(pa.cylinders, pb.cylinders, pa.direction, pb.direction)
        local_slow = similarity_matrix_reference(pa.cylinders, pb.cylinders, pa.direction, pb.direction)
        assert np.allclose(local_fast, local_slow, atol=1e-6)
        fast_score, fast_pairs = Matcher(pa).pairing(pb)
        slow_score, slow_pairs = match_reference(a, b)
        assert fast_score.value == pytest.approx(slow_score.value, rel=1e-4, abs=1e-7)
        assert fast_score.paired == slow_score.paired
        assert np.array_equal(fast_pairs.probe_index, slow_pairs.probe_index)


@pytest.mark.slow
def test_rolled_and_plain_thumbs_of_the_nist_card_match_and_do_not_cross(nist_card) -> None:  # type: ignore[no-untyped-def]
    for rolled, plain in ((1, 11), (6, 12)):
        assert Matcher(nist_card[rolled]).match(nist_card[plain]).false_match_rate < 1e-3
    for rolled, plain in ((1, 12), (6, 11)):
        assert Matcher(nist_card[rolled]).match(nist_card[plain]).false_match_rate > 1e-2


def test_matching_logs_its_pairing_when_captured(many_minutiae: Template) -> None:
    with transparency.capture() as captured:
        score = Matcher(many_minutiae).match(many_minutiae)
    assert captured.last("score") == score
    assert captured.last("pairing").probe_index.size == score.paired
    assert captured.last("local-similarity").shape == (many_minutiae.count, many_minutiae.count)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n_a=st.integers(0, 60), n_b=st.integers(0, 60))
def test_any_two_templates_give_a_finite_score_in_range(seed: int, n_a: int, n_b: int) -> None:
    a = random_template(n_a, seed)
    b = random_template(n_b, seed + 1)
    score = Matcher(a).match(b)
    assert 0.0 <= score.value <= 1.0
    assert score.paired <= min(n_a, n_b)
    assert 0.0 <= score.false_match_rate <= 1.0


def test_one_matcher_serves_many_threads_at_once(db1) -> None:  # type: ignore[no-untyped-def]
    from concurrent.futures import ThreadPoolExecutor

    probe = Matcher(fvc_template("db1", 108, 1))
    candidates = [fvc_template("db1", f, i) for f in (108, 109) for i in (1, 2, 3)] * 4
    expected = [probe.match(c) for c in candidates]
    with ThreadPoolExecutor(max_workers=4) as pool:
        found = list(pool.map(probe.match, candidates))
    assert found == expected
