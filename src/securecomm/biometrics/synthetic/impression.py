"""Impressions: one touch of a master finger on a 500 ppi sensor, with its ground truth (SFinGe step 5).

For each impression, drawn from the key (seed, identity, finger, impression): how hard the finger presses
(ridge thickness and how much of the fingertip touches), the plastic distortion of the skin, the finger's
rotation and position on the sensor, dryness gaps in the ridges, blur, sensor noise and the background.
The image is rendered by pulling each sensor pixel back through placement and distortion to the master.
The master's minutiae are pushed forward through the same maps; those that land well inside both the
sensor window and the contact region become the impression's ground truth.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import ndimage

from securecomm.biometrics.synthetic import parameters as P
from securecomm.biometrics.synthetic.distortion import Placement, PlasticDistortion, direction_after
from securecomm.biometrics.synthetic.errors import SynthesisError
from securecomm.biometrics.synthetic.frequency import interpolate_grid
from securecomm.biometrics.synthetic.keys import (
    FingerPosition,
    PatternClass,
    Stream,
    check_impression,
    check_seed,
    generator_for,
)
from securecomm.biometrics.synthetic.master import MasterFingerprint
from securecomm.biometrics.synthetic.minutiae import MinutiaSet
from securecomm.biometrics.synthetic.orientation import SingularKind

__all__ = ["RESOLUTION_PPI", "Impression", "ImpressionConditions", "SensorWindow", "render_impression"]

RESOLUTION_PPI = 500
Array = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class SensorWindow:
    """The sensor's image size in pixels at 500 ppi."""

    width: int = P.SENSOR_WIDTH_PX
    height: int = P.SENSOR_HEIGHT_PX

    def __post_init__(self) -> None:
        for name, value in (("width", self.width), ("height", self.height)):
            if not isinstance(value, int) or not 96 <= value <= 800:
                raise SynthesisError(
                    f"{value!r} px is not a usable sensor {name}; use 96-800 px", where=f"sensor.{name}"
                )


@dataclass(frozen=True, slots=True)
class ImpressionConditions:
    """The skin and sensor conditions drawn for one impression."""

    pressure: float  # ridge-width offset: < 0 dry or light (thin ridges), > 0 wet or heavy (thick ridges)
    pressure_variation: float  # sd of the local offset around it (smudged and broken patches)
    contact_margin_px: float  # how far inside the fingertip border contact starts
    dryness: float  # fraction of ridge pixels lost to dryness gaps
    blur_sigma_px: float
    noise_sd_gray: float
    ridge_gray: float
    background_gray: float
    poor: bool = False  # drawn from the poor-impression tail (POOR_SHARE)


@dataclass(frozen=True, slots=True)
class GroundTruthPoint:
    kind: SingularKind
    x: float
    y: float


@dataclass(frozen=True, slots=True, eq=False)
class Impression:
    """An 8-bit image (0 black ink) at 500 ppi and the ground truth that produced it.

    `foreground` marks the pixels where the finger touched. `minutiae` and `singular_points` are the
    master's, mapped into this image, kept where they lie at least MINUTIA_VISIBLE_MARGIN_PX inside both
    the window and the contact region.
    """

    seed: int
    identity: int
    finger: FingerPosition
    impression: int
    pattern_class: PatternClass
    image: NDArray[np.uint8]
    foreground: NDArray[np.bool_]
    placement: Placement
    distortion: PlasticDistortion
    conditions: ImpressionConditions
    minutiae: MinutiaSet
    singular_points: tuple[GroundTruthPoint, ...]
    master_minutia_index: NDArray[np.intp]
    resolution_ppi: int = RESOLUTION_PPI

    def to_sensor(self, x: Array, y: Array) -> tuple[Array, Array]:
        """Map master-canvas points to this impression's pixels (distortion, then placement)."""
        return self.placement.forward(*self.distortion.forward(np.asarray(x, float), np.asarray(y, float)))


def _clipped_normal(rng: np.random.Generator, sd: float, limit: float) -> float:
    return float(np.clip(rng.normal(0.0, sd), -limit, limit))


