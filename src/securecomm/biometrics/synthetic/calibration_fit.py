"""Fitting the minutia-level model to the calibration measurements, and measuring the template path the
same way (so the two can be set side by side and the raw rates corrected)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from securecomm.biometrics.synthetic import template_kernels as K
from securecomm.biometrics.synthetic.calibration import (
    DEPTH_BINS_PX,
    WINDOW_BINS_PX,
    ExtractionStatistics,
    MasterStatistics,
)
from securecomm.biometrics.synthetic.minutiae import MinutiaSet
from securecomm.biometrics.synthetic.population import (
    DEFAULT_MODEL,
    TRANSFORM_FIELDS,
    MinutiaeBatch,
    MinutiaeModel,
)

__all__ = ["fit_model", "population_statistics", "refine_model", "template_detection_statistics"]


def population_statistics(rows: Iterable[MinutiaSet]) -> dict[str, float]:
    """Count, spacing and kind mix of minutia sets, to set the template path beside the image path."""
    counts: list[int] = []
    spacing: list[NDArray[np.float64]] = []
    endings = 0
    for m in rows:
        counts.append(len(m))
        endings += int((m.kind == 1).sum())
        if len(m) >= 2:
            d = np.hypot(m.x[:, None] - m.x[None, :], m.y[:, None] - m.y[None, :]).astype(float)
            np.fill_diagonal(d, np.inf)
            spacing.append(d.min(axis=1))
    gaps = np.concatenate(spacing) if spacing else np.zeros(1)
    p5, p50, p95 = (float(v) for v in np.percentile(gaps, [5, 50, 95]))
    return {
        "count_mean": float(np.mean(counts)) if counts else 0.0,
        "count_sd": float(np.std(counts)) if counts else 0.0,
        "nearest_neighbour_p5_px": p5,
        "nearest_neighbour_p50_px": p50,
        "nearest_neighbour_p95_px": p95,
        "ending_fraction": endings / max(sum(counts), 1),
    }


def template_detection_statistics(
    masters: MinutiaeBatch, impressions: MinutiaeBatch, rows: int = 1000
) -> dict[str, Any]:
    """The template path's own detection curves and spurious rate, binned exactly as
    `extraction_statistics` bins the extractor's, so the two can be set side by side."""
    bins = np.array(DEPTH_BINS_PX)
    found_by_bin, seen_by_bin = np.zeros(bins.size - 1), np.zeros(bins.size - 1)
    edge_found, edge_seen = np.zeros(len(WINDOW_BINS_PX)), np.zeros(len(WINDOW_BINS_PX))
    spurious = 0
    contact_px = 0.0
    width, height = impressions.width, impressions.height
    grid_y, grid_x = np.mgrid[2:height:4, 2:width:4]
    for r in range(min(rows, len(impressions))):
        transform, shape = impressions.transforms[r], impressions.shapes[r]
        margin = float(transform[TRANSFORM_FIELDS.index("contact_margin_px")])
        source = masters.row(r)
        found = impressions.source[impressions.offsets[r] : impressions.offsets[r + 1]]
        spurious += int((found < 0).sum())
        hit = np.zeros(len(source), bool)
        hit[found[found >= 0]] = True
        for i in range(len(source)):
            x, y = K.master_to_sensor(float(source.x[i]), float(source.y[i]), transform)
            if not (0 <= x <= width - 1 and 0 <= y <= height - 1):
                continue
            depth = K.depth_inside(shape, float(source.x[i]), float(source.y[i]), 200.0) - margin
            window = min(x, y, width - 1 - x, height - 1 - y)
            if window >= 64:
                b = int(np.clip(np.searchsorted(bins, depth, side="right") - 1, 0, bins.size - 2))
                seen_by_bin[b] += 1
                found_by_bin[b] += hit[i]
            if depth >= 30:
                for k, (low, high) in enumerate(WINDOW_BINS_PX):
                    if low <= window < high:
                        edge_seen[k] += 1
                        edge_found[k] += hit[i]
        inside = 0
        for gx, gy in zip(grid_x.ravel(), grid_y.ravel(), strict=True):
            mx, my = K.sensor_to_master(float(gx), float(gy), transform)
            inside += K.depth_inside(shape, mx, my, margin + 1.0) >= margin
        contact_px += 16.0 * inside
    return {
        "detection_by_depth": tuple(
            float(f / s) if s else float("nan") for f, s in zip(found_by_bin, seen_by_bin, strict=True)
        ),
        "detection_window_edge": tuple(
            float(f / s) if s else float("nan") for f, s in zip(edge_found, edge_seen, strict=True)
        ),
        "spurious_per_kpx": 1000.0 * spurious / max(contact_px, 1.0),
    }


