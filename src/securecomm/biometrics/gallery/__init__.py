"""1:N search: a ten-print gallery with a compact coarse stage scanned for every record and a fine stage.

* `coarse`        the minutia-pair code: 2,048 bits per finger, invariant to placement, no training;
* `scan`          the fused top-k scan of every record's codes behind a `Backend` (NumPy reference, Numba);
* `normalisation` per-probe centring and scaling of the coarse z-scores on a sample of the gallery;
* `fine`          the engine's matcher on the candidates, fused by the engine's ten-print fusion;
* `segments`      immutable segments + a growing tail: the layout `storage.gallery_files` maps to files;
* `records`       what is enrolled: `enrol / enrol_encounter / enrol_codes / remove / seal`;
* `gallery`       `Gallery` = records + search: `identify / coarse`.

docs/gallery.md explains the design, the interface for new backends, and the measured figures.
"""

from __future__ import annotations

from securecomm.biometrics.gallery.coarse import (
    DEFAULT_SPEC,
    FINGERS,
    PairCodeSpec,
    encode_minutiae,
    encode_minutiae_reference,
    encode_template,
)
from securecomm.biometrics.gallery.errors import GalleryError
from securecomm.biometrics.gallery.gallery import Candidate, CoarseCandidate, Gallery, TemplateLookup
from securecomm.biometrics.gallery.scan import (
    Backend,
    CodeBlock,
    NumbaBackend,
    NumpyBackend,
    ProbeCode,
    TopK,
    merge_topk,
)
from securecomm.biometrics.gallery.segments import ENCOUNTER_ID_BYTES, SUBJECT_ID_BYTES, Segment

__all__ = [
    "DEFAULT_SPEC",
    "ENCOUNTER_ID_BYTES",
    "FINGERS",
    "SUBJECT_ID_BYTES",
    "Backend",
    "Candidate",
    "CoarseCandidate",
    "CodeBlock",
    "Gallery",
    "GalleryError",
    "NumbaBackend",
    "NumpyBackend",
    "PairCodeSpec",
    "ProbeCode",
    "Segment",
    "TemplateLookup",
    "TopK",
    "encode_minutiae",
    "encode_minutiae_reference",
    "encode_template",
    "merge_topk",
]
