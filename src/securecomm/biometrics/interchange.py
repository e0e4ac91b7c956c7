"""ISO/IEC 19794-2:2005 interchange: our templates to and from the neutral `IsoMinutiaRecord`.

Conventions. ISO angles turn counter-clockwise on screen from the x axis, in units of 360/256 degrees; ours
turn towards +y (clockwise on screen) in radians, with the same sense (an ending points into its ridge, a
bifurcation into its fork), so iso_degrees = -our_degrees mod 360. ISO quality 0-100 is our quality.
Resolution is written as 197 pixels per centimetre (500 ppi).

A record carries minutiae only, while our matcher also uses the foreground mask and the orientation field.
On import we rebuild both from the minutiae, the only evidence the record holds: the mask is their convex
hull widened by ISO_MASK_MARGIN_PX (as Minutia Cylinder-Code does for cylinder validity, Cappelli et al.
2010), and the orientation field is the Gaussian-weighted mean of their directions as doubled angles
(a minutia's direction, modulo 180 degrees, is the ridge orientation where it sits), with the length of
that mean as its reliability. Comparisons of imported templates are therefore somewhat less accurate than of
templates extracted here from the image; re-extract from the image when it is available.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray
from scipy import ndimage

from securecomm.biometrics import parameters as P
from securecomm.biometrics.errors import TemplateError
from securecomm.biometrics.template import MinutiaType, Template, grid_shape, wrap_directions
from securecomm.formats.iso19794_2 import FingerView, IsoMinutia, IsoMinutiaRecord, MinutiaKind

__all__ = ["template_from_iso", "template_to_iso"]

_PIXELS_PER_CM_AT_500_PPI = 197
_TO_ISO_KIND = {
    MinutiaType.ENDING: MinutiaKind.ENDING,
    MinutiaType.BIFURCATION: MinutiaKind.BIFURCATION,
    MinutiaType.OTHER: MinutiaKind.OTHER,
}
_FROM_ISO_KIND = {iso: ours for ours, iso in _TO_ISO_KIND.items()}


def template_to_iso(template: Template, *, position: int = 0, impression: int = 0) -> IsoMinutiaRecord:
    """One finger view holding the template's minutiae (`position` 0 = unknown finger, ISO table 2)."""
    minutiae = tuple(
        IsoMinutia.from_degrees(
            _TO_ISO_KIND[kind],
            int(x),
            int(y),
            -math.degrees(float(direction)),
            int(quality),
        )
        for x, y, direction, kind, quality in zip(
            template.x,
            template.y,
            template.direction,
            template.minutia_types(),
            template.quality,
            strict=True,
        )
    )
    quality = int(np.mean(template.quality)) if template.count else 0
    view = FingerView(position=position, minutiae=minutiae, impression=impression, quality=quality)
    return IsoMinutiaRecord(
        width=template.width,
        height=template.height,
        x_resolution=_PIXELS_PER_CM_AT_500_PPI,
        y_resolution=_PIXELS_PER_CM_AT_500_PPI,
        views=(view,),
    )


def _resolution_ppi(record: IsoMinutiaRecord, where: str) -> float:
    if record.x_resolution == 0 and record.y_resolution == 0:
        return P.NATIVE_PPI
    ppi = record.x_resolution * 2.54
    if abs(record.x_resolution - record.y_resolution) > 1 or not (
        P.RESOLUTION_MIN_PPI <= ppi <= P.RESOLUTION_MAX_PPI
    ):
        raise TemplateError(
            f"record resolution {record.x_resolution} x {record.y_resolution} px/cm is not 500 ppi"
            f" ({P.RESOLUTION_MIN_PPI:g}-{P.RESOLUTION_MAX_PPI:g} ppi); this engine compares 500 ppi minutiae",
            where=where,
        )
    return float(ppi)


def _hull(points: NDArray[np.float64]) -> NDArray[np.float64]:
    """Convex hull vertices, counter-clockwise (Andrew's monotone chain)."""
    pts = sorted({(float(x), float(y)) for x, y in points})
    if len(pts) <= 2:
        return np.array(pts, dtype=np.float64).reshape(-1, 2)

    def cross(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, float]] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[tuple[float, float]] = []
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return np.array(lower[:-1] + upper[:-1], dtype=np.float64)


