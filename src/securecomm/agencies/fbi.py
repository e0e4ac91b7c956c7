"""FBI CJIS: the criminal-history search of every booking, and the automatic forward of the prints to DHS."""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar

from securecomm.agencies.base import Agency, latency
from securecomm.agencies.ports import Unit
from securecomm.audit import AuditEvent, EventTag
from securecomm.ids import deterministic_id
from securecomm.messages import Address, Envelope, MessageKind
from securecomm.messages.booking import BookingSubmitted
from securecomm.messages.criminal_history import HistoryEvent, HistoryEventKind, IdentSearch, Sre
from securecomm.messages.custody import CourtDisposition

__all__ = ["CRIMINAL_GALLERY", "FbiCjis"]

CRIMINAL_GALLERY = "criminal"


class FbiCjis(Agency):
    name = "fbi"
    handles: ClassVar = {
        MessageKind.BOOKING_SUBMITTED: "on_booking",
        MessageKind.COURT_DISPOSITION: "on_disposition",
    }

    def on_booking(self, envelope: Envelope, unit: Unit) -> list[Envelope]:
        """1:N search of the criminal master file; SRE to the jail; forward to IDENT where activated."""
        booking: BookingSubmitted = envelope.payload
        at = envelope.deliver_at
        result = unit.biometrics.search(CRIMINAL_GALLERY, booking.transaction_sha256)
        hit = result.hit
        if hit is not None:
            fbi_number, new = hit.subject_id, False
            history = unit.records.identity_history(fbi_number)
            unit.audit.record(
                self._event(EventTag.FBI_SEARCH_HIT, envelope, booking, {"score": round(hit.score, 3)})
            )
        else:
            fbi_number, new = deterministic_id("fbi", booking.booking_id)[4:13].upper(), True
            history = ()
            unit.records.create_identity(fbi_number, booking_id=booking.booking_id, at=at)
            unit.audit.record(
                self._event(EventTag.FBI_IDENTITY_CREATED, envelope, booking, {"fbi_number": fbi_number})
            )
        arrests = [
            HistoryEvent(
                HistoryEventKind.ARREST,
                booking.booked_at.date(),
                c.ncic,
                c.offense_class,
                booking.fips,
                c.traffic,
            )
            for c in booking.charges
        ]
        unit.records.add_history(fbi_number, booking.booking_id, arrests)
        unit.biometrics.enrol(
            CRIMINAL_GALLERY, fbi_number, booking.booking_id, booking.transaction_sha256, at=at
        )
        sre = Sre(
            booking_id=booking.booking_id,
            fbi_number=fbi_number,
            new_identity=new,
            score=None if hit is None else hit.score,
            history=history,
        )
        out = [
            envelope.reply(
                MessageKind.SRE,
                sre,
                sender=Address.FBI,
                recipient=Address.jail(booking.fips),
                delay=latency(timedelta(minutes=10), timedelta(minutes=45), envelope.message_id, "sre"),
            )
        ]
        jurisdiction = unit.records.jurisdiction(booking.fips)
        if not jurisdiction.activated(booking.booked_at.date()):
            unit.audit.record(
                self._event(EventTag.FBI_PRINTS_NOT_FORWARDED, envelope, booking, {"reason": "not activated"})
            )
            return out
        search = IdentSearch(
            booking_id=booking.booking_id,
            fips=booking.fips,
            ori=booking.ori,
            facility_tz=booking.facility_tz,
            booked_at=booking.booked_at,
            fbi_number=fbi_number,
            transaction_sha256=booking.transaction_sha256,
            subject=booking.subject,
            charges=booking.charges,
            history=history,
            indicators=booking.indicators,
        )
        unit.audit.record(self._event(EventTag.FBI_PRINTS_FORWARDED, envelope, booking, {}))
        out.append(
            envelope.reply(
                MessageKind.IDENT_SEARCH,
                search,
                sender=Address.FBI,
                recipient=Address.IDENT,
                delay=latency(timedelta(seconds=30), timedelta(minutes=3), envelope.message_id, "forward"),
            )
        )
        return out

    def on_disposition(self, envelope: Envelope, unit: Unit) -> list[Envelope]:
        """A court's disposition report: convictions join the identity history."""
        disposition: CourtDisposition = envelope.payload
        fbi_number = unit.records.fbi_number_of(disposition.booking_id)
        if fbi_number is None:
            raise LookupError(f"disposition for unknown booking {disposition.booking_id}")
        if disposition.convictions:
            unit.records.add_history(
                fbi_number, f"{disposition.booking_id}:disposition", disposition.convictions
            )
        return []

    @staticmethod
    def _event(
        tag: EventTag, envelope: Envelope, booking: BookingSubmitted, data: dict[str, object]
    ) -> AuditEvent:
        return AuditEvent(
            tag=tag,
            at=envelope.deliver_at,
            actor=Address.FBI,
            subject_type="booking",
            subject_id=booking.booking_id,
            correlation_id=booking.booking_id,
            origin=envelope.message_id,
            data=dict(data),
        )
