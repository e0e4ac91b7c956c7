"""Officers decide; in a simulation a policy stands in for them, and its decisions are recorded the same way.

The rules return advice (`Classification`); an `OfficerPolicy` returns a `Decision` with a reason and
whether it follows the advice. `SimulatedOfficerPolicy` follows the advice most of the time and departs
from it at stated, deterministic rates, so the recorded decisions look like an office's, not a rule's.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import timedelta
from typing import Protocol

from securecomm.agencies.base import draw
from securecomm.rules import Classification, DetainerAdvice, DetainerForm

__all__ = [
    "REMOVAL_STEPS",
    "Decision",
    "DecisionKind",
    "OfficerPolicy",
    "PolicyRates",
    "SimulatedOfficerPolicy",
]

# Johnson memo (20 Nov 2014) transfer clauses that are priority-1 convictions: the simulated officers ask
# for a hold (I-247D) for these when probable cause is on record, and for notification (I-247N) otherwise.
PEP_HOLD_CLAUSES = frozenset({"1(a)", "1(c)", "1(d)", "1(e)"})
HOLD_FORMS = (
    DetainerForm.I_247_2010,
    DetainerForm.I_247_2011,
    DetainerForm.I_247_2012,
    DetainerForm.I_247D,
    DetainerForm.I_247A,
)


REMOVAL_STEPS = frozenset(
    {"lodge_detainer", "request_notification", "notice_to_appear", "reinstate_removal", "voluntary_return"}
)  # the steps toward removal that a protected case must not take without a supervisor's override


class DecisionKind(enum.StrEnum):
    LODGE_DETAINER = "lodge_detainer"
    REQUEST_NOTIFICATION = "request_notification"
    NO_ACTION = "no_action"
    LIFT_DETAINER = "lift_detainer"
    NTA = "notice_to_appear"
    REINSTATE_REMOVAL = "reinstate_removal"
    VOLUNTARY_RETURN = "voluntary_return"
    RELEASE = "release"
    PROSECUTORIAL_DISCRETION = "prosecutorial_discretion"


@dataclass(frozen=True, slots=True)
class Decision:
    kind: DecisionKind
    reason: str
    follows_advice: bool
    form: DetainerForm | None = None
    actor: str = ""


class OfficerPolicy(Protocol):
    def on_iar(
        self, case_id: str, classification: Classification, *, removable: bool, deferred: bool
    ) -> Decision: ...

    def pickup_after(self, case_id: str) -> timedelta | None: ...

    def verification_after(self, case_id: str) -> timedelta: ...

    def supervisor_override(self, case_id: str, decision: Decision) -> str | None: ...

    def after_interview(
        self, case_id: str, classification: Classification, *, deferred: bool
    ) -> Decision: ...


@dataclass(frozen=True, slots=True)
class PolicyRates:
    """How often the simulated officers depart from the advice, and how ICE picks people up (assumptions)."""

    lodge_despite_discretion: float = 0.35  # detainer lodged although a particular-care factor applies
    pickup_within_deadline: float = 0.9  # ICE takes custody before the hold expires
    pickup_hours_max: float = 40.0  # latest pickup, hours after the hold begins (within 48 h)
    verification_hours_max: float = 24.0  # citizenship check done within this many hours of lodging
    supervisor_overrides: float = 0.2  # a supervisor lets enforcement proceed on a protected case
    voluntary_return_when_offered: float = 0.25
    discretion_after_interview: float = 0.5  # PD granted after interview when particular care applies


def _form(classification: Classification) -> DetainerForm | None:
    """The detainer form an officer uses on the day.

    Under PEP (2015) ICE "normally" asked for notification (I-247N) and asked to hold (I-247D) only with
    probable cause of removability; the simulated officers ask to hold for priority-1 convictions with
    probable cause, and for notification otherwise (an assumption about practice, not a rule).
    """
    forms = classification.detainer_forms
    if DetainerForm.I_247D in forms:
        clauses = set(classification.priority.value.clauses)
        probable_cause = bool(classification.detainer_boxes.get("probable_cause"))
        return DetainerForm.I_247D if probable_cause and clauses & PEP_HOLD_CLAUSES else DetainerForm.I_247N
    holds = [f for f in forms if f in HOLD_FORMS]
    return holds[0] if holds else None


class SimulatedOfficerPolicy:
    def __init__(self, seed: int, rates: PolicyRates | None = None) -> None:
        self.seed = seed
        self.rates = rates or PolicyRates()

    def _actor(self, case_id: str) -> str:
        return f"officer:sim-{int(draw(self.seed, case_id, 'officer') * 40):02d}"

    def on_iar(
        self, case_id: str, classification: Classification, *, removable: bool, deferred: bool
    ) -> Decision:
        actor = self._actor(case_id)
        advice = classification.detainer_advice.value
        if not removable:
            return Decision(
                DecisionKind.NO_ACTION, "LESC determined the person is not removable.", True, actor=actor
            )
        form = _form(classification)
        if form is None:
            return Decision(
                DecisionKind.NO_ACTION, "No detainer form is in use on this date.", True, actor=actor
            )
        if advice is DetainerAdvice.ELIGIBLE:
            kind = (
                DecisionKind.REQUEST_NOTIFICATION
                if form is DetainerForm.I_247N
                else DecisionKind.LODGE_DETAINER
            )
            return Decision(kind, f"Priority case; {form.value} in use.", True, form=form, actor=actor)
        if advice is DetainerAdvice.DISCRETION_REVIEW:
            if deferred or draw(self.seed, case_id, "lodge-despite") >= self.rates.lodge_despite_discretion:
                why = "Prosecutorial discretion: particular-care factors apply"
                why += " and a deferral was requested." if deferred else "."
                return Decision(DecisionKind.NO_ACTION, why, True, actor=actor)
            return Decision(
                DecisionKind.LODGE_DETAINER,
                "Officer's judgement: the negative factors outweigh the particular-care factors.",
                False,
                form=form,
                actor=actor,
            )
        if advice is DetainerAdvice.WAIT_FOR_CONVICTION:
            return Decision(
                DecisionKind.NO_ACTION,
                "Minor traffic offense only: wait for a conviction before acting.",
                True,
                actor=actor,
            )
        return Decision(
            DecisionKind.NO_ACTION, "Not a priority under the guidance in force.", True, actor=actor
        )

    def pickup_after(self, case_id: str) -> timedelta | None:
        if draw(self.seed, case_id, "pickup") >= self.rates.pickup_within_deadline:
            return None
        return timedelta(hours=draw(self.seed, case_id, "pickup-hours") * self.rates.pickup_hours_max)

    def supervisor_override(self, case_id: str, decision: Decision) -> str | None:
        """A protected case: the supervisor's recorded reason to proceed, or None (no override)."""
        if draw(self.seed, case_id, "override", decision.kind.value) >= self.rates.supervisor_overrides:
            return None
        return (
            f"Supervisor: {decision.kind.value.replace('_', ' ')} may proceed; the public-safety risk on the record "
            "outweighs the protection, and the protected person's interests were considered."
        )

    def verification_after(self, case_id: str) -> timedelta:
        return timedelta(
            hours=0.5 + draw(self.seed, case_id, "verify") * (self.rates.verification_hours_max - 0.5)
        )

    def after_interview(self, case_id: str, classification: Classification, *, deferred: bool) -> Decision:
        actor = self._actor(case_id)
        discretion = classification.discretion.value
        if deferred:
            return Decision(
                DecisionKind.PROSECUTORIAL_DISCRETION,
                "Removal deferred at the request of the prosecutor or jail (victim or witness).",
                True,
                actor=actor,
            )
        if (
            discretion.calls_for_review
            and draw(self.seed, case_id, "pd") < self.rates.discretion_after_interview
        ):
            return Decision(
                DecisionKind.PROSECUTORIAL_DISCRETION,
                "Particular-care factors found at interview: "
                + ", ".join(discretion.positive_particular_care),
                True,
                actor=actor,
            )
        if (
            classification.voluntary_return.value
            and draw(self.seed, case_id, "vr") < self.rates.voluntary_return_when_offered
        ):
            return Decision(
                DecisionKind.VOLUNTARY_RETURN, "Voluntary return offered and accepted.", True, actor=actor
            )
        clauses = classification.priority.value.clauses
        return Decision(
            DecisionKind.NTA,
            "Notice to Appear issued; priority " + (", ".join(clauses) or "none") + ".",
            True,
            actor=actor,
        )
