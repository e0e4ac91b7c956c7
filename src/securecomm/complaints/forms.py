"""What the public form and the receipt and status pages say, in the complainant's language.

Pages get a `FormView`: the language's words, the values typed so far (shown again after a refusal),
and each problem translated from its code. The words come from the language file only: nothing typed by
a person is ever treated as markup (the templates escape every value).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from securecomm.complaints.errors import IntakeProblem, IntakeRejected, ReceiptError
from securecomm.complaints.intake import MAX_WITNESSES
from securecomm.complaints.languages import LANGUAGES
from securecomm.complaints.translations import Strings, strings
from securecomm.complaints.uploads import UploadLimits
from securecomm.complaints.workflow import PublicStatus

__all__ = ["FormProblem", "FormView", "form_view", "language_menu", "receipt_problem", "status_words"]


@dataclass(frozen=True, slots=True)
class FormProblem:
    field: str
    message: str


@dataclass(frozen=True, slots=True)
class FormView:
    words: Strings
    values: Mapping[str, str]
    problems: tuple[FormProblem, ...] = ()
    limits: UploadLimits = field(default_factory=UploadLimits)
    witnesses: tuple[int, ...] = tuple(range(1, MAX_WITNESSES + 1))

    def error(self, name: str) -> str | None:
        return next((p.message for p in self.problems if p.field == name), None)


def _message(words: Strings, problem: IntakeProblem) -> str:
    return words.text(f"errors.{problem.code}", **problem.placeholders)


def form_view(
    language: str,
    values: Mapping[str, str] | None = None,
    rejected: IntakeRejected | None = None,
    limits: UploadLimits | None = None,
) -> FormView:
    """The form in `language`, with what was typed and the translated problems of a refused submission."""
    words = strings(language)
    shown = {k: v for k, v in (values or {}).items() if isinstance(v, str) and k != "csrf_token"}
    problems = tuple(
        FormProblem(p.field, _message(words, p)) for p in (rejected.problems if rejected else ())
    )
    return FormView(words=words, values=shown, problems=problems, limits=limits or UploadLimits())


def receipt_problem(language: str, error: ReceiptError | None, *, unknown: bool = False) -> str:
    """The status page's message for a receipt that is malformed, mistyped or unknown."""
    words = strings(language)
    if unknown:
        return words.text("errors.receipt_unknown")
    code = error.code if error is not None else "receipt_format"
    return words.text(f"errors.{code}")


def status_words(language: str, status: PublicStatus) -> tuple[str, str]:
    """The public status's name and explanation in `language`."""
    words = strings(language)
    return words.text(f"status.{status.value}"), words.text(f"status.{status.value}_text")


def language_menu() -> list[tuple[str, str, str]]:
    """(code, name in that language, direction) of every language, in the program's order."""
    return [(code, strings(code).name, strings(code).direction) for code in LANGUAGES]
