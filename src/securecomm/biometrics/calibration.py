"""Score calibration: how often an impostor comparison reaches a score, and the thresholds for an FMR.

The numbers below come from `python bench/calibrate.py --synthetic-fingers 150 --json` (run 2026-11-26 on
the project machine, engine template format 1, parameters as committed with this file; 333 s). They pool 14,144
real impostor comparisons: every cross-finger pair within FVC2002 DB1_B (2,880) and within FVC2000 DB4_B
(2,880), every pair across the two sets and the NIST ten-print card's rolled fingers (8,320), and the card's
fingers against each other (64). 44,700 synthetic impostor comparisons were kept apart as a check.

Model. Below u (the pooled 99th percentile, 0.0926) FMR(s) is the empirical curve, interpolated linearly in
score and in log FMR between the stored points. Above u the tail is exponential (a generalised Pareto tail
with shape 0, fitted by the mean excess of the 142 scores above u): FMR(s) = 0.01 exp(-(s - u) / beta), beta
= 0.0124. Thresholds it gives: FMR 1e-3 at 0.1211 (empirical pooled: 0.1165), FMR 1e-4 at 0.1496 (the
synthetic impostors' empirical 1e-4 threshold from 44,700 pairs: 0.1542; the pooled real set has only
1.4 impostors per 1e-4, and its second-highest impostor scored 0.160). The tail differs by sensor: DB4_B's
impostors reach FMR 1e-3 at 0.134, DB1_B's at 0.113.

Uncertainty: beta has a 95 % interval of [0.0103, 0.0144] (n = 142 exceedances), which moves the FMR 1e-4
threshold within [0.1403, 0.1590]; `threshold_for(fmr, conservative=True)` uses the upper end. Rates below
FMR_FLOOR are reported as FMR_FLOOR: two decades past what the data shows is as far as the tail model is
trusted.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

__all__ = ["CALIBRATION", "FMR_FLOOR", "Calibration", "false_match_rate", "threshold_for"]

FMR_FLOOR = 1e-6


@dataclass(frozen=True, slots=True)
class Calibration:
    """An impostor score survival curve: empirical points up to `tail_start`, then an exponential tail."""

    curve: tuple[tuple[float, float], ...]
    """(score, share of impostor scores >= score), scores ascending, the last point at `tail_start`."""
    tail_start: float
    tail_fmr: float
    tail_scale: float
    tail_scale_95: tuple[float, float]

    def false_match_rate(self, value: float) -> float:
        """Estimated share of impostor comparisons scoring >= `value` (at least FMR_FLOOR)."""
        if not math.isfinite(value):
            raise ValueError(f"a score must be finite, got {value}")
        if value >= self.tail_start:
            rate = self.tail_fmr * math.exp(-(value - self.tail_start) / self.tail_scale)
            return max(rate, FMR_FLOOR)
        scores = np.array([s for s, _ in self.curve])
        logs = np.log10([f for _, f in self.curve])
        if value <= scores[0]:
            return 1.0
        return float(max(10.0 ** np.interp(value, scores, logs), FMR_FLOOR))

    def threshold_for(self, fmr: float, *, conservative: bool = False) -> float:
        """The score at which impostors pass at rate `fmr` (within [FMR_FLOOR, 1]).

        `conservative=True` uses the upper end of the tail scale's 95 % interval (a higher threshold).
        """
        if not FMR_FLOOR <= fmr <= 1.0:
            raise ValueError(f"fmr must lie in [{FMR_FLOOR}, 1], got {fmr}")
        if fmr <= self.tail_fmr:
            scale = self.tail_scale_95[1] if conservative else self.tail_scale
            return self.tail_start + scale * math.log(self.tail_fmr / fmr)
        scores = np.array([s for s, _ in self.curve])
        logs = np.log10([f for _, f in self.curve])
        # log FMR descends with the score: interpolate on the reversed arrays
        return float(np.interp(math.log10(fmr), logs[::-1], scores[::-1]))


CALIBRATION = Calibration(
    curve=(
        (0.00757, 1.0), (0.01731, 0.969952), (0.02017, 0.939975), (0.02218, 0.909997), (0.02389, 0.879949),
        (0.02537, 0.849972), (0.02679, 0.819994), (0.02824, 0.789946), (0.02948, 0.759969),
        (0.03079, 0.729992), (0.03196, 0.700014), (0.03312, 0.669966), (0.03426, 0.639989),
        (0.03546, 0.610011), (0.03662, 0.579963), (0.03775, 0.549986), (0.03893, 0.520008),
        (0.04014, 0.490031), (0.04134, 0.459983), (0.04271, 0.430006), (0.04402, 0.400028), (0.04538, 0.36998),
        (0.04692, 0.340003), (0.04847, 0.310025), (0.05018, 0.280048), (0.05209, 0.25), (0.05402, 0.220023),
        (0.05619, 0.190045), (0.0586, 0.159997), (0.06146, 0.13002), (0.06506, 0.100042), (0.06997, 0.070065),
        (0.07613, 0.040017), (0.09264, 0.01),
    ),
    tail_start=0.09264,
    tail_fmr=0.01,
    tail_scale=0.012376,
    tail_scale_95=(0.010340, 0.014411),
)  # fmt: skip


def false_match_rate(value: float) -> float:
    """Estimated share of impostor comparisons that score at least `value` (see the module docstring)."""
    return CALIBRATION.false_match_rate(value)


def threshold_for(fmr: float, *, conservative: bool = False) -> float:
    """The score threshold for a target false-match rate (see `Calibration.threshold_for`)."""
    return CALIBRATION.threshold_for(fmr, conservative=conservative)