def _draw(
    rng: np.random.Generator, master: MasterFingerprint, sensor: SensorWindow
) -> tuple[Placement, PlasticDistortion, ImpressionConditions]:
    poor = bool(rng.random() < P.POOR_SHARE)
    spread = P.POOR_PLACEMENT_SCALE if poor else 1.0
    rows, cols = np.nonzero(master.area)
    centre_x, centre_y = float(cols.mean()), float(rows.mean())
    sd, limit = spread * P.PLACEMENT_SD_PX, spread * P.PLACEMENT_MAX_PX
    placement = Placement(
        anchor_x=centre_x,
        anchor_y=centre_y,
        target_x=sensor.width / 2 + _clipped_normal(rng, sd, limit),
        target_y=sensor.height / 2 + _clipped_normal(rng, sd, limit),
        rotation=math.radians(_clipped_normal(rng, P.ROTATION_SD_DEG, P.ROTATION_MAX_DEG)),
    )
    (ax_low, ax_high), (ay_low, ay_high) = P.CLOSE_CONTACT_AXES_PX
    distortion = PlasticDistortion(
        center_x=centre_x + _clipped_normal(rng, 12.0, 30.0),
        center_y=centre_y + _clipped_normal(rng, 12.0, 30.0),
        semi_axis_x=float(rng.uniform(ax_low, ax_high)),
        semi_axis_y=float(rng.uniform(ay_low, ay_high)),
        rotation=math.radians(
            _clipped_normal(rng, P.DISTORTION_ROTATION_SD_DEG, P.DISTORTION_ROTATION_MAX_DEG)
        ),
        shift_x=_clipped_normal(rng, P.DISTORTION_SHIFT_SD_PX, P.DISTORTION_SHIFT_MAX_PX),
        shift_y=_clipped_normal(rng, P.DISTORTION_SHIFT_SD_PX, P.DISTORTION_SHIFT_MAX_PX),
        brake_px=float(rng.uniform(*P.DISTORTION_BRAKE_PX)),
    )
    pressure = float(rng.uniform(*P.PRESSURE))
    # light pressure touches less of the fingertip; dry skin (also light) leaves more gaps
    light = (P.PRESSURE[1] - pressure) / (P.PRESSURE[1] - P.PRESSURE[0])
    contact_scale = P.CONTACT_SCALE[1] - light * (P.CONTACT_SCALE[1] - P.CONTACT_SCALE[0]) * rng.uniform(
        0.5, 1.0
    )
    dryness = 0.03 + 0.22 * light * rng.uniform(0.4, 1.2)
    if poor:
        contact_scale *= rng.uniform(*P.POOR_CONTACT_SCALE)
        dryness += rng.uniform(*P.POOR_DRYNESS_EXTRA)
    conditions = ImpressionConditions(
        pressure=pressure,
        pressure_variation=float(rng.uniform(*(P.POOR_PRESSURE_VARIATION if poor else P.PRESSURE_VARIATION))),
        contact_margin_px=float((1.0 - contact_scale) * 120.0),
        dryness=float(np.clip(dryness, 0.0, P.MAX_DRYNESS)),
        blur_sigma_px=float(rng.uniform(*(P.POOR_BLUR_SIGMA_PX if poor else P.BLUR_SIGMA_PX))),
        noise_sd_gray=float(rng.uniform(*(P.POOR_NOISE_SD_GRAY if poor else P.NOISE_SD_GRAY))),
        ridge_gray=float(rng.uniform(*P.RIDGE_GRAY)),
        background_gray=float(rng.uniform(*P.BACKGROUND_GRAY)),
        poor=poor,
    )
    return placement, distortion, conditions


