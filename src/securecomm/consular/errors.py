"""What can go wrong in the consular workflow: each error says what, where and how to fix it.

* BadInput (securecomm.errors)
  + ConsularInputError      an act's input is malformed (no actor, no reason, an instant without offset)
    + TaskNotFound          no consular task for that booking or id
    + ActRefused            the act is not allowed in the task's state (e.g. notifying a consulate the
                            person did not ask for, or disclosing a protected claim)
"""

from __future__ import annotations

from securecomm.errors import BadInput

__all__ = ["ActRefused", "ConsularInputError", "TaskNotFound"]


class ConsularInputError(BadInput):
    """An act's input is wrong; `where` names the field or option."""


class TaskNotFound(ConsularInputError):
    """No task: the booking does not exist, is of a United States national, or predates the workflow."""


class ActRefused(ConsularInputError):
    """The act would break the workflow or the person's choice; the message says what to do instead."""
