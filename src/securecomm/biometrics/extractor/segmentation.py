"""Stage: the foreground mask, on blocks of BLOCK_PX, where the image holds a ridge pattern.

A print differs from its background by energy at ridge frequencies, not by brightness: backgrounds are
bright or dark and flat, ridges alternate every 8-12 px. We band-pass the image (difference of Gaussians
passing periods of about 6-25 px), average the squared response over a small window, and call a block
foreground when its ridge energy exceeds both a sensor-noise floor and a share of the image's strong-ridge
level (95th percentile), which adapts to dry and wet prints alike. The small averaging window keeps the
mask from spilling past the print's edge. An opening removes specks, a closing bridges scars and creases,
and the largest region is kept with its holes filled, since a finger touches the sensor in one piece.

Handwriting, printed captions and ruled lines on ten-print cards also carry ridge-band energy, so once
the ridge period has been measured (`frequency`), `refine_mask` keeps only blocks where the pattern is
periodic: a ridge pattern repeats every period across the ridges, a pen stroke does not.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy import ndimage

from securecomm.biometrics import parameters as P

__all__ = ["block_mask", "pixel_mask", "refine_mask", "ridge_energy", "segment"]


def _disk(radius: int) -> NDArray[np.bool_]:
    span = np.arange(-radius, radius + 1)
    return np.asarray((span[:, None] ** 2 + span[None, :] ** 2) <= radius * radius + radius)


def ridge_energy(pixels: NDArray[np.uint8]) -> NDArray[np.float32]:
    """Local RMS of the band-passed image (gray levels), per pixel."""
    gray = pixels.astype(np.float32)
    fine = ndimage.gaussian_filter(gray, P.SEGMENT_FINE_SIGMA_PX, truncate=3.0)
    band = fine - ndimage.gaussian_filter(gray, P.SEGMENT_COARSE_SIGMA_PX, truncate=3.0)
    energy = np.sqrt(ndimage.gaussian_filter(band * band, P.SEGMENT_ENERGY_SIGMA_PX, truncate=3.0))
    return np.asarray(energy, dtype=np.float32)


def block_mask(pixels: NDArray[np.uint8]) -> NDArray[np.bool_]:
    """The foreground decided per block (ceil(height / BLOCK_PX) x ceil(width / BLOCK_PX))."""
    energy = ridge_energy(pixels)
    block = P.BLOCK_PX
    height, width = energy.shape
    rows, cols = -(-height // block), -(-width // block)
    padded = np.pad(energy, ((0, rows * block - height), (0, cols * block - width)), mode="edge")
    per_block = padded.reshape(rows, block, cols, block).mean(axis=(1, 3))
    threshold = max(P.SEGMENT_MIN_ENERGY, P.SEGMENT_RELATIVE_ENERGY * float(np.percentile(per_block, 95)))
    return _clean(per_block >= threshold)


def _clean(mask: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """Open, close, keep the largest region, fill its holes."""
    mask = ndimage.binary_opening(mask, structure=_disk(P.SEGMENT_OPEN_BLOCKS), border_value=0)
    mask = ndimage.binary_closing(mask, structure=_disk(P.SEGMENT_CLOSE_BLOCKS), border_value=0)
    labels, count = ndimage.label(mask)
    if count == 0:
        return np.zeros(mask.shape, dtype=np.bool_)
    sizes = ndimage.sum_labels(mask, labels, index=np.arange(1, count + 1))
    mask = labels == (1 + int(np.argmax(sizes)))
    return np.asarray(ndimage.binary_fill_holes(mask), dtype=np.bool_)


def refine_mask(blocks: NDArray[np.bool_], periodicity: NDArray[np.float32], step: int) -> NDArray[np.bool_]:
    """Keep only blocks whose ridges are periodic (ten-print cards carry text and ruled lines).

    `periodicity` is the autocorrelation peak of the frequency windows (0 where none was found), on a grid
    of `step` px; it is smoothed over about two windows and compared with SEGMENT_MIN_PERIODICITY.
    """
    evidence = ndimage.gaussian_filter(periodicity.astype(np.float64), P.SEGMENT_PERIODICITY_SMOOTH)
    rows, cols = blocks.shape
    block = P.BLOCK_PX
    ys = ((np.arange(rows) + 0.5) * block - step // 2) / step
    xs = ((np.arange(cols) + 0.5) * block - step // 2) / step
    grid_y, grid_x = np.meshgrid(ys, xs, indexing="ij")
    on_blocks = ndimage.map_coordinates(evidence, [grid_y, grid_x], order=1, mode="nearest")
    return _clean(blocks & (on_blocks >= P.SEGMENT_MIN_PERIODICITY))


def pixel_mask(blocks: NDArray[np.bool_], shape: tuple[int, int]) -> NDArray[np.bool_]:
    """Expand a block mask to pixels, cropped to `shape`."""
    block = P.BLOCK_PX
    full = np.repeat(np.repeat(blocks, block, axis=0), block, axis=1)
    return np.ascontiguousarray(full[: shape[0], : shape[1]])


def segment(pixels: NDArray[np.uint8]) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """(block mask, pixel mask) of the print's foreground."""
    blocks = block_mask(pixels)
    return blocks, pixel_mask(blocks, (int(pixels.shape[0]), int(pixels.shape[1])))
