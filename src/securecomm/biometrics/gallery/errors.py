"""Errors of the 1:N gallery; all are `BadInput`, so the CLI exits 2 with one line saying what and where."""

from __future__ import annotations

from securecomm.errors import BadInput

__all__ = ["GalleryError"]


class GalleryError(BadInput):
    """A gallery call with unusable input: a bad subject or encounter id, a finger position outside 1-10,
    an unknown subject to remove, arrays of the wrong shape, or a search without the templates it needs."""
