"""ISO/IEC 19794-2:2005 export and import, and interoperability with NIST NBIS (nbis-py)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from securecomm.biometrics import Matcher, Template, TemplateError, decode_image, extract
from securecomm.formats.iso19794_2 import (
    ANGLE_UNIT_DEGREES,
    Layout,
    MinutiaKind,
    decode_iso19794_2,
    encode_iso19794_2,
)

from .conftest import fvc_template


def _iso_degrees(radians: float) -> float:
    return (-math.degrees(radians)) % 360.0


def test_export_then_import_keeps_every_minutia(many_minutiae: Template) -> None:
    record = decode_iso19794_2(encode_iso19794_2(many_minutiae.to_iso(position=2)), source="t.iso")
    assert record.views[0].position == 2
    assert (record.width, record.height, record.x_resolution) == (
        many_minutiae.width,
        many_minutiae.height,
        197,
    )
    back = Template.from_iso(record)
    assert np.array_equal(back.x, many_minutiae.x) and np.array_equal(back.y, many_minutiae.y)
    assert np.array_equal(back.kind, many_minutiae.kind) and np.array_equal(
        back.quality, many_minutiae.quality
    )
    turn = np.abs(
        np.angle(np.exp(1j * (back.direction.astype(float) - many_minutiae.direction.astype(float))))
    )
    assert np.degrees(turn).max() <= ANGLE_UNIT_DEGREES / 2 + 1e-3


def test_iso_angles_turn_counter_clockwise(many_minutiae: Template) -> None:
    record = many_minutiae.to_iso()
    for minutia, direction in zip(record.views[0].minutiae, many_minutiae.direction, strict=True):
        expected = _iso_degrees(float(direction))
        assert abs(math.remainder(minutia.angle_degrees - expected, 360.0)) <= ANGLE_UNIT_DEGREES / 2 + 1e-6


def test_imported_template_still_matches_its_finger(db1) -> None:  # type: ignore[no-untyped-def]
    probe = fvc_template("db1", 103, 1).template
    imported = Template.from_iso(decode_iso19794_2(encode_iso19794_2(probe.to_iso()), source="103_1.iso"))
    mate = fvc_template("db1", 103, 2)
    stranger = fvc_template("db1", 104, 2)
    assert Matcher(imported).match(mate).value > 3 * Matcher(imported).match(stranger).value


def test_records_at_other_resolutions_are_refused(many_minutiae: Template) -> None:
    record = many_minutiae.to_iso()
    from dataclasses import replace

    with pytest.raises(TemplateError, match="not 500 ppi"):
        Template.from_iso(replace(record, x_resolution=394, y_resolution=394), where="scan.iso")
    with pytest.raises(TemplateError, match="view 3"):
        Template.from_iso(record, view=3)


@pytest.fixture
def nbis_extractor():  # type: ignore[no-untyped-def]
    nbis = pytest.importorskip("nbis", reason="nbis-py (a dev dependency) is not installed")
    settings = nbis.NbisExtractorSettings(
        min_quality=0.0, get_center=False, check_fingerprint=False, compute_nfiq2=False, ppi=500.0
    )
    return nbis.new_nbis_extractor(settings)


def test_nbis_reads_our_export(nbis_extractor, db1) -> None:  # type: ignore[no-untyped-def]
    template = extract(decode_image((db1 / "101_1.tif").read_bytes()))
    data = encode_iso19794_2(template.to_iso(), layout=Layout.NBIS_PY)
    minutiae = nbis_extractor.load_iso_19794_2_2005(data).get()
    assert len(minutiae) == template.count
    iso = template.to_iso().views[0].minutiae
    for theirs, ours in zip(minutiae, iso, strict=True):
        assert (theirs.x(), theirs.y()) == (ours.x, ours.y)
        # NBIS keeps directions in its own 32 steps of 11.25 degrees
        assert (
            abs(math.remainder(theirs.angle() - ours.angle_degrees, 360.0)) <= 11.25 / 2 + ANGLE_UNIT_DEGREES
        )
        assert ("ENDING" in str(theirs.kind())) == (ours.kind is MinutiaKind.ENDING)


def test_bozorth3_matches_our_exports_of_one_finger_and_not_of_two(nbis_extractor, db1) -> None:  # type: ignore[no-untyped-def]
    def exported(name: str):  # type: ignore[no-untyped-def]
        template = fvc_template("db1", *(int(p) for p in name.split("_"))).template
        return nbis_extractor.load_iso_19794_2_2005(
            encode_iso19794_2(template.to_iso(), layout=Layout.NBIS_PY)
        )

    probe = exported("101_1")
    genuine = probe.compare(exported("101_2"))
    impostors = [probe.compare(exported(f"{finger}_1")) for finger in range(102, 107)]
    assert genuine > 2 * max(impostors)
