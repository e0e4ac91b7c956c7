"""DHS IDENT: searches the forwarded prints against immigration encounters; a match makes an IAQ."""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar

from securecomm.agencies.base import Agency, latency
from securecomm.agencies.ports import Unit
from securecomm.audit import AuditEvent, EventTag
from securecomm.messages import Address, Envelope, MessageKind
from securecomm.messages.criminal_history import IdentSearch
from securecomm.messages.ident import Iaq, IdentCandidate, IdrNoMatch

__all__ = ["IDENT_GALLERY", "Ident", "most_serious_offense"]

IDENT_GALLERY = "ident"
GENERIC_OFFENSE = "0399"  # Nlets IAQ OFF field when no charge is known


def most_serious_offense(search: IdentSearch) -> str:
    """OFF for the IAQ: the first felony charge, else the first charge, else 0399."""
    felonies = [
        c.ncic for c in search.charges if c.offense_class is not None and c.offense_class.value == "felony"
    ]
    if felonies:
        return felonies[0]
    return search.charges[0].ncic if search.charges else GENERIC_OFFENSE


class Ident(Agency):
    name = "ident"
    handles: ClassVar = {MessageKind.IDENT_SEARCH: "on_search"}

    def on_search(self, envelope: Envelope, unit: Unit) -> list[Envelope]:
        search: IdentSearch = envelope.payload
        at = envelope.deliver_at
        result = unit.biometrics.search(IDENT_GALLERY, search.transaction_sha256)
        delay = latency(timedelta(minutes=1), timedelta(minutes=5), envelope.message_id, "ident")
        hit = result.hit
        if hit is None:
            receives = unit.records.jurisdiction(search.fips).receives_idr
            unit.records.record_ident_search(
                search.booking_id, at=at, fin=None, score=None, idr_sent=receives
            )
            unit.audit.record(self._event(EventTag.IDENT_SEARCH_MISS, envelope, search, {}))
            if not receives:
                unit.audit.record(
                    self._event(EventTag.IDENT_IDR_SUPPRESSED, envelope, search, {"idr": "no match"})
                )
                return []
            idr = IdrNoMatch(booking_id=search.booking_id, searched_at=at)
            return [
                envelope.reply(
                    MessageKind.IDR_NO_MATCH,
                    idr,
                    sender=Address.IDENT,
                    recipient=Address.jail(search.fips),
                    delay=delay,
                )
            ]
        unit.records.record_ident_search(
            search.booking_id, at=at, fin=hit.subject_id, score=hit.score, idr_sent=False
        )
        unit.audit.record(
            self._event(
                EventTag.IDENT_SEARCH_HIT,
                envelope,
                search,
                {"fin": hit.subject_id, "score": round(hit.score, 3)},
            )
        )
        candidates = tuple(
            IdentCandidate(fin=c.subject_id, score=c.score)
            for c in result.candidates
            if c.score >= result.threshold
        )
        iaq = Iaq(search=search, candidates=candidates, offense_ncic=most_serious_offense(search))
        return [
            envelope.reply(MessageKind.IAQ, iaq, sender=Address.IDENT, recipient=Address.LESC, delay=delay)
        ]

    @staticmethod
    def _event(tag: EventTag, envelope: Envelope, search: IdentSearch, data: dict[str, object]) -> AuditEvent:
        return AuditEvent(
            tag=tag,
            at=envelope.deliver_at,
            actor=Address.IDENT,
            subject_type="booking",
            subject_id=search.booking_id,
            correlation_id=search.booking_id,
            origin=envelope.message_id,
            data=dict(data),
        )
