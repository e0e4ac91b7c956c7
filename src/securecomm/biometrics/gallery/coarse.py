"""The coarse stage's code: a fixed-length binary "minutia-pair code" per finger.

Why pairs. A 1:N search must touch every enrolled finger, so the code has to be cheap to build (enrolment of
10^6 ten-prints), cheap to compare (AND + popcount), fixed-length, and invariant to where and at what angle
the finger touched the sensor, without a trained model. The geometry of two minutiae i, j seen from the
segment joining them is such an invariant: the distance d, and each minutia's direction relative to the
segment (a_i, a_j). Every pair within reach (MIN_DISTANCE_PX <= d < the last distance bin) is quantised into
a cell (distance bin on a logarithmic scale, so the tolerance grows with distance as skin distortion does;
angle bins of 360 / ANGLE_BINS degrees), and the cell sets one bit of a Bloom-style bit vector of `bits`
bits (Fibonacci hashing folds the cells into the vector). The pair is unordered: seen from j, the angles
swap, so the cell takes the two angle bins sorted.

Two prints of one finger share the pairs whose two minutiae both survive in both impressions, so mated codes
share many more set bits than chance predicts; two different fingers share about what chance predicts. The
comparison (`scan`) turns the shared bit count into a z-score against chance.

Asymmetric tolerance: gallery codes are built with `spread` > 0 (each pair also sets the neighbouring bins
within `spread` bins of its exact position), search codes with spread 0. Quantisation edges then cost a
mated pair nothing while the gallery's density rises only about twofold.

Alternatives weighed (docs/gallery.md): MCC-cylinder bit aggregation discriminates better on real prints
but needs the matcher's cylinders (about 5 ms a finger to build), which makes enrolling 10^6 ten-prints cost
hours; orientation-field descriptors need an alignment reference (a core) that many impressions lack.

Conventions are the engine's `Template`: pixels at 500 ppi, y down, directions in radians [0, 2 pi).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import numba
import numpy as np
from numpy.typing import NDArray

from securecomm.biometrics.gallery.errors import GalleryError
from securecomm.biometrics.template import Template

__all__ = [
    "DEFAULT_SPEC",
    "FINGERS",
    "PairCodeSpec",
    "encode_minutiae",
    "encode_minutiae_reference",
    "encode_template",
]

FINGERS = 10  # ANSI/NIST-ITL finger positions 1-10; slot f - 1 holds finger f
_FIB = 2654435769  # 2^32 / golden ratio, odd: Knuth's multiplicative (Fibonacci) hashing
_TWO_PI = 2.0 * math.pi


@dataclass(frozen=True, slots=True)
class PairCodeSpec:
    """The parameters of the minutia-pair code; files record them and refuse a gallery built with others.

    Defaults chosen on synthetic template-level prints and sanity-checked (not tuned) on FVC2002 DB1_B and
    FVC2000 DB4_B extracted by the engine: finer angle bins helped up to 24, 2,048 bits lost almost nothing
    against the unfolded 4,800 cells, and a wider gallery spread than 0.25 bins only added chance matches.
    """

    version: int = 1
    min_distance_px: float = 20.0  # closer pairs are dominated by position noise (two ridge periods)
    distance_ratio: float = 1.12  # width of a distance bin relative to its lower edge (distortion ~ 12 %)
    distance_bins: int = 16  # 20 px to 20 * 1.12^16 = 123 px: pairs of one local region, not the whole print
    angle_bins: int = 24  # 15 degrees
    bits: int = 2048  # a power of two and a multiple of 64
    gallery_spread: float = 0.25  # extra tolerance of enrolled codes, in bins (see the module docstring)

    def __post_init__(self) -> None:
        checks = {
            "version": self.version >= 1,
            "min_distance_px": math.isfinite(self.min_distance_px) and self.min_distance_px > 0,
            "distance_ratio": math.isfinite(self.distance_ratio) and self.distance_ratio > 1,
            "distance_bins": 1 <= self.distance_bins <= 64,
            "angle_bins": 2 <= self.angle_bins <= 128,
            "bits": 64 <= self.bits <= 1 << 20 and self.bits & (self.bits - 1) == 0,
            "gallery_spread": 0 <= self.gallery_spread < 0.5,
        }
        for name, ok in checks.items():
            if not ok:
                raise GalleryError(
                    f"{getattr(self, name)!r} is out of range (see PairCodeSpec's comments)",
                    where=f"PairCodeSpec.{name}",
                )

    @property
    def words(self) -> int:
        """uint64 words per finger code."""
        return self.bits // 64

    @property
    def max_distance_px(self) -> float:
        return self.min_distance_px * self.distance_ratio**self.distance_bins

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


DEFAULT_SPEC = PairCodeSpec()


@numba.njit(cache=True, nogil=True)
def _bin_range(value: float, spread: float) -> tuple[int, int]:
    return math.floor(value - spread), math.floor(value + spread)


@numba.njit(cache=True, nogil=True)
def _encode_kernel(
    offsets: NDArray[np.int64],
    x: NDArray[np.float64],
    y: NDArray[np.float64],
    direction: NDArray[np.float64],
    min_distance: float,
    log_ratio: float,
    distance_bins: int,
    angle_bins: int,
    shift: int,
    spread: float,
    out: NDArray[np.uint64],
) -> None:
    """OR the pair bits of row r's minutiae (x[offsets[r]:offsets[r+1]], ...) into out[r]."""
    triangle = angle_bins * (angle_bins + 1) // 2
    near2 = min_distance * min_distance
    reach = min_distance * math.exp((distance_bins + spread) * log_ratio) * 1.000001  # a margin over rounding
    far2 = reach * reach
    for r in range(offsets.size - 1):
        lo = offsets[r]
        hi = offsets[r + 1]
        for i in range(lo, hi):
            for j in range(i + 1, hi):
                dx = x[j] - x[i]
                dy = y[j] - y[i]
                dist2 = dx * dx + dy * dy
                if dist2 < near2 or dist2 > far2:  # cheap rejections; the exact tests follow
                    continue
                dist = math.sqrt(dist2)
                if dist < min_distance:
                    continue
                fd = math.log(dist / min_distance) / log_ratio
                if fd - spread >= distance_bins:
                    continue
                phi = math.atan2(dy, dx)
                fa = ((direction[i] - phi) % _TWO_PI) / _TWO_PI * angle_bins
                fb = ((direction[j] - phi - math.pi) % _TWO_PI) / _TWO_PI * angle_bins
                d0, d1 = _bin_range(fd, spread)
                a0, a1 = _bin_range(fa, spread)
                b0, b1 = _bin_range(fb, spread)
                for qd in range(d0, d1 + 1):
                    if qd < 0 or qd >= distance_bins:
                        continue
                    for qa_raw in range(a0, a1 + 1):
                        qa = qa_raw % angle_bins
                        for qb_raw in range(b0, b1 + 1):
                            qb = qb_raw % angle_bins
                            u = min(qa, qb)
                            v = max(qa, qb)
                            cell = qd * triangle + u * angle_bins - u * (u - 1) // 2 + (v - u)
                            bit = ((cell * _FIB) & 0xFFFFFFFF) >> shift
                            out[r, bit >> 6] |= np.uint64(1) << np.uint64(bit & 63)


