"""The error hierarchy of securecomm.

Errors mean bad input, bad data or an illegal state change. Expected legal outcomes ("no match",
"not a priority", "no hold requested") are values, never exceptions.

* SecurecommError                 root of everything securecomm raises on purpose
  x BadInput                      input from a person or a file is wrong; the CLI exits 2 with the message
    + rules:       RuleFileError (file, line, key), ParameterNotFound, CaseFileError (JSON path),
                   UnknownCode (a value outside a closed vocabulary), AmbiguousLocalTime (a DST gap/fold)
    + messages:    MessageSchemaError (the path of the field)
    + formats:     TransactionError (record, tag, byte offset), MinutiaRecordError, BookingError
    + biometrics:  ImageError, TemplateError > TemplateVersionError, FusionError, EvaluationError,
                   GalleryError, SynthesisError; storage: GalleryFilesError
    + synth:       WorldParameterError, UnknownJurisdiction, MalformedFips, ReferenceTableError
    + notices:     NoticeInputError > UnknownLanguage, FaxNotPermitted; NoticeDataError, TranslationFileError
    + consular:    ConsularInputError > TaskNotFound, ActRefused; detainers: BoardInputError
    + oversight:   CountsFileError (row, column), OversightSettingsError, PackageInputError,
                   UnknownReferral, ReferralInputError
    + complaints:  ComplaintError > IntakeRejected, ActionError, ProtectionError, ReceiptError, ...
    + training:    TrainingContentError, UnknownTrainingItem, AnswerError, AgencyError
    + web:         FormError (> ActRefused), AccountError, PasswordPolicyError, RightsContentError
  x AmbiguousComputation          a date/time computation whose convention no rule states
  x IllegalTransition             a state change the workflow does not allow
  x web.WebRefusal, web.PrintsNotSearchedHere   refusals the web layer turns into HTTP answers

Every error carries its context as keyword-only fields and a message that says what is wrong,
where, and how to fix it.
"""

from __future__ import annotations

__all__ = ["AmbiguousComputation", "BadInput", "IllegalTransition", "SecurecommError"]


class SecurecommError(Exception):
    """Root of the errors securecomm raises on purpose."""


class BadInput(SecurecommError):
    """Input from a person or a file is wrong.

    The message names what is wrong and where (file, line, field). The CLI prints it as one line and
    exits with status 2; nothing is stored.
    """

    def __init__(self, message: str, *, where: str | None = None) -> None:
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)


class AmbiguousComputation(SecurecommError):
    """A date or time computation whose meaning no rule states (e.g. a month added to 31 January)."""


class IllegalTransition(SecurecommError):
    """A state change the workflow does not allow from the current state."""

    def __init__(self, message: str, *, subject: str, state: str, action: str) -> None:
        self.subject = subject
        self.state = state
        self.action = action
        super().__init__(f"{subject}: cannot {action} in state {state!r}: {message}")
