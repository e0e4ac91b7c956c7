"""ICE LESC: answers each IAQ with a status determination, to the field office and (unless declined) the jail."""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar

from securecomm.agencies.base import Agency, latency
from securecomm.agencies.ports import Unit
from securecomm.agencies.status_determination import determine_status
from securecomm.audit import AuditEvent, EventTag
from securecomm.messages import Address, Envelope, MessageKind, encode
from securecomm.messages.ident import Iaq
from securecomm.messages.immigration_query import Iar, IdrIar

__all__ = ["Lesc"]


class Lesc(Agency):
    name = "lesc"
    handles: ClassVar = {MessageKind.IAQ: "on_iaq"}

    def on_iaq(self, envelope: Envelope, unit: Unit) -> list[Envelope]:
        iaq: Iaq = envelope.payload
        search = iaq.search
        fin = iaq.candidates[0].fin
        determination = determine_status(
            fin, unit.records.encounters(fin), history=search.history, as_of=search.booked_at.date()
        )
        jurisdiction = unit.records.jurisdiction(search.fips)
        delay = latency(timedelta(minutes=30), timedelta(hours=4), envelope.message_id, "lesc")
        unit.records.record_lesc_response(
            search.booking_id,
            fin=fin,
            at=envelope.deliver_at + delay,
            determination=encode(determination),
            aor=jurisdiction.aor,
            idr_sent=jurisdiction.receives_idr,
        )
        unit.audit.record(
            AuditEvent(
                tag=EventTag.LESC_STATUS_DETERMINED,
                at=envelope.deliver_at,
                actor=Address.LESC,
                subject_type="booking",
                subject_id=search.booking_id,
                correlation_id=search.booking_id,
                origin=envelope.message_id,
                data={"fin": fin, "status": determination.status.value, "removable": determination.removable},
            )
        )
        iar = Iar(iaq=iaq, aor=jurisdiction.aor, determination=determination)
        out = [
            envelope.reply(
                MessageKind.IAR,
                iar,
                sender=Address.LESC,
                recipient=Address.ero(jurisdiction.aor),
                delay=delay,
            )
        ]
        if not jurisdiction.receives_idr:
            unit.audit.record(
                AuditEvent(
                    tag=EventTag.LESC_IDR_SUPPRESSED,
                    at=envelope.deliver_at,
                    actor=Address.LESC,
                    subject_type="booking",
                    subject_id=search.booking_id,
                    correlation_id=search.booking_id,
                    origin=envelope.message_id,
                    reason="the jurisdiction declined to receive IDENT data responses",
                )
            )
            return out
        summary = "; ".join(determination.reasons)
        idr = IdrIar(
            booking_id=search.booking_id,
            fin=fin,
            status=determination.status,
            removable=determination.removable,
            summary=summary,
        )
        out.append(
            envelope.reply(
                MessageKind.IDR_IAR,
                idr,
                sender=Address.LESC,
                recipient=Address.jail(search.fips),
                delay=delay,
            )
        )
        return out