def _spread_for(spec: PairCodeSpec, gallery: bool) -> float:
    return spec.gallery_spread if gallery else 0.0


def encode_minutiae(
    offsets: NDArray[np.int64],
    x: NDArray[np.floating[Any]] | NDArray[np.integer[Any]],
    y: NDArray[np.floating[Any]] | NDArray[np.integer[Any]],
    direction: NDArray[np.floating[Any]],
    *,
    gallery: bool,
    spec: PairCodeSpec = DEFAULT_SPEC,
) -> NDArray[np.uint64]:
    """Codes of many fingers at once (CSR layout: row r's minutiae are [offsets[r], offsets[r+1])).

    `gallery=True` builds enrolment codes (with the spread), False search codes. Returns uint64[rows, words].
    """
    offsets = np.ascontiguousarray(offsets, dtype=np.int64)
    if offsets.ndim != 1 or offsets.size < 1 or offsets[0] != 0 or np.any(np.diff(offsets) < 0):
        raise GalleryError("offsets must start at 0 and never decrease", where="encode_minutiae")
    n = int(offsets[-1])
    arrays = {"x": x, "y": y, "direction": direction}
    for name, array in arrays.items():
        if np.ndim(array) != 1 or np.size(array) != n:
            raise GalleryError(f"{name} must be 1-D with {n} values (offsets[-1])", where="encode_minutiae")
    out = np.zeros((offsets.size - 1, spec.words), dtype=np.uint64)
    _encode_kernel(
        offsets,
        np.ascontiguousarray(x, dtype=np.float64),
        np.ascontiguousarray(y, dtype=np.float64),
        np.ascontiguousarray(direction, dtype=np.float64),
        spec.min_distance_px,
        math.log(spec.distance_ratio),
        spec.distance_bins,
        spec.angle_bins,
        32 - int(spec.bits).bit_length() + 1,
        _spread_for(spec, gallery),
        out,
    )
    return out


