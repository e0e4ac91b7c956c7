"""FVC-protocol metrics: pair counts, EER by FVC's definition, FMR100/FMR1000, ROC."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from securecomm.biometrics.evaluation import (
    EvaluationError,
    equal_error_rate,
    fnmr_at_fmr,
    protocol_pairs,
    roc_points,
    set_metrics,
)

FVC_KEYS = [(finger, impression) for finger in range(101, 111) for impression in range(1, 9)]


def test_protocol_counts_for_an_fvc_set() -> None:
    pairs = protocol_pairs(FVC_KEYS)
    assert (len(pairs.genuine), len(pairs.impostor), len(pairs.impostor_all)) == (280, 45, 2880)
    assert all(a[0] == b[0] and a < b for a, b in pairs.genuine)
    assert all(a[1] == b[1] == 1 and a[0] < b[0] for a, b in pairs.impostor)
    assert set(pairs.impostor) <= set(pairs.impostor_all)
    assert len(set(pairs.distinct())) == 280 + 2880


def test_a_finger_without_impression_1_is_refused() -> None:
    with pytest.raises(EvaluationError, match=r"\[102\]"):
        protocol_pairs([(101, 1), (101, 2), (102, 2), (102, 3)])
    with pytest.raises(EvaluationError, match="single finger"):
        protocol_pairs([(101, 1), (101, 2)])


def test_separated_scores_have_zero_eer_and_overlapping_ones_do_not() -> None:
    assert equal_error_rate([0.8, 0.9, 0.7], [0.1, 0.2, 0.3]) == 0.0
    assert equal_error_rate([0.1, 0.2], [0.8, 0.9]) == pytest.approx(1.0)
    assert equal_error_rate([0.9, 0.8, 0.7, 0.2], [0.1, 0.3, 0.25, 0.6]) == pytest.approx(0.25)


def test_fnmr_at_fmr_is_the_genuine_share_lost_at_the_strictest_allowed_threshold() -> None:
    genuine = np.linspace(0.0, 1.0, 101)
    impostor = np.linspace(0.0, 0.5, 100)  # the top impostor scores 0.5
    assert fnmr_at_fmr(genuine, impostor, 0.0) == pytest.approx(51 / 101)
    assert fnmr_at_fmr(genuine, impostor, 0.01) == pytest.approx(50 / 101)


def test_metrics_report_percentages_and_counts() -> None:
    pairs = protocol_pairs(FVC_KEYS)
    scores = dict.fromkeys(pairs.genuine, 1.0) | dict.fromkeys(pairs.impostor_all, 0.0)
    metrics = set_metrics(scores, pairs)
    assert (metrics.eer_percent, metrics.eer_all_pairs_percent, metrics.fmr1000_percent) == (0.0, 0.0, 0.0)
    assert (metrics.genuine_pairs, metrics.impostor_pairs, metrics.impostor_pairs_all) == (280, 45, 2880)
    del scores[pairs.genuine[0]]
    with pytest.raises(EvaluationError, match="no score"):
        set_metrics(scores, pairs)


def test_bad_scores_are_refused() -> None:
    with pytest.raises(EvaluationError, match="NaN"):
        equal_error_rate([0.5, float("nan")], [0.1])
    with pytest.raises(EvaluationError, match="no genuine"):
        equal_error_rate([], [0.1])


@settings(max_examples=60, deadline=None)
@given(
    genuine=st.lists(st.floats(0, 1), min_size=1, max_size=40),
    impostor=st.lists(st.floats(0, 1), min_size=1, max_size=40),
    seed=st.integers(0, 1000),
)
def test_eer_is_a_rate_independent_of_order(genuine: list[float], impostor: list[float], seed: int) -> None:
    eer = equal_error_rate(genuine, impostor)
    assert 0.0 <= eer <= 1.0
    rng = np.random.default_rng(seed)
    assert equal_error_rate(rng.permutation(genuine), rng.permutation(impostor)) == eer
    points = roc_points(genuine, impostor)
    fmr = [p.fmr for p in points]
    fnmr = [p.fnmr for p in points]
    assert fmr == sorted(fmr, reverse=True) and fnmr == sorted(fnmr)
