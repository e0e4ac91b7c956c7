"""Ten-print fusion: Fisher's method over present, usable fingers."""

from __future__ import annotations

import math

import pytest

from securecomm.biometrics import Score
from securecomm.biometrics.calibration import threshold_for
from securecomm.biometrics.errors import FusionError
from securecomm.biometrics.fusion import FingerComparison, compare_ten_prints, fisher_combined_rate, fuse

from .conftest import fvc_template


def _at(fmr: float) -> Score:
    return Score(threshold_for(fmr), 12, 20, 20, 0.9)


def test_one_finger_keeps_its_rate_and_more_agreeing_fingers_strengthen_it() -> None:
    assert fisher_combined_rate([0.01]) == pytest.approx(0.01)
    two = fisher_combined_rate([0.01, 0.01])
    assert two < 0.01
    assert fisher_combined_rate([0.01] * 10) < two
    assert fisher_combined_rate([]) == 1.0


def test_uniform_impostor_rates_fuse_to_unremarkable_values() -> None:
    # the median of each finger's impostor rate is 0.5; ten of them are not evidence of a match
    assert fisher_combined_rate([0.5] * 10) > 0.5


def test_missing_and_poor_fingers_are_skipped_and_named() -> None:
    comparisons = [
        FingerComparison(1, _at(1e-4), 30, 30),
        FingerComparison(2, None),
        FingerComparison(3, _at(1e-4), 30, 3),
        FingerComparison(4, _at(0.3), 25, 25),
    ]
    result = fuse(comparisons)
    assert [p for p, _ in result.used] == [1, 4]
    assert dict(result.skipped) == {2: "missing on one side", 3: "poor: fewer than 8 minutiae"}
    assert result.false_match_rate == pytest.approx(fisher_combined_rate([1e-4, 0.3]), rel=0.05)
    assert result.evidence == pytest.approx(-math.log10(result.false_match_rate))


def test_nothing_usable_means_no_evidence() -> None:
    result = fuse([FingerComparison(5, None)])
    assert result.false_match_rate == 1.0 and result.used == ()


@pytest.mark.parametrize(
    ("comparisons", "message"),
    [
        ([FingerComparison(0, None)], "not 1-10"),
        ([FingerComparison(2, None), FingerComparison(2, None)], "twice"),
    ],
)
def test_inconsistent_positions_are_refused(comparisons: list[FingerComparison], message: str) -> None:
    with pytest.raises(FusionError, match=message):
        fuse(comparisons)


@pytest.mark.slow
def test_ten_print_sets_of_one_person_fuse_far_below_other_persons(db1) -> None:  # type: ignore[no-untyped-def]
    # The ten FVC fingers stand in for one person's ten fingers; a "second person" re-uses them shifted.
    first = {position: fvc_template("db1", 100 + position, 1) for position in range(1, 11)}
    second = {position: fvc_template("db1", 100 + position, 2) for position in range(1, 11)}
    other = {position: fvc_template("db1", 100 + (position % 10) + 1, 2) for position in range(1, 11)}
    mate = compare_ten_prints(first, second)
    stranger = compare_ten_prints(first, other)
    assert mate.false_match_rate < 1e-12
    assert stranger.false_match_rate > 1e-3
    missing = compare_ten_prints({p: t for p, t in first.items() if p != 3}, second)
    assert (3, "missing on one side") in missing.skipped and missing.false_match_rate < 1e-12
