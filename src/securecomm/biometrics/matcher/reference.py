"""The NumPy reference of the whole comparison: readable, vectorised where it can be, and slow.

It is the definition the Numba fast path (`Matcher`) must agree with; tests compare the two on real and
synthetic prints. Every step mirrors `consolidation` (see its docstring for the method); ties are broken the
same way (first in row-major order for seeds, a stable sort over candidates enumerated candidate-major for
pairing).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from securecomm.biometrics import parameters as P
from securecomm.biometrics.matcher.cylinders import build_cylinders_reference
from securecomm.biometrics.matcher.local import similarity_matrix_reference
from securecomm.biometrics.matcher.masks import validity_mask
from securecomm.biometrics.matcher.score import Pairing, Score
from securecomm.biometrics.template import Template

__all__ = ["match_reference"]

F64 = NDArray[np.float64]


def _seeds(similarity: NDArray[np.float32], limit: int) -> list[tuple[int, int]]:
    work = similarity.astype(np.float64).copy()
    seeds: list[tuple[int, int]] = []
    while len(seeds) < limit:
        flat = int(np.argmax(work))
        i, j = divmod(flat, work.shape[1])
        if work[i, j] <= 0.0:
            break
        seeds.append((i, j))
        work[i, :] = -1.0
        work[:, j] = -1.0
    return seeds


def _pair(
    similarity: NDArray[np.float32], a: tuple[F64, F64, F64], b: tuple[F64, F64, F64],
    rotation: float, tx: float, ty: float, anchor: tuple[float, float],
) -> tuple[NDArray[np.int64], NDArray[np.int64], F64]:  # fmt: skip
    ax, ay, ad = a
    bx, by, bd = b
    c, s = math.cos(rotation), math.sin(rotation)
    mx = c * bx - s * by + tx  # (nb,)
    my = s * bx + c * by + ty
    md = bd + rotation
    tolerance = P.PAIRING_DISTANCE_PX + P.PAIRING_DISTORTION * np.hypot(ax - anchor[0], ay - anchor[1])
    dx = ax[None, :] - mx[:, None]  # (nb, na): candidate-major, as the fast path enumerates
    dy = ay[None, :] - my[:, None]
    distance = np.sqrt(dx * dx + dy * dy)
    cos_turn = np.cos(ad)[None, :] * np.cos(md)[:, None] + np.sin(ad)[None, :] * np.sin(md)[:, None]
    ok = (distance <= tolerance[None, :]) & (cos_turn >= math.cos(P.PAIRING_ANGLE))
    turn = np.arccos(np.minimum(1.0, cos_turn))
    closeness = (1.0 - distance / tolerance[None, :]) * (1.0 - turn / P.PAIRING_ANGLE)
    weight = closeness * (1.0 + 2.0 * similarity.T.astype(np.float64)) / 3.0
    jj, ii = np.nonzero(ok)
    w = weight[jj, ii]
    order = np.argsort(-w, kind="stable")
    used_a: set[int] = set()
    used_b: set[int] = set()
    pa: list[int] = []
    pb: list[int] = []
    pw: list[float] = []
    for o in order:
        i, j = int(ii[o]), int(jj[o])
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        pa.append(i)
        pb.append(j)
        pw.append(float(w[o]))
    return np.array(pa, dtype=np.int64), np.array(pb, dtype=np.int64), np.array(pw, dtype=np.float64)


def _fit(
    a: tuple[F64, F64, F64], b: tuple[F64, F64, F64], pa: NDArray[np.int64], pb: NDArray[np.int64], w: F64
) -> tuple[float, float, float, tuple[float, float]]:
    pa_xy = np.stack([a[0][pa], a[1][pa]], axis=1)
    pb_xy = np.stack([b[0][pb], b[1][pb]], axis=1)
    ca = (w[:, None] * pa_xy).sum(axis=0) / w.sum()
    cb = (w[:, None] * pb_xy).sum(axis=0) / w.sum()
    qa = pa_xy - ca
    qb = pb_xy - cb
    sxx = float(np.sum(w * (qb[:, 0] * qa[:, 0] + qb[:, 1] * qa[:, 1])))
    sxy = float(np.sum(w * (qb[:, 0] * qa[:, 1] - qb[:, 1] * qa[:, 0])))
    rotation = math.atan2(sxy, sxx)
    c, s = math.cos(rotation), math.sin(rotation)
    tx = ca[0] - (c * cb[0] - s * cb[1])
    ty = ca[1] - (s * cb[0] + c * cb[1])
    return rotation, float(tx), float(ty), (float(ca[0]), float(ca[1]))


def _on_mask(mask: NDArray[np.bool_], x: F64, y: F64) -> NDArray[np.bool_]:
    row = np.floor(np.where(y >= 0, y, -1)).astype(np.int64) // P.BLOCK_PX
    col = np.floor(np.where(x >= 0, x, -1)).astype(np.int64) // P.BLOCK_PX
    inside = (x >= 0) & (y >= 0) & (row < mask.shape[0]) & (col < mask.shape[1])
    out = np.zeros(x.shape, dtype=bool)
    out[inside] = mask[row[inside], col[inside]]
    return out


def _agreement(pa: Template, pb: Template, rotation: float, tx: float, ty: float) -> tuple[float, float]:
    block = P.ORIENTATION_BLOCK_PX
    theta_a = pa.orientation_radians().astype(np.float64)
    theta_b = pb.orientation_radians().astype(np.float64)
    wa = pa.coherence.astype(np.float64) / 255.0
    wb = pb.coherence.astype(np.float64) / 255.0
    wa = np.where(wa > P.FIELD_MIN_COHERENCE, wa, 0.0)
    wb = np.where(wb > P.FIELD_MIN_COHERENCE, wb, 0.0)
    rows, cols = np.nonzero(wa > 0)
    x = (cols + 0.5) * block - tx
    y = (rows + 0.5) * block - ty
    c, s = math.cos(rotation), math.sin(rotation)
    xb = c * x + s * y
    yb = -s * x + c * y
    rb = np.floor(np.where(yb >= 0, yb, -1)).astype(np.int64) // block
    qb = np.floor(np.where(xb >= 0, xb, -1)).astype(np.int64) // block
    inside = (xb >= 0) & (yb >= 0) & (rb < wb.shape[0]) & (qb < wb.shape[1])
    rows, cols, rb, qb = rows[inside], cols[inside], rb[inside], qb[inside]
    w_b = wb[rb, qb]
    keep = w_b > 0
    w = np.minimum(wa[rows, cols][keep], w_b[keep])
    diff = theta_a[rows, cols][keep] - theta_b[rb, qb][keep] - rotation
    total = float(w.sum())
    return (float(np.sum(w * np.cos(2.0 * diff)) / total) if total > 0 else 0.0), total


def match_reference(probe: Template, candidate: Template) -> tuple[Score, Pairing]:
    """Compare two templates the slow, readable way; the result `Matcher` must reproduce."""
    a = (probe.x.astype(np.float64), probe.y.astype(np.float64), probe.direction.astype(np.float64))
    b = (
        candidate.x.astype(np.float64),
        candidate.y.astype(np.float64),
        candidate.direction.astype(np.float64),
    )
    empty = Pairing(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0), 0.0, 0.0, 0.0)
    best = (Score(0.0, 0, 0, 0, 0.0), empty)
    if probe.count == 0 or candidate.count == 0:
        return best
    ca = build_cylinders_reference(*a, validity_mask(probe.mask))
    cb = build_cylinders_reference(*b, validity_mask(candidate.mask))
    similarity = similarity_matrix_reference(ca, cb, probe.direction, candidate.direction)
    for i0, j0 in _seeds(similarity, P.PAIRING_SEEDS):
        rotation = math.atan2(math.sin(a[2][i0] - b[2][j0]), math.cos(a[2][i0] - b[2][j0]))
        c, s = math.cos(rotation), math.sin(rotation)
        tx = a[0][i0] - (c * b[0][j0] - s * b[1][j0])
        ty = a[1][i0] - (s * b[0][j0] + c * b[1][j0])
        anchor = (float(a[0][i0]), float(a[1][i0]))
        pa, pb, pw = _pair(similarity, a, b, rotation, tx, ty, anchor)
        for _ in range(P.PAIRING_REFITS):
            if pa.size < 2:
                break
            rotation, tx, ty, anchor = _fit(a, b, pa, pb, pw)
            pa, pb, pw = _pair(similarity, a, b, rotation, tx, ty, anchor)
        weight = float(pw.sum())
        if weight <= 0:
            continue
        c, s = math.cos(rotation), math.sin(rotation)
        n_b = int(_on_mask(probe.mask, c * b[0] - s * b[1] + tx, s * b[0] + c * b[1] + ty).sum())
        xa, ya = a[0] - tx, a[1] - ty
        n_a = int(_on_mask(candidate.mask, c * xa + s * ya, -s * xa + c * ya).sum())
        k = int(pa.size)
        value = weight / math.sqrt(max(n_a, k, P.OVERLAP_MIN_MINUTIAE) * max(n_b, k, P.OVERLAP_MIN_MINUTIAE))
        agreement, field_weight = _agreement(probe, candidate, rotation, tx, ty)
        if P.FIELD_AGREEMENT_POWER > 0 and field_weight > 0:
            value *= (0.5 + 0.5 * agreement) ** P.FIELD_AGREEMENT_POWER
        else:
            agreement = 0.0
        if value > best[0].value:
            best = (Score(value, k, n_a, n_b, agreement), Pairing(pa, pb, pw, rotation, tx, ty))
    return best
