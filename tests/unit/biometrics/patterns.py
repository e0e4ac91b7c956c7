"""Synthetic inputs built from first principles, so the engine's tests run without any real print.

A ridge pattern is a cosine wave across the ridges; a phase singularity of winding +-1 (a spiral term in the
phase, Larkin & Fletcher 2007) adds one ridge on one side of a point, and that extra ridge starts exactly
there: a minutia whose type (ending or bifurcation) flips when the image's polarity is inverted.
"""

from __future__ import annotations

import io
import math

import numpy as np
from numpy.typing import NDArray
from PIL import Image

from securecomm.biometrics import Template
from securecomm.biometrics import parameters as P
from securecomm.biometrics.template import grid_shape

__all__ = ["random_template", "ridge_pattern", "tiff_bytes"]


def ridge_pattern(
    *,
    height: int = 240,
    width: int = 240,
    period: float = 9.0,
    angle_degrees: float = 30.0,
    singularities: tuple[tuple[float, float, int], ...] = (),
    invert: bool = False,
    noise: float = 0.0,
    seed: int = 0,
    curvature: float = 0.0,
) -> NDArray[np.uint8]:
    """Dark ridges at `period` px running at `angle_degrees` (towards +y) inside an ellipse on white.

    `curvature` bends the ridges (radians of turn per 100 px across the image); `singularities` are
    (x, y, winding) phase singularities, each the site of one minutia.
    """
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    theta = math.radians(angle_degrees) + curvature * (x - width / 2) / 100.0
    # phase grows across the ridges (along the normal of the ridge direction)
    across = -x * np.sin(theta) + y * np.cos(theta)
    phase = 2.0 * math.pi * across / period
    for sx, sy, winding in singularities:
        phase += winding * np.arctan2(y - sy, x - sx)
    wave = np.cos(phase)
    if invert:
        wave = -wave
    gray = 128.0 - 100.0 * wave
    if noise > 0:
        gray += np.random.default_rng(seed).normal(0.0, noise, size=gray.shape)
    inside = ((x - width / 2) / (0.45 * width)) ** 2 + ((y - height / 2) / (0.45 * height)) ** 2 <= 1.0
    gray = np.where(inside, gray, 255.0)
    return np.clip(np.round(gray), 0, 255).astype(np.uint8)


def tiff_bytes(
    pixels: NDArray[np.uint8], dpi: tuple[float, float] | None = None, unit_cm: bool = False
) -> bytes:
    """An uncompressed TIFF of `pixels`; without `dpi` it carries no resolution tags at all."""
    image = Image.fromarray(pixels, mode="L")
    buffer = io.BytesIO()
    if dpi is None:
        image.save(buffer, format="TIFF")
    else:
        tags = {
            282: dpi[0] / (2.54 if unit_cm else 1.0),
            283: dpi[1] / (2.54 if unit_cm else 1.0),
            296: 3 if unit_cm else 2,
        }
        from PIL.TiffImagePlugin import ImageFileDirectory_v2

        ifd = ImageFileDirectory_v2()
        for tag, value in tags.items():
            ifd[tag] = value
        image.save(buffer, format="TIFF", tiffinfo=ifd)
    return buffer.getvalue()


def random_template(count: int, seed: int) -> Template:
    """A valid template with random content (for round trips and score invariants)."""
    rng = np.random.default_rng(seed)
    height, width = 300, 280
    mrows, mcols = grid_shape(height, width, P.BLOCK_PX)
    frows, fcols = grid_shape(height, width, P.ORIENTATION_BLOCK_PX)
    return Template(
        width=width,
        height=height,
        ppi=500.0,
        x=rng.integers(0, width, count).astype(np.int16),
        y=rng.integers(0, height, count).astype(np.int16),
        direction=rng.uniform(0, 2 * np.pi, count).astype(np.float32) % np.float32(6.28),
        kind=rng.choice(np.array([0, 1, 3], dtype=np.uint8), count),
        quality=rng.integers(0, 101, count).astype(np.uint8),
        mask=rng.random((mrows, mcols)) > 0.3,
        orientation=rng.integers(0, 256, (frows, fcols)).astype(np.uint8),
        coherence=rng.integers(0, 256, (frows, fcols)).astype(np.uint8),
    )
