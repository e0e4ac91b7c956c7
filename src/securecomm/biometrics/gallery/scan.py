"""The coarse scan: score every enrolled record against a probe's codes and keep the best k, in one pass.

Score of record r (the same definition in every backend; `NumpyBackend` is the reference):

* for each finger f present in both the probe and the record (a code with no set bit counts as absent),
  c = popcount(probe_f AND record_f); under chance (independent bits) c has mean mu = n_p n_g / B and
  variance mu (1 - n_p / B)(1 - n_g / B), with n_p, n_g the set bits and B the code length; z_f is c's
  distance from mu in standard deviations;
* z_f is then normalised for this probe (`ProbeCode.mean` / `.scale`, measured by the gallery on a sample of
  its own records), because fingerprint structure makes some pair cells common and lifts z of unrelated
  fingers by a probe-dependent amount;
* the record's score is Stouffer's sum over the k fingers compared, sum_f (z_f - mean_f) / scale_f / sqrt(k),
  so a record with fewer comparable fingers is neither favoured nor buried: under chance the score is about
  standard normal whatever k is. Records with no comparable finger, and removed records, are never returned.

The top k is kept while scanning (a fused top-k, PERFORMANCE.md): no score array of the gallery's size is
ever written. Ties keep the lower record index.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol

import numba
import numpy as np
from numba import types
from numba.extending import intrinsic
from numpy.typing import NDArray

from securecomm.biometrics.gallery.coarse import FINGERS
from securecomm.biometrics.gallery.errors import GalleryError

__all__ = [
    "Backend",
    "CodeBlock",
    "NumbaBackend",
    "NumpyBackend",
    "ProbeCode",
    "TopK",
    "chance_z",
    "merge_topk",
]


@dataclass(frozen=True, slots=True, eq=False)
class ProbeCode:
    """A search's codes (uint64[10, words]; finger f in row f - 1), set-bit counts (0 = finger absent) and
    the per-finger normalisation of z (mean, scale)."""

    codes: NDArray[np.uint64]
    bit_counts: NDArray[np.int64]
    mean: NDArray[np.float64]
    scale: NDArray[np.float64]
    bits: int

    def __post_init__(self) -> None:
        words = self.bits // 64
        expected = {
            "codes": ((FINGERS, words), np.uint64),
            "bit_counts": ((FINGERS,), np.int64),
            "mean": ((FINGERS,), np.float64),
            "scale": ((FINGERS,), np.float64),
        }
        for name, (shape, dtype) in expected.items():
            array = getattr(self, name)
            if array.shape != shape or array.dtype != dtype:
                raise GalleryError(f"{name} must be {np.dtype(dtype).name}{list(shape)}", where="ProbeCode")
        if np.any(self.scale <= 0):
            raise GalleryError("every scale must be positive", where="ProbeCode.scale")


@dataclass(frozen=True, slots=True, eq=False)
class CodeBlock:
    """A contiguous run of records as a backend sees it.

    `codes` uint64[n, 10, words] (row-major: one record's ten codes are adjacent), `bit_counts` uint16[n, 10],
    `alive` bool[n]. `first` is the global index of row 0. `key` names an immutable block (a sealed segment)
    so that a backend may cache a device copy under it; None marks the mutable tail, to be read afresh.
    """

    codes: NDArray[np.uint64]
    bit_counts: NDArray[np.uint16]
    alive: NDArray[np.bool_]
    first: int
    key: str | None

    def __len__(self) -> int:
        return int(self.codes.shape[0])


@dataclass(frozen=True, slots=True)
class TopK:
    """Global record indices and their scores, best first."""

    index: NDArray[np.int64]
    score: NDArray[np.float64]


class Backend(Protocol):
    """What a coarse-scan backend provides (NumPy and Numba now; PyTorch/CUDA and sharded Dask later).

    `scan(blocks, probe, k)` returns the k best records over all blocks by the module's score, ties to the
    lower index; removed records and records with no finger in common are skipped. A backend must agree with
    `NumpyBackend` (tests/unit/biometrics/gallery compare them). A GPU backend keeps device copies of blocks
    with a `key` (sealed, immutable) and reads the tail (key None) each time; a Dask backend assigns blocks to
    workers and merges their top-k with `merge_topk`.
    """

    name: str

    def scan(self, blocks: Sequence[CodeBlock], probe: ProbeCode, k: int) -> TopK: ...

    def close(self) -> None:
        """Release threads, device memory or workers (the backend is not used afterwards)."""


def chance_z(common: Any, n_probe: Any, n_gallery: Any, bits: int) -> Any:
    """z of a shared-bit count against chance (arrays or scalars; float64)."""
    p = np.asarray(n_probe, dtype=np.float64)
    g = np.asarray(n_gallery, dtype=np.float64)
    mu = p * g / bits
    variance = np.maximum(mu * (1.0 - p / bits) * (1.0 - g / bits), 1e-12)
    return (np.asarray(common, dtype=np.float64) - mu) / np.sqrt(variance)


def merge_topk(parts: Sequence[TopK], k: int) -> TopK:
    """The k best of several top-k lists (ties to the lower index)."""
    if not parts:
        return TopK(np.zeros(0, np.int64), np.zeros(0, np.float64))
    index = np.concatenate([p.index for p in parts])
    score = np.concatenate([p.score for p in parts])
    order = np.lexsort((index, -score))[:k]
    return TopK(index[order].astype(np.int64), score[order].astype(np.float64))


def _check(k: int) -> None:
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise GalleryError(f"{k!r} is not a number of candidates; use an integer >= 1", where="scan")


class NumpyBackend:
    """The reference: vectorised over chunks of records, keeping only each chunk's top k."""

    name = "numpy"

    def __init__(self, *, chunk_records: int = 8192) -> None:
        self.chunk_records = chunk_records

    def scan(self, blocks: Sequence[CodeBlock], probe: ProbeCode, k: int) -> TopK:
        _check(k)
        parts: list[TopK] = []
        present = probe.bit_counts > 0
        for block in blocks:
            for start in range(0, len(block), self.chunk_records):
                stop = min(start + self.chunk_records, len(block))
                codes = block.codes[start:stop]
                common = np.bitwise_count(codes & probe.codes[None]).sum(axis=2, dtype=np.int64)
                counts = block.bit_counts[start:stop].astype(np.int64)
                valid = (counts > 0) & present[None, :]
                z = chance_z(common, probe.bit_counts[None, :], counts, probe.bits)
                # the same left-to-right order over fingers as the Numba kernel, for identical sums
                total = np.zeros(stop - start, dtype=np.float64)
                compared = np.zeros(stop - start, dtype=np.int64)
                for f in range(FINGERS):
                    total += np.where(valid[:, f], (z[:, f] - probe.mean[f]) / probe.scale[f], 0.0)
                    compared += valid[:, f]
                ok = block.alive[start:stop] & (compared > 0)
                score = total[ok] / np.sqrt(compared[ok])
                index = np.flatnonzero(ok) + start + block.first
                parts = [merge_topk([*parts, TopK(index.astype(np.int64), score)], k)]
        return merge_topk(parts, k)

    def close(self) -> None:
        """Nothing to release."""


@intrinsic
def _popcount(typingctx: Any, value: Any) -> Any:
    """The CPU's population count (LLVM ctpop)."""
    signature = types.uint64(types.uint64)

    def codegen(context: Any, builder: Any, sig: Any, args: Any) -> Any:
        return builder.ctpop(args[0])

    return signature, codegen


@numba.njit(cache=True, nogil=True)
def _scan_kernel(
    codes: NDArray[np.uint64],
    counts: NDArray[np.uint16],
    alive: NDArray[np.bool_],
    probe: NDArray[np.uint64],
    probe_counts: NDArray[np.int64],
    mean: NDArray[np.float64],
    scale: NDArray[np.float64],
    bits: int,
    out_index: NDArray[np.int64],
    out_score: NDArray[np.float64],
) -> int:
    """Fill out_* with the best len(out_index) rows (unsorted); returns how many were found."""
    k = out_index.size
    words = codes.shape[2]
    found = 0
    worst = 0  # slot of the lowest score once the list is full
    for r in range(codes.shape[0]):
        if not alive[r]:
            continue
        total = 0.0
        compared = 0
        for f in range(codes.shape[1]):
            n_p = probe_counts[f]
            n_g = counts[r, f]
            if n_p == 0 or n_g == 0:
                continue
            common = 0
            for w in range(words):
                common += _popcount(codes[r, f, w] & probe[f, w])  # type: ignore[call-arg]
            p = float(n_p)
            g = float(n_g)
            mu = p * g / bits
            variance = max(mu * (1.0 - p / bits) * (1.0 - g / bits), 1e-12)
            z = (common - mu) / math.sqrt(variance)
            total += (z - mean[f]) / scale[f]
            compared += 1
        if compared == 0:
            continue
        score = total / math.sqrt(compared)
        if found < k:
            out_index[found] = r
            out_score[found] = score
            found += 1
            if found == k:
                worst = 0
                for s in range(1, k):
                    if out_score[s] < out_score[worst] or (
                        out_score[s] == out_score[worst] and out_index[s] > out_index[worst]
                    ):
                        worst = s
        elif score > out_score[worst]:
            out_index[worst] = r
            out_score[worst] = score
            worst = 0
            for s in range(1, k):
                if out_score[s] < out_score[worst] or (
                    out_score[s] == out_score[worst] and out_index[s] > out_index[worst]
                ):
                    worst = s
    return found


class NumbaBackend:
    """The CPU fast path: one compiled pass per block, split over `threads` threads (the kernel releases the
    GIL, so threads run in parallel)."""

    name = "numba"

    def __init__(self, *, threads: int = 1) -> None:
        if isinstance(threads, bool) or not isinstance(threads, int) or threads < 1:
            raise GalleryError(
                f"{threads!r} is not a thread count; use an integer >= 1", where="NumbaBackend"
            )
        self.threads = threads
        self._pool = ThreadPoolExecutor(max_workers=threads) if threads > 1 else None

    def _scan_rows(self, block: CodeBlock, start: int, stop: int, probe: ProbeCode, k: int) -> TopK:
        out_index = np.zeros(k, dtype=np.int64)
        out_score = np.zeros(k, dtype=np.float64)
        found = _scan_kernel(
            block.codes[start:stop],
            block.bit_counts[start:stop],
            block.alive[start:stop],
            probe.codes,
            probe.bit_counts,
            probe.mean,
            probe.scale,
            probe.bits,
            out_index,
            out_score,
        )
        return TopK(out_index[:found] + start + block.first, out_score[:found])

    def scan(self, blocks: Sequence[CodeBlock], probe: ProbeCode, k: int) -> TopK:
        _check(k)
        jobs: list[tuple[CodeBlock, int, int]] = []
        for block in blocks:
            n = len(block)
            if n == 0:
                continue
            _check_block(block)
            parts = self.threads if n >= 4096 * self.threads else 1
            edges = np.linspace(0, n, parts + 1).astype(np.int64)
            jobs += [(block, int(a), int(b)) for a, b in itertools.pairwise(edges.tolist()) if b > a]
        if self._pool is None or len(jobs) <= 1:
            results = [self._scan_rows(b, s, e, probe, k) for b, s, e in jobs]
        else:
            futures = [self._pool.submit(self._scan_rows, b, s, e, probe, k) for b, s, e in jobs]
            results = [f.result() for f in futures]
        return merge_topk(results, k)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None


def _check_block(block: CodeBlock) -> None:
    """The kernel trusts its dtypes (a float64 slip made a scan 8x slower, PERFORMANCE.md): check them."""
    if block.codes.dtype != np.uint64 or block.bit_counts.dtype != np.uint16 or block.alive.dtype != np.bool_:
        raise GalleryError(
            f"block arrays must be uint64 / uint16 / bool, got {block.codes.dtype} / {block.bit_counts.dtype}"
            f" / {block.alive.dtype}",
            where=f"CodeBlock {block.key or 'tail'}",
        )
