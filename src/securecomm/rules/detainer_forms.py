"""The detainer form vocabulary, the same everywhere: CLI, database, notices.

`I-247-2010`, `I-247-2011` and `I-247-2012` are the editions of Form I-247 (2010 and earlier,
December 2011, December 2012); `I-247D` (detention request), `I-247N` (request for notification)
and `I-247X` (request for transfer) are the 2015 Priority Enforcement Program forms; `I-247A`
replaced those three on 2 April 2017.
"""

from __future__ import annotations

import enum

from securecomm.rules.errors import UnknownCode

__all__ = ["DetainerForm", "parse_form"]


class DetainerForm(enum.StrEnum):
    I_247_2010 = "I-247-2010"
    I_247_2011 = "I-247-2011"
    I_247_2012 = "I-247-2012"
    I_247D = "I-247D"
    I_247N = "I-247N"
    I_247X = "I-247X"
    I_247A = "I-247A"


def parse_form(text: str, *, where: str | None = "--form") -> DetainerForm:
    """The form named by `text` (exact spelling, case-insensitive), or UnknownCode listing the forms.

    >>> parse_form("i-247a")
    <DetainerForm.I_247A: 'I-247A'>
    """
    for form in DetainerForm:
        if form.value.lower() == text.strip().lower():
            return form
    accepted = ", ".join(form.value for form in DetainerForm)
    raise UnknownCode("detainer form", text, accepted=f"one of {accepted}", where=where)
