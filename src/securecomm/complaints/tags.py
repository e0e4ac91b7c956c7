"""The audit vocabulary of the complaint system: its acts' names for their `audit.EventTag` tags.

Every act on a complaint, a protection flag or a retaliation report is one audit event, written in the same
transaction as the change. The events carry ids, roles, routes and reasons, never the complainant's identity
or the complaint's text.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from securecomm.audit import AuditEvent, EventTag
from securecomm.complaints.model import Actor

__all__ = ["ComplaintTag", "event"]


class ComplaintTag(StrEnum):
    RECEIVED = "crcl:complaint:received"
    ACKNOWLEDGED = "crcl:complaint:acknowledged"
    TRIAGED = "crcl:complaint:triaged"
    ASSIGNED = "crcl:complaint:assigned"
    NOTE_ADDED = "crcl:complaint:note_added"
    DEADLINE_SET = "crcl:complaint:deadline_set"
    LINKED = "crcl:complaint:linked"
    REFERRED = "crcl:complaint:referred"
    DOJ_DECISION_RECORDED = "doj:referral:decision_recorded"
    INVESTIGATION_OPENED = "crcl:investigation:opened"
    DOJ_LIAISON_NOTIFIED = "crcl:doj_liaison:notified"
    FINDINGS_RECORDED = "crcl:finding:recorded"
    CLOSED = "crcl:complaint:closed"
    LETTER_ISSUED = "crcl:letter:issued"
    PROTECTION_LINKED = "crcl:protection:linked"
    CASE_FLAGGED = "ero:case:protection_flagged"
    OVERRIDE_RECORDED = "ero:protection:override_recorded"
    RETALIATION_REPORTED = "jail:retaliation:reported"
    RETALIATION_ACKNOWLEDGED = "ero:retaliation:acknowledged"


def event(
    tag: ComplaintTag,
    *,
    at: datetime,
    actor: Actor,
    subject_type: str,
    subject_id: str,
    reason: str | None = None,
    correlation_id: str | None = None,
    **data: Any,
) -> AuditEvent:
    """An audit event for a complaint-system act.

    `audit.EventTag` lists every tag of this package (the one vocabulary); the lookup by value fails loudly
    for a tag added here but not there.
    """
    payload = {k: v for k, v in data.items() if v is not None}
    if actor.role:
        payload["role"] = actor.role
    if actor.route:
        payload["route"] = actor.route
    return AuditEvent(
        tag=EventTag(tag.value),
        at=at,
        actor=actor.name,
        subject_type=subject_type,
        subject_id=subject_id,
        correlation_id=correlation_id,
        origin=actor.origin,
        reason=reason,
        data=payload,
    )
