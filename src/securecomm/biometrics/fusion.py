"""Ten-print fusion: one decision from the comparisons of up to ten fingers.

Rule (documented in docs/biometrics.md):

1. Compare the two prints of each finger position present in both sets (ANSI/NIST-ITL finger position
   codes 1-10). A position missing on either side (amputated, bandaged, not captured) is skipped and named.
2. Skip a position as poor when either template holds fewer than FUSION_MIN_MINUTIAE minutiae: such a
   comparison can neither confirm nor refute much, and its score is the least well calibrated.
3. Turn each remaining score into its calibrated false-match rate p_i (`calibration`): under the impostor
   hypothesis p_i is uniform on [0, 1], whatever the finger.
4. Combine by Fisher's method: X = -2 sum ln p_i follows a chi-squared law with 2k degrees of freedom for k
   independent impostor fingers, so the fused false-match rate is P(chi2_2k >= X) =
   exp(-X/2) sum_{j<k} (X/2)^j / j!. It needs no weights to tune, handles any number of fingers, and a poor
   but present finger (p near 1) dilutes the evidence only a little instead of vetoing it.

The fused rate is an estimate under independence of fingers; the policy threshold on it lives in
rules/parameters/biometrics/decision_threshold.yaml.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from securecomm.biometrics import parameters as P
from securecomm.biometrics.calibration import FMR_FLOOR
from securecomm.biometrics.errors import FusionError
from securecomm.biometrics.matcher import Matcher, PreparedTemplate, Score, prepare
from securecomm.biometrics.template import Template

__all__ = ["FingerComparison", "FusedResult", "compare_ten_prints", "fisher_combined_rate", "fuse"]

FINGER_POSITIONS = range(1, 11)


@dataclass(frozen=True, slots=True)
class FingerComparison:
    """The comparison at one finger position; `score` None when the finger is missing on either side."""

    position: int
    score: Score | None
    probe_minutiae: int = 0
    candidate_minutiae: int = 0


@dataclass(frozen=True, slots=True)
class FusedResult:
    """The fused false-match rate and what went into it."""

    false_match_rate: float
    """Estimated chance that an impostor ten-print scores at least this well (Fisher's method)."""
    used: tuple[tuple[int, float], ...]
    """(finger position, that finger's calibrated false-match rate), for the fingers combined."""
    skipped: tuple[tuple[int, str], ...]
    """(finger position, why it was not combined)."""

    @property
    def evidence(self) -> float:
        """-log10 of the fused false-match rate: 4 means one impostor ten-print in 10,000 scores this well."""
        return -math.log10(self.false_match_rate)


def fisher_combined_rate(rates: Sequence[float]) -> float:
    """P(chi2 with 2k degrees of freedom >= -2 sum ln p) for k independent rates p (1.0 when k = 0).

    >>> round(fisher_combined_rate([0.01]), 6)
    0.01
    >>> fisher_combined_rate([0.01, 0.01]) < 0.01
    True
    """
    if not rates:
        return 1.0
    if any(not (0.0 < p <= 1.0) for p in rates):
        raise FusionError(f"per-finger rates must lie in (0, 1], got {list(rates)}", where="fusion")
    half = -sum(math.log(p) for p in rates)  # X / 2
    term = 1.0
    total = 1.0
    for j in range(1, len(rates)):
        term *= half / j
        total += term
    return min(1.0, math.exp(-half) * total)


def fuse(comparisons: Sequence[FingerComparison]) -> FusedResult:
    """Combine per-finger comparisons by the rule in the module docstring."""
    seen: set[int] = set()
    used: list[tuple[int, float]] = []
    skipped: list[tuple[int, str]] = []
    for c in comparisons:
        if c.position not in FINGER_POSITIONS:
            raise FusionError(f"finger position {c.position} is not 1-10 (ANSI/NIST-ITL FGP)", where="fusion")
        if c.position in seen:
            raise FusionError(f"finger position {c.position} appears twice", where="fusion")
        seen.add(c.position)
        if c.score is None:
            skipped.append((c.position, "missing on one side"))
        elif min(c.probe_minutiae, c.candidate_minutiae) < P.FUSION_MIN_MINUTIAE:
            skipped.append((c.position, f"poor: fewer than {P.FUSION_MIN_MINUTIAE} minutiae"))
        else:
            used.append((c.position, max(c.score.false_match_rate, FMR_FLOOR)))
    rate = fisher_combined_rate([p for _, p in used])
    return FusedResult(false_match_rate=rate, used=tuple(used), skipped=tuple(skipped))


def compare_ten_prints(
    probe: Mapping[int, Template | PreparedTemplate], candidate: Mapping[int, Template | PreparedTemplate]
) -> FusedResult:
    """Compare two ten-print sets keyed by finger position (1-10) and fuse the results."""
    comparisons: list[FingerComparison] = []
    for position in sorted(set(probe) | set(candidate)):
        if position not in FINGER_POSITIONS:
            raise FusionError(
                f"finger position {position} is not 1-10 (ANSI/NIST-ITL FGP)", where="ten-print set"
            )
        a = probe.get(position)
        b = candidate.get(position)
        if a is None or b is None:
            comparisons.append(FingerComparison(position, None))
            continue
        pa, pb = prepare(a), prepare(b)
        score = Matcher(pa).match(pb)
        comparisons.append(FingerComparison(position, score, pa.template.count, pb.template.count))
    return fuse(comparisons)
