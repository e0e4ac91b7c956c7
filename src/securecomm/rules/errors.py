"""The errors the rules package raises: all are bad input, so the CLI exits 2 with one line.

* RuleFileError        a parameter file is malformed (names file, line and key)
* ParameterNotFound    a parameter has no value on the date asked for
* CaseFileError        a case file is malformed (names the JSON path of the bad field)
* UnknownCode          a code outside a closed vocabulary (detainer form, NCIC family, country, time zone)
* AmbiguousLocalTime   a wall-clock time that a facility's zone skips or repeats (DST)

Expected legal outcomes ("no hold requested", "not a priority", "no regime on this date") are
`Determination` values, never these errors.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from securecomm.errors import BadInput

__all__ = ["AmbiguousLocalTime", "CaseFileError", "ParameterNotFound", "RuleFileError", "UnknownCode"]


class RuleFileError(BadInput):
    """A rule parameter file breaks the schema (docs/rules/parameter-schema.md)."""

    def __init__(
        self, message: str, *, file: str | Path, line: int | None = None, key: str | None = None
    ) -> None:
        self.file = str(file)
        self.line = line
        self.key = key
        where = self.file if line is None else f"{self.file}:{line}"
        detail = f"key {key!r}: {message}" if key else message
        super().__init__(detail, where=where)


class ParameterNotFound(BadInput):
    """No value of a parameter is in force on the date asked for (OpenFisca's ParameterNotFoundError)."""

    def __init__(self, name: str, as_of: date, file: str | Path | None = None, *, hint: str = "") -> None:
        self.name = name
        self.as_of = as_of
        self.file = None if file is None else str(file)
        message = f"parameter {name!r} has no value on {as_of.isoformat()}"
        if hint:
            message += f" ({hint})"
        super().__init__(message, where=self.file)


class CaseFileError(BadInput):
    """A case file does not follow docs/case-file.md; `path` is the JSON path of the bad field."""

    def __init__(self, message: str, *, path: str, file: str | None = None) -> None:
        self.path = path
        self.file = file
        where = f"{file}: {path}" if file else path
        super().__init__(message, where=where)


class UnknownCode(BadInput):
    """A value outside a closed vocabulary; the message lists or describes the accepted values."""

    def __init__(self, kind: str, code: str, *, accepted: str, where: str | None = None) -> None:
        self.kind = kind
        self.code = code
        super().__init__(f"unknown {kind} {code!r}; use {accepted}", where=where)


class AmbiguousLocalTime(BadInput):
    """A local time that does not exist or exists twice in the facility's zone (a DST change)."""

    def __init__(self, message: str, *, where: str | None = None) -> None:
        super().__init__(message, where=where)
