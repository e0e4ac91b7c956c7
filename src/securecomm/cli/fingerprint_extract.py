"""`securecomm fingerprints extract IMG`: the template of one impression."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import click

from securecomm.cli._common import emit, json_option

__all__ = ["extract_command"]


@click.command(name="extract")
@click.argument("image", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--template",
    "template_out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Save the template (binary, versioned) here.",
)
@click.option(
    "--iso",
    "iso_out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Save an ISO/IEC 19794-2:2005 record here.",
)
@click.option(
    "--nbis-layout", is_flag=True, help="Write the ISO record in the header layout nbis-py 0.1 reads."
)
@json_option
def extract_command(
    image: Path, template_out: Path | None, iso_out: Path | None, nbis_layout: bool, as_json: bool
) -> None:
    """Extract the minutiae of IMAGE (8-bit gray, 500 ppi; TIFF, PNG, BMP or JPEG)."""
    from securecomm.biometrics import decode_image, extract
    from securecomm.formats.iso19794_2 import Layout, encode_iso19794_2

    decoded = decode_image(image.read_bytes(), where=str(image))
    template = extract(decoded)
    if template_out is not None:
        template_out.write_bytes(template.to_bytes())
    if iso_out is not None:
        layout = Layout.NBIS_PY if nbis_layout else Layout.ISO_2005
        iso_out.write_bytes(encode_iso19794_2(template.to_iso(), layout=layout))
    payload: dict[str, Any] = {
        "image": image,
        "width": template.width,
        "height": template.height,
        "ppi": template.ppi,
        "format_version": template.format_version,
        "minutiae_count": template.count,
        "minutiae": [
            {
                "x": int(x),
                "y": int(y),
                "direction_degrees": round((-math.degrees(float(d))) % 360.0, 1),
                "type": kind.value,
                "quality": int(q),
            }
            for x, y, d, kind, q in zip(
                template.x,
                template.y,
                template.direction,
                template.minutia_types(),
                template.quality,
                strict=True,
            )
        ],
        "template": template_out,
        "iso": iso_out,
    }

    def human(p: dict[str, Any]) -> str:
        return f"{p['image']}: {p['minutiae_count']} minutiae ({p['width']} x {p['height']} px at {p['ppi']:g} ppi)"

    emit(payload, as_json=as_json, human=human)
