"""Errors of the synthetic world: bad reference rows, bad parameters, unknown counties.

All are `BadInput`: the CLI turns them into exit status 2 and one line naming what is wrong and where.
"""

from __future__ import annotations

from securecomm.errors import BadInput

__all__ = ["MalformedFips", "ReferenceTableError", "UnknownJurisdiction", "WorldParameterError"]


class ReferenceTableError(BadInput):
    """A row of a reference table (packaged or shared) is malformed: names the table, line and column."""

    def __init__(self, message: str, *, table: str, line: int, column: str | None = None) -> None:
        self.table = table
        self.line = line
        self.column = column
        where = f"{table}:{line}" + (f" column {column!r}" if column else "")
        super().__init__(message, where=where)


class WorldParameterError(BadInput):
    """A world parameter is out of range (a negative rate, shares that do not sum to one, ...)."""

    def __init__(self, message: str, *, parameter: str) -> None:
        self.parameter = parameter
        super().__init__(message, where=f"world parameter {parameter}")


class UnknownJurisdiction(BadInput):
    """A county FIPS code that is not in the jurisdiction table."""

    def __init__(self, fips: str) -> None:
        self.fips = fips
        super().__init__(
            f"no county with FIPS {fips!r} (use a 5-digit zero-padded code, e.g. '48201' for Harris TX; "
            "`securecomm jurisdictions list` shows them)",
            where="fips",
        )


class MalformedFips(BadInput):
    """A value that cannot be a county FIPS code."""

    def __init__(self, value: object, *, where: str = "fips") -> None:
        self.value = value
        super().__init__(
            f"{value!r} is not a county FIPS code (5 digits, zero-padded, e.g. '01001')", where=where
        )
