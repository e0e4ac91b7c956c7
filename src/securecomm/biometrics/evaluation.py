"""FVC-protocol accuracy metrics: which pairs to compare, and EER / FMR100 / FMR1000 / ROC from scores.

Pure functions over score arrays, so the CLI, the benchmarks and the tests compute the same figures.

Protocol (Maio et al., "FVC2002: Second Fingerprint Verification Competition", ICPR 2002):

* genuine: every pair of impressions of the same finger, the symmetric comparison not run
  (8 impressions -> 28 pairs per finger, 280 for 10 fingers);
* impostor: impression 1 of each finger against impression 1 of every other finger, symmetric not run (45);
* "all pairs": every cross-finger pair of impressions, symmetric not run (2,880 for 10 x 8), which gives the
  EER a far finer granularity than 45 impostors (one impostor is 2.2 % there).

Scores are "higher means more similar"; a comparison is accepted when its score is >= the threshold.

EER follows FVC's own definition (Maio et al. 2002, §4): with FMR(t) the share of impostor scores >= t and
FNMR(t) the share of genuine scores < t, t1 is the largest observed threshold with FNMR(t1) <= FMR(t1) and t2
the smallest with FNMR(t2) >= FMR(t2); the EER interval is [FNMR(t1), FMR(t1)] or [FMR(t2), FNMR(t2)],
whichever is narrower, and the EER is its midpoint. FMR100 (FMR1000) is the lowest FNMR at which FMR <= 1 %
(0.1 %).

>>> g = np.array([0.9, 0.8, 0.7, 0.2]); i = np.array([0.1, 0.3, 0.25, 0.6])
>>> round(equal_error_rate(g, i), 3)
0.25
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from securecomm.biometrics.errors import EvaluationError

__all__ = [
    "FingerKey",
    "ProtocolPairs",
    "RocPoint",
    "SetMetrics",
    "equal_error_rate",
    "fnmr_at_fmr",
    "protocol_pairs",
    "roc_points",
    "set_metrics",
]

FingerKey = tuple[int, int]
"""(finger number, impression number), e.g. (101, 1) for the file `101_1.tif`."""


@dataclass(frozen=True, slots=True)
class ProtocolPairs:
    """The comparisons the FVC protocol runs on one set, as (probe, candidate) key pairs."""

    genuine: tuple[tuple[FingerKey, FingerKey], ...]
    impostor: tuple[tuple[FingerKey, FingerKey], ...]
    impostor_all: tuple[tuple[FingerKey, FingerKey], ...]

    def distinct(self) -> tuple[tuple[FingerKey, FingerKey], ...]:
        """Every pair to compare once (the FVC impostors are a subset of the all-pairs impostors)."""
        return self.genuine + self.impostor_all


@dataclass(frozen=True, slots=True)
class RocPoint:
    """One operating point: at `threshold`, the false-match and false-non-match rates (fractions)."""

    threshold: float
    fmr: float
    fnmr: float


@dataclass(frozen=True, slots=True)
class SetMetrics:
    """The figures `fingerprints evaluate` reports (rates in percent)."""

    eer_percent: float
    eer_all_pairs_percent: float
    fmr100_percent: float
    fmr1000_percent: float
    genuine_pairs: int
    impostor_pairs: int
    impostor_pairs_all: int


def protocol_pairs(keys: Iterable[FingerKey]) -> ProtocolPairs:
    """The FVC comparisons among `keys`; the set must hold impression 1 of every finger it names."""
    ordered = sorted(set(keys))
    if not ordered:
        raise EvaluationError("the set holds no fingerprint images", where="evaluation set")
    fingers = sorted({finger for finger, _ in ordered})
    firsts = {finger for finger, impression in ordered if impression == 1}
    missing = [finger for finger in fingers if finger not in firsts]
    if missing:
        raise EvaluationError(
            f"fingers {missing} have no impression 1 (file FFF_1), which the FVC impostor protocol compares",
            where="evaluation set",
        )
    if len(fingers) < 2:
        raise EvaluationError(
            "the set holds a single finger, so there are no impostor pairs", where="evaluation set"
        )
    genuine = tuple((a, b) for i, a in enumerate(ordered) for b in ordered[i + 1 :] if a[0] == b[0])
    impostor_all = tuple((a, b) for i, a in enumerate(ordered) for b in ordered[i + 1 :] if a[0] != b[0])
    impostor = tuple((a, b) for a, b in impostor_all if a[1] == 1 and b[1] == 1)
    return ProtocolPairs(genuine=genuine, impostor=impostor, impostor_all=impostor_all)


def _as_scores(values: Sequence[float] | NDArray[np.floating], what: str) -> NDArray[np.float64]:
    array = np.asarray(values, dtype=np.float64).ravel()
    if array.size == 0:
        raise EvaluationError(f"no {what} scores to evaluate", where="evaluation")
    if not np.all(np.isfinite(array)):
        raise EvaluationError(f"{what} scores include NaN or infinity", where="evaluation")
    return array


def _rates(
    genuine: NDArray[np.float64], impostor: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """FMR(t) and FNMR(t) at every observed score t (ascending), plus one threshold above them all."""
    thresholds = np.unique(np.concatenate([genuine, impostor]))
    thresholds = np.append(thresholds, np.nextafter(thresholds[-1], np.inf))
    g_sorted = np.sort(genuine)
    i_sorted = np.sort(impostor)
    fnmr = np.searchsorted(g_sorted, thresholds, side="left") / g_sorted.size
    # counts first, then one division: 1 - 99/100 is not exactly 0.01 in floating point
    fmr = (i_sorted.size - np.searchsorted(i_sorted, thresholds, side="left")) / i_sorted.size
    return thresholds, fmr, fnmr


def equal_error_rate(
    genuine: Sequence[float] | NDArray[np.floating], impostor: Sequence[float] | NDArray[np.floating]
) -> float:
    """The EER as a fraction, by FVC's interval-midpoint definition (see the module docstring)."""
    g = _as_scores(genuine, "genuine")
    i = _as_scores(impostor, "impostor")
    _, fmr, fnmr = _rates(g, i)
    below = np.flatnonzero(fnmr <= fmr)
    above = np.flatnonzero(fnmr >= fmr)
    t1 = below[-1]  # fnmr(lowest threshold) = 0 <= fmr, so `below` is never empty
    t2 = above[0]  # fmr(above every score) = 0 <= fnmr, so `above` is never empty
    if fnmr[t1] + fmr[t1] <= fmr[t2] + fnmr[t2]:
        low, high = fnmr[t1], fmr[t1]
    else:
        low, high = fmr[t2], fnmr[t2]
    return float((low + high) / 2.0)


