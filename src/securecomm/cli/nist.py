"""`securecomm nist ...`: read, validate and write ANSI/NIST-ITL transactions (EBTS CAR for bookings).

A file that is not a valid transaction exits with status 2 and one line naming the problem and its
place (record, field tag, byte offset). Image bytes are never printed.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from securecomm.cli._common import emit, json_option
from securecomm.errors import BadInput

__all__ = ["group"]

_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@click.group(name="nist")
def group() -> None:
    """Read, validate and write ANSI/NIST-ITL 1-2011 transactions (traditional encoding)."""


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise BadInput(f"cannot read the file: {error.strerror or error}", where=str(path)) from None


@contextmanager
def _quiet_stderr() -> Iterator[None]:
    """Silence file descriptor 2 while NIST's C decoders run: they print their own diagnostics there,
    and our one-line error already says what went wrong."""
    try:
        saved = os.dup(2)
    except OSError:  # no usable descriptor 2 (embedded use): nothing to silence
        yield
        return
    sys.stderr.flush()
    with open(os.devnull, "wb") as devnull:
        os.dup2(devnull.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def _human_read(payload: dict[str, Any]) -> str:
    lines = [
        f"{payload['file']}: ANSI/NIST-ITL version {payload['version']}, TOT {payload['tot']}, "
        f"date {payload['date']}, {payload['record_count']} records",
    ]
    for record in payload["records"]:
        idc = "" if record["idc"] is None else f" IDC {record['idc']}"
        lines.append(
            f"  record {record['index']}: Type-{record['type']}{idc}, {len(record['fields'])} fields"
        )
    for image in payload["images"]:
        ppi = f"{image['ppi']:.0f} ppi" if image["ppi"] else "no scale"
        positions = ",".join(str(p) for p in image["positions"]) or "-"
        lines.append(
            f"  image in record {image['record']}: {image['width']}x{image['height']} {ppi} "
            f"{image['compression']} FGP {positions}"
        )
    lines += [f"  warning: {w}" for w in payload["warnings"]]
    return "\n".join(lines)


@group.command("read")
@click.argument("file", type=_FILE)
@json_option
def read(file: Path, as_json: bool) -> None:
    """Summarise a transaction: version, TOT, records and fields, images, warnings."""
    from securecomm.formats.reader import parse_transaction
    from securecomm.formats.summary import summarise

    transaction = parse_transaction(_read_bytes(file), source=str(file))
    emit({"file": str(file), **summarise(transaction)}, as_json=as_json, human=_human_read)


@group.command("validate")
@click.argument("file", type=_FILE)
@click.option(
    "--ebts", type=click.Choice(["CAR"]), help="Also check an EBTS profile (CAR: criminal ten-print)."
)
@json_option
def validate(file: Path, ebts: str | None, as_json: bool) -> None:
    """Check a transaction: syntax, ANSI/NIST-ITL rules, every image decodes, optionally an EBTS profile."""
    from securecomm.formats.ebts import check_car
    from securecomm.formats.images import decode_image, image_records
    from securecomm.formats.reader import parse_transaction

    transaction = parse_transaction(_read_bytes(file), source=str(file))
    if ebts == "CAR":  # the profile first: it is cheap, and decoding a dozen images is not
        check_car(transaction)
    with _quiet_stderr():
        decoded = [decode_image(transaction, index) for index, _ in image_records(transaction)]
    payload = {
        "file": str(file),
        "valid": True,
        "version": transaction.version,
        "tot": transaction.tot,
        "records": len(transaction.records),
        "images_decoded": len(decoded),
        "profile": ebts,
        "warnings": list(transaction.warnings),
    }

    def human(p: dict[str, Any]) -> str:
        profile = f" and the EBTS {p['profile']} profile" if p["profile"] else ""
        warned = "".join(f"\n  warning: {w}" for w in p["warnings"])
        return f"{p['file']}: valid ANSI/NIST-ITL transaction{profile}; {p['images_decoded']} images decode{warned}"

    emit(payload, as_json=as_json, human=human)


def _fingers_from_dir(directory: Path, ppi: float) -> dict[int, Any]:
    """Finger images named by position (01.png ... 15.png; any Pillow-readable gray image)."""
    import numpy as np
    from PIL import Image

    from securecomm.formats.images import FingerImage

    fingers: dict[int, FingerImage] = {}
    for path in sorted(directory.iterdir()):
        if not path.stem.isdigit():
            continue
        position = int(path.stem)
        try:
            with Image.open(path) as image:
                pixels = np.asarray(image.convert("L"), dtype=np.uint8)
        except OSError as error:
            raise BadInput(f"cannot read the image: {error}", where=str(path)) from None
        fingers[position] = FingerImage(position, pixels, ppi, 1 if position <= 10 else 0)
    if not fingers:
        raise BadInput("no finger images named by position (01.png ... 15.png)", where=str(directory))
    return fingers


@group.command("write-car")
@click.argument("booking", type=_FILE)
@click.option("--fingers-from", type=_FILE, help="Take the finger images from this ten-print transaction.")
@click.option(
    "--fingers-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Take the finger images from NN.png files (NN = finger position).",
)
@click.option(
    "--ppi", type=float, default=500.0, show_default=True, help="Resolution of --fingers-dir images."
)
@click.option("--type4", is_flag=True, help="Write binary Type-4 image records instead of Type-14.")
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The transaction to write.",
)
@json_option
def write_car(
    booking: Path,
    fingers_from: Path | None,
    fingers_dir: Path | None,
    ppi: float,
    type4: bool,
    out: Path,
    as_json: bool,
) -> None:
    """Write an EBTS criminal ten-print submission (CAR) from a YAML booking file and finger images.

    The booking's keys are the CarBooking fields (docs/formats.md); fingers it lists under
    missing_fingers are left out even when the source has images for them.
    """
    import yaml

    from securecomm.formats.ebts import build_car
    from securecomm.formats.ebts_booking import booking_from_mapping
    from securecomm.formats.images import finger_images
    from securecomm.formats.reader import parse_transaction
    from securecomm.formats.writer import write_transaction

    if (fingers_from is None) == (fingers_dir is None):
        raise BadInput("give exactly one of --fingers-from and --fingers-dir", where="nist write-car")
    try:
        data = yaml.safe_load(_read_bytes(booking))
    except yaml.YAMLError as error:
        raise BadInput(f"not valid YAML: {error}", where=str(booking)) from None
    parsed = booking_from_mapping(data, source=str(booking))
    with _quiet_stderr():
        if fingers_from is not None:
            fingers = finger_images(parse_transaction(_read_bytes(fingers_from), source=str(fingers_from)))
        else:
            assert fingers_dir is not None
            fingers = _fingers_from_dir(fingers_dir, ppi)
        rolled = {
            p: image for p, image in fingers.items() if p not in {m.position for m in parsed.missing_fingers}
        }
        transaction = build_car(parsed, rolled, image_record_type=4 if type4 else 14)
    data_out = write_transaction(transaction)
    try:
        out.write_bytes(data_out)
    except OSError as error:
        raise BadInput(f"cannot write the file: {error.strerror or error}", where=str(out)) from None
    payload = {
        "file": str(out),
        "bytes": len(data_out),
        "tcn": parsed.tcn,
        "records": len(transaction.records),
    }
    emit(
        payload, as_json=as_json, human=lambda p: f"wrote {p['file']}: CAR {p['tcn']}, {p['records']} records"
    )
