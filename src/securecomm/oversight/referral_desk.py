"""The referral workflow as a service: each step an audited act, stored with its audit event.

`referral.py` says what may happen; this desk makes it happen on stored referrals. Every act loads the
referral, applies the state machine's step (which refuses illegal transitions and acts without actor or
reason), stores the new act and writes one audit event (`oversight:referral:<action>`) through the same
`AuditSink` — the storage adapter gives both the caller's transaction, so they commit together.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from securecomm.audit import AuditEvent, AuditSink, EventTag
from securecomm.oversight.errors import UnknownReferral
from securecomm.oversight.ports import ReferralStore
from securecomm.oversight.referral import (
    Referral,
    ReferralAct,
    ReferralAction,
    ReferralInputError,
    open_referral,
)

__all__ = ["ACTS", "ReferralDesk", "parse_action"]

# The acts a reviewer takes on an open referral (opening one is `ReferralDesk.open`, from a flag).
ACTS = (
    ReferralAction.BEGIN_REVIEW,
    ReferralAction.RECORD_NOTE,
    ReferralAction.RECORD_COMPLAINTS,
    ReferralAction.RECORD_FIELD_OFFICE_CONTACT,
    ReferralAction.CLOSE,
    ReferralAction.REFER_TO_DOJ,
)


def parse_action(text: str) -> ReferralAction:
    """An act's name (`begin_review`, `refer_to_doj`, ...), or ReferralInputError listing the acts."""
    try:
        action = ReferralAction(text.strip().replace("-", "_"))
    except ValueError:
        action = None
    if action is None or action not in ACTS:
        names = ", ".join(a.value for a in ACTS)
        raise ReferralInputError(f"{text!r} is not a referral act; the acts are {names}", where="action")
    return action


class ReferralDesk:
    def __init__(self, store: ReferralStore, audit: AuditSink) -> None:
        self.store = store
        self.audit = audit

    def open(
        self,
        *,
        jurisdiction: str,
        quarter: str,
        measure: str,
        evidence: str,
        actor: str,
        at: datetime,
        package_id: str | None = None,
        origin: str | None = None,
    ) -> Referral | None:
        """Open the referral for a flag; None when that flag's referral is already open (re-delivery)."""
        referral = open_referral(
            jurisdiction=jurisdiction, quarter=quarter, measure=measure, evidence=evidence, actor=actor, at=at
        )
        if not self.store.add(referral, package_id=package_id):
            return None
        self._record(referral, origin=origin, package_id=package_id)
        return referral

    def get(self, referral_id: str) -> Referral:
        referral = self.store.get(referral_id)
        if referral is None:
            raise UnknownReferral(referral_id)
        return referral

    def act(
        self,
        referral_id: str,
        action: ReferralAction,
        *,
        actor: str,
        at: datetime,
        reason: str,
        complaints: int | None = None,
        field_office: str | None = None,
        origin: str | None = None,
    ) -> Referral:
        """Take one act on a stored referral; IllegalTransition or ReferralInputError leave it unchanged."""
        referral = self.get(referral_id)
        steps: dict[ReferralAction, Callable[[], Referral]] = {
            ReferralAction.BEGIN_REVIEW: lambda: referral.begin_review(actor=actor, at=at, reason=reason),
            ReferralAction.RECORD_NOTE: lambda: referral.record_note(reason, actor=actor, at=at),
            ReferralAction.RECORD_COMPLAINTS: lambda: referral.record_complaints(
                reason, count=_count(complaints, referral_id), actor=actor, at=at
            ),
            ReferralAction.RECORD_FIELD_OFFICE_CONTACT: lambda: referral.record_field_office_contact(
                reason, office=_office(field_office, referral_id), actor=actor, at=at
            ),
            ReferralAction.CLOSE: lambda: referral.close(actor=actor, at=at, reason=reason),
            ReferralAction.REFER_TO_DOJ: lambda: referral.refer_to_doj(actor=actor, at=at, reason=reason),
        }
        step = steps.get(action)
        if step is None:
            raise ReferralInputError(
                f"{action.value} is not an act on an open referral; a referral is opened from a flag",
                where=f"referral {referral_id}: action",
            )
        after = step()
        self.store.append(after)
        self._record(after, origin=origin)
        return after

    def _record(self, referral: Referral, *, origin: str | None, package_id: str | None = None) -> None:
        act: ReferralAct = referral.acts[-1]
        data = {
            "action": act.action.value,
            "from": None if act.from_state is None else act.from_state.value,
            "to": act.to_state.value,
            "jurisdiction": referral.jurisdiction,
            "quarter": referral.quarter,
            "measure": referral.measure,
            **dict(act.details),
        }
        if package_id is not None:
            data["package_id"] = package_id
        self.audit.record(
            AuditEvent(
                tag=EventTag(act.event_tag),
                at=act.at,
                actor=act.actor,
                subject_type="referral",
                subject_id=referral.referral_id,
                data=data,
                origin=origin,
                reason=act.reason,
            )
        )


def _count(value: int | None, referral_id: str) -> int:
    if value is None:
        raise ReferralInputError(
            "the number of complaints found is required for this act",
            where=f"referral {referral_id}: complaints",
        )
    return value


def _office(value: str | None, referral_id: str) -> str:
    if value is None or not value.strip():
        raise ReferralInputError(
            "the field office (AOR) contacted is required for this act",
            where=f"referral {referral_id}: field_office",
        )
    return value
