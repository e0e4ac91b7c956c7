"""Templates: exact round trips, refusal of corrupt bytes and of other format versions."""

from __future__ import annotations

import struct
import zlib
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from securecomm.biometrics import FORMAT_VERSION, MinutiaType, Template, TemplateError, TemplateVersionError
from securecomm.biometrics import parameters as P

from .conftest import pattern_template
from .patterns import random_template as _random_template


def _equal(a: Template, b: Template) -> bool:
    fields = ("x", "y", "direction", "kind", "quality", "mask", "orientation", "coherence")
    same_arrays = all(np.array_equal(getattr(a, f), getattr(b, f)) for f in fields)
    return same_arrays and (a.width, a.height, a.ppi) == (b.width, b.height, b.ppi)


def test_round_trip_is_exact_for_an_extracted_template() -> None:
    template = pattern_template()
    loaded = Template.load(template.to_bytes(), where="t.sct")
    assert _equal(template, loaded)
    assert loaded.to_bytes() == template.to_bytes()
    assert loaded.format_version == FORMAT_VERSION


@settings(max_examples=30, deadline=None)
@given(count=st.integers(0, P.MAX_MINUTIAE), seed=st.integers(0, 2**32 - 1))
def test_round_trip_is_exact_for_any_valid_template(count: int, seed: int) -> None:
    template = _random_template(count, seed)
    assert _equal(template, Template.load(template.to_bytes()))


def test_every_flipped_byte_is_detected() -> None:
    data = bytearray(pattern_template().to_bytes())
    for offset in range(0, len(data), max(1, len(data) // 97)):
        corrupt = bytearray(data)
        corrupt[offset] ^= 0x40
        with pytest.raises(TemplateError):
            Template.load(bytes(corrupt), where="corrupt.sct")


@pytest.mark.parametrize("length", [0, 5, 30])
def test_truncated_templates_are_refused(length: int) -> None:
    with pytest.raises(TemplateError, match=r"truncated\.sct"):
        Template.load(pattern_template().to_bytes()[:length], where="truncated.sct")


def test_other_bytes_are_not_templates() -> None:
    with pytest.raises(TemplateError, match="magic"):
        Template.load(b"GIF89a" + bytes(60), where="picture.gif")


def test_another_format_version_says_to_re_extract() -> None:
    data = bytearray(pattern_template().to_bytes()[:-4])
    struct.pack_into("<H", data, 4, FORMAT_VERSION + 1)
    data += struct.pack("<I", zlib.crc32(bytes(data)))
    with pytest.raises(TemplateVersionError, match="re-extract") as refused:
        Template.load(bytes(data), where="old.sct")
    assert refused.value.found == FORMAT_VERSION + 1
    assert refused.value.expected == FORMAT_VERSION


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"x": np.array([10, 500], dtype=np.int16)}, "lengths|outside"),
        ({"direction": np.full(1, 7.0, dtype=np.float32)}, "direction"),
        ({"kind": np.full(1, 2, dtype=np.uint8)}, "type code"),
        ({"quality": np.full(1, 101, dtype=np.uint8)}, "quality"),
        ({"mask": np.zeros((3, 3), dtype=bool)}, "mask"),
        ({"ppi": 1000.0}, "resolution"),
    ],
)
def test_inconsistent_templates_are_refused(change: dict[str, object], message: str) -> None:
    base = _random_template(1, 0)
    with pytest.raises(TemplateError, match=message):
        replace(base, **change)  # type: ignore[arg-type]


def test_minutia_types_are_named() -> None:
    template = _random_template(20, 1)
    assert {t.code for t in template.minutia_types()} <= {0, 1, 3}
    assert MinutiaType.from_code(3) is MinutiaType.BIFURCATION
