"""Local similarity: how alike two minutiae's cylinders are, over the cells valid in both.

For cylinders a and b restricted to their common valid cells, the bit-based MCC similarity is
1 - sqrt(|a XOR b|) / (sqrt(|a|) + sqrt(|b|)), with |.| the number of set bits (Cappelli et al. 2010,
eq. 17 for bit vectors). Pairs are not comparable (similarity 0) when their directions differ by more than
CYLINDER_MAX_ROTATION, when fewer than CYLINDER_MIN_COMMON_CELLS of the cells are valid in both, or when
either cylinder is unusable.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, cast

import numba
import numpy as np
from numba import types
from numba.extending import intrinsic
from numpy.typing import NDArray

from securecomm.biometrics import parameters as P
from securecomm.biometrics.matcher.cylinders import CELLS, Cylinders

__all__ = ["similarity_matrix", "similarity_matrix_reference"]


def similarity_matrix_reference(
    a: Cylinders, b: Cylinders, direction_a: NDArray[np.floating], direction_b: NDArray[np.floating]
) -> NDArray[np.float32]:
    """NumPy reference: the (n_a, n_b) local similarity matrix."""
    common = a.valid[:, None, :] & b.valid[None, :, :]
    ca = a.bits[:, None, :] & common
    cb = b.bits[None, :, :] & common
    n_common = np.bitwise_count(common).sum(axis=2, dtype=np.int64)
    na = np.sqrt(np.bitwise_count(ca).sum(axis=2, dtype=np.int64))
    nb = np.sqrt(np.bitwise_count(cb).sum(axis=2, dtype=np.int64))
    nx = np.sqrt(np.bitwise_count(ca ^ cb).sum(axis=2, dtype=np.int64))
    denominator = na + nb
    similarity = np.where(denominator > 0, 1.0 - nx / np.where(denominator > 0, denominator, 1.0), 0.0)
    turn = np.abs(
        np.angle(np.exp(1j * (np.asarray(direction_b)[None, :] - np.asarray(direction_a)[:, None])))
    )
    min_common = P.CYLINDER_MIN_COMMON_CELLS * _circle_cells() * P.CYLINDER_DIRECTIONS
    ok = (turn <= P.CYLINDER_MAX_ROTATION) & (n_common >= min_common)
    ok &= a.usable[:, None] & b.usable[None, :]
    return np.where(ok, similarity, 0.0).astype(np.float32)


def _circle_cells() -> int:
    n = P.CYLINDER_CELLS
    size = 2.0 * P.CYLINDER_RADIUS_PX / n
    idx = (np.arange(n) - (n - 1) / 2.0) * size
    return int(np.sum(np.hypot(idx[:, None], idx[None, :]) <= P.CYLINDER_RADIUS_PX))


MIN_COMMON_BITS = math.ceil(P.CYLINDER_MIN_COMMON_CELLS * _circle_cells() * P.CYLINDER_DIRECTIONS)
if CELLS % 64:
    raise ImportError("CYLINDER_CELLS^2 must be a multiple of 64 so sections start on word boundaries")


@intrinsic
def _ctpop(typingctx: Any, value: Any) -> Any:
    """The CPU's population count (LLVM ctpop), which NumPy's bitwise_count also uses."""
    signature = types.uint64(types.uint64)

    def codegen(context: Any, builder: Any, sig: Any, args: Any) -> Any:
        return builder.ctpop(args[0])

    return signature, codegen


_popcount = cast(Callable[[np.uint64], int], _ctpop)


@numba.njit(cache=True, nogil=True)
def similarity_kernel(
    bits_a: NDArray[np.uint64],
    valid_a: NDArray[np.uint64],
    usable_a: NDArray[np.bool_],
    dir_a: NDArray[np.float32],
    bits_b: NDArray[np.uint64],
    valid_b: NDArray[np.uint64],
    usable_b: NDArray[np.bool_],
    dir_b: NDArray[np.float32],
    max_turn: float,
    min_common: int,
    cell_words: int,
    sections: int,
    out: NDArray[np.float32],
) -> None:
    """Fill `out` with the local similarities.

    Two facts keep this cheap: validity bits repeat per section, so the common valid cells are counted on
    the first `cell_words` words only and pairs with too few are skipped before the full comparison; and a
    cylinder's bits lie inside its own validity, so a AND (common validity) = a AND (b's validity).
    """
    na = bits_a.shape[0]
    nb = bits_b.shape[0]
    words = bits_a.shape[1]
    cos_max = math.cos(max_turn)
    for i in range(na):
        if not usable_a[i]:
            for j in range(nb):
                out[i, j] = 0.0
            continue
        ca_dir = math.cos(dir_a[i])
        sa_dir = math.sin(dir_a[i])
        for j in range(nb):
            out[i, j] = 0.0
            if not usable_b[j]:
                continue
            if ca_dir * math.cos(dir_b[j]) + sa_dir * math.sin(dir_b[j]) < cos_max:
                continue
            common = 0
            for w in range(cell_words):
                common += _popcount(valid_a[i, w] & valid_b[j, w])
            if common * sections < min_common:
                continue
            ca = 0
            cb = 0
            cx = 0
            for w in range(words):
                x = bits_a[i, w] & valid_b[j, w]
                y = bits_b[j, w] & valid_a[i, w]
                ca += _popcount(x)
                cb += _popcount(y)
                cx += _popcount(x ^ y)
            denominator = math.sqrt(ca) + math.sqrt(cb)
            if denominator > 0.0:
                out[i, j] = 1.0 - math.sqrt(cx) / denominator


def similarity_matrix(
    a: Cylinders, b: Cylinders, direction_a: NDArray[np.floating], direction_b: NDArray[np.floating]
) -> NDArray[np.float32]:
    """The (n_a, n_b) local similarity matrix (Numba fast path of `similarity_matrix_reference`)."""
    out = np.zeros((a.bits.shape[0], b.bits.shape[0]), dtype=np.float32)
    similarity_kernel(
        a.bits, a.valid, a.usable, np.asarray(direction_a, dtype=np.float32),
        b.bits, b.valid, b.usable, np.asarray(direction_b, dtype=np.float32),
        P.CYLINDER_MAX_ROTATION, MIN_COMMON_BITS, CELLS // 64, P.CYLINDER_DIRECTIONS, out,
    )  # fmt: skip
    return out
