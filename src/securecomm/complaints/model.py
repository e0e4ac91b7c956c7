"""The complaint system's vocabulary and values: what a complaint holds and what happens to it.

Identity (who complained, how to reach them) is kept apart from the rest of the complaint in every value
and every table, so a view that must not show it never has to remember to leave it out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

__all__ = [
    "Actor",
    "Attachment",
    "Channel",
    "ClosureOutcome",
    "ComplaintDraft",
    "ComplaintRecord",
    "Conduct",
    "Consent",
    "Deadline",
    "DojDecision",
    "Finding",
    "HistoryEntry",
    "Identity",
    "Incident",
    "LetterKind",
    "LetterRecord",
    "Link",
    "LinkKind",
    "Note",
    "PartyRole",
    "Referral",
    "ReferralTarget",
    "Route",
    "Status",
    "Witness",
]


class Channel(StrEnum):
    """How the complaint arrived: the public web form, or staff entering one that came another way."""

    WEB = "web"
    MAIL = "mail"
    PHONE = "phone"
    EMAIL = "email"
    FAX = "fax"


class Conduct(StrEnum):
    """Whose conduct the complainant believes violated their rights (decides the triage route)."""

    STATE_LOCAL = "state_local"  # state or local police, sheriff, jail staff
    DHS = "dhs"  # ICE or another DHS employee
    PRIVATE = "private"  # a private actor: landlord, employer
    UNKNOWN = "unknown"


class Route(StrEnum):
    """Where triage sends a complaint (domain.md §4.3 [U])."""

    JIC = "jic"  # DHS employee conduct: ICE Joint Intake Center (OPR) / DHS OIG
    CRCL_REVIEW = "crcl_review"  # state or local conduct connected to the program: CRCL reviews
    OTHER = "other"  # outside the program: referred elsewhere or closed with advice


class Status(StrEnum):
    """Where a complaint stands in CRCL's workflow (see `workflow.TRANSITIONS`)."""

    RECEIVED = "received"
    ACKNOWLEDGED = "acknowledged"
    REFERRED_JIC = "referred_jic"
    REFERRED_OTHER = "referred_other"
    CRCL_REVIEW = "crcl_review"
    REFERRED_DOJ = "referred_doj"
    DOJ_ACCEPTED = "doj_accepted"
    DOJ_DECLINED = "doj_declined"
    INVESTIGATING = "investigating"
    FINDINGS_RECORDED = "findings_recorded"
    CLOSED = "closed"


class ReferralTarget(StrEnum):
    DOJ = "doj"  # DOJ Civil Rights Division
    JIC = "jic"  # ICE Joint Intake Center
    OTHER = "other"


class DojDecision(StrEnum):
    ACCEPTED = "accepted"
    DECLINED = "declined"


class Finding(StrEnum):
    SUBSTANTIATED = "substantiated"
    NOT_SUBSTANTIATED = "not_substantiated"
    INCONCLUSIVE = "inconclusive"


class ClosureOutcome(StrEnum):
    """Why a complaint was closed; each has a sentence in the closure letter of every language."""

    INVESTIGATED = "investigated"
    REFERRED = "referred"
    INSUFFICIENT = "insufficient"
    WITHDRAWN = "withdrawn"
    DUPLICATE = "duplicate"
    NOT_COVERED = "not_covered"


class LetterKind(StrEnum):
    ACKNOWLEDGMENT = "acknowledgment"
    REFERRAL = "referral"
    CLOSURE = "closure"


class LinkKind(StrEnum):
    """What a complaint can be linked to in the program's records."""

    BOOKING = "booking"
    CASE = "case"
    JURISDICTION = "jurisdiction"


class PartyRole(StrEnum):
    """Who in a complaint a booking or case belongs to; a complainant or witness there is protected."""

    COMPLAINANT = "complainant"
    WITNESS = "witness"
    NONE = "none"  # the record is related (e.g. the arrest complained of) but belongs to someone else


