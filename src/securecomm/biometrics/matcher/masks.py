"""Where a template's cylinder cells count as valid."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy import ndimage

from securecomm.biometrics import parameters as P

__all__ = ["validity_mask"]


def validity_mask(mask: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """The foreground widened by CYLINDER_MASK_MARGIN_PX: where cylinder cells count as valid.

    Minutiae are not detected within BORDER_MARGIN_PX of the print's edge, so the cylinders of minutiae near
    the edge would otherwise lose most of their cells and become unusable; MCC widens the minutiae's
    convex hull by omega for the same reason (Cappelli et al. 2010, §3.1).
    """
    if not mask.any():
        return mask
    outside = ndimage.distance_transform_edt(~mask) * P.BLOCK_PX
    return np.asarray(outside <= P.CYLINDER_MASK_MARGIN_PX, dtype=np.bool_)
