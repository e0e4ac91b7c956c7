"""Errors of the oversight package: bad count tables, bad analysis settings, packages and referrals.

* CountsFileError      a counts table (CSV) is malformed
* OversightSettingsError  an analysis setting is out of range
* PackageInputError    no package can be made from this database for this quarter
* UnknownReferral      no referral has this id
* (`referral.ReferralInputError`: an act without actor or reason; `errors.IllegalTransition`: a step the
  workflow does not allow from the referral's state)

All are `BadInput`: the CLI prints the message on one line and exits with status 2, writing nothing.
"""

from __future__ import annotations

from securecomm.errors import BadInput

__all__ = ["CountsFileError", "OversightSettingsError", "PackageInputError", "UnknownReferral"]


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


class PackageInputError(BadInput):
    """A quarterly package cannot be made: an empty database, or a quarter it holds no bookings for."""


class UnknownReferral(BadInput):
    """No referral has this id (the web answers 404)."""

    def __init__(self, referral_id: str) -> None:
        self.referral_id = referral_id
        super().__init__(
            f"no referral {referral_id!r}; list them with `securecomm oversight referrals`", where="referral"
        )
