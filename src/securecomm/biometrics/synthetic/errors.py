"""Errors of the synthetic-print generator; all are `BadInput`, so the CLI exits 2 with one line.

* BadInput
  + SynthesisError        a generator argument is out of range (seed, identity, finger, impression, sizes)
"""

from __future__ import annotations

from securecomm.errors import BadInput

__all__ = ["SynthesisError"]


class SynthesisError(BadInput):
    """A synthetic-print argument is out of range; the message names it and the accepted range."""
