"""Match evidence: the paired minutiae and a picture an officer and the person affected can read."""

from __future__ import annotations

import io
import json

import numpy as np
from PIL import Image

from securecomm.biometrics import Template, decode_image
from securecomm.biometrics.evidence import match_evidence

from .conftest import fvc_template
from .patterns import ridge_pattern, tiff_bytes


def test_evidence_lists_the_pairs_and_draws_both_prints(db1) -> None:  # type: ignore[no-untyped-def]
    probe_image = decode_image((db1 / "107_1.tif").read_bytes())
    candidate_image = decode_image((db1 / "107_2.tif").read_bytes())
    probe = fvc_template("db1", 107, 1).template
    candidate = fvc_template("db1", 107, 2).template
    evidence = match_evidence(probe, candidate, probe_image=probe_image, candidate_image=candidate_image)
    assert len(evidence.pairs) == evidence.score.paired >= 8
    for pair in evidence.pairs:
        assert 0 <= pair.probe_x < probe.width and 0 <= pair.candidate_y < candidate.height
        assert 0.0 <= pair.probe_direction_degrees < 360.0
    picture = Image.open(io.BytesIO(evidence.png))
    assert picture.format == "PNG"
    assert picture.width >= probe.width + candidate.width
    assert picture.height > max(probe.height, candidate.height)
    summary = evidence.as_dict()
    json.dumps(summary)
    assert summary["paired_minutiae"] == evidence.score.paired


def test_evidence_without_images_draws_the_foreground(many_minutiae: Template) -> None:
    evidence = match_evidence(many_minutiae, many_minutiae)
    picture = np.asarray(Image.open(io.BytesIO(evidence.png)).convert("RGB")).astype(int)
    assert picture.shape[1] == 2 * many_minutiae.width + 24
    assert len(evidence.pairs) == many_minutiae.count
    # pairs are drawn in colour, so the picture is not gray only
    assert np.any(picture[..., 0] != picture[..., 1])


def test_unrelated_prints_give_few_pairs_and_a_high_false_match_rate() -> None:
    a = decode_image(tiff_bytes(ridge_pattern(singularities=((80, 90, 1), (150, 150, -1)), angle_degrees=20)))
    b = decode_image(
        tiff_bytes(ridge_pattern(singularities=((120, 60, -1),), angle_degrees=110, curvature=0.8))
    )
    from securecomm.biometrics import extract

    evidence = match_evidence(extract(a), extract(b), probe_image=a, candidate_image=b)
    assert evidence.score.false_match_rate > 0.01
