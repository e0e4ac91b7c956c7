"""Calibrating the minutia-level model against the image path (pure functions; bench/ runs them).

Two measurements:

* `master_statistics(masters)`: what rendered masters' ground-truth minutiae look like — density inside
  the area, by class; spread of the count; nearest-neighbour spacing; share of endings; scatter of
  directions about the flow. These set the master side of `MinutiaeModel`.
* `extraction_statistics(samples)`: what an extractor makes of rendered impressions — every master
  minutia is mapped into the impression and paired (Hungarian, ≤ MATCH_DISTANCE_PX) with the extracted
  ones; detection is then read as a function of depth into the contact region, distance to the window
  edge and dryness; unpaired extracted minutiae are spurious. These set the impression side.

The extractor comes in as a function from 8-bit pixels to a `MinutiaSet` in this package's conventions,
so this module does not depend on any one engine.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import ndimage
from scipy.optimize import linear_sum_assignment

from securecomm.biometrics.synthetic import parameters as P
from securecomm.biometrics.synthetic.impression import Impression
from securecomm.biometrics.synthetic.keys import PatternClass
from securecomm.biometrics.synthetic.master import MasterFingerprint
from securecomm.biometrics.synthetic.minutiae import MinutiaSet

__all__ = [
    "DEPTH_BINS_PX",
    "MATCH_DISTANCE_PX",
    "WINDOW_BINS_PX",
    "ExtractionStatistics",
    "MasterStatistics",
    "extraction_statistics",
    "master_statistics",
    "pair_minutiae",
]

MATCH_DISTANCE_PX = 12.0  # an extracted minutia this close to a true one is that one (about one ridge period)
DEPTH_BINS_PX = (0.0, 5.0, 10.0, 15.0, 20.0, 30.0, 45.0, 1e9)  # contact-depth bins of the detection curve
WINDOW_BINS_PX = (
    (0, 16),
    (16, 24),
    (24, 32),
    (32, 40),
    (40, 56),
    (56, 72),
)  # window-edge bins of the detection curve

Extractor = Callable[[NDArray[np.uint8]], MinutiaSet]


def _wrap(angle: NDArray[np.float64]) -> NDArray[np.float64]:
    return np.asarray((angle + math.pi) % (2 * math.pi) - math.pi)


def pair_minutiae(
    truth: MinutiaSet, found: MinutiaSet, max_distance: float = MATCH_DISTANCE_PX
) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """Indices (i, j) pairing truth[i] with found[j], one to one, nearest first, within `max_distance`."""
    if len(truth) == 0 or len(found) == 0:
        return np.zeros(0, np.intp), np.zeros(0, np.intp)
    distance = np.hypot(truth.x[:, None] - found.x[None, :], truth.y[:, None] - found.y[None, :]).astype(
        float
    )
    cost = np.where(distance <= max_distance, distance, 1e6)
    rows, cols = linear_sum_assignment(cost)
    ok = distance[rows, cols] <= max_distance
    return rows[ok].astype(np.intp), cols[ok].astype(np.intp)


@dataclass(frozen=True, slots=True)
class MasterStatistics:
    masters: int
    density_per_kpx: float  # minutiae per 1,000 px² of the area MINUTIA_BORDER_PX inside the border
    density_by_class: dict[PatternClass, float]
    count_mean: float
    count_relative_sd: float  # of the density, after the class factor
    nearest_neighbour_px: tuple[float, float, float]  # 5th, 50th, 95th percentiles
    ending_fraction: float
    direction_sd_deg: float  # robust (1.4826 x median absolute deviation) scatter about the flow
    reverse_fraction: float  # share pointing against the flow angle's [0, π) representative


def master_statistics(masters: Sequence[MasterFingerprint]) -> MasterStatistics:
    densities: list[float] = []
    by_class: dict[PatternClass, list[float]] = {}
    spacing: list[NDArray[np.float64]] = []
    endings = total = 0
    deviations: list[NDArray[np.float64]] = []
    reverse = 0
    for master in masters:
        m = master.minutiae
        inner = ndimage.binary_erosion(master.area, iterations=P.MINUTIA_BORDER_PX, border_value=0)
        density = 1000.0 * len(m) / max(int(inner.sum()), 1)
        densities.append(density)
        by_class.setdefault(master.pattern_class, []).append(density)
        total += len(m)
        endings += int((m.kind == 1).sum())
        if len(m) >= 2:
            d = np.hypot(m.x[:, None] - m.x[None, :], m.y[:, None] - m.y[None, :]).astype(float)
            np.fill_diagonal(d, np.inf)
            spacing.append(d.min(axis=1))
        flow = master.orientation[m.y.astype(int), m.x.astype(int)].astype(float)
        offset = _wrap(m.direction.astype(float) - flow)
        deviations.append(np.asarray((offset + math.pi / 2) % math.pi - math.pi / 2))
        reverse += int((np.abs(offset) > math.pi / 2).sum())
    overall = float(np.mean(densities))
    class_mean = {c: float(np.mean(v)) for c, v in by_class.items()}
    relative = [d / class_mean[m.pattern_class] for d, m in zip(densities, masters, strict=True)]
    gaps = np.concatenate(spacing) if spacing else np.zeros(1)
    deviation = np.concatenate(deviations) if deviations else np.zeros(1)
    return MasterStatistics(
        masters=len(masters),
        density_per_kpx=overall,
        density_by_class={c: v / overall for c, v in class_mean.items()},
        count_mean=total / max(len(masters), 1),
        count_relative_sd=float(np.std(relative)),
        nearest_neighbour_px=tuple(float(v) for v in np.percentile(gaps, [5, 50, 95])),  # type: ignore[arg-type]
        ending_fraction=endings / max(total, 1),
        direction_sd_deg=math.degrees(1.4826 * float(np.median(np.abs(deviation)))),
        reverse_fraction=reverse / max(total, 1),
    )


@dataclass(frozen=True, slots=True)
class ExtractionStatistics:
    impressions: int
    extracted_per_impression: float
    truth_per_impression: float  # ground-truth (visible) minutiae per impression
    detection_by_depth: tuple[float, ...]  # share of mapped master minutiae found, per DEPTH_BINS_PX bin
    detection_deep: float  # found share ≥ 30 px inside the contact and ≥ 64 px from the window edge
    detection_dryness_slope: float  # d(detection_deep)/d(dryness), least squares over impressions
    detection_window_edge: tuple[float, ...]  # found share per WINDOW_BINS_PX bin (deep in the contact)
    spurious_per_kpx: float  # unpaired extracted minutiae per 1,000 px² of foreground
    position_sd_px: float  # per axis, total (robust)
    angle_sd_deg: float  # pairs whose directions agree within 90°, total (robust)
    hidden_fraction: float  # master minutiae the extractor misses in every impression (from impression pairs)
    detect_given_detectable: float  # per-impression detection of the others
    independent_position_sd_px: float  # the part of the position error that changes between impressions
    systematic_position_sd_px: float  # the part that stays with the minutia
    independent_angle_sd_deg: float
    systematic_angle_sd_deg: float
    flip_fraction: float  # pairs reported as the other kind, direction reversed
    bifurcation_as_ending: float  # true bifurcations reported as endings, direction kept
    ending_as_bifurcation: float  # true endings reported as bifurcations, direction kept
    spurious_ending_fraction: float  # share of endings among unpaired extracted minutiae
    spurious_recurrence: float  # share of one impression's unpaired minutiae found again (≤ 8 px) in the next
    extracted_nearest_p5_px: float  # 5th percentile of the extracted minutiae's nearest-neighbour distance
    quality_mean: float
    quality_sd: float


@dataclass
class _Seen:
    """What the extractor made of one master minutia in one impression (errors on the master canvas)."""

    dx: float
    dy: float
    angle: float


def _persistence(
    per_master: dict[int, list[tuple[set[int], dict[int, _Seen]]]],
) -> tuple[float, float, float, float, float, float]:
    """From masters seen twice: hidden share, detection of the rest, independent and persistent error sds."""
    visible = once = twice = 0
    first: list[_Seen] = []
    second: list[_Seen] = []
    for views in per_master.values():
        if len(views) < 2:
            continue
        (visible_a, seen_a), (visible_b, seen_b) = views[0], views[1]
        for index in visible_a & visible_b:
            visible += 1
            a, b = seen_a.get(index), seen_b.get(index)
            once += (a is not None) + (b is not None)
            if a is not None and b is not None:
                twice += 1
                first.append(a)
                second.append(b)
    if visible == 0 or once == 0 or not first:
        nan = float("nan")
        return nan, nan, nan, nan, nan, nan
    p = once / (2 * visible)
    p_detectable = min(1.0, (twice / visible) / p)
    hidden = max(0.0, 1.0 - p / p_detectable)
    e1 = np.array([(v.dx, v.dy) for v in first])
    e2 = np.array([(v.dx, v.dy) for v in second])
    a1 = np.array([v.angle for v in first])
    a2 = np.array([v.angle for v in second])
    same_way = (np.abs(a1) < math.pi / 2) & (np.abs(a2) < math.pi / 2)
    robust = 1.4826
    total_pos = robust * float(np.median(np.abs(e1 - np.median(e1, axis=0))))
    indep_pos = robust * float(np.median(np.abs(e1 - e2))) / math.sqrt(2)
    total_ang = robust * float(np.median(np.abs(a1[same_way])))
    indep_ang = robust * float(np.median(np.abs(_wrap(a1[same_way] - a2[same_way])))) / math.sqrt(2)
    return (
        hidden,
        p_detectable,
        indep_pos,
        math.sqrt(max(total_pos**2 - indep_pos**2, 0.0)),
        math.degrees(indep_ang),
        math.degrees(math.sqrt(max(total_ang**2 - indep_ang**2, 0.0))),
    )


def _window_distance(
    x: NDArray[np.float64], y: NDArray[np.float64], width: int, height: int
) -> NDArray[np.float64]:
    return np.asarray(np.minimum.reduce([x, y, width - 1 - x, height - 1 - y]), dtype=np.float64)


def extraction_statistics(
    samples: Iterable[tuple[MasterFingerprint, Impression]], extract: Extractor
) -> ExtractionStatistics:
    """Run `extract` on each impression and compare it with the master's minutiae mapped into it."""
    bins = np.array(DEPTH_BINS_PX)
    found_by_bin = np.zeros(bins.size - 1)
    seen_by_bin = np.zeros(bins.size - 1)
    edge_found, edge_seen = np.zeros(len(WINDOW_BINS_PX)), np.zeros(len(WINDOW_BINS_PX))
    deep_rates: list[float] = []
    dryness: list[float] = []
    spurious = foreground = 0.0
    position: list[NDArray[np.float64]] = []
    angle: list[NDArray[np.float64]] = []
    flips = pairs = 0
    b2e = e2b = true_bif = true_end = 0
    spurious_endings = 0
    nearest: list[NDArray[np.float64]] = []
    qualities: list[NDArray[np.float64]] = []
    extracted_total = truth_total = count = 0
    per_master: dict[int, list[tuple[set[int], dict[int, _Seen]]]] = {}
    extras: dict[int, list[tuple[NDArray[np.float64], NDArray[np.float64], Impression]]] = {}
    for master, impression in samples:
        count += 1
        height, width = impression.image.shape
        found = extract(impression.image)
        extracted_total += len(found)
        truth_total += len(impression.minutiae)
        qualities.append(found.quality.astype(float))
        source = master.minutiae
        x, y = impression.to_sensor(source.x.astype(np.float64), source.y.astype(np.float64))
        inside = (x >= 0) & (y >= 0) & (x <= width - 1) & (y <= height - 1)
        depth = (
            master.depth[source.y.astype(int), source.x.astype(int)] - impression.conditions.contact_margin_px
        )
        window = _window_distance(x, y, width, height)
        mapped = MinutiaSet.build(x[inside], y[inside], np.zeros(int(inside.sum())), source.kind[inside])
        i, j = pair_minutiae(mapped, found)
        hit = np.zeros(int(inside.sum()), bool)
        hit[i] = True
        d_in, w_in = depth[inside], window[inside]
        index = np.clip(np.searchsorted(bins, d_in, side="right") - 1, 0, bins.size - 2)
        away = w_in >= 64
        np.add.at(seen_by_bin, index[away], 1)
        np.add.at(found_by_bin, index[away], hit[away])
        deep = d_in >= 30
        for k, (low, high) in enumerate(WINDOW_BINS_PX):
            sel = deep & (w_in >= low) & (w_in < high)
            edge_seen[k] += sel.sum()
            edge_found[k] += hit[sel].sum()
        core = deep & away
        if core.sum() >= 5:
            deep_rates.append(float(hit[core].mean()))
            dryness.append(impression.conditions.dryness)
        spurious += len(found) - i.size
        unpaired = np.ones(len(found), bool)
        unpaired[j] = False
        spurious_endings += int((found.kind[unpaired] == 1).sum())
        if len(found) >= 2:
            gaps = np.hypot(found.x[:, None] - found.x[None, :], found.y[:, None] - found.y[None, :]).astype(
                float
            )
            np.fill_diagonal(gaps, np.inf)
            nearest.append(gaps.min(axis=1))
        foreground += float(impression.foreground.sum())
        # errors of the pairs, against the ground truth (which carries mapped directions)
        gt = impression.minutiae
        gi, gj = pair_minutiae(gt, found)
        if gi.size:
            position.append(
                np.concatenate([(gt.x[gi] - found.x[gj]), (gt.y[gi] - found.y[gj])]).astype(float)
            )
            delta = _wrap(gt.direction[gi].astype(float) - found.direction[gj].astype(float))
            same_kind = gt.kind[gi] == found.kind[gj]
            reversed_ = np.abs(delta) > math.pi / 2
            angle.append(delta[~reversed_])
            flips += int((reversed_ & ~same_kind).sum())
            kept = ~reversed_
            true_bif += int((kept & (gt.kind[gi] == 2)).sum())
            true_end += int((kept & (gt.kind[gi] == 1)).sum())
            b2e += int((kept & (gt.kind[gi] == 2) & ~same_kind).sum())
            e2b += int((kept & (gt.kind[gi] == 1) & ~same_kind).sum())
            pairs += gi.size
        # the same pairs on the master canvas, to tell persistent errors from per-impression ones
        seen: dict[int, _Seen] = {}
        for a, b in zip(gi, gj, strict=True):
            fx, fy = impression.distortion.inverse(
                *impression.placement.inverse(np.array([float(found.x[b])]), np.array([float(found.y[b])]))
            )
            source_index = int(impression.master_minutia_index[a])
            seen[source_index] = _Seen(
                dx=float(fx[0] - source.x[source_index]),
                dy=float(fy[0] - source.y[source_index]),
                angle=math.remainder(float(found.direction[b]) - float(gt.direction[a]), 2 * math.pi),
            )
        per_master.setdefault(id(master), []).append((set(impression.master_minutia_index.tolist()), seen))
        ux, uy = impression.distortion.inverse(
            *impression.placement.inverse(
                found.x[unpaired].astype(np.float64), found.y[unpaired].astype(np.float64)
            )
        )
        extras.setdefault(id(master), []).append((ux, uy, impression))
    hidden, detectable, indep_pos, sys_pos, indep_ang, sys_ang = _persistence(per_master)
    recurring = landing = 0
    for views in extras.values():
        if len(views) < 2:
            continue
        (x1, y1, _), (x2, y2, second) = views[0], views[1]
        sx, sy = second.to_sensor(x1, y1)
        height, width = second.image.shape
        on = (sx >= 0) & (sy >= 0) & (sx <= width - 1) & (sy <= height - 1)
        on[on] = second.foreground[sy[on].astype(int), sx[on].astype(int)]
        landing += int(on.sum())
        if on.any() and x2.size:
            gaps = np.hypot(x1[on][:, None] - x2[None, :], y1[on][:, None] - y2[None, :])
            recurring += int((gaps.min(axis=1) < 8.0).sum())
    slope = 0.0
    if len(deep_rates) >= 3 and np.ptp(dryness) > 0:
        slope = float(np.polyfit(dryness, deep_rates, 1)[0])
    angles = np.concatenate(angle) if angle else np.zeros(1)
    positions = np.concatenate(position) if position else np.zeros(1)
    quality = np.concatenate(qualities) if qualities else np.zeros(1)
    return ExtractionStatistics(
        impressions=count,
        extracted_per_impression=extracted_total / max(count, 1),
        truth_per_impression=truth_total / max(count, 1),
        detection_by_depth=tuple(
            float(f / s) if s else float("nan") for f, s in zip(found_by_bin, seen_by_bin, strict=True)
        ),
        detection_deep=float(np.mean(deep_rates)) if deep_rates else float("nan"),
        detection_dryness_slope=slope,
        detection_window_edge=tuple(
            float(f / s) if s else float("nan") for f, s in zip(edge_found, edge_seen, strict=True)
        ),
        spurious_per_kpx=1000.0 * spurious / max(foreground, 1.0),
        position_sd_px=float(1.4826 * np.median(np.abs(positions))),
        angle_sd_deg=math.degrees(1.4826 * float(np.median(np.abs(angles)))),
        hidden_fraction=hidden,
        detect_given_detectable=detectable,
        independent_position_sd_px=indep_pos,
        systematic_position_sd_px=sys_pos,
        independent_angle_sd_deg=indep_ang,
        systematic_angle_sd_deg=sys_ang,
        flip_fraction=flips / max(pairs, 1),
        bifurcation_as_ending=b2e / max(true_bif, 1),
        ending_as_bifurcation=e2b / max(true_end, 1),
        spurious_ending_fraction=spurious_endings / max(spurious, 1.0),
        spurious_recurrence=recurring / landing if landing else float("nan"),
        extracted_nearest_p5_px=float(np.percentile(np.concatenate(nearest), 5)) if nearest else float("nan"),
        quality_mean=float(quality.mean()),
        quality_sd=float(quality.std()),
    )
