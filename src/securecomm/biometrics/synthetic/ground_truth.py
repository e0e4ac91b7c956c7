"""Ground truth as JSON-ready data: what a benchmark needs to score itself against the generator.

One record per impression: who (identity, finger position), which impression, the pattern class, the
transforms that made it (placement as a 2x3 master-to-sensor matrix and its parts, the plastic-distortion
parameters, the skin and sensor conditions), the singular points and minutiae in image coordinates, and
for each minutia the index of the master minutia it comes from, so impressions can be paired minutia by
minutia.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

from securecomm.biometrics.synthetic.impression import Impression
from securecomm.biometrics.synthetic.master import MasterFingerprint

__all__ = ["FORMAT", "impression_record", "master_record"]

FORMAT = "securecomm.synthetic-ground-truth/1"


def _rounded(values: dict[str, Any], digits: int = 4) -> dict[str, Any]:
    return {k: round(v, digits) if isinstance(v, float) else v for k, v in values.items()}


def _distortion(impression: Impression) -> dict[str, Any]:
    values = dataclasses.asdict(impression.distortion)
    values["rotation_deg"] = math.degrees(values.pop("rotation"))
    return _rounded(values)


def master_record(master: MasterFingerprint) -> dict[str, Any]:
    """The master's class, singular points and minutia count, in master-canvas coordinates."""
    return {
        "identity": master.identity,
        "finger_position": int(master.finger),
        "finger_name": master.finger.name.lower(),
        "pattern_class": master.pattern_class.value,
        "mean_ridge_period_px": round(master.mean_period_px, 3),
        "singular_points": [
            {"kind": p.kind.value, "x": round(p.x, 1), "y": round(p.y, 1)} for p in master.singular_points
        ],
        "minutiae": len(master.minutiae),
        "canvas": {"width": master.width, "height": master.height},
    }


def impression_record(impression: Impression, *, file: str | None = None) -> dict[str, Any]:
    """Everything known about one impression, in its own pixel coordinates (x right, y down)."""
    placement = impression.placement
    record: dict[str, Any] = {
        "identity": impression.identity,
        "finger_position": int(impression.finger),
        "finger_name": impression.finger.name.lower(),
        "impression": impression.impression,
        "pattern_class": impression.pattern_class.value,
        "width": int(impression.image.shape[1]),
        "height": int(impression.image.shape[0]),
        "resolution_ppi": impression.resolution_ppi,
        "placement": {
            "rotation_deg": round(math.degrees(placement.rotation), 3),
            "master_anchor": [round(placement.anchor_x, 2), round(placement.anchor_y, 2)],
            "sensor_target": [round(placement.target_x, 2), round(placement.target_y, 2)],
            "matrix": [[round(v, 6) for v in row] for row in placement.matrix()],
        },
        "distortion": _distortion(impression),
        "conditions": _rounded(dataclasses.asdict(impression.conditions)),
        "singular_points": [
            {"kind": p.kind.value, "x": round(p.x, 1), "y": round(p.y, 1)} for p in impression.singular_points
        ],
        "minutiae": impression.minutiae.to_records(),
        "master_minutia_index": [int(i) for i in impression.master_minutia_index],
    }
    if file is not None:
        record = {"file": file, **record}
    return record
