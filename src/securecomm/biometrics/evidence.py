"""Match evidence: which minutiae were paired, and a picture of both prints with the pairs drawn.

An officer, and the person whose prints were compared, must be able to see why two prints were called a
match: the paired minutiae (position, direction, type in each print), how the prints were aligned, the
score and what it means as a false-match rate, and a PNG with both impressions side by side, every
minutia marked, and a numbered line joining each pair. The picture is returned as bytes: core code writes
no files.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageDraw, ImageFont

from securecomm.biometrics.calibration import FMR_FLOOR
from securecomm.biometrics.image import FingerprintImage
from securecomm.biometrics.matcher import Matcher, Pairing, Score
from securecomm.biometrics.template import MinutiaType, Template

__all__ = ["MatchEvidence", "PairedMinutia", "match_evidence", "render_evidence"]

_GAP_PX = 24
_HEADER_PX = 44
_TICK_PX = 12
_RADIUS_PX = 5
_UNPAIRED = (120, 120, 255)
_PAIR_COLOURS = [(230, 25, 75), (60, 180, 75), (245, 130, 48), (145, 30, 180), (0, 130, 200), (170, 110, 40)]


@dataclass(frozen=True, slots=True)
class PairedMinutia:
    """One pair: where the minutia is in each print, its direction (degrees, ISO sense) and type."""

    number: int
    probe_x: int
    probe_y: int
    probe_direction_degrees: float
    probe_type: MinutiaType
    candidate_x: int
    candidate_y: int
    candidate_direction_degrees: float
    candidate_type: MinutiaType
    weight: float


@dataclass(frozen=True, slots=True)
class MatchEvidence:
    """Everything shown about one comparison."""

    score: Score
    pairs: tuple[PairedMinutia, ...]
    rotation_degrees: float
    """How far the candidate was turned to align it with the probe (towards +y)."""
    translation_px: tuple[float, float]
    png: bytes

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready summary (the PNG excluded)."""
        return {
            "score": self.score.value,
            "false_match_rate": self.score.false_match_rate,
            "paired_minutiae": len(self.pairs),
            "rotation_degrees": round(self.rotation_degrees, 2),
            "translation_px": [round(v, 1) for v in self.translation_px],
            "pairs": [
                {
                    "number": p.number,
                    "probe": {
                        "x": p.probe_x,
                        "y": p.probe_y,
                        "direction_degrees": round(p.probe_direction_degrees, 1),
                        "type": p.probe_type.value,
                    },
                    "candidate": {
                        "x": p.candidate_x,
                        "y": p.candidate_y,
                        "direction_degrees": round(p.candidate_direction_degrees, 1),
                        "type": p.candidate_type.value,
                    },
                    "weight": round(p.weight, 3),
                }
                for p in self.pairs
            ],
        }


def _iso_degrees(radians: float) -> float:
    return (-math.degrees(radians)) % 360.0


