"""Audit events: one per state change or human decision, written in the same transaction as the change.

Tags are `source:subject:action` (Warehouse's convention). `EventTag` is the one vocabulary: every event
any package writes has its tag here, so the trail can be read, filtered and checked against one list. The
audit trail never carries biometric data and is separate from operational logs and from transparency
captures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

__all__ = ["AuditEvent", "AuditSink", "EventTag"]


class EventTag(StrEnum):
    JURISDICTION_LOADED = "admin:jurisdiction:loaded"
    JURISDICTION_UPDATED = "admin:jurisdiction:updated"
    BOOKING_RECORDED = "jail:booking:recorded"
    BOOKING_RESPONSE_RECORDED = "jail:booking:response_recorded"
    BOOKING_DEFER_REQUESTED = "jail:booking:defer_requested"
    FBI_SEARCH_HIT = "fbi:search:hit"
    FBI_IDENTITY_CREATED = "fbi:identity:created"
    FBI_PRINTS_FORWARDED = "fbi:prints:forwarded"
    FBI_PRINTS_NOT_FORWARDED = "fbi:prints:not_forwarded"
    IDENT_SEARCH_HIT = "ident:search:hit"
    IDENT_SEARCH_MISS = "ident:search:miss"
    IDENT_IDR_SUPPRESSED = "ident:idr:suppressed"
    IDENT_ENCOUNTER_ENROLLED = "ident:encounter:enrolled"
    LESC_STATUS_DETERMINED = "lesc:status:determined"
    LESC_IDR_SUPPRESSED = "lesc:idr:suppressed"
    CASE_OPENED = "ero:case:opened"
    CASE_ADVICE_RECORDED = "ero:case:advice_recorded"
    CASE_DECISION_RECORDED = "ero:case:decision_recorded"
    CASE_DEFER_RECEIVED = "ero:case:defer_received"
    CASE_CLAIM_RECEIVED = "ero:case:claim_received"
    CASE_CLAIM_RESOLVED = "ero:case:claim_resolved"
    CASE_STATUS_VERIFIED = "ero:case:status_verified"
    DETAINER_LODGED = "ero:detainer:lodged"
    DETAINER_LIFTED = "ero:detainer:lifted"
    DETAINER_RECEIVED = "jail:detainer:received"
    DETAINER_SERVED = "jail:detainer:served"
    DETAINER_DECLINED = "jail:detainer:declined"
    HOLD_AUTHORIZED = "jail:hold:authorized"
    HOLD_STARTED = "jail:hold:started"
    HOLD_ENDED = "jail:hold:ended"
    HOLD_PAST_DEADLINE = "jail:hold:past_deadline"
    CUSTODY_RELEASED = "jail:custody:released"
    CUSTODY_TRANSFERRED = "jail:custody:transferred"
    CLAIM_RECORDED = "jail:claim:recorded"
    # people's acts that no agency records itself (securecomm.web.flow)
    CUSTODY_TAKEN = "ero:custody:taken"  # officers took the person from the jail under the detainer
    RELEASE_EVENT_RECORDED = "jail:custody:release_event_recorded"  # bail, dismissal, sentence served
    # consular notification (securecomm.consular) and the hold board (securecomm.detainers)
    CONSULAR_TASK_OPENED = "jail:consular:opened"
    CONSULAR_DOCUMENTS_RECORDED = "jail:consular:documents_recorded"
    CONSULAR_INFORMED = "jail:consular:informed"
    CONSULAR_ANSWER_CHANGED = "jail:consular:answer_changed"
    CONSULAR_NOTIFIED = "jail:consular:notified"
    CONSULAR_PROTECTED_CLAIM = "jail:consular:protected_claim_recorded"
    CONSULAR_PAST_OUTER_BOUND = "jail:consular:past_outer_bound"
    # quarterly monitoring (securecomm.oversight): the package delivered, and each referral act
    OVERSIGHT_PACKAGE_DELIVERED = "oversight:package:delivered"
    OVERSIGHT_REFERRAL_FLAG = "oversight:referral:flag"
    OVERSIGHT_REFERRAL_BEGIN_REVIEW = "oversight:referral:begin_review"
    OVERSIGHT_REFERRAL_RECORD_NOTE = "oversight:referral:record_note"
    OVERSIGHT_REFERRAL_RECORD_COMPLAINTS = "oversight:referral:record_complaints"
    OVERSIGHT_REFERRAL_RECORD_FIELD_OFFICE_CONTACT = "oversight:referral:record_field_office_contact"
    OVERSIGHT_REFERRAL_CLOSE = "oversight:referral:close"
    OVERSIGHT_REFERRAL_REFER_TO_DOJ = "oversight:referral:refer_to_doj"
    # the complaint system (securecomm.complaints): complaints, protection flags, retaliation reports
    COMPLAINT_RECEIVED = "crcl:complaint:received"
    COMPLAINT_ACKNOWLEDGED = "crcl:complaint:acknowledged"
    COMPLAINT_TRIAGED = "crcl:complaint:triaged"
    COMPLAINT_ASSIGNED = "crcl:complaint:assigned"
    COMPLAINT_NOTE_ADDED = "crcl:complaint:note_added"
    COMPLAINT_DEADLINE_SET = "crcl:complaint:deadline_set"
    COMPLAINT_LINKED = "crcl:complaint:linked"
    COMPLAINT_REFERRED = "crcl:complaint:referred"
    COMPLAINT_DOJ_DECISION_RECORDED = "doj:referral:decision_recorded"
    COMPLAINT_INVESTIGATION_OPENED = "crcl:investigation:opened"
    COMPLAINT_DOJ_LIAISON_NOTIFIED = "crcl:doj_liaison:notified"
    COMPLAINT_FINDINGS_RECORDED = "crcl:finding:recorded"
    COMPLAINT_CLOSED = "crcl:complaint:closed"
    COMPLAINT_LETTER_ISSUED = "crcl:letter:issued"
    PROTECTION_LINKED = "crcl:protection:linked"
    CASE_PROTECTION_FLAGGED = "ero:case:protection_flagged"
    PROTECTION_OVERRIDE_RECORDED = "ero:protection:override_recorded"
    RETALIATION_REPORTED = "jail:retaliation:reported"
    RETALIATION_ACKNOWLEDGED = "ero:retaliation:acknowledged"
    # the training briefings (securecomm.training): an officer passed a module's knowledge check
    TRAINING_COMPLETION_RECORDED = "training:completion:recorded"
    RECORD_VIEWED = "web:record:viewed"
    RECORD_ACCESS_REFUSED = "web:record:access_refused"
    ACCOUNT_CREATED = "web:account:created"
    ACCOUNT_PASSWORD_SET = "web:account:password_set"
    ACCOUNT_DISABLED = "web:account:disabled"
    ACCOUNT_ENABLED = "web:account:enabled"
    ACCOUNTS_DEMO_SET = "web:account:demo_set"
    SIGNED_IN = "web:session:signed_in"
    SIGN_IN_REFUSED = "web:session:sign_in_refused"
    SIGNED_OUT = "web:session:signed_out"


@dataclass(frozen=True, slots=True)
class AuditEvent:
    """Who did what to which record, when, from where, and why (for decisions and overrides)."""

    tag: EventTag
    at: datetime
    actor: str
    subject_type: str
    subject_id: str
    data: dict[str, Any] = field(default_factory=dict)
    correlation_id: str | None = None
    origin: str | None = None
    reason: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.tag, EventTag):  # a cast or a bare string would slip past the one vocabulary
            raise ValueError(f"an audit event's tag must be an EventTag member; add {self.tag!r} to EventTag")
        if self.at.tzinfo is None:
            raise ValueError("an audit event's time must be timezone-aware")
        if not self.actor:
            raise ValueError("an audit event needs an actor")


class AuditSink(Protocol):
    """Where services write audit events; the storage adapter appends them to the hash chain."""

    def record(self, event: AuditEvent) -> None: ...
