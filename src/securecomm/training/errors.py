"""The errors of the training package: all are bad input, so the CLI exits 2 with one line.

* TrainingContentError   a content file (module, material, knowledge check, sources) breaks the format
* UnknownTrainingItem    a module, audience or material kind that the catalog does not have
* AnswerError            a knowledge-check submission that cannot be graded (missing or unknown answers)
* AgencyError            an agency code that is neither a county FIPS code nor an AOR code
"""

from __future__ import annotations

from pathlib import Path

from securecomm.errors import BadInput

__all__ = ["AgencyError", "AnswerError", "TrainingContentError", "UnknownTrainingItem"]


class TrainingContentError(BadInput):
    """A content file breaks the format of docs/training.md; names the file, the line and the key."""

    def __init__(
        self, message: str, *, file: str | Path, line: int | None = None, key: str | None = None
    ) -> None:
        self.file = str(file)
        self.line = line
        self.key = key
        where = self.file if line is None else f"{self.file}:{line}"
        detail = f"key {key!r}: {message}" if key else message
        super().__init__(detail, where=where)


class UnknownTrainingItem(BadInput):
    """A module, audience or material kind the catalog does not have; the message lists what exists."""

    def __init__(self, what: str, value: str, *, known: list[str] | tuple[str, ...]) -> None:
        self.what = what
        self.value = value
        super().__init__(f"no {what} {value!r}; choose one of: {', '.join(known)}", where=what)


class AnswerError(BadInput):
    """A knowledge-check submission that names unknown questions or choices, or leaves a question out."""

    def __init__(self, message: str, *, module_id: str, question: str | None = None) -> None:
        self.module_id = module_id
        self.question = question
        where = f"knowledge check {module_id}" + (f", question {question}" if question else "")
        super().__init__(message, where=where)


class AgencyError(BadInput):
    """An agency code that is neither a county FIPS code (5 digits) nor an AOR code (3 letters)."""

    def __init__(self, code: str, *, where: str = "agency") -> None:
        self.code = code
        super().__init__(
            f"{code!r} is not an agency code: use a county FIPS code (5 digits, e.g. 48201), "
            "an ERO Area of Responsibility (3 letters, e.g. HOU) or 'national'",
            where=where,
        )
