"""What can be wrong with the hold board's input: each error names the field and how to fix it.

* BadInput (securecomm.errors)
  + BoardInputError     an instant without a zone, a window that makes no sense, a record that contradicts itself
"""

from __future__ import annotations

from securecomm.errors import BadInput

__all__ = ["BoardInputError"]


class BoardInputError(BadInput):
    """The board cannot be evaluated as asked; `where` names the option or the record field."""
