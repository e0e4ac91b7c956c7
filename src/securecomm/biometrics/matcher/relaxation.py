"""LSS-R: the best local pairs, strengthened or weakened by how well they agree with each other.

From the local similarity matrix we take the strongest one-to-one pairs (greedy by similarity, at most
min(n_a, n_b)). Relaxation (Cappelli et al. 2010, §4.2; Rosenfeld, Hummel & Zucker 1976) then lets every
pair gain support from pairs geometrically compatible with it - same distance between the two minutiae in
both prints, same relative direction, same angle to the joining line - and lose strength otherwise, over
RELAX_ITERATIONS rounds. Pairs that kept their strength (high efficiency = relaxed / initial) are the ones a
consistent pairing supports; the score averages the relaxed strength of the n_P most efficient pairs, with
n_P growing from LSS_MIN_PAIRS to LSS_MAX_PAIRS as the prints hold more minutiae.
"""

from __future__ import annotations

import math

import numba
import numpy as np
from numpy.typing import NDArray

from securecomm.biometrics import parameters as P

__all__ = ["compatibility", "pair_count", "relax", "relax_reference", "top_pairs"]


@numba.njit(cache=True, nogil=True, inline="always")
def _sigmoid(value: float, mu: float, tau: float) -> float:
    return 1.0 / (1.0 + math.exp(-tau * (value - mu)))


@numba.njit(cache=True, nogil=True, inline="always")
def _angle(value: float) -> float:
    """Wrap to (-pi, pi]."""
    return math.atan2(math.sin(value), math.cos(value))


@numba.njit(cache=True, nogil=True)
def compatibility(
    ax1: float, ay1: float, ad1: float, ax2: float, ay2: float, ad2: float,
    bx1: float, by1: float, bd1: float, bx2: float, by2: float, bd2: float,
) -> float:  # fmt: skip
    """rho: how consistent pair (a1, b1) is with pair (a2, b2), in (0, 1)."""
    da = math.hypot(ax2 - ax1, ay2 - ay1)
    db = math.hypot(bx2 - bx1, by2 - by1)
    rho1 = _sigmoid(abs(da - db), P.RELAX_DISTANCE_MU_PX, P.RELAX_DISTANCE_TAU)
    rho2 = _sigmoid(abs(_angle(_angle(ad2 - ad1) - _angle(bd2 - bd1))), P.RELAX_ANGLE_MU, P.RELAX_ANGLE_TAU)
    ra = _angle(math.atan2(ay2 - ay1, ax2 - ax1) - ad1)
    rb = _angle(math.atan2(by2 - by1, bx2 - bx1) - bd1)
    rho3 = _sigmoid(abs(_angle(ra - rb)), P.RELAX_ANGLE_MU, P.RELAX_ANGLE_TAU)
    return rho1 * rho2 * rho3


def pair_count(n_a: int, n_b: int) -> int:
    """n_P: how many pairs the score averages, from the smaller minutia count."""
    z = 1.0 / (1.0 + math.exp(-P.LSS_PAIRS_TAU * (min(n_a, n_b) - P.LSS_PAIRS_MU)))
    return P.LSS_MIN_PAIRS + int(round(z * (P.LSS_MAX_PAIRS - P.LSS_MIN_PAIRS)))


@numba.njit(cache=True, nogil=True)
def top_pairs(similarity: NDArray[np.float32], limit: int) -> tuple[NDArray[np.int32], NDArray[np.int32]]:
    """Greedy one-to-one pairs by descending similarity (> 0), at most `limit`."""
    na, nb = similarity.shape
    order = np.argsort(-similarity.ravel(), kind="mergesort")
    used_a = np.zeros(na, dtype=np.bool_)
    used_b = np.zeros(nb, dtype=np.bool_)
    ia = np.zeros(limit, dtype=np.int32)
    ib = np.zeros(limit, dtype=np.int32)
    count = 0
    for flat in order:
        if count >= limit:
            break
        i = flat // nb
        j = flat % nb
        if similarity[i, j] <= 0.0:
            break
        if used_a[i] or used_b[j]:
            continue
        used_a[i] = True
        used_b[j] = True
        ia[count] = i
        ib[count] = j
        count += 1
    return ia[:count], ib[:count]


