"""Identifiers as distinct types, so a booking id is never passed where a person id is expected."""

from __future__ import annotations

import hashlib
from typing import NewType

__all__ = [
    "AorCode",
    "BookingId",
    "CaseId",
    "DetainerId",
    "Fips",
    "MessageId",
    "Ori",
    "PersonId",
    "TemplateId",
    "deterministic_id",
]

PersonId = NewType("PersonId", str)
BookingId = NewType("BookingId", str)
CaseId = NewType("CaseId", str)
DetainerId = NewType("DetainerId", str)
MessageId = NewType("MessageId", str)
TemplateId = NewType("TemplateId", str)
Ori = NewType("Ori", str)  # NCIC Originating Agency Identifier, 9 characters
Fips = NewType("Fips", str)  # county FIPS code, 5 characters, zero-padded
AorCode = NewType("AorCode", str)  # ICE ERO Area of Responsibility, 3 letters


def deterministic_id(prefix: str, *parts: object) -> str:
    """A stable id derived from its parts: the same parts give the same id on every run.

    >>> deterministic_id("msg", "booking", 7)
    'msg-32ff55df8f9b2947'
    """
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:16]
    return f"{prefix}-{digest}"
