"""The booked person, as an actor in a simulation: reads the Notice to the Detainee and may call the hotline.

Only the simulation registers this actor, and only it reads who the person truly is (through the
`SubjectTruth` port): a citizen who knows it calls the LESC hotline printed on the notice. A derived
citizen may not know (derivation happens by law, often unrecorded). Agencies never read ground truth.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import ClassVar, Protocol

from securecomm.agencies.base import Agency, draw, latency
from securecomm.agencies.ports import Unit
from securecomm.messages import Address, Envelope, MessageKind
from securecomm.messages.custody import CitizenshipClaim, ClaimKind, NoticeServed

__all__ = ["Subject", "SubjectFacts", "SubjectTruth"]


@dataclass(frozen=True, slots=True)
class SubjectFacts:
    is_citizen: bool
    derived_citizen: bool


class SubjectTruth(Protocol):
    def facts(self, booking_id: str) -> SubjectFacts: ...


class Subject(Agency):
    name = "person"
    handles: ClassVar = {MessageKind.NOTICE_SERVED: "on_notice"}

    def __init__(self, truth: SubjectTruth, *, seed: int, derived_citizen_knows: float = 0.5) -> None:
        self.truth = truth
        self.seed = seed
        self.derived_citizen_knows = derived_citizen_knows

    def on_notice(self, envelope: Envelope, unit: Unit) -> list[Envelope]:
        served: NoticeServed = envelope.payload
        facts = self.truth.facts(served.booking_id)
        if not facts.is_citizen:
            return []
        if (
            facts.derived_citizen
            and draw(self.seed, served.booking_id, "knows") >= self.derived_citizen_knows
        ):
            return []
        delay = latency(timedelta(hours=1), timedelta(hours=12), served.booking_id, "call")
        claim = CitizenshipClaim(
            booking_id=served.booking_id,
            detainer_id=served.detainer_id,
            kind=ClaimKind.US_CITIZEN,
            channel="lesc_hotline",
            at=envelope.deliver_at + delay,
            statement="I am a United States citizen.",
        )
        return [
            envelope.reply(
                MessageKind.CITIZENSHIP_CLAIM,
                claim,
                sender=envelope.recipient,
                recipient=Address.ero(served.aor),
                delay=delay,
            )
        ]