def _smooth_field(rng: np.random.Generator, shape: tuple[int, int], sigma: float) -> Array:
    """Gaussian-smoothed white noise with unit standard deviation.

    Wide fields are drawn on a grid `sigma / 4` coarser and interpolated, which costs far less than a
    wide Gaussian filter at full size and looks the same.
    """
    step = max(1, int(sigma // 4))
    coarse_shape = (shape[0] // step + 2, shape[1] // step + 2)
    field = ndimage.gaussian_filter(rng.standard_normal(coarse_shape), sigma / step)
    field /= max(float(field.std()), 1e-9)
    if step == 1:
        return np.asarray(field[: shape[0], : shape[1]])
    return interpolate_grid(field, np.arange(shape[0]) / step, np.arange(shape[1]) / step)


_PULL_STEP = (
    4  # the inverse maps are smooth: solve them on a grid this coarse and interpolate (< 0.05 px error)
)


def _pull_back(placement: Placement, distortion: PlasticDistortion, sensor: SensorWindow) -> Array:
    """For every sensor pixel, the master-canvas point that lands on it, as (2, rows, cols) = (y, x)."""
    coarse_rows = np.arange(0, sensor.height + _PULL_STEP, _PULL_STEP, dtype=np.float64)
    coarse_cols = np.arange(0, sensor.width + _PULL_STEP, _PULL_STEP, dtype=np.float64)
    grid_rows, grid_cols = np.meshgrid(coarse_rows, coarse_cols, indexing="ij")
    mx, my = distortion.inverse(*placement.inverse(grid_cols, grid_rows))
    rows, cols = np.arange(sensor.height) / _PULL_STEP, np.arange(sensor.width) / _PULL_STEP
    return np.stack([interpolate_grid(my, rows, cols), interpolate_grid(mx, rows, cols)])


def render_impression(
    master: MasterFingerprint, *, seed: int, impression: int, sensor: SensorWindow | None = None
) -> Impression:
    """Impression number `impression` (1, 2, ...) of `master`, from the key (seed, identity, finger, impression)."""
    seed = check_seed(seed)
    impression = check_impression(impression)
    sensor = sensor or SensorWindow()
    rng = generator_for(seed, Stream.IMPRESSION, master.identity, master.finger, impression)
    placement, distortion, conditions = _draw(rng, master, sensor)

    coords = _pull_back(placement, distortion, sensor)

    # ridge thickness: threshold the slightly blurred saturated pattern at an offset
    soft = ndimage.gaussian_filter(master.ridges.astype(np.float32), 1.2)
    level = ndimage.map_coordinates(soft, coords, order=1, mode="constant", cval=-1.0)
    local = conditions.pressure_variation * _smooth_field(rng, level.shape, P.PRESSURE_VARIATION_PX)
    ink = np.clip((level + conditions.pressure + local) * 2.5 + 0.5, 0.0, 1.0)

    # contact: inside the fingertip by the pressure's margin, with a ragged edge
    depth = master.depth
    inside = ndimage.map_coordinates(depth, coords, order=1, mode="constant", cval=-100.0)
    ragged = 5.0 * _smooth_field(rng, (sensor.height, sensor.width), 10.0)
    contact = np.clip((inside - conditions.contact_margin_px + ragged - 3.0) / 6.0, 0.0, 1.0)

    # dryness: gaps where a fine random field exceeds the level that removes `dryness` of the ridge pixels
    fine = _smooth_field(rng, (sensor.height, sensor.width), 1.1)
    gaps = fine > np.quantile(fine, 1.0 - conditions.dryness)
    ink = ink * contact * np.where(gaps, 0.15, 1.0)

    background = conditions.background_gray + 4.0 * _smooth_field(rng, (sensor.height, sensor.width), 40.0)
    gray = background - (background - conditions.ridge_gray) * ink
    gray = ndimage.gaussian_filter(gray, conditions.blur_sigma_px)
    gray = gray + conditions.noise_sd_gray * rng.standard_normal(gray.shape)
    image = np.clip(np.rint(gray), 0, 255).astype(np.uint8)
    image.setflags(write=False)
    foreground = contact > 0.5
    foreground.setflags(write=False)

    minutiae, kept = _visible_minutiae(master, placement, distortion, conditions, sensor, depth)
    points = _visible_points(master, placement, distortion, conditions, sensor, depth)
    return Impression(
        seed=seed,
        identity=master.identity,
        finger=master.finger,
        impression=impression,
        pattern_class=master.pattern_class,
        image=image,
        foreground=foreground,
        placement=placement,
        distortion=distortion,
        conditions=conditions,
        minutiae=minutiae,
        singular_points=points,
        master_minutia_index=kept,
    )


def _visible(
    x: Array,
    y: Array,
    master_x: Array,
    master_y: Array,
    conditions: ImpressionConditions,
    sensor: SensorWindow,
    depth: NDArray[np.float32],
) -> NDArray[np.bool_]:
    margin = P.MINUTIA_VISIBLE_MARGIN_PX
    in_window = (
        (x >= margin) & (y >= margin) & (x <= sensor.width - 1 - margin) & (y <= sensor.height - 1 - margin)
    )
    inside = ndimage.map_coordinates(
        depth, np.stack([master_y, master_x]), order=1, mode="constant", cval=-100.0
    )
    # the ragged contact edge moves by up to ~3 sd of 5 px; stay clear of it
    return np.asarray(in_window & (inside >= conditions.contact_margin_px + margin + 15.0))


def _visible_minutiae(
    master: MasterFingerprint,
    placement: Placement,
    distortion: PlasticDistortion,
    conditions: ImpressionConditions,
    sensor: SensorWindow,
    depth: NDArray[np.float32],
) -> tuple[MinutiaSet, NDArray[np.intp]]:
    source = master.minutiae
    if len(source) == 0:
        return MinutiaSet.empty(), np.zeros(0, dtype=np.intp)
    mx, my = source.x.astype(np.float64), source.y.astype(np.float64)

    def to_sensor(x: Array, y: Array) -> tuple[Array, Array]:
        return placement.forward(*distortion.forward(x, y))

    x, y, direction = direction_after(to_sensor, mx, my, source.direction.astype(np.float64))
    keep = np.flatnonzero(_visible(x, y, mx, my, conditions, sensor, depth))
    # how clearly the minutia shows: dryness gaps and sensor noise both hide it
    quality = 100.0 * (1.0 - 1.5 * conditions.dryness) * (1.0 - conditions.noise_sd_gray / 40.0)
    qualities = np.full(keep.size, np.clip(quality, 20.0, 100.0))
    return MinutiaSet.build(x[keep], y[keep], direction[keep], source.kind[keep], qualities), keep


def _visible_points(
    master: MasterFingerprint,
    placement: Placement,
    distortion: PlasticDistortion,
    conditions: ImpressionConditions,
    sensor: SensorWindow,
    depth: NDArray[np.float32],
) -> tuple[GroundTruthPoint, ...]:
    found = []
    for point in master.singular_points:
        mx, my = np.array([point.x]), np.array([point.y])
        x, y = placement.forward(*distortion.forward(mx, my))
        inside_canvas = 0 <= point.x < master.width and 0 <= point.y < master.height
        if inside_canvas and bool(_visible(x, y, mx, my, conditions, sensor, depth)[0]):
            found.append(GroundTruthPoint(kind=point.kind, x=float(x[0]), y=float(y[0])))
    return tuple(found)