@dataclass(frozen=True, slots=True)
class Actor:
    """Who performs an act, from where, through which route: goes into the history and the audit trail."""

    name: str  # "user:crcl-analyst", "public", "system"
    role: str | None = None
    origin: str | None = None  # client address, or message id
    route: str | None = None


@dataclass(frozen=True, slots=True)
class Identity:
    """The complainant's identity and contact details; all optional (anonymous complaints are allowed)."""

    name: str = ""
    date_of_birth: date | None = None
    a_number: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""

    @property
    def anonymous(self) -> bool:
        return not (self.name or self.a_number or self.address or self.phone or self.email)

    @property
    def reachable(self) -> bool:
        """CRCL can write back: a mailing address or an e-mail address was given."""
        return bool(self.address or self.email)


@dataclass(frozen=True, slots=True)
class Witness:
    name: str
    contact: str = ""


@dataclass(frozen=True, slots=True)
class Incident:
    """What the official guidance asks about the event: date, time, place, the officials or agency."""

    on: date | None
    time: str  # "HH:MM" or ""
    place: str
    officials: str
    conduct: Conduct


@dataclass(frozen=True, slots=True)
class Consent:
    """The complainant's choices about sharing their identity outside CRCL."""

    share_with_dhs: bool = False
    share_with_doj: bool = False


@dataclass(frozen=True, slots=True)
class Attachment:
    """A document checked by content: its detected media type, size and digest, and the bytes."""

    filename: str
    media_type: str
    size: int
    sha256: str
    data: bytes = field(repr=False)


@dataclass(frozen=True, slots=True)
class ComplaintDraft:
    """A complaint as validated intake produced it, before it has an id or a receipt number."""

    channel: Channel
    language: str
    identity: Identity
    witnesses: tuple[Witness, ...]
    incident: Incident
    narrative: str
    other_steps: str
    consent: Consent
    attachments: tuple[Attachment, ...] = ()
    received_on: date | None = None  # when a mailed, phoned or e-mailed complaint arrived (staff intake)


@dataclass(frozen=True, slots=True)
class ComplaintRecord:
    """A stored complaint without its identity (see `Identity`, read separately and only for CRCL)."""

    complaint_id: str
    receipt: str
    channel: Channel
    language: str
    received_at: datetime  # when it was entered into this system
    received_on: date  # when it reached CRCL (the same day for the web form); deadlines count from here
    status: Status
    status_at: datetime
    route: Route | None
    assignee: str | None
    incident: Incident
    narrative: str
    other_steps: str
    consent: Consent
    anonymous: bool
    reachable: bool
    witnesses: int
    attachments: int
    closure: ClosureOutcome | None = None


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One act on a complaint: shown on its page in order; the audit trail has the same act."""

    complaint_id: str
    at: datetime
    actor: str
    act: str
    from_status: Status
    to_status: Status
    reason: str | None = None
    details: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Note:
    complaint_id: str
    at: datetime
    author: str
    text: str


@dataclass(frozen=True, slots=True)
class Link:
    complaint_id: str
    kind: LinkKind
    target: str  # booking id, case id or county FIPS
    party: PartyRole
    at: datetime
    by: str
    fips: str | None = None  # the county the linked record belongs to


@dataclass(frozen=True, slots=True)
class Deadline:
    complaint_id: str
    kind: str  # "acknowledge", "triage", "doj_answer", "findings" or an analyst's own label
    due_on: date
    set_at: datetime
    set_by: str
    met_at: datetime | None = None

    def overdue(self, today: date) -> bool:
        return self.met_at is None and today > self.due_on


@dataclass(frozen=True, slots=True)
class Referral:
    complaint_id: str
    target: ReferralTarget
    at: datetime
    by: str
    reason: str
    identity_shared: bool
    decision: DojDecision | None = None
    decided_at: datetime | None = None
    decided_by: str | None = None
    decision_reason: str | None = None


@dataclass(frozen=True, slots=True)
class LetterRecord:
    complaint_id: str
    kind: LetterKind
    language: str
    at: datetime
    by: str
    subject: str
    body: str
    delivery: str  # "mail", "email" or "none (anonymous)"
