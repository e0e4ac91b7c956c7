"""Global consolidation: align the prints, pair minutiae one-to-one, and weigh the pairing by the overlap.

Local similarity alone lets an impostor collect several individually similar pairs that do not fit one
finger. So from each of the PAIRING_SEEDS most similar one-to-one minutia pairs we hypothesise an alignment
(the rotation and translation that superimpose the two minutiae) and:

1. pair every minutia that then lies within the distance tolerance and PAIRING_ANGLE of a counterpart,
   greedily, strongest first, one-to-one. The tolerance is PAIRING_DISTANCE_PX at the alignment's centre
   and grows by PAIRING_DISTORTION per pixel away from it, because skin stretches more the farther it is
   from where the finger pressed hardest. A pair weighs its closeness in place and direction (1 when
   exact, 0 at the tolerance) times (1 + 2 x its local similarity) / 3, so it must agree both where it is
   and in its neighbourhood; every weight lies in [0, 1];
2. re-fit the alignment to those pairs by weighted least squares (PAIRING_REFITS times), which centres it
   on the pairing, and pair again;
3. score the alignment W / sqrt(n_a n_b), with W the summed pair weight and n_a, n_b the minutiae of
   each print that fall inside the other's foreground once aligned (at least OVERLAP_MIN_MINUTIAE each, and
   at least the number of pairs): about the geometric mean of the two shares of minutiae that found a
   partner, whatever the size of the overlap, and never above 1;
4. multiply by ((1 + a) / 2) ^ FIELD_AGREEMENT_POWER, where a in [-1, 1] is the agreement of the two ridge
   orientation fields over the aligned overlap (the coherence-weighted mean of cos 2 x their difference).
   Orientation is measured over large areas, so it stays reliable where noise makes minutiae doubtful, and
   an impostor alignment that fits a few minutiae rarely also fits the ridge flow around them (cf. Tico &
   Kuosmanen 2003; Gu, Zhou & Yang, IEEE TIP 2006). Templates without a usable field (e.g. imported from
   ISO/IEC 19794-2 with too few minutiae) skip this factor.

The comparison's score is the best alignment's. `reference.py` holds a NumPy version of the same steps.
"""

from __future__ import annotations

import math

import numba
import numpy as np
from numpy.typing import NDArray

from securecomm.biometrics import parameters as P
from securecomm.biometrics.matcher.local import similarity_kernel

__all__ = ["SETTINGS", "compare_kernel", "consolidate", "orientation_agreement", "settings_vector"]


@numba.njit(cache=True, nogil=True)
def _seeds(similarity: NDArray[np.float32], limit: int) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """The `limit` most similar one-to-one pairs (greedy, similarity > 0), by repeated maximum search."""
    na, nb = similarity.shape
    used_a = np.zeros(na, dtype=np.bool_)
    used_b = np.zeros(nb, dtype=np.bool_)
    ia = np.empty(limit, dtype=np.int64)
    ib = np.empty(limit, dtype=np.int64)
    count = 0
    while count < limit:
        best = 0.0
        bi = -1
        bj = -1
        for i in range(na):
            if used_a[i]:
                continue
            for j in range(nb):
                if not used_b[j] and similarity[i, j] > best:
                    best = similarity[i, j]
                    bi = i
                    bj = j
        if bi < 0:
            break
        used_a[bi] = True
        used_b[bj] = True
        ia[count] = bi
        ib[count] = bj
        count += 1
    return ia[:count], ib[:count]