def encode_template(
    template: Template, *, gallery: bool, spec: PairCodeSpec = DEFAULT_SPEC
) -> NDArray[np.uint64]:
    """The code of one finger: uint64[words]."""
    offsets = np.array([0, template.count], dtype=np.int64)
    codes = encode_minutiae(offsets, template.x, template.y, template.direction, gallery=gallery, spec=spec)
    code: NDArray[np.uint64] = codes[0]
    return code


def encode_minutiae_reference(
    x: NDArray[np.floating[Any]] | NDArray[np.integer[Any]],
    y: NDArray[np.floating[Any]] | NDArray[np.integer[Any]],
    direction: NDArray[np.floating[Any]],
    *,
    gallery: bool,
    spec: PairCodeSpec = DEFAULT_SPEC,
) -> NDArray[np.uint64]:
    """NumPy reference of one finger's code (the definition `encode_minutiae` must agree with)."""
    xs = np.asarray(x, dtype=np.float64)
    ys = np.asarray(y, dtype=np.float64)
    ds = np.asarray(direction, dtype=np.float64)
    i, j = np.triu_indices(xs.size, k=1)
    dx, dy = xs[j] - xs[i], ys[j] - ys[i]
    dist = np.sqrt(dx * dx + dy * dy)
    spread = _spread_for(spec, gallery)
    near = dist >= spec.min_distance_px
    i, j, dx, dy, dist = i[near], j[near], dx[near], dy[near], dist[near]
    fd = np.log(dist / spec.min_distance_px) / math.log(spec.distance_ratio)
    keep = fd - spread < spec.distance_bins
    i, j, dx, dy, fd = i[keep], j[keep], dx[keep], dy[keep], fd[keep]
    phi = np.arctan2(dy, dx)
    nb = spec.angle_bins
    fa = np.mod(ds[i] - phi, _TWO_PI) / _TWO_PI * nb
    fb = np.mod(ds[j] - phi - math.pi, _TWO_PI) / _TWO_PI * nb
    cells: list[NDArray[np.int64]] = []
    for sd in (-spread, spread):
        for sa in (-spread, spread):
            for sb in (-spread, spread):
                qd = np.floor(fd + sd).astype(np.int64)
                qa = np.mod(np.floor(fa + sa).astype(np.int64), nb)
                qb = np.mod(np.floor(fb + sb).astype(np.int64), nb)
                u, v = np.minimum(qa, qb), np.maximum(qa, qb)
                cell = qd * (nb * (nb + 1) // 2) + u * nb - u * (u - 1) // 2 + (v - u)
                cells.append(cell[(qd >= 0) & (qd < spec.distance_bins)])
    cell = np.concatenate(cells) if cells else np.zeros(0, dtype=np.int64)
    shift = 32 - int(spec.bits).bit_length() + 1
    bit = ((cell * _FIB) & 0xFFFFFFFF) >> shift
    bits = np.zeros(spec.bits, dtype=np.bool_)
    bits[bit] = True
    packed: NDArray[np.uint64] = np.packbits(bits, bitorder="little").view(np.uint64).copy()
    return packed
