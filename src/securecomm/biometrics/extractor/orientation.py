"""Stage: the ridge orientation field and its coherence, from the smoothed gradient structure tensor.

Gradients of the normalized image (Gaussian derivatives) are squared into the structure tensor and
integrated over about one ridge period (Bazen & Gerez, IEEE TPAMI 2002). The dominant gradient direction is
perpendicular to the ridges; coherence (0 = isotropic noise, 1 = perfect parallel ridges) measures how
reliable the estimate is. A second, coherence-weighted smoothing of the doubled-angle field carries
orientation across scars and creases where the local estimate is unreliable.

Orientations are ridge directions in radians in [0, pi), measured from the image x axis towards +y (image
rows grow downwards, so angles turn clockwise on screen).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy import ndimage

from securecomm.biometrics import parameters as P

__all__ = ["orientation_field"]


def orientation_field(
    normalized: NDArray[np.float32], mask: NDArray[np.bool_]
) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
    """(ridge orientation in [0, pi), coherence in [0, 1]) per pixel; zero coherence outside `mask`."""
    gx = ndimage.gaussian_filter(normalized, P.GRADIENT_SIGMA_PX, order=(0, 1), mode="nearest", truncate=3.0)
    gy = ndimage.gaussian_filter(normalized, P.GRADIENT_SIGMA_PX, order=(1, 0), mode="nearest", truncate=3.0)
    weight = mask.astype(np.float32)
    sigma = P.ORIENTATION_SIGMA_PX
    gxx = ndimage.gaussian_filter(gx * gx * weight, sigma, mode="constant", truncate=3.0)
    gyy = ndimage.gaussian_filter(gy * gy * weight, sigma, mode="constant", truncate=3.0)
    gxy = ndimage.gaussian_filter(gx * gy * weight, sigma, mode="constant", truncate=3.0)
    # Doubled-angle vector of the gradient: its length over the tensor trace is the coherence.
    c2 = gxx - gyy
    s2 = 2.0 * gxy
    energy = gxx + gyy + np.float32(1e-6)
    coherence = np.sqrt(c2 * c2 + s2 * s2) / energy
    # Second smoothing, weighted by coherence so noisy areas borrow from clean neighbours.
    wide = P.ORIENTATION_SMOOTH_SIGMA_PX
    c2s = ndimage.gaussian_filter(c2 / energy * coherence, wide, mode="constant", truncate=3.0)
    s2s = ndimage.gaussian_filter(s2 / energy * coherence, wide, mode="constant", truncate=3.0)
    local_weight = coherence * coherence
    c2m = local_weight * (c2 / energy) + (1.0 - local_weight) * c2s
    s2m = local_weight * (s2 / energy) + (1.0 - local_weight) * s2s
    gradient_angle = 0.5 * np.arctan2(s2m, c2m)
    ridge = np.mod(gradient_angle + np.pi / 2.0, np.pi).astype(np.float32)
    coherence = np.where(mask, np.clip(coherence, 0.0, 1.0), 0.0).astype(np.float32)
    return ridge, coherence