def _inside_hull(
    hull: NDArray[np.float64], x: NDArray[np.float64], y: NDArray[np.float64]
) -> NDArray[np.bool_]:
    if hull.shape[0] < 3:
        return np.zeros(x.shape, dtype=bool)
    inside = np.ones(x.shape, dtype=bool)
    for k in range(hull.shape[0]):
        x0, y0 = hull[k]
        x1, y1 = hull[(k + 1) % hull.shape[0]]
        inside &= (x1 - x0) * (y - y0) - (y1 - y0) * (x - x0) >= 0
    return inside


def _mask_from_minutiae(
    xs: NDArray[np.float64], ys: NDArray[np.float64], height: int, width: int
) -> NDArray[np.bool_]:
    block = P.BLOCK_PX
    rows, cols = grid_shape(height, width, block)
    cy, cx = np.meshgrid((np.arange(rows) + 0.5) * block, (np.arange(cols) + 0.5) * block, indexing="ij")
    hull = _hull(np.stack([xs, ys], axis=1)) if xs.size else np.zeros((0, 2))
    inside = _inside_hull(hull, cx, cy)
    if not inside.any():
        return inside
    distance = ndimage.distance_transform_edt(~inside) * block
    return np.asarray(distance <= P.ISO_MASK_MARGIN_PX, dtype=np.bool_)


def _field_from_minutiae(
    xs: NDArray[np.float64], ys: NDArray[np.float64], directions: NDArray[np.float64], height: int, width: int,
    mask: NDArray[np.bool_],
) -> tuple[NDArray[np.uint8], NDArray[np.uint8]]:  # fmt: skip
    block = P.ORIENTATION_BLOCK_PX
    rows, cols = grid_shape(height, width, block)
    cy, cx = np.meshgrid((np.arange(rows) + 0.5) * block, (np.arange(cols) + 0.5) * block, indexing="ij")
    if xs.size == 0:
        return np.zeros((rows, cols), np.uint8), np.zeros((rows, cols), np.uint8)
    d2 = (cx[..., None] - xs) ** 2 + (cy[..., None] - ys) ** 2
    w = np.exp(-0.5 * d2 / P.ISO_FIELD_SIGMA_PX**2)
    c = np.sum(w * np.cos(2 * directions), axis=-1)
    s = np.sum(w * np.sin(2 * directions), axis=-1)
    total = np.sum(w, axis=-1)
    angle = np.mod(0.5 * np.arctan2(s, c), np.pi)
    reliability = np.hypot(c, s) / np.maximum(total, 1e-12)
    # Off the rebuilt print (a block grid of BLOCK_PX) the field is unknown.
    scale = block // P.BLOCK_PX
    on_print = mask[::scale, ::scale][:rows, :cols] if scale >= 1 else mask
    reliability = np.where(on_print, reliability, 0.0)
    return (
        np.mod(np.round(angle * 256.0 / np.pi), 256).astype(np.uint8),
        np.clip(np.round(reliability * 255.0), 0, 255).astype(np.uint8),
    )


def template_from_iso(record: IsoMinutiaRecord, *, view: int = 0, where: str = "ISO record") -> Template:
    """Our template for one finger view of `record` (mask and orientation field rebuilt from minutiae)."""
    if not 0 <= view < len(record.views):
        raise TemplateError(f"view {view} does not exist; the record has {len(record.views)}", where=where)
    ppi = _resolution_ppi(record, where)
    width, height = record.width, record.height
    if width == 0 or height == 0:
        raise TemplateError("the record gives no image size, which the matcher needs", where=where)
    minutiae = record.views[view].minutiae[: P.MAX_MINUTIAE]
    xs = np.array([m.x for m in minutiae], dtype=np.float64)
    ys = np.array([m.y for m in minutiae], dtype=np.float64)
    directions = wrap_directions(
        np.array([math.radians(-m.angle_degrees) for m in minutiae], dtype=np.float64)
    )
    mask = _mask_from_minutiae(xs, ys, height, width)
    orientation, coherence = _field_from_minutiae(xs, ys, directions.astype(np.float64), height, width, mask)
    return Template(
        width=width,
        height=height,
        ppi=ppi,
        x=xs.astype(np.int16),
        y=ys.astype(np.int16),
        direction=directions,
        kind=np.array([_FROM_ISO_KIND[m.kind].code for m in minutiae], dtype=np.uint8),
        quality=np.array([m.quality for m in minutiae], dtype=np.uint8),
        mask=mask,
        orientation=orientation,
        coherence=coherence,
        where=where,
    )
