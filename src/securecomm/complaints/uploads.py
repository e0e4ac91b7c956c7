"""Documents a complainant sends: accepted by what the bytes are, not by the name or the browser's label.

A file is accepted when its content is one of four kinds people send with complaints: a PDF, a JPEG or
PNG photo or scan, or plain UTF-8 text. Everything else (HTML, SVG, office files with macros, archives,
executables) is refused, whatever its name says. Limits keep one complaint from filling the disk. The
stored name is reduced to safe characters; documents are only ever served back to CRCL as downloads
(`Content-Disposition: attachment`) with the detected type, never shown inline.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from securecomm.complaints.errors import IntakeProblem
from securecomm.complaints.model import Attachment

__all__ = ["MEDIA_TYPES", "UploadLimits", "check_uploads", "detect_media_type", "safe_filename"]

MEDIA_TYPES = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png", "text/plain": ".txt"}
_TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MARKUP = re.compile(rb"^\s*(<\?xml|<!doctype|<html|<svg|<script)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class UploadLimits:
    """How much one complaint may carry (the web adapter also caps the whole request's size)."""

    max_files: int = 5
    max_file_bytes: int = 5 * 1024 * 1024

    @property
    def max_file_mb(self) -> int:
        return self.max_file_bytes // (1024 * 1024)


def detect_media_type(data: bytes) -> str | None:
    """The media type the bytes really are, among those accepted; None for anything else.

    >>> detect_media_type(b"%PDF-1.4 ..."), detect_media_type(b"<html><script>"), detect_media_type(b"MZ\\x90")
    ('application/pdf', None, None)
    """
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if _MARKUP.match(data[:512]):
        return None  # markup could run script if anyone ever rendered it
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return None if _TEXT_CONTROL.search(text) else "text/plain"


def safe_filename(name: str, media_type: str) -> str:
    """A name safe to store and to offer as a download: letters, digits, `._-`, the detected extension.

    >>> safe_filename("../../etc/pass wd.exe", "text/plain")
    'pass_wd.exe.txt'
    >>> safe_filename("", "application/pdf")
    'document.pdf'
    """
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    extension = MEDIA_TYPES[media_type]
    stem, dot, given = base.rpartition(".")
    if dot and f".{given.lower()}" in (extension, ".jpeg" if extension == ".jpg" else extension):
        return (_clean(stem) or "document") + extension
    return (_clean(base) or "document") + extension


def _clean(text: str) -> str:
    ascii_only = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9._-]+", "_", ascii_only).strip("._")[:80]


def check_uploads(
    files: Sequence[tuple[str, bytes]], limits: UploadLimits = UploadLimits()
) -> tuple[tuple[Attachment, ...], list[IntakeProblem]]:
    """Accepted attachments and the problems of the rest (field `documents`); empty file inputs are skipped."""
    present = [(name, data) for name, data in files if data or name]
    problems: list[IntakeProblem] = []
    if len(present) > limits.max_files:
        problems.append(
            IntakeProblem(
                "documents",
                "too_many_files",
                f"{len(present)} files sent; at most {limits.max_files} are accepted",
                (("max", str(limits.max_files)),),
            )
        )
        return (), problems
    accepted: list[Attachment] = []
    for name, data in present:
        shown = (name or "file").replace("\\", "/").rsplit("/", 1)[-1][:80]
        if not data:
            problems.append(
                IntakeProblem("documents", "file_empty", f"{shown}: the file is empty", (("file", shown),))
            )
            continue
        if len(data) > limits.max_file_bytes:
            problems.append(
                IntakeProblem(
                    "documents",
                    "file_size",
                    f"{shown}: {len(data)} bytes; at most {limits.max_file_mb} MB per file",
                    (("file", shown), ("max_mb", str(limits.max_file_mb))),
                )
            )
            continue
        media_type = detect_media_type(data)
        if media_type is None:
            problems.append(
                IntakeProblem(
                    "documents",
                    "file_type",
                    f"{shown}: its content is not a PDF, JPEG, PNG or plain text file",
                    (("file", shown),),
                )
            )
            continue
        accepted.append(
            Attachment(
                filename=safe_filename(name, media_type),
                media_type=media_type,
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                data=data,
            )
        )
    return tuple(accepted), problems
