"""The ICE ERO field office: opens a case on each IAR, applies the rules as advice, records the officer's
decisions, lodges and lifts detainers, verifies citizenship before any hold begins, interviews and decides.

Two safeguards live here. A US-citizenship or crime-victim claim (from the jail or the LESC hotline) is
handled at once: the officer checks the authoritative citizenship records, and a citizen's detainer is
lifted ("United States Citizen Interviewed"). And no hold begins without that check: when the jail reports
that the person would otherwise be released, the hold is confirmed only after the records show the person
is not a citizen.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, ClassVar

from securecomm.agencies.base import Agency, latency
from securecomm.agencies.case_builder import case_from_iar
from securecomm.agencies.officer_policy import REMOVAL_STEPS, Decision, DecisionKind, OfficerPolicy
from securecomm.agencies.ports import CaseRecord, Unit
from securecomm.audit import AuditEvent, EventTag
from securecomm.ids import deterministic_id
from securecomm.messages import Address, Envelope, MessageKind, decode, encode
from securecomm.messages.booking import DeferRequest
from securecomm.messages.criminal_history import HistoryEvent
from securecomm.messages.custody import (
    CaseReviewDue,
    CitizenshipClaim,
    ClaimKind,
    CustodyEnded,
    CustodyOutcome,
    CustodyTransfer,
    DetainerDeclined,
    HoldAuthorized,
    InterviewDue,
    ReleaseNotice,
    VerificationDue,
)
from securecomm.messages.detainer import DetainerLifted, DetainerLodged, LiftReason
from securecomm.messages.immigration_query import Iar
from securecomm.rules import Classification, DetainerForm, RuleSet, classify_case

__all__ = ["FieldOffice"]

_BEFORE_CUSTODY = (DecisionKind.LODGE_DETAINER, DecisionKind.REQUEST_NOTIFICATION)


class FieldOffice(Agency):
    name = "ero"
    handles: ClassVar = {
        MessageKind.IAR: "on_iar",
        MessageKind.CASE_REVIEW_DUE: "on_review",
        MessageKind.DEFER_REQUEST: "on_defer",
        MessageKind.RELEASE_NOTICE: "on_release_notice",
        MessageKind.VERIFICATION_DUE: "on_verification",
        MessageKind.CITIZENSHIP_CLAIM: "on_claim",
        MessageKind.DETAINER_DECLINED: "on_declined",
        MessageKind.CUSTODY_ENDED: "on_custody_ended",
        MessageKind.INTERVIEW_DUE: "on_interview",
    }

    def __init__(self, ruleset: RuleSet, policy: OfficerPolicy | None) -> None:
        self.ruleset = ruleset
        self.policy = policy

    # -- the IAR: case, advice, decision ---------------------------------------------------------------------
    def on_iar(self, envelope: Envelope, unit: Unit) -> list[Envelope]:
        iar: Iar = envelope.payload
        search = iar.iaq.search
        at = envelope.deliver_at
        case_id = deterministic_id("case", search.booking_id)
        classification = self._classify(iar)
        record = CaseRecord(
            case_id=case_id,
            booking_id=search.booking_id,
            fips=search.fips,
            aor=iar.aor,
            opened_at=at,
            state="open",
            fin=iar.determination.fin,
            determination=encode(iar.determination),
            advice=classification.as_dict(),
            iar=encode(iar),
            defer=None,
            protected=classification.discretion.value.victim_witness_policy,
        )
        if not unit.records.open_case(record):
            return []
        office = envelope.recipient
        unit.audit.record(self._event(EventTag.CASE_OPENED, at, office, case_id, search.booking_id, envelope))
        unit.audit.record(
            self._event(
                EventTag.CASE_ADVICE_RECORDED,
                at,
                office,
                case_id,
                search.booking_id,
                envelope,
                data={
                    "priority": classification.priority.value.level.value,
                    "detainer_advice": classification.detainer_advice.value.value,
                    "rules": [f"{p.rule_id}@{p.rule_version}" for p in classification.parts()],
                },
            )
        )
        if self.policy is None:  # people decide, through the web application
            return []
        due = CaseReviewDue(booking_id=search.booking_id, case_id=case_id)
        delay = latency(timedelta(hours=1), timedelta(hours=12), case_id, "review")
        return [
            envelope.reply(MessageKind.CASE_REVIEW_DUE, due, sender=office, recipient=office, delay=delay)
        ]

    def on_review(self, envelope: Envelope, unit: Unit) -> list[Envelope]:
        """The simulated officer reviews the case and decides (people decide through `decide`)."""
        due: CaseReviewDue = envelope.payload
        case = unit.records.case_for_booking(due.booking_id)
        if case is None or case.state != "open" or self.policy is None:
            return []
        iar = decode(Iar, case.iar)
        decision = self.policy.on_iar(
            case.case_id,
            self._classify(iar),
            removable=iar.determination.removable,
            deferred=case.defer is not None,
        )
        decision = self._protected(case.case_id, decision, unit=unit, envelope=envelope)
        return self.decide(case, decision, unit=unit, envelope=envelope)

    def _protected(self, case_id: str, decision: Decision, *, unit: Unit, envelope: Envelope) -> Decision:
        """On a protected case a step toward removal needs a supervisor's recorded override; without one the
        simulated office takes no such step (people decide through the web application, which asks the same)."""
        if decision.kind.value not in REMOVAL_STEPS or self.policy is None:
            return decision
        if not unit.protection.requires_override(case_id):
            return decision
        reason = self.policy.supervisor_override(case_id, decision)
        if reason is not None:
            unit.protection.record_override(
                case_id, supervisor=f"{envelope.recipient}:supervisor", reason=reason, at=envelope.deliver_at
            )
            return decision
        kind = (
            DecisionKind.NO_ACTION
            if decision.kind in _BEFORE_CUSTODY
            else DecisionKind.PROSECUTORIAL_DISCRETION
        )
        return Decision(
            kind,
            "A protected person (victim, witness or complainant) is linked to this case and no supervisor "
            f"approved the {decision.kind.value.replace('_', ' ')}.",
            True,
            actor=decision.actor,
        )

    def decide(
        self, case: CaseRecord, decision: Decision, *, unit: Unit, envelope: Envelope
    ) -> list[Envelope]:
        """Record an officer's decision on a new case and carry it out (lodge a detainer, or not)."""
        at = envelope.deliver_at
        self.record_decision(unit, case.case_id, case.booking_id, decision, at=at, envelope=envelope)
        if decision.kind not in (DecisionKind.LODGE_DETAINER, DecisionKind.REQUEST_NOTIFICATION):
            unit.records.update_case(case.case_id, state="no_action")
            return []
        if decision.form is None:
            raise ValueError(f"case {case.case_id}: a {decision.kind.value} decision must name the form")
        iar = decode(Iar, case.iar)
        search = iar.iaq.search
        form = decision.form
        lodged = DetainerLodged(
            detainer_id=deterministic_id("det", case.case_id),
            booking_id=case.booking_id,
            form=form.value,
            issued_at=at,
            aor=case.aor,
            officer=decision.actor,
            boxes=self._boxes(self._classify(iar), form),
            requests_hold=form not in (DetainerForm.I_247N, DetainerForm.I_247X),
            operative_upon_conviction=False,
            notice_language=search.subject.language,
            reason=decision.reason,
        )
        unit.records.add_detainer(
            lodged, case_id=case.case_id, fips=case.fips, facility_tz=search.facility_tz
        )
        unit.records.update_case(case.case_id, state="detainer_lodged")
        unit.audit.record(
            self._event(
                EventTag.DETAINER_LODGED,
                at,
                decision.actor,
                lodged.detainer_id,
                case.booking_id,
                envelope,
                subject_type="detainer",
                data={"form": form.value, "boxes": list(lodged.boxes)},
                reason=decision.reason,
            )
        )
        out = [
            envelope.reply(
                MessageKind.DETAINER_LODGED,
                lodged,
                sender=Address.ero(case.aor),
                recipient=Address.custody(case.fips),
                delay=latency(timedelta(minutes=5), timedelta(minutes=30), case.case_id, "fax"),
            )
        ]
        if self.policy is not None and lodged.requests_hold:
            due = VerificationDue(
                booking_id=case.booking_id, case_id=case.case_id, detainer_id=lodged.detainer_id
            )
            delay = self.policy.verification_after(case.case_id)
            out.append(
                envelope.reply(
                    MessageKind.VERIFICATION_DUE,
                    due,
                    sender=Address.ero(case.aor),
                    recipient=Address.ero(case.aor),
                    delay=delay,
                )
            )
        return out

    def _classify(self, iar: Iar, extra: tuple[HistoryEvent, ...] = ()) -> Classification:
        booked_on = iar.iaq.search.booked_at.date()
        case = case_from_iar(iar, extra_convictions=extra, booked_on=booked_on)
        return classify_case(case, as_of=booked_on, ruleset=self.ruleset)

    @staticmethod
    def _boxes(classification: Classification, form: DetainerForm) -> tuple[str, ...]:
        boxes = classification.detainer_boxes
        if form is DetainerForm.I_247_2012:
            return tuple(boxes.get("criteria_2012", ()))
        if form in (DetainerForm.I_247D, DetainerForm.I_247N):
            return tuple(boxes.get("priority_2015", ())) + tuple(boxes.get("probable_cause", ()))
        if form is DetainerForm.I_247A:
            return tuple(boxes.get("probable_cause", ()))
        return ()

    # -- requests and claims --------------------------------------------------------------------------------
    def on_defer(self, envelope: Envelope, unit: Unit) -> list[Envelope]:
        request: DeferRequest = envelope.payload
        case = unit.records.case_for_booking(request.booking_id)
        if case is None:
            raise LookupError(f"defer request for booking {request.booking_id} without a case")
        unit.records.update_case(case.case_id, defer=encode(request), protected=True)
        unit.audit.record(
            self._event(
                EventTag.CASE_DEFER_RECEIVED,
                envelope.deliver_at,
                envelope.recipient,
                case.case_id,
                request.booking_id,
                envelope,
                reason=request.reason,
                data={"requested_by": request.requested_by},
            )
        )
        return []

    def on_claim(self, envelope: Envelope, unit: Unit) -> list[Envelope]:
        """A claim reaches the field office at once and is checked against the citizenship records."""
        claim: CitizenshipClaim = envelope.payload
        at = envelope.deliver_at
        claim_id = deterministic_id("claim", envelope.message_id)
        if not unit.records.add_claim(
            claim_id,
            booking_id=claim.booking_id,
            detainer_id=claim.detainer_id,
            kind=claim.kind.value,
            channel=claim.channel,
            at=claim.at,
        ):
            return []
        case = unit.records.case_for_booking(claim.booking_id)
        case_id = case.case_id if case else claim.booking_id
        unit.audit.record(
            self._event(
                EventTag.CASE_CLAIM_RECEIVED,
                at,
                envelope.recipient,
                case_id,
                claim.booking_id,
                envelope,
                data={"kind": claim.kind.value, "channel": claim.channel},
            )
        )
        actor = f"{envelope.recipient}:duty-officer"
        if claim.kind is ClaimKind.CRIME_VICTIM:
            if case is not None:
                unit.records.update_case(case.case_id, protected=True)
            unit.records.resolve_claim(claim_id, finding="referred_for_discretion", by=actor, at=at)
            return self.lift(
                unit,
                envelope,
                claim.booking_id,
                LiftReason.PROSECUTORIAL_DISCRETION,
                actor,
                "Crime-victim claim.",
            )
        finding = unit.citizenship.verify(claim.booking_id)
        unit.records.resolve_claim(
            claim_id, finding="us_citizen" if finding.is_citizen else "not_substantiated", by=actor, at=at
        )
        unit.audit.record(
            self._event(
                EventTag.CASE_CLAIM_RESOLVED,
                at,
                actor,
                case_id,
                claim.booking_id,
                envelope,
                data={"is_citizen": finding.is_citizen},
                reason=finding.basis,
            )
        )
        if not finding.is_citizen:
            return []
        if case is not None:
            unit.records.update_case(case.case_id, state="closed_us_citizen", closed_at=at)
        return self.lift(
            unit,
            envelope,
            claim.booking_id,
            LiftReason.USC_INTERVIEWED,
            actor,
            f"US citizen: {finding.basis}.",
        )

    # -- the hold: verify, confirm, pick up ---------------------------------------------------------------------
    def on_verification(self, envelope: Envelope, unit: Unit) -> list[Envelope]:
        """Before any hold: check the authoritative citizenship records; authorize the hold or lift."""
        due: VerificationDue = envelope.payload
        detainer = unit.records.detainer(due.detainer_id)
        if detainer is None or detainer.ended_at is not None:
            return []
        return self.verify(
            due.booking_id, unit=unit, envelope=envelope, actor=f"{envelope.recipient}:duty-officer"
        )

    def verify(self, booking_id: str, *, unit: Unit, envelope: Envelope, actor: str) -> list[Envelope]:
        """Verify citizenship for the booking's active detainer; a citizen's detainer is lifted at once."""
        detainer = unit.records.active_detainer_for_booking(booking_id)
        if detainer is None:
            return []
        at = envelope.deliver_at
        finding = unit.citizenship.verify(booking_id)
        case = unit.records.case_for_booking(booking_id)
        unit.audit.record(
            self._event(
                EventTag.CASE_STATUS_VERIFIED,
                at,
                actor,
                detainer.case_id,
                booking_id,
                envelope,
                data={"is_citizen": finding.is_citizen},
                reason=finding.basis,
            )
        )
        if finding.is_citizen:
            if case is not None:
                unit.records.update_case(case.case_id, state="closed_us_citizen", closed_at=at)
            note = f"Verified before any hold: US citizen ({finding.basis})."
            return self.lift(unit, envelope, booking_id, LiftReason.USC_INTERVIEWED, actor, note)
        unit.records.update_detainer(detainer.detainer_id, verified_at=at)
        authorized = HoldAuthorized(
            booking_id=booking_id,
            detainer_id=detainer.detainer_id,
            at=at,
            officer=actor,
            verification=f"citizenship records checked: {finding.basis}",
        )
        return [
            envelope.reply(
                MessageKind.HOLD_AUTHORIZED,
                authorized,
                sender=Address.ero(detainer.aor),
                recipient=Address.custody(detainer.fips),
            )
        ]

    def on_release_notice(self, envelope: Envelope, unit: Unit) -> list[Envelope]:
        """The person would otherwise be released now: if the jail holds them, arrange the pickup."""
        notice: ReleaseNotice = envelope.payload
        detainer = unit.records.detainer(notice.detainer_id)
        if (
            detainer is None
            or detainer.ended_at is not None
            or notice.deadline_at is None
            or self.policy is None
        ):
            return []
        case = unit.records.case_for_booking(notice.booking_id)
        if case is None:
            raise LookupError(f"release notice for booking {notice.booking_id} without a case")
        pickup = self.policy.pickup_after(case.case_id)
        at = envelope.deliver_at
        if pickup is None or at + pickup >= notice.deadline_at:
            return []
        transfer = CustodyTransfer(
            notice.booking_id, notice.detainer_id, at + pickup, f"{envelope.recipient}:transport"
        )
        return [
            envelope.reply(
                MessageKind.CUSTODY_TRANSFER,
                transfer,
                sender=envelope.recipient,
                recipient=envelope.sender,
                delay=pickup,
            )
        ]

    def on_declined(self, envelope: Envelope, unit: Unit) -> list[Envelope]:
        declined: DetainerDeclined = envelope.payload
        self._end_detainer(
            unit, envelope, declined.detainer_id, LiftReason.DECLINED_BY_LEA, envelope.sender, declined.reason
        )
        return []

    def on_custody_ended(self, envelope: Envelope, unit: Unit) -> list[Envelope]:
        ended: CustodyEnded = envelope.payload
        case = unit.records.case_for_booking(ended.booking_id)
        if case is None:
            return []
        if ended.outcome is CustodyOutcome.TRANSFERRED_TO_ICE:
            unit.records.update_case(case.case_id, state="in_ice_custody")
            due = InterviewDue(booking_id=ended.booking_id, case_id=case.case_id)
            delay = latency(timedelta(hours=12), timedelta(days=3), case.case_id, "interview")
            return [
                envelope.reply(
                    MessageKind.INTERVIEW_DUE,
                    due,
                    sender=envelope.recipient,
                    recipient=envelope.recipient,
                    delay=delay,
                )
            ]
        if case.state not in ("closed_us_citizen",):
            unit.records.update_case(case.case_id, state="released_by_jail", closed_at=ended.at)
        return []

    def on_interview(self, envelope: Envelope, unit: Unit) -> list[Envelope]:
        due: InterviewDue = envelope.payload
        case = unit.records.case_for_booking(due.booking_id)
        if case is None or case.state != "in_ice_custody" or self.policy is None:
            return []
        iar = decode(Iar, case.iar)
        classification = self._classify(iar)
        decision = self.policy.after_interview(case.case_id, classification, deferred=case.defer is not None)
        decision = self._protected(case.case_id, decision, unit=unit, envelope=envelope)
        self.record_decision(
            unit, case.case_id, due.booking_id, decision, at=envelope.deliver_at, envelope=envelope
        )
        unit.records.update_case(
            case.case_id, state=f"decided_{decision.kind.value}", closed_at=envelope.deliver_at
        )
        return []

    # -- helpers ------------------------------------------------------------------------------------------------
    def lift(
        self, unit: Unit, envelope: Envelope, booking_id: str, reason: LiftReason, actor: str, note: str
    ) -> list[Envelope]:
        """Lift the booking's active detainer with one of the historic lift reasons; tell the jail."""
        detainer = unit.records.active_detainer_for_booking(booking_id)
        if detainer is None:
            return []
        self._end_detainer(unit, envelope, detainer.detainer_id, reason, actor, note)
        lifted = DetainerLifted(detainer.detainer_id, booking_id, reason, envelope.deliver_at, actor, note)
        return [
            envelope.reply(
                MessageKind.DETAINER_LIFTED,
                lifted,
                sender=Address.ero(detainer.aor),
                recipient=Address.custody(detainer.fips),
            )
        ]

    def _end_detainer(
        self, unit: Unit, envelope: Envelope, detainer_id: str, reason: LiftReason, actor: str, note: str
    ) -> None:
        detainer = unit.records.detainer(detainer_id)
        if detainer is None or detainer.ended_at is not None:
            return
        unit.records.update_detainer(
            detainer_id,
            state="lifted",
            ended_at=envelope.deliver_at,
            end_kind="lifted",
            lift_reason=reason.value,
        )
        unit.audit.record(
            self._event(
                EventTag.DETAINER_LIFTED,
                envelope.deliver_at,
                actor,
                detainer_id,
                detainer.booking_id,
                envelope,
                subject_type="detainer",
                data={"lift_reason": reason.value},
                reason=note,
            )
        )

    def record_decision(
        self, unit: Unit, case_id: str, booking_id: str, decision: Decision, *, at: Any, envelope: Envelope
    ) -> None:
        """Record an officer's decision as an act: actor, reason, whether it follows the advice, audited."""
        decision_id = deterministic_id("dec", case_id, decision.kind.value, envelope.message_id)
        unit.records.record_decision(
            case_id,
            decision_id=decision_id,
            kind=decision.kind.value,
            actor=decision.actor,
            reason=decision.reason,
            at=at,
            follows_advice=decision.follows_advice,
            data={"form": decision.form.value if decision.form else None},
        )
        unit.audit.record(
            self._event(
                EventTag.CASE_DECISION_RECORDED,
                at,
                decision.actor,
                case_id,
                booking_id,
                envelope,
                data={"kind": decision.kind.value, "follows_advice": decision.follows_advice},
                reason=decision.reason,
            )
        )

    @staticmethod
    def _event(
        tag: EventTag,
        at: Any,
        actor: str,
        subject_id: str,
        booking_id: str,
        envelope: Envelope,
        *,
        subject_type: str = "case",
        data: dict[str, Any] | None = None,
        reason: str | None = None,
    ) -> AuditEvent:
        return AuditEvent(
            tag=tag,
            at=at,
            actor=actor,
            subject_type=subject_type,
            subject_id=subject_id,
            correlation_id=booking_id,
            origin=envelope.message_id,
            data=data or {},
            reason=reason,
        )