@numba.njit(cache=True, nogil=True)
def relax(
    similarity: NDArray[np.float32],
    ia: NDArray[np.int32],
    ib: NDArray[np.int32],
    ax: NDArray[np.float32], ay: NDArray[np.float32], ad: NDArray[np.float32],
    bx: NDArray[np.float32], by: NDArray[np.float32], bd: NDArray[np.float32],
    iterations: int,
    weight: float,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:  # fmt: skip
    """(relaxed strength, compatibility matrix rho) of the pairs (ia[t], ib[t])."""
    n = ia.size
    rho = np.zeros((n, n), dtype=np.float64)
    for t in range(n):
        for k in range(t + 1, n):
            value = compatibility(
                ax[ia[t]], ay[ia[t]], ad[ia[t]], ax[ia[k]], ay[ia[k]], ad[ia[k]],
                bx[ib[t]], by[ib[t]], bd[ib[t]], bx[ib[k]], by[ib[k]], bd[ib[k]],
            )  # fmt: skip
            rho[t, k] = value
            rho[k, t] = value
    strength = np.zeros(n, dtype=np.float64)
    for t in range(n):
        strength[t] = similarity[ia[t], ib[t]]
    if n < 2:
        return strength, rho
    nxt = np.zeros(n, dtype=np.float64)
    for _ in range(iterations):
        for t in range(n):
            support = 0.0
            for k in range(n):
                if k != t:
                    support += rho[t, k] * strength[k]
            nxt[t] = weight * strength[t] + (1.0 - weight) * support / (n - 1)
        strength[:] = nxt
    return strength, rho


def relax_reference(
    similarity: NDArray[np.float32],
    ia: NDArray[np.int32],
    ib: NDArray[np.int32],
    a: tuple[NDArray[np.float32], NDArray[np.float32], NDArray[np.float32]],
    b: tuple[NDArray[np.float32], NDArray[np.float32], NDArray[np.float32]],
) -> NDArray[np.float64]:
    """NumPy reference of `relax`: the relaxed strengths (vectorised compatibility and iterations)."""
    ax, ay, ad = (np.asarray(v, dtype=np.float64)[ia] for v in a)
    bx, by, bd = (np.asarray(v, dtype=np.float64)[ib] for v in b)

    def wrap(v: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.asarray(np.arctan2(np.sin(v), np.cos(v)))

    def sig(v: NDArray[np.float64], mu: float, tau: float) -> NDArray[np.float64]:
        return np.asarray(1.0 / (1.0 + np.exp(-tau * (v - mu))))

    da = np.hypot(ax[None, :] - ax[:, None], ay[None, :] - ay[:, None])
    db = np.hypot(bx[None, :] - bx[:, None], by[None, :] - by[:, None])
    rho1 = sig(np.abs(da - db), P.RELAX_DISTANCE_MU_PX, P.RELAX_DISTANCE_TAU)
    turn_a = wrap(ad[None, :] - ad[:, None])
    turn_b = wrap(bd[None, :] - bd[:, None])
    rho2 = sig(np.abs(wrap(turn_a - turn_b)), P.RELAX_ANGLE_MU, P.RELAX_ANGLE_TAU)
    ra = wrap(np.arctan2(ay[None, :] - ay[:, None], ax[None, :] - ax[:, None]) - ad[:, None])
    rb = wrap(np.arctan2(by[None, :] - by[:, None], bx[None, :] - bx[:, None]) - bd[:, None])
    rho3 = sig(np.abs(wrap(ra - rb)), P.RELAX_ANGLE_MU, P.RELAX_ANGLE_TAU)
    rho = rho1 * rho2 * rho3
    np.fill_diagonal(rho, 0.0)
    strength = similarity[ia, ib].astype(np.float64)
    n = strength.size
    if n < 2:
        return strength
    for _ in range(P.RELAX_ITERATIONS):
        strength = P.RELAX_WEIGHT * strength + (1.0 - P.RELAX_WEIGHT) * (rho @ strength) / (n - 1)
    return np.asarray(strength)
