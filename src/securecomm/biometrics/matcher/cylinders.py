"""Minutia Cylinder-Code: a fixed-length, rotation- and translation-invariant code per minutia.

Around each minutia m a cylinder of radius R is laid out in m's own frame (rotated to its direction): a
base of N_S x N_S square cells, each split into N_D angular sections. Each neighbour t adds to a cell a
Gaussian of its distance from the cell centre times a Gaussian of how far its direction difference to m
lies from the section's angle; the bit of a cell is set when the sum reaches mu_psi (Cappelli, Ferrara &
Maltoni, IEEE TPAMI 2010, the bit-based "MCC 16b" variant). A cell is valid only if its centre lies within
R of m and on the print's foreground mask (the paper uses the minutiae's convex hull; the mask is what the
sensor actually saw).

Bits are packed into uint64 words, section-major: bit index k * N_S^2 + i * N_S + j. `valid` repeats the
N_S^2 validity bits for every section so that comparisons are plain word-wise AND/XOR/popcount.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numba
import numpy as np
from numpy.typing import NDArray

from securecomm.biometrics import parameters as P

__all__ = ["WORDS", "Cylinders", "build_cylinders", "build_cylinders_reference", "cell_offsets"]

CELLS = P.CYLINDER_CELLS * P.CYLINDER_CELLS
BITS = CELLS * P.CYLINDER_DIRECTIONS
WORDS = (BITS + 63) // 64


@dataclass(frozen=True, slots=True)
class Cylinders:
    """Per-minutia cylinder bits and validity bits (uint64[n, WORDS]), and which cylinders are usable."""

    bits: NDArray[np.uint64]
    valid: NDArray[np.uint64]
    usable: NDArray[np.bool_]


def cell_offsets() -> NDArray[np.float64]:
    """Cell-centre offsets (i, j) -> (dx, dy) in the minutia frame, shape (N_S^2, 2)."""
    n = P.CYLINDER_CELLS
    size = 2.0 * P.CYLINDER_RADIUS_PX / n
    idx = np.arange(n, dtype=np.float64) - (n - 1) / 2.0
    gi, gj = np.meshgrid(idx, idx, indexing="ij")
    return np.stack([size * gj.ravel(), size * gi.ravel()], axis=1)


def _section_weights(angle_diff: NDArray[np.float64]) -> NDArray[np.float64]:
    """Directional contribution of a neighbour to each section: the Gaussian's mass over the section."""
    nd = P.CYLINDER_DIRECTIONS
    width = 2.0 * math.pi / nd
    centres = -math.pi + (np.arange(nd) + 0.5) * width
    diff = np.angle(np.exp(1j * (centres[None, :] - angle_diff[..., None])))
    scale = math.sqrt(2.0) * P.CYLINDER_SIGMA_D
    erf = np.vectorize(math.erf)
    upper = erf((diff + width / 2.0) / scale)
    lower = erf((diff - width / 2.0) / scale)
    return np.asarray(0.5 * (upper - lower), dtype=np.float64)


def _pack(bits: NDArray[np.bool_]) -> NDArray[np.uint64]:
    """(n, BITS) booleans -> (n, WORDS) uint64, bit b of word w is element 64 w + b."""
    n = bits.shape[0]
    padded = np.zeros((n, WORDS * 64), dtype=np.uint64)
    padded[:, : bits.shape[1]] = bits
    weights = np.left_shift(np.uint64(1), np.arange(64, dtype=np.uint64))
    return np.asarray((padded.reshape(n, WORDS, 64) * weights).sum(axis=2, dtype=np.uint64), dtype=np.uint64)


def _mask_lookup(
    mask: NDArray[np.bool_], x: NDArray[np.float64], y: NDArray[np.float64]
) -> NDArray[np.bool_]:
    col = np.floor(x / P.BLOCK_PX).astype(np.int64)
    row = np.floor(y / P.BLOCK_PX).astype(np.int64)
    inside = (x >= 0) & (y >= 0) & (row < mask.shape[0]) & (col < mask.shape[1])
    out = np.zeros(x.shape, dtype=bool)
    out[inside] = mask[row[inside], col[inside]]
    return out


def build_cylinders_reference(
    x: NDArray[np.floating], y: NDArray[np.floating], direction: NDArray[np.floating], mask: NDArray[np.bool_]
) -> Cylinders:
    """NumPy reference implementation (vectorised, slow): the definition the Numba path must agree with."""
    n = x.size
    xs = np.asarray(x, dtype=np.float64)
    ys = np.asarray(y, dtype=np.float64)
    ds = np.asarray(direction, dtype=np.float64)
    offsets = cell_offsets()
    cos, sin = np.cos(ds), np.sin(ds)
    # cell centres in image coordinates: (n, cells)
    cx = xs[:, None] + offsets[None, :, 0] * cos[:, None] - offsets[None, :, 1] * sin[:, None]
    cy = ys[:, None] + offsets[None, :, 0] * sin[:, None] + offsets[None, :, 1] * cos[:, None]
    in_circle = np.hypot(offsets[:, 0], offsets[:, 1]) <= P.CYLINDER_RADIUS_PX
    cell_valid = in_circle[None, :] & _mask_lookup(mask, cx, cy)
    sigma = P.CYLINDER_SIGMA_S_PX
    # distances cell -> neighbour: (n, cells, n)
    dist = np.hypot(cx[:, :, None] - xs[None, None, :], cy[:, :, None] - ys[None, None, :])
    spatial = np.exp(-0.5 * (dist / sigma) ** 2) / (sigma * math.sqrt(2.0 * math.pi))
    spatial = np.where(dist <= 3.0 * sigma, spatial, 0.0)
    spatial[np.arange(n), :, np.arange(n)] = 0.0
    angle = np.angle(np.exp(1j * (ds[None, :] - ds[:, None])))  # d_theta(theta_m, theta_t): (n, n)
    sections = _section_weights(angle)  # (n, n, nd)
    total = np.einsum("mct,mtk->mkc", spatial, sections)  # (n, nd, cells)
    bits = (total >= P.CYLINDER_MU_PSI) & cell_valid[:, None, :]
    valid = np.repeat(cell_valid[:, None, :], P.CYLINDER_DIRECTIONS, axis=1)
    neighbours = (
        np.hypot(xs[None, :] - xs[:, None], ys[None, :] - ys[:, None]) <= P.CYLINDER_RADIUS_PX + 3 * sigma
    )
    neighbours = neighbours.sum(axis=1) - 1
    usable = (cell_valid.sum(axis=1) >= P.CYLINDER_MIN_VALID_CELLS * in_circle.sum()) & (
        neighbours >= P.CYLINDER_MIN_NEIGHBOURS
    )
    return Cylinders(_pack(bits.reshape(n, -1)), _pack(valid.reshape(n, -1)), usable)