@numba.njit(cache=True, nogil=True)
def _pair(
    similarity: NDArray[np.float32],
    ax: NDArray[np.float32], ay: NDArray[np.float32], ad: NDArray[np.float32],
    bx: NDArray[np.float32], by: NDArray[np.float32], bd: NDArray[np.float32],
    cos_r: float, sin_r: float, tx: float, ty: float, rotation: float,
    max_distance: float, max_angle: float, anchor_x: float, anchor_y: float, distortion: float,
    pair_a: NDArray[np.int64], pair_b: NDArray[np.int64], pair_w: NDArray[np.float64],
    cand_w: NDArray[np.float64], cand_i: NDArray[np.int64], cand_j: NDArray[np.int64],
    tolerance: NDArray[np.float64], used_a: NDArray[np.bool_], used_b: NDArray[np.bool_],
) -> int:  # fmt: skip
    """Greedy one-to-one pairing of A with B mapped by (rotation, t); fills pair_*; returns the count."""
    na = ax.size
    nb = bx.size
    reach = 0.0
    for i in range(na):
        tolerance[i] = max_distance + distortion * math.hypot(ax[i] - anchor_x, ay[i] - anchor_y)
        reach = max(reach, tolerance[i])
    min_cos = math.cos(max_angle)
    n = 0
    for j in range(nb):
        x = cos_r * bx[j] - sin_r * by[j] + tx
        y = sin_r * bx[j] + cos_r * by[j] + ty
        d = bd[j] + rotation
        cd = math.cos(d)
        sd = math.sin(d)
        for i in range(na):
            dx = ax[i] - x
            if dx > reach or dx < -reach:
                continue
            dy = ay[i] - y
            distance = math.sqrt(dx * dx + dy * dy)
            if distance > tolerance[i]:
                continue
            cos_turn = math.cos(ad[i]) * cd + math.sin(ad[i]) * sd
            if cos_turn < min_cos:
                continue
            turn = math.acos(min(1.0, cos_turn))
            closeness = (1.0 - distance / tolerance[i]) * (1.0 - turn / max_angle)
            cand_w[n] = closeness * (1.0 + 2.0 * similarity[i, j]) / 3.0
            cand_i[n] = i
            cand_j[n] = j
            n += 1
    order = np.argsort(-cand_w[:n], kind="mergesort")
    used_a[:] = False
    used_b[:] = False
    k = 0
    for o in order:
        i = cand_i[o]
        j = cand_j[o]
        if used_a[i] or used_b[j]:
            continue
        used_a[i] = True
        used_b[j] = True
        pair_a[k] = i
        pair_b[k] = j
        pair_w[k] = cand_w[o]
        k += 1
    return k


@numba.njit(cache=True, nogil=True)
def _fit(
    ax: NDArray[np.float32], ay: NDArray[np.float32], bx: NDArray[np.float32], by: NDArray[np.float32],
    pair_a: NDArray[np.int64], pair_b: NDArray[np.int64], pair_w: NDArray[np.float64], k: int,
) -> tuple[float, float, float, float, float, float, float]:  # fmt: skip
    """Weighted least-squares rotation + translation mapping B's paired minutiae onto A's.

    Returns (cos, sin, tx, ty, rotation, centre x, centre y), the centre being the weighted mean of A's side.
    """
    total = 0.0
    cax = 0.0
    cay = 0.0
    cbx = 0.0
    cby = 0.0
    for t in range(k):
        w = pair_w[t]
        total += w
        cax += w * ax[pair_a[t]]
        cay += w * ay[pair_a[t]]
        cbx += w * bx[pair_b[t]]
        cby += w * by[pair_b[t]]
    cax /= total
    cay /= total
    cbx /= total
    cby /= total
    sxx = 0.0
    sxy = 0.0
    for t in range(k):
        w = pair_w[t]
        pax = ax[pair_a[t]] - cax
        pay = ay[pair_a[t]] - cay
        pbx = bx[pair_b[t]] - cbx
        pby = by[pair_b[t]] - cby
        sxx += w * (pbx * pax + pby * pay)
        sxy += w * (pbx * pay - pby * pax)
    rotation = math.atan2(sxy, sxx)
    c = math.cos(rotation)
    s = math.sin(rotation)
    return c, s, cax - (c * cbx - s * cby), cay - (s * cbx + c * cby), rotation, cax, cay


@numba.njit(cache=True, nogil=True, inline="always")
def _on_mask(mask: NDArray[np.bool_], block: int, x: float, y: float) -> bool:
    if x < 0.0 or y < 0.0:
        return False
    row = int(y) // block
    col = int(x) // block
    return bool(row < mask.shape[0] and col < mask.shape[1] and mask[row, col])


