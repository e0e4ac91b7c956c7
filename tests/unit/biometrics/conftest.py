"""Fixtures for the fingerprint engine's tests: synthetic patterns always, real FVC prints when present."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from securecomm.biometrics import PreparedTemplate, Template, decode_image, extract, prepare
from securecomm.config import shared_data_dir

from .patterns import ridge_pattern, tiff_bytes

FVC_SETS = {"db1": "fvc2002_db1_b", "db4": "fvc2000_db4_b"}


def fvc_folder(name: str) -> Path | None:
    data = shared_data_dir()
    if data is None:
        return None
    folder = data / "fingerprints" / FVC_SETS[name]
    return folder if folder.is_dir() else None


@cache
def fvc_template(name: str, finger: int, impression: int) -> PreparedTemplate:
    folder = fvc_folder(name)
    assert folder is not None
    path = folder / f"{finger}_{impression}.tif"
    return prepare(extract(decode_image(path.read_bytes(), where=str(path))))


@pytest.fixture
def db1() -> Path:
    folder = fvc_folder("db1")
    if folder is None:
        pytest.skip("the shared FVC2002 DB1_B set (../shared/data/fingerprints) is not on this machine")
    return folder


@pytest.fixture
def db4() -> Path:
    folder = fvc_folder("db4")
    if folder is None:
        pytest.skip("the shared FVC2000 DB4_B set (../shared/data/fingerprints) is not on this machine")
    return folder


@cache
def pattern_template(
    angle_degrees: float = 30.0, singularities: tuple[tuple[float, float, int], ...] = ((120, 120, 1),)
) -> Template:
    pixels = ridge_pattern(angle_degrees=angle_degrees, singularities=singularities)
    return extract(decode_image(tiff_bytes(pixels), where="synthetic pattern"))


@pytest.fixture
def many_minutiae() -> Template:
    """A synthetic print with a dozen minutiae (phase singularities of both signs) on curved ridges."""
    sites = ((70, 80, 1), (150, 70, -1), (110, 120, 1), (60, 160, -1), (170, 150, 1), (120, 185, -1))
    pixels = ridge_pattern(singularities=sites, curvature=0.6)
    return extract(decode_image(tiff_bytes(pixels), where="synthetic print"))


@pytest.fixture(scope="session")
def nist_card() -> dict[int, PreparedTemplate]:
    """Templates of the NIST ten-print card's rolled thumbs (1 right, 6 left) and plain thumbs (11, 12)."""
    data = shared_data_dir()
    path = None if data is None else data / "ansi-nist" / "nist-reference" / "type-14-tpcard-nqm.an2"
    if path is None or not path.is_file():
        pytest.skip("the NIST ten-print card (../shared/data/ansi-nist) is not on this machine")
    from securecomm.biometrics import FingerprintImage
    from securecomm.formats.images import finger_images
    from securecomm.formats.reader import parse_transaction

    images = finger_images(parse_transaction(path.read_bytes(), source=str(path)))
    return {
        position: prepare(extract(FingerprintImage(finger.pixels, finger.ppi or 500.0)))
        for position, finger in images.items()
        if position in (1, 6, 11, 12)
    }
