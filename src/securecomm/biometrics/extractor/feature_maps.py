"""Stage: the compact orientation field a template keeps for the matcher's global consolidation.

The per-pixel field is averaged on ORIENTATION_BLOCK_PX blocks as doubled-angle vectors weighted by
coherence (orientations are axial: 0 and 180 degrees are the same ridge direction), then quantized to one
byte of angle and one of reliability.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from securecomm.biometrics import parameters as P

__all__ = ["block_orientation"]


def _block_mean(values: NDArray[np.float32], block: int) -> NDArray[np.float64]:
    height, width = values.shape
    rows, cols = -(-height // block), -(-width // block)
    padded = np.zeros((rows * block, cols * block), dtype=np.float64)
    padded[:height, :width] = values
    return np.asarray(padded.reshape(rows, block, cols, block).mean(axis=(1, 3)), dtype=np.float64)


def block_orientation(
    orientation: NDArray[np.float32], coherence: NDArray[np.float32]
) -> tuple[NDArray[np.uint8], NDArray[np.uint8]]:
    """(orientation in units of 180/256 degrees, coherence 0-255) per ORIENTATION_BLOCK_PX block."""
    block = P.ORIENTATION_BLOCK_PX
    c = _block_mean(coherence * np.cos(2.0 * orientation), block)
    s = _block_mean(coherence * np.sin(2.0 * orientation), block)
    angle = np.mod(0.5 * np.arctan2(s, c), np.pi)
    strength = np.hypot(c, s)
    quantized = np.mod(np.round(angle * 256.0 / np.pi), 256).astype(np.uint8)
    return quantized, np.clip(np.round(strength * 255.0), 0, 255).astype(np.uint8)