@numba.njit(cache=True, nogil=True)
def orientation_agreement(
    fa: NDArray[np.float32], fb: NDArray[np.float32],
    cos_r: float, sin_r: float, tx: float, ty: float, rotation: float, block: int,
) -> tuple[float, float]:  # fmt: skip
    """Weighted mean of cos(2 x orientation difference) over the aligned overlap, and the summed weight.

    `fa` lists A's reliable blocks as rows (x, y, cos 2theta, sin 2theta, weight); `fb` is B's grid as
    (rows, cols, 3) of (cos 2theta, sin 2theta, weight), weight 0 where unreliable. The alignment maps B
    onto A.
    """
    c2 = math.cos(2.0 * rotation)
    s2 = math.sin(2.0 * rotation)
    total = 0.0
    weight = 0.0
    rows = fb.shape[0]
    cols = fb.shape[1]
    for t in range(fa.shape[0]):
        x = fa[t, 0] - tx
        y = fa[t, 1] - ty
        xb = cos_r * x + sin_r * y
        yb = -sin_r * x + cos_r * y
        if xb < 0.0 or yb < 0.0:
            continue
        rb = int(yb) // block
        qb = int(xb) // block
        if rb >= rows or qb >= cols:
            continue
        wb = fb[rb, qb, 2]
        if wb <= 0.0:
            continue
        # B's doubled angle turned by the alignment, against A's
        bc = fb[rb, qb, 0] * c2 - fb[rb, qb, 1] * s2
        bs = fb[rb, qb, 1] * c2 + fb[rb, qb, 0] * s2
        w = min(fa[t, 4], wb)
        total += w * (fa[t, 2] * bc + fa[t, 3] * bs)
        weight += w
    return (total / weight if weight > 0.0 else 0.0), weight


@numba.njit(cache=True, nogil=True)
def consolidate(
    similarity: NDArray[np.float32],
    ax: NDArray[np.float32], ay: NDArray[np.float32], ad: NDArray[np.float32], amask: NDArray[np.bool_],
    bx: NDArray[np.float32], by: NDArray[np.float32], bd: NDArray[np.float32], bmask: NDArray[np.bool_],
    fa: NDArray[np.float32], fb: NDArray[np.float32],
    block: int, field_block: int, seeds: int, max_distance: float, distortion: float, max_angle: float,
    refits: int, min_overlap: int, field_power: float,
    out_a: NDArray[np.int64], out_b: NDArray[np.int64], out_w: NDArray[np.float64],
    out_stats: NDArray[np.float64],
) -> int:  # fmt: skip
    """Score the best alignment of B onto A; returns its pair count.

    Its pairs go to out_a/out_b/out_w and out_stats receives (score, rotation, tx, ty, n_a, n_b,
    field agreement, field weight); out_stats[0] is 0 when no alignment pairs anything.
    """
    na = ax.size
    nb = bx.size
    out_stats[:] = 0.0
    best_k = 0
    if na == 0 or nb == 0:
        return best_k
    m = min(na, nb)
    pair_a = np.empty(m, dtype=np.int64)
    pair_b = np.empty(m, dtype=np.int64)
    pair_w = np.empty(m, dtype=np.float64)
    cand_w = np.empty(na * nb, dtype=np.float64)
    cand_i = np.empty(na * nb, dtype=np.int64)
    cand_j = np.empty(na * nb, dtype=np.int64)
    tolerance = np.empty(na, dtype=np.float64)
    used_a = np.empty(na, dtype=np.bool_)
    used_b = np.empty(nb, dtype=np.bool_)
    sa, sb = _seeds(similarity, seeds)
    for s in range(sa.size):
        i0 = sa[s]
        j0 = sb[s]
        rotation = math.atan2(math.sin(ad[i0] - bd[j0]), math.cos(ad[i0] - bd[j0]))
        c = math.cos(rotation)
        sn = math.sin(rotation)
        tx = ax[i0] - (c * bx[j0] - sn * by[j0])
        ty = ay[i0] - (sn * bx[j0] + c * by[j0])
        anchor_x = float(ax[i0])
        anchor_y = float(ay[i0])
        k = 0
        for it in range(refits + 1):
            k = _pair(similarity, ax, ay, ad, bx, by, bd, c, sn, tx, ty, rotation, max_distance, max_angle,
                      anchor_x, anchor_y, distortion, pair_a, pair_b, pair_w, cand_w, cand_i, cand_j,
                      tolerance, used_a, used_b)  # fmt: skip
            if it < refits and k >= 2:
                c, sn, tx, ty, rotation, anchor_x, anchor_y = _fit(ax, ay, bx, by, pair_a, pair_b, pair_w, k)
        weight = 0.0
        for t in range(k):
            weight += pair_w[t]
        if weight <= 0.0:
            continue
        # minutiae of each print inside the other's foreground, once aligned
        n_b = 0
        for j in range(nb):
            if _on_mask(amask, block, c * bx[j] - sn * by[j] + tx, sn * bx[j] + c * by[j] + ty):
                n_b += 1
        n_a = 0
        for i in range(na):
            x = ax[i] - tx
            y = ay[i] - ty
            if _on_mask(bmask, block, c * x + sn * y, -sn * x + c * y):
                n_a += 1
        score = weight / math.sqrt(max(n_a, k, min_overlap) * max(n_b, k, min_overlap))
        if score <= out_stats[0]:
            continue  # the field factor is at most 1: this alignment cannot win
        agreement = 0.0
        field_weight = 0.0
        if field_power > 0.0:
            agreement, field_weight = orientation_agreement(fa, fb, c, sn, tx, ty, rotation, field_block)
            if field_weight > 0.0:
                score *= (0.5 + 0.5 * agreement) ** field_power
        if score > out_stats[0]:
            best_k = k
            out_stats[0] = score
            out_stats[1] = rotation
            out_stats[2] = tx
            out_stats[3] = ty
            out_stats[4] = n_a
            out_stats[5] = n_b
            out_stats[6] = agreement
            out_stats[7] = field_weight
            out_a[:k] = pair_a[:k]
            out_b[:k] = pair_b[:k]
            out_w[:k] = pair_w[:k]
    return best_k


