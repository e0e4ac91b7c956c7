"""Decoding images: gray conversion and the resolution rule (a missing tag means 500 ppi)."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageFile

from securecomm.biometrics import FingerprintImage, ImageError, decode_image

from .patterns import ridge_pattern, tiff_bytes


def test_tiff_without_resolution_tags_is_500_ppi() -> None:
    pixels = ridge_pattern()
    image = decode_image(tiff_bytes(pixels), where="a.tif")
    assert image.ppi == 500.0
    assert np.array_equal(image.pixels, pixels)


def test_explicit_500_ppi_in_inches_or_centimetres_is_accepted() -> None:
    pixels = ridge_pattern()
    assert decode_image(tiff_bytes(pixels, dpi=(500, 500))).ppi == pytest.approx(500.0)
    assert decode_image(tiff_bytes(pixels, dpi=(500, 500), unit_cm=True)).ppi == pytest.approx(500.0, abs=0.5)


@pytest.mark.parametrize("dpi", [1000.0, 300.0, 450.0])
def test_explicit_wrong_resolution_is_refused_naming_the_file(dpi: float) -> None:
    with pytest.raises(ImageError) as refused:
        decode_image(tiff_bytes(ridge_pattern(), dpi=(dpi, dpi)), where="scans/left_index.tif")
    message = str(refused.value)
    assert "scans/left_index.tif" in message
    assert f"{dpi:g} ppi" in message


def test_non_square_pixels_are_refused() -> None:
    with pytest.raises(ImageError, match="differ"):
        decode_image(tiff_bytes(ridge_pattern(), dpi=(500, 400)), where="x.tif")


def test_fvc_images_have_no_resolution_tag_and_decode_at_500_ppi(db1) -> None:  # type: ignore[no-untyped-def]
    image = decode_image((db1 / "101_1.tif").read_bytes(), where="101_1.tif")
    assert (image.width, image.height, image.ppi) == (388, 374, 500.0)


def test_colour_and_16_bit_images_become_8_bit_gray() -> None:
    pixels = ridge_pattern()
    rgb = Image.fromarray(np.stack([pixels] * 3, axis=-1), mode="RGB")
    buffer = io.BytesIO()
    rgb.save(buffer, format="PNG")
    assert np.array_equal(decode_image(buffer.getvalue()).pixels, pixels)
    wide = Image.fromarray(pixels.astype(np.uint16) * 257)
    buffer = io.BytesIO()
    wide.save(buffer, format="PNG")
    decoded = decode_image(buffer.getvalue())
    assert decoded.pixels.dtype == np.uint8
    assert abs(int(decoded.pixels.max()) - 255) <= 1


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "empty"),
        (b"this is not an image", "not an image format"),
        (tiff_bytes(ridge_pattern())[:200], "damaged or truncated"),
    ],
)
def test_unreadable_bytes_are_refused_with_a_reason(data: bytes, expected: str) -> None:
    with pytest.raises(ImageError, match=expected) as refused:
        decode_image(data, where="upload.bin")
    assert str(refused.value).startswith("upload.bin: ")


def test_a_truncated_file_is_refused_even_where_pillow_was_relaxed(monkeypatch: pytest.MonkeyPatch) -> None:
    # WeasyPrint sets this global on import; a cut-off print must still be refused, and the global restored
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    with pytest.raises(ImageError, match="damaged or truncated"):
        decode_image(tiff_bytes(ridge_pattern())[:200], where="cut.tif")
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True


def test_images_too_small_to_hold_a_print_are_refused() -> None:
    with pytest.raises(ImageError, match="sides of"):
        decode_image(tiff_bytes(np.zeros((20, 20), dtype=np.uint8)), where="tiny.tif")


def test_fingerprint_image_checks_its_own_values() -> None:
    with pytest.raises(ImageError, match="uint8"):
        FingerprintImage(np.zeros((100, 100), dtype=np.float32))  # type: ignore[arg-type]
    with pytest.raises(ImageError, match="ppi"):
        FingerprintImage(np.zeros((100, 100), dtype=np.uint8), ppi=1000.0)
