"""The minutia-level model's calibrated numbers (`MinutiaeModel`) and the class priors in kernel order."""

from __future__ import annotations

import math
from dataclasses import astuple, dataclass, fields

import numpy as np
from numpy.typing import NDArray

from securecomm.biometrics.synthetic import template_model as TM
from securecomm.biometrics.synthetic.classes import class_priors
from securecomm.biometrics.synthetic.errors import SynthesisError
from securecomm.biometrics.synthetic.keys import FingerPosition, PatternClass

__all__ = [
    "CLASS_ORDER",
    "DEFAULT_MODEL",
    "MinutiaeModel",
    "cumulative_class_priors",
    "model_fields",
    "model_values",
]

CLASS_ORDER = (
    PatternClass.ARCH,
    PatternClass.TENTED_ARCH,
    PatternClass.LEFT_LOOP,
    PatternClass.RIGHT_LOOP,
    PatternClass.WHORL,
)


@dataclass(frozen=True, slots=True)
class MinutiaeModel:
    """The calibrated numbers of the minutia-level model (docs/synthetic-prints.md, "Calibration").

    Set by `bench/synthetic_prints.py --fit` on 26 Nov 2026 (seed 1234, 50 rendered masters, 100
    impressions, the engine's extractor as of commit ff2846d plus its uncommitted work that day); rerun it
    when the extractor changes. Master side, from rendered masters: density per 1,000 px² of the area
    14 px inside the fingertip border (and a factor by class), spread of the count, share of endings,
    scatter of directions about the flow and how often they point against its [0, π) angle; `min_gap_px`
    is set by hand so the nearest-neighbour spacing matches. Impression side, by pairing the extractor's
    minutiae with the mapped master minutiae (≤ 12 px): minutiae it never finds (`hidden_fraction`) and the
    per-impression detection of the others, its loss with dryness, detection ramps from the contact border
    and the window edge, extractor-only minutiae per 1,000 px² of contact and the share that recur at the
    same place in the next impression, position and angle errors split into a part that stays with the
    minutia and a part that changes, kind errors, the spacing below which it keeps one of two minutiae,
    quality. Raw detection and spurious rates are then corrected against the template path's own output.
    """

    density_per_kpx: float = 0.6098
    count_sd: float = 0.146
    min_gap_px: float = 8.0
    ending_fraction: float = 0.422
    direction_sd_deg: float = 9.53
    detect_probability: float = 1.0
    detect_dryness_loss: float = 0.183
    edge_offset_px: float = 6.5
    edge_ramp_px: float = 14.5
    window_margin_px: float = 20.0
    window_ramp_px: float = 22.5
    spurious_per_kpx: float = 0.119
    persistent_spurious_share: float = 0.803
    position_sd_px: float = 0.77
    angle_sd_deg: float = 1.84
    systematic_position_sd_px: float = 1.46
    systematic_angle_sd_deg: float = 7.19
    hidden_fraction: float = 0.071
    flip_probability: float = 0.011
    bifurcation_as_ending: float = 0.1138
    ending_as_bifurcation: float = 0.0662
    spurious_ending_fraction: float = 0.922
    close_pair_px: float = 8.8
    quality_mean: float = 78.0
    quality_sd: float = 11.8
    reverse_probability: float = 0.656
    density_arch: float = 0.7
    density_tented_arch: float = 1.202
    density_left_loop: float = 0.968
    density_right_loop: float = 0.979
    density_whorl: float = 1.188

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
                raise SynthesisError(
                    f"{value!r} is not a non-negative number", where=f"MinutiaeModel.{item.name}"
                )
        probabilities = (
            "detect_probability",
            "ending_fraction",
            "reverse_probability",
            "spurious_ending_fraction",
        )
        for name in probabilities:
            if getattr(self, name) > 1:
                raise SynthesisError("a probability must be at most 1", where=f"MinutiaeModel.{name}")
        if self.flip_probability + max(self.bifurcation_as_ending, self.ending_as_bifurcation) > 1:
            raise SynthesisError(
                "kind-error probabilities add up to more than 1", where="MinutiaeModel.flip_probability"
            )

    def vector(self) -> NDArray[np.float64]:
        """The parameters in the order the kernels read them (angles in radians)."""
        v = np.zeros(TM.MODEL_SIZE, dtype=np.float64)
        v[TM.M_DENSITY], v[TM.M_COUNT_SD], v[TM.M_GAP] = self.density_per_kpx, self.count_sd, self.min_gap_px
        v[TM.M_ENDING], v[TM.M_DIR_SD] = self.ending_fraction, math.radians(self.direction_sd_deg)
        v[TM.M_DETECT], v[TM.M_DETECT_DRY] = self.detect_probability, self.detect_dryness_loss
        v[TM.M_EDGE], v[TM.M_WINDOW], v[TM.M_SPURIOUS] = (
            self.edge_ramp_px,
            self.window_margin_px,
            self.spurious_per_kpx,
        )
        v[TM.M_POS_SD], v[TM.M_ANGLE_SD] = self.position_sd_px, math.radians(self.angle_sd_deg)
        v[TM.M_FLIP], v[TM.M_B2E], v[TM.M_E2B] = (
            self.flip_probability,
            self.bifurcation_as_ending,
            self.ending_as_bifurcation,
        )
        v[TM.M_WINDOW_RAMP], v[TM.M_SPUR_END], v[TM.M_PAIR_GAP] = (
            self.window_ramp_px,
            self.spurious_ending_fraction,
            self.close_pair_px,
        )
        v[TM.M_EDGE_OFFSET] = self.edge_offset_px
        v[TM.M_HIDDEN], v[TM.M_SYS_POS_SD] = self.hidden_fraction, self.systematic_position_sd_px
        v[TM.M_SYS_ANGLE_SD] = math.radians(self.systematic_angle_sd_deg)
        v[TM.M_PERSISTENT] = self.persistent_spurious_share
        v[TM.M_Q_MEAN], v[TM.M_Q_SD], v[TM.M_REVERSE] = (
            self.quality_mean,
            self.quality_sd,
            self.reverse_probability,
        )
        v[TM.M_CLASS_DENSITY : TM.M_CLASS_DENSITY + 5] = (
            self.density_arch,
            self.density_tented_arch,
            self.density_left_loop,
            self.density_right_loop,
            self.density_whorl,
        )
        return v


DEFAULT_MODEL = MinutiaeModel()


def cumulative_class_priors() -> NDArray[np.float64]:
    """Cumulative class priors by finger (rows 1-10), in the kernels' class order."""
    table = np.zeros((10, 5), dtype=np.float64)
    for finger in FingerPosition:
        priors = class_priors(finger)
        table[finger - 1] = np.cumsum([priors[c] for c in CLASS_ORDER])
    table[:, -1] = 1.0
    return table


def model_fields() -> tuple[str, ...]:
    """The names of MinutiaeModel's numbers, in order (for reports)."""
    return tuple(f.name for f in fields(MinutiaeModel))


def model_values(model: MinutiaeModel = DEFAULT_MODEL) -> dict[str, float]:
    return dict(zip(model_fields(), astuple(model), strict=True))