@numba.njit(cache=True, nogil=True)
def _erf_mass(diff: float, width: float, scale: float) -> float:
    return 0.5 * (math.erf((diff + width / 2.0) / scale) - math.erf((diff - width / 2.0) / scale))


@numba.njit(cache=True, nogil=True)
def _build(
    xs: NDArray[np.float64],
    ys: NDArray[np.float64],
    ds: NDArray[np.float64],
    mask: NDArray[np.bool_],
    block: int,
    offsets: NDArray[np.float64],
    radius: float,
    sigma: float,
    sigma_d: float,
    n_dir: int,
    mu: float,
    words: int,
    min_valid: float,
    min_neighbours: int,
) -> tuple[NDArray[np.uint64], NDArray[np.uint64], NDArray[np.bool_]]:
    n = xs.size
    cells = offsets.shape[0]
    bits = np.zeros((n, words), dtype=np.uint64)
    valid = np.zeros((n, words), dtype=np.uint64)
    usable = np.zeros(n, dtype=np.bool_)
    width = 2.0 * math.pi / n_dir
    scale = math.sqrt(2.0) * sigma_d
    norm = 1.0 / (sigma * math.sqrt(2.0 * math.pi))
    reach = 3.0 * sigma
    sums = np.zeros(n_dir, dtype=np.float64)
    section_w = np.zeros((n, n_dir), dtype=np.float64)
    in_circle_total = 0
    for c in range(cells):
        if math.hypot(offsets[c, 0], offsets[c, 1]) <= radius:
            in_circle_total += 1
    near = np.empty(n, dtype=np.int64)
    for m in range(n):
        cos_m = math.cos(ds[m])
        sin_m = math.sin(ds[m])
        # only minutiae within R + 3 sigma_S can reach a cell of this cylinder
        neighbours = 0
        for t in range(n):
            if t != m and math.hypot(xs[t] - xs[m], ys[t] - ys[m]) <= radius + reach:
                near[neighbours] = t
                neighbours += 1
        for q in range(neighbours):
            t = near[q]
            angle = ds[t] - ds[m]
            angle = math.atan2(math.sin(angle), math.cos(angle))
            for k in range(n_dir):
                centre = -math.pi + (k + 0.5) * width
                diff = centre - angle
                diff = math.atan2(math.sin(diff), math.cos(diff))
                section_w[t, k] = _erf_mass(diff, width, scale)
        valid_count = 0
        for c in range(cells):
            ox = offsets[c, 0]
            oy = offsets[c, 1]
            if math.hypot(ox, oy) > radius:
                continue
            px = xs[m] + ox * cos_m - oy * sin_m
            py = ys[m] + ox * sin_m + oy * cos_m
            if px < 0 or py < 0:
                continue
            row = int(py // block)
            col = int(px // block)
            if row >= mask.shape[0] or col >= mask.shape[1] or not mask[row, col]:
                continue
            valid_count += 1
            for k in range(n_dir):
                sums[k] = 0.0
            for q in range(neighbours):
                t = near[q]
                d = math.hypot(px - xs[t], py - ys[t])
                if d > reach:
                    continue
                g = norm * math.exp(-0.5 * (d / sigma) ** 2)
                for k in range(n_dir):
                    sums[k] += g * section_w[t, k]
            for k in range(n_dir):
                b = k * cells + c
                word = b >> 6
                bit = np.uint64(1) << np.uint64(b & 63)
                valid[m, word] |= bit
                if sums[k] >= mu:
                    bits[m, word] |= bit
        usable[m] = valid_count >= min_valid * in_circle_total and neighbours >= min_neighbours
    return bits, valid, usable


def build_cylinders(
    x: NDArray[np.floating], y: NDArray[np.floating], direction: NDArray[np.floating], mask: NDArray[np.bool_]
) -> Cylinders:
    """The cylinders of one template's minutiae (Numba fast path of `build_cylinders_reference`)."""
    bits, valid, usable = _build(
        np.ascontiguousarray(x, dtype=np.float64),
        np.ascontiguousarray(y, dtype=np.float64),
        np.ascontiguousarray(direction, dtype=np.float64),
        np.ascontiguousarray(mask, dtype=np.bool_),
        P.BLOCK_PX,
        cell_offsets(),
        P.CYLINDER_RADIUS_PX,
        P.CYLINDER_SIGMA_S_PX,
        P.CYLINDER_SIGMA_D,
        P.CYLINDER_DIRECTIONS,
        P.CYLINDER_MU_PSI,
        WORDS,
        P.CYLINDER_MIN_VALID_CELLS,
        P.CYLINDER_MIN_NEIGHBOURS,
    )
    return Cylinders(bits, valid, usable)
