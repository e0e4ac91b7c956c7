"""Reading fingerprint inputs for the `fingerprints` commands: an image, a saved template, or an ISO record."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from securecomm.errors import BadInput

if TYPE_CHECKING:
    from securecomm.biometrics import FingerprintImage, Template

__all__ = ["load_print"]

_TEMPLATE_MAGIC = b"SCFT"
_ISO_MAGIC = b"FMR\x00"


def load_print(path: Path) -> tuple[Template, FingerprintImage | None]:
    """The template for `path` and, when it is an image, the image (for evidence pictures).

    A file starting with our template magic is loaded as a template, one starting with "FMR\\0" as an
    ISO/IEC 19794-2:2005 record (first finger view); anything else is decoded as an image and extracted.
    """
    from securecomm.biometrics import Template, decode_image, extract
    from securecomm.formats.iso19794_2 import decode_iso19794_2

    try:
        data = path.read_bytes()
    except OSError as error:
        raise BadInput(f"cannot read the file ({error.strerror})", where=str(path)) from None
    if data.startswith(_TEMPLATE_MAGIC):
        return Template.load(data, where=str(path)), None
    if data.startswith(_ISO_MAGIC):
        record = decode_iso19794_2(data, source=str(path))
        return Template.from_iso(record, where=str(path)), None
    image = decode_image(data, where=str(path))
    return extract(image), image
