"""What the complaint system refuses, as errors that say what is wrong, where, and how to fix it.

* BadInput (securecomm.errors)
  x ComplaintError            root of this package's refusals
    + IntakeRejected          a complaint form has problems; `problems` names each field and what is wrong
    + ReceiptError            text that is not a receipt number (wrong shape or a mistyped character)
    + UnknownComplaint        no complaint with that id or receipt number
    + ActionError             a case-management act with a wrong or missing input (`where` names it)
    + ProtectionError         a protection link or override that cannot be recorded
    + TranslationFileError    a language file is missing keys or placeholders, or is not valid YAML
    + ProtocolFileError       the complaints protocol data file is malformed
* IllegalTransition (securecomm.errors): an act the complaint's current state does not allow

The public form never shows these messages raw: `IntakeRejected` carries codes the form translates into
the complainant's language; the English messages are for staff, logs of refusals and the CLI.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from securecomm.errors import BadInput

__all__ = [
    "ActionError",
    "ComplaintError",
    "IntakeProblem",
    "IntakeRejected",
    "ProtectionError",
    "ProtocolFileError",
    "ReceiptError",
    "TranslationFileError",
    "UnknownComplaint",
]


class ComplaintError(BadInput):
    """Root of the complaint system's refusals of bad input."""


@dataclass(frozen=True, slots=True)
class IntakeProblem:
    """One field of a complaint form that needs attention.

    `code` names the problem for translation (`errors.<code>` in the language files); `values` fill the
    translated text's placeholders; `detail` is the English sentence staff and the CLI see.
    """

    field: str
    code: str
    detail: str
    values: tuple[tuple[str, str], ...] = ()

    @property
    def placeholders(self) -> dict[str, str]:
        return dict(self.values)


class IntakeRejected(ComplaintError):
    """A complaint form with one or more problems; nothing was stored."""

    def __init__(self, problems: Sequence[IntakeProblem]) -> None:
        if not problems:
            raise ValueError("IntakeRejected needs at least one problem")
        self.problems = tuple(problems)
        first = self.problems[0]
        more = f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
        super().__init__(f"{first.detail}{more}", where=first.field)

    def for_field(self, name: str) -> IntakeProblem | None:
        return next((p for p in self.problems if p.field == name), None)


class ReceiptError(ComplaintError):
    """Text that is not a receipt number; `code` is `receipt_format` or `receipt_check` (a mistyped character)."""

    def __init__(self, message: str, *, code: str) -> None:
        self.code = code
        super().__init__(message, where="receipt")


class UnknownComplaint(ComplaintError):
    """No complaint has that id or receipt number."""


class ActionError(ComplaintError):
    """A case-management act whose input is wrong; `where` names the field."""


class ProtectionError(ComplaintError):
    """A protection link or supervisory override that cannot be recorded (no such case, no reason given)."""


class TranslationFileError(ComplaintError):
    """A complaint-system language file is malformed or out of step with en.yaml."""


class ProtocolFileError(ComplaintError):
    """The complaints protocol data (routes, deadlines, references) is malformed."""