def _canvas(image: FingerprintImage | None, template: Template) -> NDArray[np.uint8]:
    """The print as RGB; without an image, its foreground in light gray on white."""
    if image is not None:
        gray = image.pixels
    else:
        block = np.repeat(np.repeat(template.mask, 8, axis=0), 8, axis=1)[: template.height, : template.width]
        gray = np.where(block, 225, 255).astype(np.uint8)
    light = (128 + gray.astype(np.uint16) // 2).astype(np.uint8)  # fade the print so marks stand out
    return np.stack([light, light, light], axis=-1)


def _mark(
    draw: ImageDraw.ImageDraw, x: float, y: float, direction: float, colour: tuple[int, int, int], width: int
) -> None:
    draw.ellipse(
        [x - _RADIUS_PX, y - _RADIUS_PX, x + _RADIUS_PX, y + _RADIUS_PX], outline=colour, width=width
    )
    draw.line(
        [x, y, x + _TICK_PX * math.cos(direction), y + _TICK_PX * math.sin(direction)],
        fill=colour,
        width=width,
    )


def render_evidence(
    probe: Template,
    candidate: Template,
    score: Score,
    pairing: Pairing,
    *,
    probe_image: FingerprintImage | None = None,
    candidate_image: FingerprintImage | None = None,
) -> bytes:
    """The side-by-side PNG: probe left, candidate right, pairs numbered and joined."""
    left = _canvas(probe_image, probe)
    right = _canvas(candidate_image, candidate)
    height = max(left.shape[0], right.shape[0])
    width = left.shape[1] + _GAP_PX + right.shape[1]
    canvas = np.full((height + _HEADER_PX, width, 3), 255, dtype=np.uint8)
    canvas[_HEADER_PX : _HEADER_PX + left.shape[0], : left.shape[1]] = left
    offset = left.shape[1] + _GAP_PX
    canvas[_HEADER_PX : _HEADER_PX + right.shape[0], offset : offset + right.shape[1]] = right
    picture = Image.fromarray(canvas, mode="RGB")
    draw = ImageDraw.Draw(picture)
    font = ImageFont.load_default(size=13)
    paired_a = set(pairing.probe_index.tolist())
    paired_b = set(pairing.candidate_index.tolist())
    for i in range(probe.count):
        if i not in paired_a:
            _mark(draw, probe.x[i], probe.y[i] + _HEADER_PX, float(probe.direction[i]), _UNPAIRED, 1)
    for j in range(candidate.count):
        if j not in paired_b:
            _mark(
                draw,
                candidate.x[j] + offset,
                candidate.y[j] + _HEADER_PX,
                float(candidate.direction[j]),
                _UNPAIRED,
                1,
            )
    for n, (i, j) in enumerate(zip(pairing.probe_index, pairing.candidate_index, strict=True), start=1):
        colour = _PAIR_COLOURS[(n - 1) % len(_PAIR_COLOURS)]
        ax, ay = float(probe.x[i]), float(probe.y[i]) + _HEADER_PX
        bx, by = float(candidate.x[j]) + offset, float(candidate.y[j]) + _HEADER_PX
        draw.line([ax, ay, bx, by], fill=colour, width=1)
        _mark(draw, ax, ay, float(probe.direction[i]), colour, 2)
        _mark(draw, bx, by, float(candidate.direction[j]), colour, 2)
        draw.text((ax + 6, ay - 12), str(n), fill=colour, font=font)
        draw.text((bx + 6, by - 12), str(n), fill=colour, font=font)
    fmr = score.false_match_rate
    rate = f"at most {FMR_FLOOR:.0e}" if fmr <= FMR_FLOOR else f"about {fmr:.1e}"
    header = (
        f"score {score.value:.3f}: {score.paired} minutiae paired"
        f" (of {score.probe_overlap} and {score.candidate_overlap} in the overlap);"
        f" impostors reach this score at a rate of {rate}"
    )
    draw.text((6, 6), "probe (left)  |  candidate (right)", fill=(0, 0, 0), font=font)
    draw.text((6, 22), header, fill=(0, 0, 0), font=font)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def match_evidence(
    probe: Template,
    candidate: Template,
    *,
    probe_image: FingerprintImage | None = None,
    candidate_image: FingerprintImage | None = None,
) -> MatchEvidence:
    """Compare `probe` with `candidate` and explain the result (pairs, alignment, picture)."""
    score, pairing = Matcher(probe).pairing(candidate)
    types_a = probe.minutia_types()
    types_b = candidate.minutia_types()
    pairs = tuple(
        PairedMinutia(
            number=n,
            probe_x=int(probe.x[i]),
            probe_y=int(probe.y[i]),
            probe_direction_degrees=_iso_degrees(float(probe.direction[i])),
            probe_type=types_a[i],
            candidate_x=int(candidate.x[j]),
            candidate_y=int(candidate.y[j]),
            candidate_direction_degrees=_iso_degrees(float(candidate.direction[j])),
            candidate_type=types_b[j],
            weight=float(w),
        )
        for n, (i, j, w) in enumerate(
            zip(pairing.probe_index, pairing.candidate_index, pairing.weight, strict=True), start=1
        )
    )
    png = render_evidence(
        probe, candidate, score, pairing, probe_image=probe_image, candidate_image=candidate_image
    )
    return MatchEvidence(
        score=score,
        pairs=pairs,
        rotation_degrees=math.degrees(pairing.rotation),
        translation_px=(pairing.tx, pairing.ty),
        png=png,
    )
