"""The fingerprint engine: decode, extract, compare, fuse, explain, evaluate.

    image = decode_image(data, where="101_1.tif")        # 8-bit gray at 500 ppi, or ImageError
    template = extract(image)                             # minutiae + mask + orientation field
    score = Matcher(template).match(other_template)      # Score.value in [0, 1]
    score.false_match_rate                                # how often an impostor scores this high

Every stage is a small pure function (`extractor/`, `matcher/`) with its constants in `parameters.py`;
`audit.transparency.capture()` records their intermediates (keys in docs/transparency-keys.md).
docs/biometrics.md describes the method, the measured accuracy and the calibration.
"""

from __future__ import annotations

from securecomm.biometrics.errors import (
    EvaluationError,
    FusionError,
    ImageError,
    TemplateError,
    TemplateVersionError,
)
from securecomm.biometrics.extractor import extract
from securecomm.biometrics.image import FingerprintImage, decode_image
from securecomm.biometrics.matcher import Matcher, Pairing, PreparedTemplate, Score, prepare
from securecomm.biometrics.template import FORMAT_VERSION, MinutiaType, Template

__all__ = [
    "FORMAT_VERSION",
    "EvaluationError",
    "FingerprintImage",
    "FusionError",
    "ImageError",
    "Matcher",
    "MinutiaType",
    "Pairing",
    "PreparedTemplate",
    "Score",
    "Template",
    "TemplateError",
    "TemplateVersionError",
    "decode_image",
    "extract",
    "prepare",
]
