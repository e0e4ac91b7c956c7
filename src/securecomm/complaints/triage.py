"""Triage advice: which office a complaint belongs to, with the reasons and sources (domain.md §4.3 [U]).

* conduct of ICE or other DHS employees          -> the ICE Joint Intake Center (OPR) / DHS OIG;
* state or local conduct connected to the program -> CRCL review (and, for possible civil-rights
  violations by the local agency, a referral to the DOJ Civil Rights Division);
* anything else (a private actor)                 -> other: referred elsewhere or closed with advice.

The advice is advisory, like every rule here: the analyst records the triage decision as an act, with a
reason when it departs from the advice. When the conduct is unknown, CRCL reviews the complaint to find out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from securecomm.complaints.model import ComplaintRecord, Conduct, Link, LinkKind, PartyRole, Route
from securecomm.complaints.protocol import Protocol, Reference, protocol

__all__ = ["TriageAdvice", "advise_route"]


@dataclass(frozen=True, slots=True)
class TriageAdvice:
    """Where the protocol sends the complaint, why, on which sources, and how sure we are of the rule."""

    route: Route
    reasons: tuple[str, ...]
    references: tuple[Reference, ...]
    confidence: str  # "U": the protocol is our reconstruction

    @property
    def summary(self) -> str:
        return f"{self.route.value}: {self.reasons[0]}"


def advise_route(
    complaint: ComplaintRecord, links: Sequence[Link] = (), *, rules: Protocol | None = None
) -> TriageAdvice:
    """The protocol's route for a complaint, from whose conduct it describes and what it is linked to.

    A complaint about a private actor that is linked to a booking of the complainant (the police were used
    against them: possible retaliation) is advised to CRCL review instead, and says so.
    """
    rules = rules or protocol()
    conduct = complaint.incident.conduct
    route = rules.route_for(conduct)
    _, explained = rules.routes[route]
    reasons = [explained.reason]
    own_bookings = [
        k for k in links if k.kind in (LinkKind.BOOKING, LinkKind.CASE) and k.party is not PartyRole.NONE
    ]
    if conduct is Conduct.PRIVATE and own_bookings:
        route = Route.CRCL_REVIEW
        _, crcl = rules.routes[route]
        reasons = [
            f"The complaint names a private actor and is linked to the arrest record {own_bookings[0].target} of "
            "a person in it: possible unlawful retaliation through the police, which CRCL reviews.",
            crcl.reason,
        ]
        explained = crcl
    if conduct is Conduct.UNKNOWN:
        reasons.insert(
            0, "The complainant did not say whose conduct it was; CRCL reviews the complaint to find out."
        )
    program_links = [k for k in links if k.kind in (LinkKind.BOOKING, LinkKind.CASE)]
    if route is Route.CRCL_REVIEW and program_links:
        reasons.append(
            "Linked to program records ("
            + ", ".join(f"{k.kind.value} {k.target}" for k in program_links)
            + ")."
        )
    return TriageAdvice(route, tuple(reasons), explained.references, rules.confidence)
