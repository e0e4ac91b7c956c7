"""Jail custody: the release-eligible moment, the hold under a detainer and its clock, transfer or release.

The jail holds a person past the time they would otherwise be released only when (a) an active detainer
requests a hold and (b) the field office has verified, before that moment, that the person is not a
citizen. The hold ends at the deadline the rules compute for the form in the facility's time zone: the
expiry is scheduled when the hold begins, so a hold past its deadline cannot happen silently.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from securecomm.agencies.base import Agency
from securecomm.agencies.ports import DetainerRecord, Unit
from securecomm.audit import AuditEvent, EventTag
from securecomm.messages import Address, Envelope, MessageKind
from securecomm.messages.custody import (
    CustodyEnded,
    CustodyOutcome,
    CustodyTransfer,
    DetainerDeclined,
    HoldAuthorized,
    HoldExpiry,
    NoticeServed,
    ReleaseDue,
    ReleaseNotice,
)
from securecomm.messages.detainer import DetainerLifted, DetainerLodged
from securecomm.rules import RuleSet, compute_hold_deadline

__all__ = ["JailCustody"]

IN_CUSTODY = "in_custody"
HELD = "held_on_detainer"
ENDED = "ended"


class JailCustody(Agency):
    name = "custody"
    handles: ClassVar = {
        MessageKind.DETAINER_LODGED: "on_detainer",
        MessageKind.HOLD_AUTHORIZED: "on_authorized",
        MessageKind.DETAINER_LIFTED: "on_lifted",
        MessageKind.RELEASE_DUE: "on_release_due",
        MessageKind.CUSTODY_TRANSFER: "on_transfer",
        MessageKind.HOLD_EXPIRY: "on_expiry",
    }

    def __init__(
        self, ruleset: RuleSet, *, notify_subject: bool = False, serve_on_receipt: bool = True
    ) -> None:
        self.ruleset = ruleset
        # simulation: the person reads the notice and may call the hotline
        self.notify_subject = notify_subject
        # simulation: the copy is handed over when the detainer arrives; people record service themselves
        self.serve_on_receipt = serve_on_receipt

    def on_detainer(self, envelope: Envelope, unit: Unit) -> list[Envelope]:
        lodged: DetainerLodged = envelope.payload
        at = envelope.deliver_at
        custody = unit.records.custody(lodged.booking_id)
        jurisdiction = unit.records.jurisdiction(custody.fips)
        unit.records.update_detainer(lodged.detainer_id, received_at=at, state="received")
        self._audit(unit, EventTag.DETAINER_RECEIVED, envelope, lodged.detainer_id, {"form": lodged.form})
        if custody.state == ENDED:
            unit.records.update_detainer(
                lodged.detainer_id, state="ended", ended_at=at, end_kind="not_in_custody"
            )
            ended = CustodyEnded(
                lodged.booking_id, lodged.detainer_id, CustodyOutcome.RELEASED, custody.ended_at or at
            )
            return [
                envelope.reply(
                    MessageKind.CUSTODY_ENDED, ended, sender=envelope.recipient, recipient=envelope.sender
                )
            ]
        if jurisdiction.declines_detainers(at.date()) and lodged.requests_hold:
            reason = "The jurisdiction does not hold people on immigration detainers."
            unit.records.update_detainer(lodged.detainer_id, state="declined")
            self._audit(unit, EventTag.DETAINER_DECLINED, envelope, lodged.detainer_id, {}, reason=reason)
            declined = DetainerDeclined(lodged.booking_id, lodged.detainer_id, at, reason)
            return [
                envelope.reply(
                    MessageKind.DETAINER_DECLINED,
                    declined,
                    sender=envelope.recipient,
                    recipient=envelope.sender,
                )
            ]
        if not self.serve_on_receipt:  # people record the service themselves (when, how, which language)
            return []
        # The copy with the Notice to the Detainee is handed over at intake of the detainer, in person.
        unit.records.update_detainer(
            lodged.detainer_id,
            state="served",
            served_at=at,
            served_language=lodged.notice_language,
            served_manner="in_person",
        )
        self._audit(
            unit, EventTag.DETAINER_SERVED, envelope, lodged.detainer_id, {"language": lodged.notice_language}
        )
        if not self.notify_subject:
            return []
        served = NoticeServed(lodged.booking_id, lodged.detainer_id, at, lodged.notice_language, lodged.aor)
        return [
            envelope.reply(
                MessageKind.NOTICE_SERVED,
                served,
                sender=envelope.recipient,
                recipient=f"person:{lodged.booking_id}",
            )
        ]

    def on_authorized(self, envelope: Envelope, unit: Unit) -> list[Envelope]:
        authorized: HoldAuthorized = envelope.payload
        detainer = unit.records.detainer(authorized.detainer_id)
        if detainer is not None and detainer.ended_at is None:
            self._audit(
                unit,
                EventTag.HOLD_AUTHORIZED,
                envelope,
                detainer.detainer_id,
                {"verification": authorized.verification},
            )
        return []

    def on_release_due(self, envelope: Envelope, unit: Unit) -> list[Envelope]:
        """The person would otherwise be released now (bail, dismissal, sentence served)."""
        due: ReleaseDue = envelope.payload
        at = envelope.deliver_at
        custody = unit.records.custody(due.booking_id)
        if custody.state in (ENDED, HELD):  # a hold already runs from the first release-eligible moment
            return []
        unit.records.update_custody(due.booking_id, release_eligible_at=at, release_reason=due.reason.value)
        detainer = unit.records.active_detainer_for_booking(due.booking_id)
        if detainer is None:
            return self._release(unit, envelope, due.booking_id, None, CustodyOutcome.RELEASED, notify=None)
        unit.records.update_detainer(detainer.detainer_id, release_eligible_at=at)
        if not detainer.requests_hold:
            notice = ReleaseNotice(
                due.booking_id, detainer.detainer_id, at, None, due.reason, due.convictions
            )
            return self._release(
                unit, envelope, due.booking_id, detainer, CustodyOutcome.RELEASED, notify=notice
            )
        if not unit.records.detainer_verified(detainer.detainer_id):
            notice = ReleaseNotice(
                due.booking_id, detainer.detainer_id, at, None, due.reason, due.convictions
            )
            return self._release(
                unit,
                envelope,
                due.booking_id,
                detainer,
                CustodyOutcome.RELEASED,
                notify=notice,
                end_kind="released_unverified",
            )
        hold = compute_hold_deadline(detainer.form, at, tz=detainer.facility_tz, ruleset=self.ruleset).value
        deadline = hold.deadline_at
        if deadline is None:  # the form requests no hold after all (defensive: rules are the authority)
            notice = ReleaseNotice(
                due.booking_id, detainer.detainer_id, at, None, due.reason, due.convictions
            )
            return self._release(
                unit, envelope, due.booking_id, detainer, CustodyOutcome.RELEASED, notify=notice
            )
        unit.records.update_detainer(detainer.detainer_id, state="holding", deadline_at=deadline)
        unit.records.update_custody(due.booking_id, state=HELD, hold_detainer_id=detainer.detainer_id)
        self._audit(
            unit,
            EventTag.HOLD_STARTED,
            envelope,
            detainer.detainer_id,
            {"deadline_at": deadline.isoformat(), "counting": hold.counting, "form": detainer.form},
        )
        notice = ReleaseNotice(
            due.booking_id, detainer.detainer_id, at, deadline, due.reason, due.convictions
        )
        expiry = HoldExpiry(due.booking_id, detainer.detainer_id, deadline)
        ero = Address.ero(detainer.aor)
        return [
            envelope.reply(MessageKind.RELEASE_NOTICE, notice, sender=envelope.recipient, recipient=ero),
            envelope.reply(
                MessageKind.HOLD_EXPIRY,
                expiry,
                sender=envelope.recipient,
                recipient=envelope.recipient,
                delay=deadline - at,
            ),
        ]

    def on_transfer(self, envelope: Envelope, unit: Unit) -> list[Envelope]:
        transfer: CustodyTransfer = envelope.payload
        custody = unit.records.custody(transfer.booking_id)
        detainer = unit.records.detainer(transfer.detainer_id)
        if custody.state != HELD or detainer is None or detainer.ended_at is not None:
            return []  # too late: the person was already released (recorded by the release itself)
        if detainer.deadline_at is not None and envelope.deliver_at > detainer.deadline_at:
            return []
        return self._release(
            unit, envelope, transfer.booking_id, detainer, CustodyOutcome.TRANSFERRED_TO_ICE, notify=None
        )

    def on_expiry(self, envelope: Envelope, unit: Unit) -> list[Envelope]:
        expiry: HoldExpiry = envelope.payload
        custody = unit.records.custody(expiry.booking_id)
        detainer = unit.records.detainer(expiry.detainer_id)
        if custody.state != HELD or custody.hold_detainer_id != expiry.detainer_id or detainer is None:
            return []
        return self._release(
            unit, envelope, expiry.booking_id, detainer, CustodyOutcome.RELEASED_AT_EXPIRY, notify=None
        )

    def on_lifted(self, envelope: Envelope, unit: Unit) -> list[Envelope]:
        lifted: DetainerLifted = envelope.payload
        custody = unit.records.custody(lifted.booking_id)
        if custody.state == HELD and custody.hold_detainer_id == lifted.detainer_id:
            detainer = unit.records.detainer(lifted.detainer_id)
            return self._release(
                unit, envelope, lifted.booking_id, detainer, CustodyOutcome.RELEASED, notify=None
            )
        return []

    # -- helpers --------------------------------------------------------------------------------------------
    def _release(
        self,
        unit: Unit,
        envelope: Envelope,
        booking_id: str,
        detainer: DetainerRecord | None,
        outcome: CustodyOutcome,
        *,
        notify: ReleaseNotice | None,
        end_kind: str | None = None,
    ) -> list[Envelope]:
        at = envelope.deliver_at
        unit.records.update_custody(booking_id, state=ENDED, ended_at=at, outcome=outcome.value)
        tag = (
            EventTag.CUSTODY_TRANSFERRED
            if outcome is CustodyOutcome.TRANSFERRED_TO_ICE
            else EventTag.CUSTODY_RELEASED
        )
        self._audit(unit, tag, envelope, booking_id, {"outcome": outcome.value}, subject_type="booking")
        if detainer is None:
            return []
        if detainer.ended_at is None:
            kind = end_kind or _END_KIND[outcome]
            changes: dict[str, object] = {"state": "ended", "ended_at": at, "end_kind": kind}
            if outcome is CustodyOutcome.TRANSFERRED_TO_ICE:
                changes["lift_reason"] = "Booked into Detention"
            unit.records.update_detainer(detainer.detainer_id, **changes)
            if detainer.deadline_at is not None and outcome is not CustodyOutcome.TRANSFERRED_TO_ICE:
                self._audit(unit, EventTag.HOLD_ENDED, envelope, detainer.detainer_id, {"end_kind": kind})
            if detainer.deadline_at is not None and at > detainer.deadline_at:
                self._audit(
                    unit, EventTag.HOLD_PAST_DEADLINE, envelope, detainer.detainer_id,
                    {"deadline_at": detainer.deadline_at.isoformat(), "ended_at": at.isoformat()},
                )  # fmt: skip
        ero = Address.ero(detainer.aor)
        out = []
        if notify is not None:
            out.append(
                envelope.reply(
                    MessageKind.RELEASE_NOTICE, notify, sender=Address.custody(detainer.fips), recipient=ero
                )
            )
        ended = CustodyEnded(booking_id, detainer.detainer_id, outcome, at)
        out.append(
            envelope.reply(
                MessageKind.CUSTODY_ENDED,
                ended,
                sender=Address.custody(detainer.fips),
                recipient=ero,
                index=1,
            )
        )
        return out

    @staticmethod
    def _audit(
        unit: Unit,
        tag: EventTag,
        envelope: Envelope,
        subject_id: str,
        data: dict[str, object],
        *,
        subject_type: str = "detainer",
        reason: str | None = None,
        at: datetime | None = None,
    ) -> None:
        unit.audit.record(
            AuditEvent(
                tag=tag,
                at=at or envelope.deliver_at,
                actor=envelope.recipient,
                subject_type=subject_type,
                subject_id=subject_id,
                correlation_id=envelope.correlation_id,
                origin=envelope.message_id,
                data=dict(data),
                reason=reason,
            )
        )


_END_KIND = {
    CustodyOutcome.RELEASED: "released",
    CustodyOutcome.RELEASED_AT_EXPIRY: "released_at_expiry",
    CustodyOutcome.TRANSFERRED_TO_ICE: "ice_custody",
}
