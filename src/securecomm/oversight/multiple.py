"""False-discovery control and simple intervals.

Each quarter tests every activated jurisdiction at once; with 3,000 tests a 5 % per-test level would flag
about 150 jurisdictions by chance alone. Benjamini and Hochberg (1995, J. R. Stat. Soc. B 57:289) keep
the expected share of false flags among all flags at or below the chosen rate.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy import stats

__all__ = ["bh_qvalues", "wilson_interval"]


def bh_qvalues(pvalues: Sequence[float]) -> list[float]:
    """Benjamini-Hochberg adjusted p-values (q-values): flag where q <= the chosen FDR.

    q_(i) = min over j >= i of p_(j) * m / j, capped at 1, returned in the input order.

    >>> [round(q, 4) for q in bh_qvalues([0.01, 0.04, 0.03, 0.20])]
    [0.04, 0.0533, 0.0533, 0.2]
    """
    p = np.asarray(pvalues, dtype=np.float64)
    if p.size == 0:
        return []
    if np.any(np.isnan(p)) or np.any(p < 0) or np.any(p > 1):
        raise ValueError("p-values must lie in [0, 1]")
    m = p.size
    order = np.argsort(p, kind="stable")
    scaled = p[order] * m / np.arange(1, m + 1)
    adjusted = np.minimum.accumulate(scaled[::-1])[::-1]
    q = np.empty(m)
    q[order] = np.minimum(adjusted, 1.0)
    return [float(v) for v in q]


def wilson_interval(successes: int, trials: int, *, level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a proportion (good coverage for small counts and shares near 0 or 1).

    >>> [round(v, 4) for v in wilson_interval(30, 100)]
    [0.2189, 0.3958]
    """
    if trials <= 0:
        return (0.0, 1.0)
    z = float(stats.norm.ppf(0.5 + level / 2))
    share = successes / trials
    denominator = 1 + z * z / trials
    centre = (share + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(share * (1 - share) / trials + z * z / (4 * trials * trials)) / denominator
    return (max(0.0, centre - half), min(1.0, centre + half))
