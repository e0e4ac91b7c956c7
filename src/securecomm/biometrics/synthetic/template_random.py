"""The template path's random numbers: a counter-based generator, one independent stream per key.

SplitMix64's finaliser over a key hashed from (seed, stream, identity, finger, impression): opening a
stream costs a few multiplications, where a NumPy `Generator` per finger would cost more than the finger
itself, and any finger of any identity can be regenerated alone, in any order.
"""

from __future__ import annotations

import math

import numba
import numpy as np
from numpy.typing import NDArray

__all__ = ["STREAM_EXTRA", "STREAM_IMPRESSION", "STREAM_MASTER", "STREAM_TRAITS"]

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
STREAM_MASTER = 101
STREAM_IMPRESSION = 102
STREAM_TRAITS = 103
STREAM_EXTRA = 104


@numba.njit(inline="always", cache=True)
def _mix(z: np.uint64) -> np.uint64:  # pragma: no cover - compiled
    z = (z ^ (z >> np.uint64(30))) * _M1
    z = (z ^ (z >> np.uint64(27))) * _M2
    return z ^ (z >> np.uint64(31))


@numba.njit(cache=True)
def _key(
    seed: int, stream: int, identity: int, finger: int, impression: int
) -> np.uint64:  # pragma: no cover
    h = _mix(np.uint64(seed) + _GOLDEN)
    h = _mix(h ^ (np.uint64(stream) * _GOLDEN))
    h = _mix(h ^ (np.uint64(identity) + _GOLDEN))
    h = _mix(h ^ (np.uint64(finger) * _M1))
    return _mix(h ^ (np.uint64(impression) * _M2))


@numba.njit(inline="always", cache=True)
def _uniform(state: NDArray[np.uint64]) -> float:  # pragma: no cover - compiled
    state[0] += _GOLDEN
    return float(_mix(state[0]) >> np.uint64(11)) * (1.0 / 9007199254740992.0)


@numba.njit(cache=True)
def _between(state: NDArray[np.uint64], low: float, high: float) -> float:  # pragma: no cover
    return low + (high - low) * _uniform(state)


@numba.njit(cache=True)
def _normal(state: NDArray[np.uint64]) -> float:  # pragma: no cover - compiled
    u = max(_uniform(state), 1e-300)
    return math.sqrt(-2.0 * math.log(u)) * math.cos(2.0 * math.pi * _uniform(state))


@numba.njit(cache=True)
def _clipped(state: NDArray[np.uint64], sd: float, limit: float) -> float:  # pragma: no cover
    return min(limit, max(-limit, sd * _normal(state)))


@numba.njit(cache=True)
def _poisson(state: NDArray[np.uint64], mean: float) -> int:  # pragma: no cover - compiled
    if mean > 30.0:
        return max(0, round(mean + math.sqrt(mean) * _normal(state)))
    limit, product, count = math.exp(-mean), _uniform(state), 0
    while product > limit:
        product *= _uniform(state)
        count += 1
    return count
