"""Envelopes: every arrow between agencies is a typed, versioned message inside one of these.

An agency handles an envelope and returns envelopes; it never calls another agency. Ids are
derived deterministically from the message that caused them (`child_id`), so a redelivered message
that is handled again produces the very same ids, and the store refuses the duplicates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from securecomm.ids import MessageId, deterministic_id

__all__ = ["Address", "Envelope", "MessageKind", "child_id"]


class MessageKind(StrEnum):
    """What a message is; the value is `source.subject` in the program's words."""

    BOOKING_SUBMITTED = "jail.booking_submitted"  # CAR ten-print submission, jail -> FBI CJIS
    SRE = "fbi.sre"  # Submission Results - Electronic (identity history), FBI -> jail
    IDENT_SEARCH = "fbi.ident_search"  # prints forwarded automatically, FBI -> IDENT
    IDR_NO_MATCH = "ident.idr_no_match"  # IDENT Data Response "no match", IDENT -> jail
    IAQ = "ident.iaq"  # Immigration Alien Query generated on a match, IDENT -> LESC
    IAR = "lesc.iar"  # Immigration Alien Response, LESC -> ERO field office
    IDR_IAR = "lesc.idr_iar"  # combined IDR/IAR response, LESC -> jail
    DEFER_REQUEST = "jail.defer_request"  # jail/prosecutor asks ICE to defer removal, jail -> ERO
    DETAINER_LODGED = "ero.detainer_lodged"  # I-247 family form, ERO -> jail custody
    DETAINER_LIFTED = "ero.detainer_lifted"  # lift with a historic reason, ERO -> jail custody
    RELEASE_DUE = "custody.release_due"  # scheduled court/bail event reaches its instant, custody -> custody
    RELEASE_NOTICE = "custody.release_notice"  # the person would otherwise be released now, custody -> ERO
    HOLD_EXPIRY = "custody.hold_expiry"  # scheduled end of the hold clock, custody -> custody
    CUSTODY_TRANSFER = "ero.custody_transfer"  # ICE takes custody at the jail, ERO -> custody
    CITIZENSHIP_CLAIM = "custody.citizenship_claim"  # USC / victim claim via jail or LESC hotline -> ERO
    CUSTODY_ENDED = "custody.custody_ended"  # release or transfer recorded, custody -> ERO
    INTERVIEW_DUE = "ero.interview_due"  # scheduled interview of a person in ICE custody, ERO -> ERO
    COURT_DISPOSITION = "court.disposition"  # disposition report (convictions), court -> FBI CJIS
    HOLD_AUTHORIZED = "ero.hold_authorized"  # status verified: a hold may begin at release, ERO -> custody
    VERIFICATION_DUE = "ero.verification_due"  # verify citizenship before any hold, ERO -> ERO
    DETAINER_DECLINED = "custody.detainer_declined"  # the jail will not honor the detainer, custody -> ERO
    CASE_REVIEW_DUE = "ero.case_review_due"  # an officer reviews a new case, ERO -> ERO
    NOTICE_SERVED = "custody.notice_served"  # the detainer copy was handed to the person, custody -> subject


class Address(StrEnum):
    """Fixed agency addresses; jails and field offices add their key (`jail:06037`, `ero:LOS`)."""

    FBI = "fbi"
    IDENT = "ident"
    LESC = "lesc"

    @staticmethod
    def jail(fips: str) -> str:
        return f"jail:{fips}"

    @staticmethod
    def custody(fips: str) -> str:
        return f"custody:{fips}"

    @staticmethod
    def ero(aor: str) -> str:
        return f"ero:{aor}"


@dataclass(frozen=True, slots=True)
class Envelope:
    """One message on its way: who sends what to whom, when it may be delivered, and why."""

    message_id: MessageId
    kind: MessageKind
    schema_version: int
    sender: str
    recipient: str
    correlation_id: str  # the booking the conversation is about
    causation_id: MessageId | None  # the message whose handling produced this one
    sent_at: datetime
    deliver_at: datetime  # later than sent_at for scheduled events and transport latency
    payload: Any = field(compare=False)

    def __post_init__(self) -> None:
        if self.sent_at.tzinfo is None or self.deliver_at.tzinfo is None:
            raise ValueError(f"envelope {self.message_id}: sent_at and deliver_at must be timezone-aware")
        if self.deliver_at < self.sent_at:
            raise ValueError(f"envelope {self.message_id}: deliver_at precedes sent_at")

    def reply(
        self,
        kind: MessageKind,
        payload: Any,
        *,
        sender: str,
        recipient: str,
        index: int = 0,
        delay: timedelta = timedelta(0),
        schema_version: int = 1,
    ) -> Envelope:
        """A message caused by this one, with a deterministic id; `delay` schedules it later."""
        return Envelope(
            message_id=child_id(self.message_id, kind, index),
            kind=kind,
            schema_version=schema_version,
            sender=sender,
            recipient=recipient,
            correlation_id=self.correlation_id,
            causation_id=self.message_id,
            sent_at=self.deliver_at,
            deliver_at=self.deliver_at + delay,
            payload=payload,
        )


def child_id(parent: str, kind: MessageKind, index: int = 0) -> MessageId:
    """The id of the `index`-th message of `kind` caused by `parent` (stable across redeliveries)."""
    return MessageId(deterministic_id("msg", parent, kind.value, index))
