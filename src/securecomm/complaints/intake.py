"""Intake: turn the fields of a complaint form (public or staff) into a validated `ComplaintDraft`.

The form asks what CRCL's complaint guidance asks (domain.md §4.1 [V]): contact details (optional; a
complaint may be anonymous), the date, time and place, the officials or agency involved, a description
of what happened, witnesses, documents, and other steps taken; plus the complainant's choices about
sharing their identity. Every problem is collected before refusing, so the form can mark all fields at
once; each problem carries a code the form shows in the complainant's language.

Text is stored as given, after Unicode normalisation (NFC), with line endings unified and invisible control
characters removed. It is never interpreted as markup anywhere: pages escape it and letters are text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from securecomm.complaints.errors import IntakeProblem, IntakeRejected
from securecomm.complaints.languages import LANGUAGES
from securecomm.complaints.model import (
    Channel,
    ComplaintDraft,
    Conduct,
    Consent,
    Identity,
    Incident,
    Witness,
)
from securecomm.complaints.uploads import UploadLimits, check_uploads

__all__ = ["FIELD_LIMITS", "MAX_WITNESSES", "IntakeContext", "parse_intake"]

MAX_WITNESSES = 3
# Longest accepted answer per field, in characters (a narrative of 20,000 is about eight pages).
FIELD_LIMITS: Mapping[str, int] = {
    "name": 200,
    "a_number": 20,
    "address": 500,
    "phone": 40,
    "email": 254,
    "incident_time": 5,
    "place": 500,
    "officials": 2000,
    "narrative": 20_000,
    "other_steps": 5000,
    "witness_name": 200,
    "witness_contact": 300,
    "date": 10,
}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s.]{2,}$")
_A_NUMBER = re.compile(r"^A?(\d{8,9})$")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_EARLIEST = date(1900, 1, 1)


@dataclass(frozen=True, slots=True)
class IntakeContext:
    """What intake needs besides the fields: the channel, the language, today's date, the upload limits."""

    channel: Channel
    language: str
    today: date
    limits: UploadLimits = field(default_factory=UploadLimits)


def _clean(value: str) -> str:
    text = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    return _CONTROL.sub("", text).strip()


class _Reader:
    """Reads fields one by one, recording a problem instead of raising."""

    def __init__(self, fields: Mapping[str, str]) -> None:
        self.fields = fields
        self.problems: list[IntakeProblem] = []

    def problem(self, name: str, code: str, detail: str, **values: str) -> None:
        self.problems.append(IntakeProblem(name, code, f"{name}: {detail}", tuple(values.items())))

    def text(self, name: str, *, limit: str | None = None, required: bool = False) -> str:
        value = _clean(self.fields.get(name, "") or "")
        maximum = FIELD_LIMITS[limit or name]
        if required and not value:
            self.problem(name, "required", "is required")
        elif len(value) > maximum:
            self.problem(name, "too_long", f"{len(value)} characters; at most {maximum}", max=str(maximum))
            return value[:maximum]
        return value

    def day(self, name: str, *, today: date, required: bool = False) -> date | None:
        value = self.text(name, limit="date", required=required)
        if not value:
            return None
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            self.problem(name, "bad_date", f"{value!r} is not a date; write YYYY-MM-DD")
            return None
        if parsed > today + timedelta(days=1):  # a day's grace: the complainant may be ahead of UTC
            self.problem(name, "future_date", f"{parsed.isoformat()} is in the future")
            return None
        if parsed < _EARLIEST:
            self.problem(name, "bad_date", f"{parsed.isoformat()} is before {_EARLIEST.isoformat()}")
            return None
        return parsed

    def choice(self, name: str, allowed: Sequence[str], *, default: str | None = None) -> str | None:
        value = _clean(self.fields.get(name, "") or "")
        if not value:
            if default is None:
                self.problem(name, "required", "is required")
            return default
        if value not in allowed:
            self.problem(name, "bad_choice", f"{value[:40]!r} is not one of {', '.join(allowed)}")
            return default
        return value


def _identity(reader: _Reader, today: date) -> Identity:
    email = reader.text("email")
    if email and not _EMAIL.match(email):
        reader.problem("email", "bad_email", "does not look like an e-mail address")
    a_number = reader.text("a_number")
    compact = re.sub(r"[\s-]", "", a_number).upper()
    if a_number:
        found = _A_NUMBER.match(compact)
        if found is None:
            reader.problem("a_number", "bad_a_number", "an A-number is A followed by 8 or 9 digits")
            a_number = ""
        else:
            a_number = "A" + found.group(1).zfill(9)
    return Identity(
        name=reader.text("name"),
        date_of_birth=reader.day("date_of_birth", today=today),
        a_number=a_number,
        address=reader.text("address"),
        phone=reader.text("phone"),
        email=email,
    )


def _witnesses(reader: _Reader) -> tuple[Witness, ...]:
    found = []
    for n in range(1, MAX_WITNESSES + 1):
        name = reader.text(f"witness_{n}_name", limit="witness_name")
        contact = reader.text(f"witness_{n}_contact", limit="witness_contact")
        if contact and not name:
            reader.problem(f"witness_{n}_name", "required", "a witness's contact needs the witness's name")
        if name:
            found.append(Witness(name=name, contact=contact))
    return tuple(found)


def parse_intake(
    fields: Mapping[str, str], files: Sequence[tuple[str, bytes]], context: IntakeContext
) -> ComplaintDraft:
    """A validated draft, or IntakeRejected naming every field with a problem (nothing is kept).

    The web form requires the date, place, whose conduct and what happened; staff entering a complaint that
    came by mail or phone may leave the date open when the letter does not give one.
    """
    if context.language not in LANGUAGES:
        raise ValueError(f"intake language {context.language!r} is not one of {LANGUAGES}")
    reader = _Reader(fields)
    web = context.channel is Channel.WEB
    identity = _identity(reader, context.today)
    incident_on = reader.day("incident_date", today=context.today, required=web)
    time = reader.text("incident_time")
    if time and not _TIME.match(time):
        reader.problem("incident_time", "bad_time", f"{time!r} is not a time; write HH:MM (24-hour)")
        time = ""
    conduct = reader.choice("conduct", [c.value for c in Conduct], default=None if web else Conduct.UNKNOWN)
    incident = Incident(
        on=incident_on,
        time=time,
        place=reader.text("place", required=web),
        officials=reader.text("officials"),
        conduct=Conduct(conduct or Conduct.UNKNOWN),
    )
    narrative = reader.text("narrative", required=True)
    witnesses = _witnesses(reader)
    other_steps = reader.text("other_steps")
    consent = Consent(
        share_with_dhs=reader.choice("consent_dhs", ["yes", "no"], default="no") == "yes",
        share_with_doj=reader.choice("consent_doj", ["yes", "no"], default="no") == "yes",
    )
    received_on = None
    if not web:
        received_on = reader.day("received_on", today=context.today) or context.today
    attachments, upload_problems = check_uploads(files, context.limits)
    problems = reader.problems + upload_problems
    if problems:
        raise IntakeRejected(problems)
    return ComplaintDraft(
        channel=context.channel,
        language=context.language,
        identity=identity,
        witnesses=witnesses,
        incident=incident,
        narrative=narrative,
        other_steps=other_steps,
        consent=consent,
        attachments=attachments,
        received_on=received_on,
    )
