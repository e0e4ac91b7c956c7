"""Errors of the fingerprint engine; all are `BadInput`, so the CLI exits 2 with one line.

* BadInput
  + ImageError            an image cannot be decoded, is not 8-bit convertible, or has a refused resolution
  + TemplateError         a template's bytes are corrupt or inconsistent
    + TemplateVersionError  a template of another format version (re-extract it from the stored image)
  + EvaluationError       an evaluation set or score list that the FVC protocol cannot use
  + FusionError           a ten-print comparison given inconsistent finger positions or scores
"""

from __future__ import annotations

from securecomm.errors import BadInput

__all__ = ["EvaluationError", "FusionError", "ImageError", "TemplateError", "TemplateVersionError"]


class ImageError(BadInput):
    """An image cannot be used: undecodable, not convertible to 8-bit gray, or at a refused resolution."""


class TemplateError(BadInput):
    """A template is corrupt: truncated, inconsistent lengths, values out of range."""


class TemplateVersionError(TemplateError):
    """A template written by another format version; the fix is to re-extract it from the original image."""

    def __init__(self, message: str, *, where: str | None = None, found: int, expected: int) -> None:
        self.found = found
        self.expected = expected
        super().__init__(message, where=where)


class EvaluationError(BadInput):
    """An evaluation set or score list that the FVC protocol cannot evaluate."""


class FusionError(BadInput):
    """A ten-print fusion call with inconsistent inputs (duplicate or unknown finger positions)."""
