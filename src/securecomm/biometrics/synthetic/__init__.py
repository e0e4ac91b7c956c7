"""Synthetic fingerprints in the spirit of SFinGe (Cappelli, Maio, Maltoni; Handbook of Fingerprint
Recognition, ch. 6), with ground truth, deterministic by seed. Synthetic only: no real person's print.

Image level (for tests, demonstrations and FVC-style sets)::

    master = generate_master(seed, identity=7, finger=FingerPosition.RIGHT_INDEX)
    first = render_impression(master, seed=seed, impression=1)   # first.image: uint8, 500 ppi

Template level (for 1:N benchmarks of 10^4-10^6 identities, where rendering images is too slow): see
`securecomm.biometrics.synthetic.population`.
"""

from __future__ import annotations

from securecomm.biometrics.synthetic.classes import class_priors
from securecomm.biometrics.synthetic.errors import SynthesisError
from securecomm.biometrics.synthetic.ground_truth import impression_record, master_record
from securecomm.biometrics.synthetic.impression import Impression, SensorWindow, render_impression
from securecomm.biometrics.synthetic.keys import FingerPosition, PatternClass
from securecomm.biometrics.synthetic.master import MasterFingerprint, generate_master
from securecomm.biometrics.synthetic.minutiae import MinutiaKind, MinutiaSet
from securecomm.biometrics.synthetic.orientation import SingularKind, SingularPoint, poincare_index
from securecomm.biometrics.synthetic.tiff import encode_tiff

__all__ = [
    "FingerPosition",
    "Impression",
    "MasterFingerprint",
    "MinutiaKind",
    "MinutiaSet",
    "PatternClass",
    "SensorWindow",
    "SingularKind",
    "SingularPoint",
    "SynthesisError",
    "class_priors",
    "encode_tiff",
    "generate_master",
    "impression_record",
    "master_record",
    "poincare_index",
    "render_impression",
]
