"""`securecomm nist read / validate / write-car`: one JSON object on success, exit 2 and one line on bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from PIL import Image

from securecomm.cli import main
from securecomm.formats.images import FingerImage


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(args)
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_read_json_summarises_the_ten_print_card_without_image_bytes(
    ansi_nist: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = ansi_nist / "nist-reference/type-4-tpcard.an2"
    code, out, err = run(["nist", "read", str(path), "--json"], capsys)
    assert (code, err) == (0, "")
    payload = json.loads(out)
    assert (payload["version"], payload["tot"], payload["record_count"]) == ("0400", "AMN", 16)
    assert len(payload["images"]) == 14
    first = payload["images"][0]
    assert (first["width"], first["height"], first["ppi"], first["compression"], first["positions"]) == (
        804,
        752,
        500.13,
        "WSQ20",
        [1],
    )
    assert payload["records"][2]["fields"]["DATA"] == {"bytes": 42297}
    assert len(out) < 20_000  # a summary, never the 670 kB of images


def test_read_prints_a_readable_summary(ansi_nist: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["nist", "read", str(ansi_nist / "nist-reference/rec01_rec02_rec16.nst.an2")], capsys)
    assert code == 0
    assert "ANSI/NIST-ITL version 0, TOT ABC" in out
    assert "warning: 1.002 (VER) is '0'" in out


@pytest.mark.parametrize("name", ["fail-type-14-L2.an2", "fail-type-1-wrong-record-number.an2"])
def test_an_invalid_transaction_exits_2_with_one_line(
    ansi_nist: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    code, out, err = run(
        ["nist", "read", str(ansi_nist / "biocts-conformance/fail" / name), "--json"], capsys
    )
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and name in err and "field " in err and "byte " in err


def test_validate_decodes_every_image(ansi_nist: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        ["nist", "validate", str(ansi_nist / "nist-reference/type-9-10-14.an2"), "--json"], capsys
    )
    assert code == 0
    assert json.loads(out) | {"file": None} == {
        "file": None,
        "valid": True,
        "version": "0400",
        "tot": "AMN",
        "records": 5,
        "images_decoded": 2,
        "profile": None,
        "warnings": [],
    }


def test_validate_refuses_a_corrupt_image_in_one_line(
    ansi_nist: Path, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    data = bytearray((ansi_nist / "biocts-conformance/pass/pass-type-14-mandatory-only.an2").read_bytes())
    start = data.index(b"14.999:") + 7
    data[start + 2 : start + 400] = bytes(398)  # wreck the WSQ tables, keep the length
    broken = tmp_path / "broken.an2"
    broken.write_bytes(bytes(data))
    code, out, err = run(["nist", "validate", str(broken)], capfd)  # type: ignore[arg-type]
    assert (code, out) == (2, "")
    assert err.count("\n") == 1  # NIST's decoder diagnostics do not leak to the terminal
    assert "record 1 (Type-14): WSQ20 image data cannot be decoded" in err


def test_validate_against_the_car_profile(ansi_nist: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = ansi_nist / "nist-reference/type-14-tpcard-nqm.an2"
    code, _, err = run(["nist", "validate", str(path), "--ebts", "CAR"], capsys)
    assert code == 2 and err.count("\n") == 1
    assert "field 1.004" in err and "'AMN' is not a valid criminal ten-print TOT" in err


BOOKING = {
    "tcn": "NY20110301-000042",
    "submitted_at": "2011-03-01T09:30:00-05:00",
    "originating_ori": "NY0303000",
    "arresting_ori": "NY0303000",
    "surname": "Roe",
    "given_name": "Richard",
    "date_of_birth": "1984-05-17",
    "sex": "M",
    "race": "W",
    "place_of_birth": "MX",
    "height_inches": 70,
    "weight_pounds": 165,
    "eye_color": "BRO",
    "hair_color": "BLK",
    "arrested_on": "2011-03-01",
    "charges": [{"ncic_code": "5404", "literal": "Driving under influence"}],
    "printed_on": "2011-03-01",
    "missing_fingers": [{"position": 9, "code": "UP"}],
}


def test_write_car_from_a_booking_file_and_finger_pngs_then_validate(
    tmp_path: Path, synthetic_fingers: dict[int, FingerImage], capsys: pytest.CaptureFixture[str]
) -> None:
    booking = tmp_path / "booking.yaml"
    booking.write_text(yaml.safe_dump(BOOKING))
    fingers = tmp_path / "fingers"
    fingers.mkdir()
    for position, image in synthetic_fingers.items():
        if position != 9:
            Image.fromarray(image.pixels).save(fingers / f"{position:02d}.png")
    out_file = tmp_path / "car.eft"
    code, out, err = run(
        ["nist", "write-car", str(booking), "--fingers-dir", str(fingers), "--out", str(out_file), "--json"],
        capsys,
    )
    assert (code, err) == (0, "")
    assert json.loads(out)["records"] == 2 + 12
    code, out, _ = run(["nist", "validate", str(out_file), "--ebts", "CAR", "--json"], capsys)
    assert code == 0 and json.loads(out)["profile"] == "CAR" and json.loads(out)["images_decoded"] == 12


@pytest.mark.slow
def test_write_car_with_the_nist_card_fingers(
    ansi_nist: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    booking = tmp_path / "booking.yaml"
    booking.write_text(yaml.safe_dump(BOOKING))
    out_file = tmp_path / "car.eft"
    card = ansi_nist / "nist-reference/type-4-tpcard.an2"
    code, _, err = run(
        ["nist", "write-car", str(booking), "--fingers-from", str(card), "--out", str(out_file)], capsys
    )
    assert (code, err) == (0, "")
    code, _, err = run(["nist", "validate", str(out_file), "--ebts", "CAR"], capsys)
    assert (code, err) == (0, "")


def test_write_car_names_a_typo_in_the_booking_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    booking = tmp_path / "booking.yaml"
    booking.write_text(yaml.safe_dump({**BOOKING, "eye_colour": "BRO"}))
    (tmp_path / "fingers").mkdir()
    code, _, err = run(
        [
            "nist",
            "write-car",
            str(booking),
            "--fingers-dir",
            str(tmp_path / "fingers"),
            "--out",
            str(tmp_path / "x"),
        ],
        capsys,
    )
    assert code == 2 and err.count("\n") == 1 and "unknown key(s) eye_colour" in err


def test_a_file_that_is_not_a_transaction_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "photo.png"
    Image.new("L", (4, 4)).save(path)
    code, _, err = run(["nist", "read", str(path)], capsys)
    assert code == 2 and err.count("\n") == 1 and "expected a field tag like '1.NNN:'" in err
    code, _, err = run(["nist", "read", str(tmp_path / "missing.an2")], capsys)
    assert code == 2 and "does not exist" in err
