"""Image payloads: NIST's ten-print cards decode to 804x752 at 500 ppi, every codec we claim works, and
broken image data is a `TransactionError` naming the record."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from securecomm.formats.errors import TransactionError
from securecomm.formats.images import FingerImage, decode_image, decode_payload, encode_wsq, finger_images
from securecomm.formats.reader import parse_transaction
from securecomm.formats.records import Type4Record, tagged_record
from securecomm.formats.tagged import Field
from securecomm.formats.transaction import Transaction, make_transaction

from .conftest import ridge_image


def read(path: Path) -> Transaction:
    return parse_transaction(path.read_bytes(), source=path.name)


@pytest.mark.slow
def test_the_type4_and_type14_ten_print_cards_give_the_same_fingers(ansi_nist: Path) -> None:
    type4 = finger_images(read(ansi_nist / "nist-reference/type-4-tpcard.an2"))
    type14 = finger_images(read(ansi_nist / "nist-reference/type-14-tpcard-nqm.an2"))
    assert sorted(type4) == sorted(type14) == list(range(1, 15))
    assert type4[1].pixels.shape == (752, 804)  # 804x752, as the README records
    assert type4[1].ppi == pytest.approx(500.13, abs=0.01)  # ISR 0: 19.69 px/mm
    assert type14[1].ppi == pytest.approx(500.38, abs=0.01)  # SLC 2, 197 px/cm
    assert type4[1].impression == 3 and type14[14].impression == 2  # rolled ink card, plain slap
    for position in type4:
        assert np.array_equal(type4[position].pixels, type14[position].pixels)
    assert type14[13].pixels.shape == (1000, 1572)


def test_slaps_from_type4_and_type14_records(ansi_nist: Path) -> None:
    fingers = finger_images(read(ansi_nist / "nist-reference/type-4-14-slaps.an2"))
    assert {p: f.pixels.shape for p, f in fingers.items()} == {
        13: (1000, 1572),
        14: (1000, 1608),
        15: (1000, 804),
    }
    assert [fingers[p].record_index for p in (14, 13, 15)] == [2, 3, 4]


def test_uncompressed_png_and_jpeg_payloads(ansi_nist: Path) -> None:
    raw = read(ansi_nist / "nist-reference/type-9-14-m1.an2")
    image = decode_image(raw, 3)
    assert (image.width, image.height, image.compression) == (800, 768, "NONE")
    assert image.ppi_x == pytest.approx(500.38, abs=0.01)
    iris = read(ansi_nist / "nist-reference/type-17-iris.an2")
    png = decode_image(iris, 2)
    assert (png.width, png.height, png.ppi_x, png.compression) == (449, 312, 1000.0, "PNG")
    face = decode_image(read(ansi_nist / "nist-reference/type-10-sap10.an2"), 2)
    assert face.pixels.shape == (1575, 1181, 3)
    assert face.ppi_x is None  # SLC 0: the face record gives an aspect ratio, not a scale
    raw_type4 = finger_images(read(ansi_nist / "nist-reference/type-9-4-iafis.an2"))
    assert raw_type4[8].pixels.shape == (768, 800)


def test_wsq_encoding_round_trips_closely() -> None:
    pixels = ridge_image(3)
    data = encode_wsq(pixels)
    assert data[:2] == b"\xff\xa0"  # WSQ start-of-image marker
    assert len(data) < pixels.size / 5
    back = decode_payload(data, "WSQ20", width=360, height=400)
    assert back.shape == pixels.shape
    # WSQ is lossy (it drops the synthetic noise), but the ridges survive.
    assert np.corrcoef(back.ravel(), pixels.ravel())[0, 1] > 0.95


def test_wsq_encoding_refuses_what_it_cannot_encode() -> None:
    with pytest.raises(ValueError, match="8-bit gray"):
        encode_wsq(np.zeros((100, 100), dtype=np.uint16))
    with pytest.raises(ValueError, match="at least 64x64"):
        encode_wsq(np.zeros((40, 100), dtype=np.uint8))


@pytest.mark.parametrize(
    ("data", "compression", "words"),
    [
        (b"\xff\xa0\x00\x01garbage", "WSQ20", "WSQ20 image data cannot be decoded"),
        (b"not a png", "PNG", "PNG image data cannot be decoded"),
        (b"\x00" * 10, "NONE", "needs 16 bytes but the record holds 10"),
        (b"\x00" * 4, "JPEGL", "lossless JPEG (JPEGL) images cannot be decoded here"),
        (b"\x00", "GIF", "unknown compression 'GIF'"),
    ],
)
def test_broken_or_unsupported_payloads_are_transaction_errors(
    data: bytes, compression: str, words: str
) -> None:
    with pytest.raises(TransactionError, match=re.escape(words)) as caught:
        decode_payload(data, compression, width=4, height=4, record_index=2, record_type=14)
    assert caught.value.problems[0].record_index == 2


def test_a_wsq_image_whose_size_disagrees_with_the_record_is_refused() -> None:
    data = encode_wsq(ridge_image(1))
    with pytest.raises(TransactionError, match="is 360x400 pixels but the record says 360x401"):
        decode_payload(data, "WSQ20", width=360, height=401)


def _type14(position: int, pixels: np.ndarray, idc: int, *, horizontal: str = "500") -> object:
    fields = (
        Field.of(2, f"{idc:02d}"),
        Field.of(3, "1"),
        Field.of(4, "SRC"),
        Field.of(5, "20110301"),
        Field.of(6, str(pixels.shape[1])),
        Field.of(7, str(pixels.shape[0])),
        Field.of(8, "1"),
        Field.of(9, horizontal),
        Field.of(10, "500"),
        Field.of(11, "WSQ20"),
        Field.of(12, "8"),
        Field.of(13, str(position)),
        Field(999, encode_wsq(pixels)),
    )
    return tagged_record(14, fields)


TYPE1 = [Field.of(2, "0500"), Field.of(4, "A"), Field.of(5, "20110301"), Field.of(7, "D"), Field.of(8, "O")]


def test_finger_images_refuses_two_images_at_one_position_and_non_square_pixels() -> None:
    pixels = ridge_image(2)
    twice = make_transaction(TYPE1, [_type14(2, pixels, 1), _type14(2, pixels, 2)])  # type: ignore[list-item]
    with pytest.raises(TransactionError, match="two images for finger position 2"):
        finger_images(twice)
    stretched = make_transaction(TYPE1, [_type14(2, pixels, 1, horizontal="600")])  # type: ignore[list-item]
    with pytest.raises(TransactionError, match="pixels are not square"):
        finger_images(stretched)


def test_type4_native_resolution_comes_from_type1_nsr() -> None:
    pixels = ridge_image(4)
    record = Type4Record(1, 1, (4,), 1, 360, 400, 1, encode_wsq(pixels))
    transaction = make_transaction([*TYPE1, Field.of(11, "39.37"), Field.of(12, "39.37")], [record])
    fingers = finger_images(transaction)
    assert fingers[4].ppi == pytest.approx(1000.0, abs=0.1)
    assert isinstance(fingers[4], FingerImage) and fingers[4].record_index == 1
