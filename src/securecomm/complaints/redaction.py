"""Views of a complaint: the full one for CRCL, and a redacted one for everyone else.

Only CRCL sees who complained (the web policy's `complaints:complainant_identity` permission). A redacted
view replaces the identity fields (named as the web policy names them) and the witnesses' names and contacts,
and scrubs the free text: every known identifier of the complainant and the witnesses (name words, e-mail,
phone, A-number, street address, date of birth) and anything shaped like an e-mail address, a telephone
number or an A-number is replaced. Redaction errs on the side of removing too much; the receipt number is
never in a redacted view (it opens the status page).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from securecomm.complaints.model import ComplaintRecord, Identity, Witness

__all__ = ["IDENTITY_FIELDS", "REDACTED", "complaint_view", "identity_fields", "scrub"]

REDACTED = "[redacted]"
IDENTITY_FIELDS = (
    "complainant_name",
    "complainant_date_of_birth",
    "complainant_a_number",
    "complainant_address",
    "complainant_phone",
    "complainant_email",
)
_PATTERNS = (
    re.compile(r"[^\s@<>()\[\]]+@[^\s@<>()\[\]]+\.[A-Za-z]{2,}"),  # e-mail addresses
    re.compile(r"\bA[\s-]?\d{3}[\s-]?\d{3}[\s-]?\d{2,3}\b", re.IGNORECASE),  # A-numbers
    re.compile(r"(?<!\w)\+?\d[\d\s().-]{5,}\d(?!\w)"),  # telephone-like runs of 7+ digits
)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}")  # dates stay: they are evidence


def identity_fields(identity: Identity) -> dict[str, str]:
    return {
        "complainant_name": identity.name,
        "complainant_date_of_birth": identity.date_of_birth.isoformat() if identity.date_of_birth else "",
        "complainant_a_number": identity.a_number,
        "complainant_address": identity.address,
        "complainant_phone": identity.phone,
        "complainant_email": identity.email,
    }


def _known(identity: Identity, witnesses: Sequence[Witness]) -> list[str]:
    found: list[str] = []
    people = [identity.name, *(w.name for w in witnesses)]
    for name in people:
        found += [word for word in re.split(r"[\s,.;]+", name) if len(word) >= 2]
        if name.strip():
            found.append(name.strip())
    for value in (identity.email, identity.phone, identity.a_number, identity.address,
                  *(w.contact for w in witnesses)):  # fmt: skip
        if value.strip():
            found.append(value.strip())
            found.append(value.split(",")[0].split("\n")[0].strip())
    if identity.date_of_birth:
        found.append(identity.date_of_birth.isoformat())
    return sorted({k for k in found if len(k) >= 2}, key=len, reverse=True)


def scrub(text: str, identity: Identity, witnesses: Sequence[Witness] = ()) -> str:
    """`text` with the people's identifiers and anything shaped like contact details replaced.

    >>> scrub("Ana Ruiz (ana@example.org, 713-555-0101) saw Ruiz on 2012-03-05.", Identity(name="Ana Ruiz"))
    '[redacted] ([redacted], [redacted]) saw [redacted] on 2012-03-05.'
    """
    out = text
    for pattern in _PATTERNS:
        out = pattern.sub(lambda m: m.group(0) if _DATE.fullmatch(m.group(0)) else REDACTED, out)
    for value in _known(identity, witnesses):
        out = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", REDACTED, out, flags=re.IGNORECASE)
    return out


def _witness_rows(witnesses: Iterable[Witness], full: bool) -> list[dict[str, str]]:
    if full:
        return [{"name": w.name, "contact": w.contact} for w in witnesses]
    return [{"name": REDACTED, "contact": REDACTED} for _ in witnesses]


def complaint_view(
    record: ComplaintRecord, *, identity: Identity, witnesses: Sequence[Witness], full: bool
) -> dict[str, Any]:
    """The complaint as a page or the API shows it: all of it (`full`, CRCL) or redacted."""
    clean = (lambda t: t) if full else (lambda t: scrub(t, identity, witnesses))
    incident = record.incident
    view: dict[str, Any] = {
        "complaint_id": record.complaint_id,
        "receipt": record.receipt if full else REDACTED,
        "channel": record.channel.value,
        "language": record.language,
        "received_on": record.received_on.isoformat(),
        "status": record.status.value,
        "status_on": record.status_at.date().isoformat(),
        "route": record.route.value if record.route else None,
        "assignee": record.assignee,
        "closure": record.closure.value if record.closure else None,
        "incident_date": incident.on.isoformat() if incident.on else None,
        "incident_time": incident.time or None,
        "place": clean(incident.place),
        "officials": clean(incident.officials),
        "conduct": incident.conduct.value,
        "narrative": clean(record.narrative),
        "other_steps": clean(record.other_steps),
        "consent_share_with_dhs": record.consent.share_with_dhs,
        "consent_share_with_doj": record.consent.share_with_doj,
        "anonymous": record.anonymous,
        "witnesses": _witness_rows(witnesses, full),
        "attachments": record.attachments,
        "identity_shown": full,
    }
    identity_view = identity_fields(identity)
    for name in IDENTITY_FIELDS:
        view[name] = identity_view[name] if full else (REDACTED if identity_view[name] else "")
    return view
