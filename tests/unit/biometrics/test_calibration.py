"""The score-to-false-match-rate calibration."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from securecomm.biometrics.calibration import CALIBRATION, FMR_FLOOR, false_match_rate, threshold_for


def test_false_match_rate_falls_as_the_score_rises() -> None:
    scores = np.linspace(0.0, 1.0, 400)
    rates = [false_match_rate(float(s)) for s in scores]
    assert rates[0] == 1.0 and rates[-1] == FMR_FLOOR
    assert all(a >= b for a, b in itertools.pairwise(rates))


@pytest.mark.parametrize("fmr", [0.5, 0.1, 1e-2, 1e-3, 1e-4, 1e-5])
def test_thresholds_invert_the_rate(fmr: float) -> None:
    assert false_match_rate(threshold_for(fmr)) == pytest.approx(fmr, rel=0.02)


def test_documented_thresholds() -> None:
    # docs/biometrics.md quotes these; a new calibration must update both
    assert threshold_for(1e-2) == pytest.approx(CALIBRATION.tail_start, abs=1e-4)
    assert threshold_for(1e-4) > threshold_for(1e-3) > threshold_for(1e-2)
    assert threshold_for(1e-4, conservative=True) > threshold_for(1e-4)


def test_out_of_range_requests_are_refused() -> None:
    with pytest.raises(ValueError, match="fmr"):
        threshold_for(1e-9)
    with pytest.raises(ValueError, match="finite"):
        false_match_rate(float("nan"))
