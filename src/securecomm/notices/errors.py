"""What can be wrong with a notice's input: each error says what, where and how to fix it.

* BadInput (securecomm.errors)
  + NoticeInputError         a field of a DetainerNotice or ConsularNotice is missing, malformed or contradicts another
    + UnknownLanguage        no translation exists for the language asked for (the message lists those that do)
    + FaxNotPermitted        a fax sheet for an on-request national who has not asked for notification
  + TranslationFileError     a packaged translation file is malformed or incomplete (file, key)
  + NoticeDataError          a packaged data table (forms, contacts, consular posts) is malformed (file, line)
"""

from __future__ import annotations

from collections.abc import Iterable

from securecomm.errors import BadInput

__all__ = [
    "FaxNotPermitted",
    "NoticeDataError",
    "NoticeInputError",
    "TranslationFileError",
    "UnknownLanguage",
]


class NoticeInputError(BadInput):
    """A notice's input is wrong; `where` names the field (e.g. `DetainerNotice.hold_deadline_at`)."""


class UnknownLanguage(NoticeInputError):
    """No translation exists for a language; never silently replaced by another language."""

    def __init__(self, code: str, available: Iterable[str], *, where: str | None = "language") -> None:
        self.code = code
        self.available = tuple(sorted(available))
        super().__init__(
            f"no translation for language {code!r}; languages with a translation: "
            f"{', '.join(self.available)} (ISO 639-1 codes)",
            where=where,
        )


class FaxNotPermitted(NoticeInputError):
    """Notifying the consulate of an on-request national who has not asked for it would breach their choice."""


class TranslationFileError(BadInput):
    """A translation file shipped with securecomm is malformed or lacks keys."""


class NoticeDataError(BadInput):
    """A data table shipped with the notices package is malformed."""
