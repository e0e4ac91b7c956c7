"""Stage: the binary ridge map, from the sign of the enhanced image, cleaned of dots and pores.

After Gabor filtering, ridges are where the response is positive. Isolated ridge dots (sweat, dust) and
small holes inside ridges (pores) would each become false minutiae once thinned (an island or a lake), so
components below MIN_RIDGE_AREA_PX / MIN_HOLE_AREA_PX are removed or filled first.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy import ndimage

from securecomm.biometrics import parameters as P

__all__ = ["binarize"]

_EIGHT = np.ones((3, 3), dtype=bool)
_FOUR = ndimage.generate_binary_structure(2, 1)


def _drop_small(binary: NDArray[np.bool_], min_area: int, structure: NDArray[np.bool_]) -> NDArray[np.bool_]:
    labels, count = ndimage.label(binary, structure=structure)
    if count == 0:
        return binary
    sizes = np.bincount(labels.ravel(), minlength=count + 1)
    keep = sizes >= min_area
    keep[0] = False
    return np.asarray(keep[labels], dtype=np.bool_)


def binarize(
    enhanced: NDArray[np.float32], mask: NDArray[np.bool_], distance_to_border: NDArray[np.float32]
) -> NDArray[np.bool_]:
    """Ridge pixels (True) inside `mask`; `distance_to_border` is `filtering.border_distance(mask)`."""
    # The contrast step between print and background looks like a ridge to the filter: cut a margin.
    inner = distance_to_border > P.BINARIZE_MARGIN_PX
    ridges = (enhanced > 0) & inner
    ridges = _drop_small(ridges, P.MIN_RIDGE_AREA_PX, _EIGHT)
    # Holes: background components (4-connected, the dual of 8-connected ridges) that are small and
    # do not touch the outside of the mask.
    valleys = ~ridges & mask
    labels, count = ndimage.label(valleys, structure=_FOUR)
    if count:
        sizes = np.bincount(labels.ravel(), minlength=count + 1)
        border = np.zeros(count + 1, dtype=bool)
        outside = ndimage.binary_dilation(~mask, structure=_EIGHT)
        border[np.unique(labels[outside & valleys])] = True
        fill = (sizes < P.MIN_HOLE_AREA_PX) & ~border
        fill[0] = False
        ridges = ridges | fill[labels]
    return np.ascontiguousarray(ridges)