_DEPTH_CENTRES = (2.5, 7.5, 12.5, 17.5, 25.0, 37.5, 60.0)  # representative depth of each DEPTH_BINS_PX bin
_WINDOW_CENTRES = (8.0, 20.0, 28.0, 36.0, 48.0, 64.0)  # and of each WINDOW_BINS_PX bin


def _fit_ramp(curve: Sequence[float], centres: Sequence[float], plateau: float) -> tuple[float, float]:
    """Offset and width (px) of the linear ramp plateau·clip((d − offset) / width, 0, 1) closest to `curve`."""
    values = np.array(curve, dtype=float)
    at = np.array(centres, dtype=float)
    known = np.isfinite(values)
    best, best_error = (0.0, 1.0), math.inf
    for offset in np.arange(0.0, 40.5, 0.5):
        for width in np.arange(2.0, 50.5, 0.5):
            error = float(
                np.sum((values[known] - plateau * np.clip((at[known] - offset) / width, 0, 1)) ** 2)
            )
            if error < best_error:
                best, best_error = (float(offset), float(width)), error
    return best


def _or(value: float, fallback: float) -> float:
    return fallback if not math.isfinite(value) else value


def fit_model(
    masters: MasterStatistics, found: ExtractionStatistics, base: MinutiaeModel = DEFAULT_MODEL
) -> MinutiaeModel:
    """A model whose closed-form parameters come from the two measurements; the detection and spurious
    rates keep `base`'s values, which `refine_model` then corrects against the template path itself."""
    edge_offset, edge_ramp = _fit_ramp(found.detection_by_depth, _DEPTH_CENTRES, found.detection_deep)
    window_margin, window_ramp = _fit_ramp(found.detection_window_edge, _WINDOW_CENTRES, found.detection_deep)
    factors = {f"density_{c.value}": round(v, 3) for c, v in masters.density_by_class.items()}
    return replace(
        base,
        density_per_kpx=round(masters.density_per_kpx, 4),
        count_sd=round(masters.count_relative_sd, 3),
        ending_fraction=round(masters.ending_fraction, 3),
        direction_sd_deg=round(masters.direction_sd_deg, 2),
        reverse_probability=round(masters.reverse_fraction, 3),
        detect_dryness_loss=round(
            max(0.0, -found.detection_dryness_slope / max(found.detection_deep, 1e-6)), 3
        ),
        edge_offset_px=edge_offset,
        edge_ramp_px=edge_ramp,
        window_margin_px=window_margin,
        window_ramp_px=window_ramp,
        position_sd_px=round(_or(found.independent_position_sd_px, found.position_sd_px), 2),
        angle_sd_deg=round(_or(found.independent_angle_sd_deg, found.angle_sd_deg), 2),
        systematic_position_sd_px=round(_or(found.systematic_position_sd_px, 0.0), 2),
        systematic_angle_sd_deg=round(_or(found.systematic_angle_sd_deg, 0.0), 2),
        hidden_fraction=round(_or(found.hidden_fraction, 0.0), 3),
        flip_probability=round(found.flip_fraction, 4),
        bifurcation_as_ending=round(found.bifurcation_as_ending, 4),
        ending_as_bifurcation=round(found.ending_as_bifurcation, 4),
        spurious_ending_fraction=round(found.spurious_ending_fraction, 3),
        persistent_spurious_share=round(
            min(
                1.0, _or(found.spurious_recurrence, 0.0) / max(_or(found.detect_given_detectable, 1.0), 1e-6)
            ),
            3,
        ),
        quality_mean=round(found.quality_mean, 1),
        quality_sd=round(found.quality_sd, 1),
        close_pair_px=round(max(found.extracted_nearest_p5_px - 1.5, 0.0), 1),
        **factors,
    )


def refine_model(model: MinutiaeModel, found: ExtractionStatistics, own: dict[str, Any]) -> MinutiaeModel:
    """Scale the raw detection and spurious rates so the template path's measured ones meet the extractor's
    (hidden minutiae, the close-pair filter and the ramps take their share, so the raw rates sit above the
    measured)."""
    deep = float(np.nanmean(own["detection_by_depth"][-2:]))
    detect = min(1.0, model.detect_probability * found.detection_deep / max(deep, 1e-6))
    spurious = model.spurious_per_kpx * found.spurious_per_kpx / max(own["spurious_per_kpx"], 1e-6)
    return replace(model, detect_probability=round(detect, 3), spurious_per_kpx=round(spurious, 4))