def fnmr_at_fmr(
    genuine: Sequence[float] | NDArray[np.floating],
    impostor: Sequence[float] | NDArray[np.floating],
    max_fmr: float,
) -> float:
    """The lowest FNMR (fraction) over thresholds whose FMR is at most `max_fmr` (FVC's FMR100 for 0.01)."""
    if not 0.0 <= max_fmr <= 1.0:
        raise EvaluationError(f"max_fmr must lie in [0, 1], got {max_fmr}", where="evaluation")
    g = _as_scores(genuine, "genuine")
    i = _as_scores(impostor, "impostor")
    _, fmr, fnmr = _rates(g, i)
    return float(np.min(fnmr[fmr <= max_fmr]))


def roc_points(
    genuine: Sequence[float] | NDArray[np.floating], impostor: Sequence[float] | NDArray[np.floating]
) -> list[RocPoint]:
    """Every operating point (threshold ascending, so FMR descends and FNMR ascends)."""
    thresholds, fmr, fnmr = _rates(_as_scores(genuine, "genuine"), _as_scores(impostor, "impostor"))
    return [RocPoint(float(t), float(a), float(b)) for t, a, b in zip(thresholds, fmr, fnmr, strict=True)]


def set_metrics(scores: dict[tuple[FingerKey, FingerKey], float], pairs: ProtocolPairs) -> SetMetrics:
    """The reported figures from the scores of `pairs.distinct()` (FMR100/FMR1000 use all-pairs impostors)."""
    missing = [pair for pair in pairs.distinct() if pair not in scores]
    if missing:
        raise EvaluationError(
            f"{len(missing)} protocol pairs have no score, e.g. {missing[0]}", where="evaluation"
        )
    genuine = np.array([scores[p] for p in pairs.genuine])
    impostor = np.array([scores[p] for p in pairs.impostor])
    impostor_all = np.array([scores[p] for p in pairs.impostor_all])
    return SetMetrics(
        eer_percent=100.0 * equal_error_rate(genuine, impostor),
        eer_all_pairs_percent=100.0 * equal_error_rate(genuine, impostor_all),
        fmr100_percent=100.0 * fnmr_at_fmr(genuine, impostor_all, 0.01),
        fmr1000_percent=100.0 * fnmr_at_fmr(genuine, impostor_all, 0.001),
        genuine_pairs=len(pairs.genuine),
        impostor_pairs=len(pairs.impostor),
        impostor_pairs_all=len(pairs.impostor_all),
    )
