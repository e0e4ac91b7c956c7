"""ISO/IEC 19794-2:2005 minutiae records: round trips, strict loading, and exchange with NBIS."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from securecomm.formats.errors import MinutiaRecordError
from securecomm.formats.iso19794_2 import (
    FingerView,
    IsoMinutia,
    IsoMinutiaRecord,
    Layout,
    MinutiaKind,
    decode_iso19794_2,
    encode_iso19794_2,
)

WIDTH, HEIGHT = 500, 600


@st.composite
def minutiae_records(draw: st.DrawFn) -> IsoMinutiaRecord:
    minutia = st.builds(
        IsoMinutia,
        kind=st.sampled_from(list(MinutiaKind)),
        x=st.integers(0, WIDTH - 1),
        y=st.integers(0, HEIGHT - 1),
        angle=st.integers(0, 255),
        quality=st.integers(0, 100),
    )
    view = st.builds(
        FingerView,
        position=st.integers(0, 10),
        minutiae=st.lists(minutia, max_size=40).map(tuple),
        view_number=st.integers(0, 15),
        impression=st.sampled_from([0, 1, 2, 3, 8]),
        quality=st.integers(0, 100),
        extended_data=st.binary(max_size=8),
    )
    return IsoMinutiaRecord(
        WIDTH,
        HEIGHT,
        draw(st.sampled_from([0, 197, 394])),
        draw(st.sampled_from([0, 197, 394])),
        tuple(draw(st.lists(view, min_size=1, max_size=3))),
        equipment_certification=draw(st.integers(0, 15)),
        equipment_id=draw(st.integers(0, 0xFFF)),
    )


@given(minutiae_records())
def test_records_round_trip(record: IsoMinutiaRecord) -> None:
    data = encode_iso19794_2(record)
    assert data[:8] == b"FMR\x00 20\x00"
    assert int.from_bytes(data[8:12], "big") == len(data)
    assert decode_iso19794_2(data, source="round trip") == record


def one_view(*minutiae: IsoMinutia) -> IsoMinutiaRecord:
    return IsoMinutiaRecord(WIDTH, HEIGHT, 197, 197, (FingerView(2, minutiae, impression=1, quality=60),))


def test_the_byte_layout_is_the_standards() -> None:
    record = one_view(IsoMinutia(MinutiaKind.BIFURCATION, 30, 91, 80, 26))
    data = encode_iso19794_2(record)
    assert data == (
        b"FMR\x00 20\x00" + (24 + 4 + 6 + 2).to_bytes(4, "big") + b"\x00\x00"
        + (500).to_bytes(2, "big") + (600).to_bytes(2, "big") + (197).to_bytes(2, "big") * 2 + b"\x01\x00"
        + bytes([2, 0x01, 60, 1])
        + bytes([0x80, 30, 0, 91, 80, 26])
        + b"\x00\x00"
    )  # fmt: skip
    assert record.views[0].minutiae[0].angle_degrees == 112.5


def test_angles_convert_from_degrees_in_iso_units() -> None:
    assert IsoMinutia.from_degrees(MinutiaKind.ENDING, 1, 2, 112.5, 50).angle == 80
    assert IsoMinutia.from_degrees(MinutiaKind.ENDING, 1, 2, 359.9, 50).angle == 0
    assert IsoMinutia.from_degrees(MinutiaKind.ENDING, 1, 2, -1.40625, 50).angle == 255


GOOD = encode_iso19794_2(one_view(IsoMinutia(MinutiaKind.ENDING, 10, 20, 30, 40)))


@pytest.mark.parametrize(
    ("data", "offset", "words"),
    [
        (b"FMR\x00", 0, "shorter than the 24-byte record header"),
        (b"FIR\x00" + GOOD[4:], 0, "format identifier is b'FIR\\x00'"),
        (GOOD[:4] + b"030\x00" + GOOD[8:], 4, "not ' 20\\0'"),
        (GOOD + b"\x00", 8, "the length field says 36 bytes but the record has 37"),
        (GOOD[:22] + b"\x00" + GOOD[23:], 22, "holds no finger views"),
        (GOOD[:23] + b"\x07" + GOOD[24:], 23, "reserved byte is 7"),
        (GOOD[:27] + b"\x09" + GOOD[28:], 28, "9 minutiae run past the record end"),
        (GOOD[:28] + b"\xc0" + GOOD[29:], 28, "type bits 11 are reserved"),
        (GOOD[:30] + b"\x40" + GOOD[31:], 30, "reserved bits above y are not 0"),
    ],
)
def test_loading_is_strict_and_names_the_byte(data: bytes, offset: int, words: str) -> None:
    if len(data) != int.from_bytes(data[8:12], "big") and "length field" not in words and len(data) >= 24:
        data = data[:8] + len(data).to_bytes(4, "big") + data[12:]
    with pytest.raises(MinutiaRecordError) as caught:
        decode_iso19794_2(data, source="t.fmr")
    assert words in str(caught.value)
    assert caught.value.offset == offset
    assert str(caught.value).startswith(f"t.fmr, byte {offset}: ")


def test_values_must_fit_the_image_and_their_bits() -> None:
    with pytest.raises(MinutiaRecordError, match="x 500 is outside the 500-pixel image"):
        encode_iso19794_2(one_view(IsoMinutia(MinutiaKind.ENDING, 500, 20, 30, 40)))
    with pytest.raises(MinutiaRecordError, match="quality 101 is not 0-100"):
        encode_iso19794_2(one_view(IsoMinutia(MinutiaKind.ENDING, 5, 20, 30, 101)))
    with pytest.raises(MinutiaRecordError, match="finger position 11 is not 0-10"):
        encode_iso19794_2(IsoMinutiaRecord(WIDTH, HEIGHT, 197, 197, (FingerView(11, ()),)))
    outside = bytearray(GOOD)
    outside[16:18] = (15).to_bytes(2, "big")  # the image is now 15 pixels high; the minutia sits at y = 20
    with pytest.raises(MinutiaRecordError, match="y 20 is outside the 15-pixel image"):
        decode_iso19794_2(bytes(outside), source="t")


# --- NBIS interoperability ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def nbis_minutiae(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """NBIS (mindtct) minutiae of two fingers of NIST's ten-print card, and NBIS's own ISO bytes."""
    nbis = pytest.importorskip("nbis", reason="nbis-py (a dev dependency) is not installed")
    from PIL import Image

    from securecomm.formats.images import finger_images
    from securecomm.formats.reader import parse_transaction

    from .conftest import ansi_nist_dir

    base = ansi_nist_dir()
    if base is None:
        pytest.skip("the shared ANSI/NIST sample files are not on this machine")
    path = Path(base) / "nist-reference/type-14-tpcard-nqm.an2"
    fingers = finger_images(parse_transaction(path.read_bytes(), source=path.name))
    settings = nbis.NbisExtractorSettings(
        min_quality=0.0, get_center=False, check_fingerprint=False, compute_nfiq2=False, ppi=500.0
    )
    extractor = nbis.new_nbis_extractor(settings)
    extracted = []
    for position in (1, 7):
        png = io.BytesIO()
        Image.fromarray(fingers[position].pixels).save(png, format="PNG")
        minutiae = extractor.extract_minutiae(png.getvalue())
        extracted.append((minutiae, bytes(minutiae.to_iso_19794_2_2005()), fingers[position].pixels.shape))
    return nbis, extractor, extracted


def test_nbis_bytes_decode_to_nbis_minutiae(nbis_minutiae) -> None:  # type: ignore[no-untyped-def]
    nbis, _, extracted = nbis_minutiae
    kinds = {
        nbis.MinutiaKind.RIDGE_ENDING: MinutiaKind.ENDING,
        nbis.MinutiaKind.BIFURCATION: MinutiaKind.BIFURCATION,
    }
    for minutiae, iso, (height, width) in extracted:
        record = decode_iso19794_2(iso, source="nbis", layout=Layout.NBIS_PY)
        ours = record.views[0].minutiae
        theirs = minutiae.get()
        assert (record.width, record.height) == (width, height)
        assert len(ours) == len(theirs) > 100
        for mine, nbis_minutia in zip(ours, theirs, strict=True):
            assert (mine.x, mine.y) == (nbis_minutia.x(), nbis_minutia.y())
            assert mine.angle_degrees == pytest.approx(nbis_minutia.angle(), abs=1e-9)  # 1.40625-degree units
            assert mine.kind == kinds[nbis_minutia.kind()]


def test_our_records_are_read_by_nbis_and_score_as_nbis_own(nbis_minutiae) -> None:  # type: ignore[no-untyped-def]
    _, extractor, extracted = nbis_minutiae
    (first, first_iso, _), (second, _, _) = extracted
    record = decode_iso19794_2(first_iso, source="nbis", layout=Layout.NBIS_PY)
    ours = encode_iso19794_2(record, layout=Layout.NBIS_PY)
    assert ours == first_iso  # byte for byte what NBIS wrote
    reloaded = extractor.load_iso_19794_2_2005(ours)
    assert [(m.x(), m.y(), m.angle(), m.kind()) for m in reloaded.get()] == [
        (m.x(), m.y(), m.angle(), m.kind()) for m in first.get()
    ]
    assert first.compare(reloaded) == first.compare(first)  # bozorth3 sees the same template
    assert first.compare(second) < first.compare(reloaded) / 10  # and still tells fingers apart


def test_the_standard_layout_carries_the_same_minutiae_as_nbis(nbis_minutiae) -> None:  # type: ignore[no-untyped-def]
    _, _, extracted = nbis_minutiae
    _, iso, _ = extracted[0]
    record = decode_iso19794_2(iso, source="nbis", layout=Layout.NBIS_PY)
    standard = encode_iso19794_2(record)
    # 24-byte header + 4-byte view header + 2-byte extended-data length, against NBIS's 26 bytes.
    assert len(standard) == len(iso) + 4
    assert decode_iso19794_2(standard, source="standard") == record
    assert encode_iso19794_2(decode_iso19794_2(standard, source="standard"), layout=Layout.NBIS_PY) == iso


def test_nbis_bytes_are_refused_as_iso_2005_with_a_clear_reason(nbis_minutiae) -> None:  # type: ignore[no-untyped-def]
    """nbis-py 0.1.x writes no view count (byte 22 is 0): a conformant reader must refuse its bytes."""
    _, _, extracted = nbis_minutiae
    with pytest.raises(MinutiaRecordError, match="byte 22: the record holds no finger views"):
        decode_iso19794_2(extracted[0][1], source="nbis")


def test_the_nbis_layout_is_checked_too() -> None:
    record = one_view(IsoMinutia(MinutiaKind.ENDING, 10, 20, 30, 40))
    data = encode_iso19794_2(record, layout=Layout.NBIS_PY)
    assert len(data) == 26 + 6
    assert (
        decode_iso19794_2(data, source="n", layout=Layout.NBIS_PY).views[0].minutiae
        == record.views[0].minutiae
    )
    with pytest.raises(MinutiaRecordError, match="1 minutiae need 32 bytes, the record has 38"):
        decode_iso19794_2(
            data[:8] + (38).to_bytes(4, "big") + data[12:] + bytes(6), source="n", layout=Layout.NBIS_PY
        )
    two_views = IsoMinutiaRecord(WIDTH, HEIGHT, 0, 0, (FingerView(1, ()), FingerView(2, ())))
    with pytest.raises(MinutiaRecordError, match="exactly one finger view"):
        encode_iso19794_2(two_views, layout=Layout.NBIS_PY)
