"""The referral workflow for a flagged jurisdiction, as a pure state machine.

    flagged ──begin_review──▶ in_review ──close──────────▶ closed
                                 │  ▲ record_note / record_complaints / record_field_office_contact
                                 │  └─(stays in_review)
                                 └──refer_to_doj──────▶ referred_to_doj

A flag is a statistical signal; the review is where people decide. Every step is an act by a named actor
at an instant, with a reason, returned as a new `Referral` (nothing is mutated) whose `acts` grow by one.
Storage comes with the booking flow's database; this module only says what may happen and records it.
Illegal steps raise `IllegalTransition`; an act without actor or reason raises `ReferralInputError`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from securecomm.clock import require_aware
from securecomm.errors import BadInput, IllegalTransition
from securecomm.ids import deterministic_id

__all__ = [
    "Referral",
    "ReferralAct",
    "ReferralAction",
    "ReferralInputError",
    "ReferralState",
    "open_referral",
]


class ReferralState(enum.StrEnum):
    FLAGGED = "flagged"
    IN_REVIEW = "in_review"
    CLOSED = "closed"
    REFERRED_TO_DOJ = "referred_to_doj"


class ReferralAction(enum.StrEnum):
    FLAG = "flag"
    BEGIN_REVIEW = "begin_review"
    RECORD_NOTE = "record_note"
    RECORD_COMPLAINTS = "record_complaints"
    RECORD_FIELD_OFFICE_CONTACT = "record_field_office_contact"
    CLOSE = "close"
    REFER_TO_DOJ = "refer_to_doj"


# (state, action) -> next state. Anything else is illegal.
TRANSITIONS: dict[tuple[ReferralState, ReferralAction], ReferralState] = {
    (ReferralState.FLAGGED, ReferralAction.BEGIN_REVIEW): ReferralState.IN_REVIEW,
    (ReferralState.IN_REVIEW, ReferralAction.RECORD_NOTE): ReferralState.IN_REVIEW,
    (ReferralState.IN_REVIEW, ReferralAction.RECORD_COMPLAINTS): ReferralState.IN_REVIEW,
    (ReferralState.IN_REVIEW, ReferralAction.RECORD_FIELD_OFFICE_CONTACT): ReferralState.IN_REVIEW,
    (ReferralState.IN_REVIEW, ReferralAction.CLOSE): ReferralState.CLOSED,
    (ReferralState.IN_REVIEW, ReferralAction.REFER_TO_DOJ): ReferralState.REFERRED_TO_DOJ,
}


class ReferralInputError(BadInput):
    """An act is missing its actor or reason, or comes before the previous one."""


@dataclass(frozen=True, slots=True)
class ReferralAct:
    """One audited step: who did what, when, why; `event_tag` names it for the audit trail."""

    action: ReferralAction
    actor: str
    at: datetime
    reason: str
    from_state: ReferralState | None
    to_state: ReferralState
    details: tuple[tuple[str, str], ...] = ()

    @property
    def event_tag(self) -> str:
        return f"oversight:referral:{self.action.value}"


@dataclass(frozen=True, slots=True)
class Referral:
    """A flagged jurisdiction-quarter on its way through review."""

    referral_id: str
    jurisdiction: str
    quarter: str
    measure: str
    evidence: str  # the flag's plain-language sentence, kept with the case
    acts: tuple[ReferralAct, ...]

    @property
    def state(self) -> ReferralState:
        return self.acts[-1].to_state

    @property
    def is_open(self) -> bool:
        return self.state in (ReferralState.FLAGGED, ReferralState.IN_REVIEW)

    def to_json(self) -> dict[str, Any]:
        """The referral and every act, as the CLI and the API show it."""
        return {
            "referral_id": self.referral_id,
            "jurisdiction": self.jurisdiction,
            "quarter": self.quarter,
            "measure": self.measure,
            "state": self.state.value,
            "evidence": self.evidence,
            "acts": [
                {
                    "action": a.action.value,
                    "actor": a.actor,
                    "at": a.at.isoformat(),
                    "reason": a.reason,
                    "from": None if a.from_state is None else a.from_state.value,
                    "to": a.to_state.value,
                    "details": dict(a.details),
                }
                for a in self.acts
            ],
        }

    def _act(
        self,
        action: ReferralAction,
        *,
        actor: str,
        at: datetime,
        reason: str,
        details: dict[str, str] | None = None,
    ) -> Referral:
        target = TRANSITIONS.get((self.state, action))
        if target is None:
            allowed = sorted(a.value for (s, a) in TRANSITIONS if s is self.state) or [
                "nothing (final state)"
            ]
            raise IllegalTransition(
                f"allowed from here: {', '.join(allowed)}",
                subject=f"referral {self.referral_id}",
                state=self.state.value,
                action=action.value,
            )
        act = _make_act(
            action, actor=actor, at=at, reason=reason, before=self.state, after=target, details=details
        )
        if act.at < self.acts[-1].at:
            raise ReferralInputError(
                f"act at {act.at.isoformat()} comes before the previous act ({self.acts[-1].at.isoformat()})",
                where=f"referral {self.referral_id}: at",
            )
        return replace(self, acts=(*self.acts, act))

    def begin_review(self, *, actor: str, at: datetime, reason: str) -> Referral:
        """A reviewer takes the flag up for in-depth review."""
        return self._act(ReferralAction.BEGIN_REVIEW, actor=actor, at=at, reason=reason)

    def record_note(self, note: str, *, actor: str, at: datetime) -> Referral:
        return self._act(ReferralAction.RECORD_NOTE, actor=actor, at=at, reason=note)

    def record_complaints(self, summary: str, *, count: int, actor: str, at: datetime) -> Referral:
        """The complaint history the reviewer found for the jurisdiction (CRCL complaints about its LEA)."""
        if count < 0:
            raise ReferralInputError(f"{count} is negative", where=f"referral {self.referral_id}: count")
        return self._act(
            ReferralAction.RECORD_COMPLAINTS,
            actor=actor,
            at=at,
            reason=summary,
            details={"complaints": str(count)},
        )

    def record_field_office_contact(self, summary: str, *, office: str, actor: str, at: datetime) -> Referral:
        """Contact with the ICE field office (AOR) that serves the jurisdiction."""
        return self._act(
            ReferralAction.RECORD_FIELD_OFFICE_CONTACT,
            actor=actor,
            at=at,
            reason=summary,
            details={"field_office": _required(office, "office", self.referral_id)},
        )

    def close(self, *, actor: str, at: datetime, reason: str) -> Referral:
        """The review found an explanation that needs no further action."""
        return self._act(ReferralAction.CLOSE, actor=actor, at=at, reason=reason)

    def refer_to_doj(self, *, actor: str, at: datetime, reason: str) -> Referral:
        """The review found grounds for the DOJ Civil Rights Division to look at the jurisdiction."""
        return self._act(ReferralAction.REFER_TO_DOJ, actor=actor, at=at, reason=reason)


def _required(value: str, name: str, subject: str) -> str:
    if not value or not value.strip():
        raise ReferralInputError(f"{name} is empty; every act names it", where=f"referral {subject}: {name}")
    return value.strip()


def _make_act(
    action: ReferralAction,
    *,
    actor: str,
    at: datetime,
    reason: str,
    before: ReferralState | None,
    after: ReferralState,
    details: dict[str, str] | None,
) -> ReferralAct:
    subject = action.value
    try:
        at = require_aware(at, name="at")
    except ValueError as error:
        raise ReferralInputError(str(error), where=f"{subject}: at") from None
    return ReferralAct(
        action=action,
        actor=_required(actor, "actor", subject),
        at=at,
        reason=_required(reason, "reason", subject),
        from_state=before,
        to_state=after,
        details=tuple(sorted((details or {}).items())),
    )


def open_referral(
    *, jurisdiction: str, quarter: str, measure: str, evidence: str, actor: str, at: datetime
) -> Referral:
    """Open a referral for a flag; the opening act records the statistician who signed the flag."""
    act = _make_act(
        ReferralAction.FLAG,
        actor=actor,
        at=at,
        reason=evidence,
        before=None,
        after=ReferralState.FLAGGED,
        details={"measure": measure},
    )
    return Referral(
        referral_id=deterministic_id("referral", jurisdiction, quarter, measure),
        jurisdiction=jurisdiction,
        quarter=quarter,
        measure=measure,
        evidence=evidence,
        acts=(act,),
    )
