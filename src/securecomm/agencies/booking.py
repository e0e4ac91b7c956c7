"""The jail's booking station: submits the ten-print CAR, files the answers it gets back."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import ClassVar

from securecomm.agencies.base import Agency, latency
from securecomm.agencies.ports import Unit
from securecomm.audit import AuditEvent, EventTag
from securecomm.consular.workflow import open_task
from securecomm.ids import MessageId, deterministic_id
from securecomm.messages import Address, Envelope, MessageKind, encode
from securecomm.messages.booking import BookingSubmitted, DeferRequest
from securecomm.messages.criminal_history import Sre
from securecomm.messages.ident import IdrNoMatch
from securecomm.messages.immigration_query import IdrIar
from securecomm.rules import RuleSet

__all__ = ["JailStation"]


class JailStation(Agency):
    name = "jail"
    handles: ClassVar = {
        MessageKind.SRE: "on_sre",
        MessageKind.IDR_NO_MATCH: "on_idr_no_match",
        MessageKind.IDR_IAR: "on_idr_iar",
    }

    def __init__(self, ruleset: RuleSet) -> None:
        self.ruleset = ruleset  # the consular-notification list and timing, by booking date

    def book(
        self, booking: BookingSubmitted, unit: Unit, *, defer: DeferRequest | None = None
    ) -> list[Envelope]:
        """Record a booking and submit its prints; returns the envelopes to store (none if already booked).

        `defer` is a prosecutor's standing request to defer removal (a victim or a needed witness), sent to
        ICE when the jail learns ICE has an interest (the IDR/IAR).
        """
        if defer is not None:
            defer = replace(defer, booking_id=booking.booking_id)
        if not unit.records.add_booking(booking, defer=defer):
            return []
        unit.records.add_custody(booking.booking_id, fips=booking.fips)
        # A booked foreign national's consular-notification task opens with the booking (securecomm.consular).
        open_task(booking, records=unit.consular, audit=unit.audit, ruleset=self.ruleset)
        unit.audit.record(
            AuditEvent(
                tag=EventTag.BOOKING_RECORDED,
                at=booking.booked_at,
                actor=Address.jail(booking.fips),
                subject_type="booking",
                subject_id=booking.booking_id,
                correlation_id=booking.booking_id,
                data={
                    "charges": [c.ncic for c in booking.charges],
                    "tcn": booking.tcn,
                    "defer": defer is not None,
                },
            )
        )
        sent_at = booking.booked_at
        root = Envelope(
            message_id=MessageId(
                deterministic_id("msg", booking.booking_id, MessageKind.BOOKING_SUBMITTED.value)
            ),
            kind=MessageKind.BOOKING_SUBMITTED,
            schema_version=1,
            sender=Address.jail(booking.fips),
            recipient=Address.FBI,
            correlation_id=booking.booking_id,
            causation_id=None,
            sent_at=sent_at,
            deliver_at=sent_at
            + latency(timedelta(minutes=1), timedelta(minutes=5), booking.booking_id, "sib"),
            payload=booking,
        )
        return [root]

    def on_sre(self, envelope: Envelope, unit: Unit) -> list[Envelope]:
        sre: Sre = envelope.payload
        unit.records.record_sre(
            sre.booking_id, encode(sre), fbi_number=sre.fbi_number, at=envelope.deliver_at
        )
        self._audit_response(
            envelope, unit, sre.booking_id, {"kind": "SRE", "new_identity": sre.new_identity}
        )
        return []

    def on_idr_no_match(self, envelope: Envelope, unit: Unit) -> list[Envelope]:
        idr: IdrNoMatch = envelope.payload
        unit.records.record_idr(idr.booking_id, "no_match", encode(idr), at=envelope.deliver_at)
        self._audit_response(envelope, unit, idr.booking_id, {"kind": "IDR no match"})
        return []

    def on_idr_iar(self, envelope: Envelope, unit: Unit) -> list[Envelope]:
        """File the combined IDR/IAR; a standing request to defer removal now goes to the field office."""
        idr: IdrIar = envelope.payload
        unit.records.record_idr(idr.booking_id, "iar", encode(idr), at=envelope.deliver_at)
        self._audit_response(envelope, unit, idr.booking_id, {"kind": "IDR/IAR", "status": idr.status.value})
        defer = unit.records.booking_defer(idr.booking_id)
        if defer is None or not idr.removable:
            return []
        booking = unit.records.booking(idr.booking_id)
        aor = unit.records.jurisdiction(booking.fips).aor
        unit.audit.record(
            AuditEvent(
                tag=EventTag.BOOKING_DEFER_REQUESTED,
                at=envelope.deliver_at,
                actor=f"{defer.requested_by}:{booking.fips}",
                subject_type="booking",
                subject_id=idr.booking_id,
                correlation_id=envelope.correlation_id,
                origin=envelope.message_id,
                reason=defer.reason,
            )
        )
        return [
            envelope.reply(
                MessageKind.DEFER_REQUEST, defer, sender=envelope.recipient, recipient=Address.ero(aor)
            )
        ]

    def _audit_response(
        self, envelope: Envelope, unit: Unit, booking_id: str, data: dict[str, object]
    ) -> None:
        unit.audit.record(
            AuditEvent(
                tag=EventTag.BOOKING_RESPONSE_RECORDED,
                at=envelope.deliver_at,
                actor=envelope.recipient,
                subject_type="booking",
                subject_id=booking_id,
                correlation_id=envelope.correlation_id,
                origin=envelope.message_id,
                data=dict(data),
            )
        )
