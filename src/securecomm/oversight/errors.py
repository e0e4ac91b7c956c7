"""Errors of the oversight package: bad count tables and bad analysis settings.

Both are `BadInput`: the CLI prints the message on one line and exits with status 2, writing nothing.
"""

from __future__ import annotations

from securecomm.errors import BadInput

__all__ = ["CountsFileError", "OversightSettingsError"]


class CountsFileError(BadInput):
    """A counts table (CSV) is malformed; names the source, the line and the column."""

    def __init__(
        self, message: str, *, source: str, line: int | None = None, column: str | None = None
    ) -> None:
        self.source = source
        self.line = line
        self.column = column
        where = source
        if line is not None:
            where += f", row {line}"
        if column is not None:
            where += f", column {column!r}"
        super().__init__(message, where=where)


class OversightSettingsError(BadInput):
    """An analysis setting is out of range (e.g. a false-discovery rate above 1)."""

    def __init__(self, message: str, *, setting: str) -> None:
        self.setting = setting
        super().__init__(message, where=setting)