SETTINGS = (
    "BLOCK_PX", "ORIENTATION_BLOCK_PX", "PAIRING_SEEDS", "PAIRING_DISTANCE_PX", "PAIRING_DISTORTION",
    "PAIRING_ANGLE", "PAIRING_REFITS", "OVERLAP_MIN_MINUTIAE", "FIELD_AGREEMENT_POWER", "CYLINDER_MAX_ROTATION",
)  # fmt: skip
"""The parameters `compare_kernel` reads, in the order of `settings_vector()`."""


def settings_vector() -> NDArray[np.float64]:
    """The current parameter values the kernel needs, packed (read at call time, so tests may vary them)."""
    return np.array([float(getattr(P, name)) for name in SETTINGS], dtype=np.float64)


@numba.njit(cache=True, nogil=True)
def compare_kernel(
    a_bits: NDArray[np.uint64], a_valid: NDArray[np.uint64], a_usable: NDArray[np.bool_],
    ax: NDArray[np.float32], ay: NDArray[np.float32], ad: NDArray[np.float32],
    amask: NDArray[np.bool_], fa: NDArray[np.float32],
    b_bits: NDArray[np.uint64], b_valid: NDArray[np.uint64], b_usable: NDArray[np.bool_],
    bx: NDArray[np.float32], by: NDArray[np.float32], bd: NDArray[np.float32],
    bmask: NDArray[np.bool_], fb: NDArray[np.float32],
    settings: NDArray[np.float64], min_common: int, cell_words: int, sections: int,
    buffer: NDArray[np.float32],
    out_a: NDArray[np.int64], out_b: NDArray[np.int64], out_w: NDArray[np.float64],
    out_stats: NDArray[np.float64],
) -> int:  # fmt: skip
    """One whole comparison in one call: local similarity into `buffer`, then `consolidate`."""
    na = ax.size
    nb = bx.size
    similarity = buffer[: na * nb].reshape(na, nb)
    similarity_kernel(a_bits, a_valid, a_usable, ad, b_bits, b_valid, b_usable, bd, settings[9], min_common,
                      cell_words, sections, similarity)  # fmt: skip
    return consolidate(similarity, ax, ay, ad, amask, bx, by, bd, bmask, fa, fb,
                       int(settings[0]), int(settings[1]), int(settings[2]), settings[3], settings[4], settings[5],
                       int(settings[6]), int(settings[7]), settings[8], out_a, out_b, out_w, out_stats)  # fmt: skip
