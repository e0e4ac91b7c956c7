"""A field-office officer's acts on a case, through the agency that records them (`FieldOffice`).

The rules advise; the officer decides, and each decision is a recorded act with the officer as actor and
the officer's reason. Acts that the case's state does not allow are refused with what to do instead:

* the first decision on an open case: lodge a detainer on a form in use that day, request notification
  (only when a notification-only form is in use: I-247N from July 2015), or no action;
* lift an active detainer, with one of the historic lift reasons (domain.md §3.7);
* verify citizenship against the authoritative records (required before any hold may begin; a citizen's
  detainer is lifted at once, "United States Citizen Interviewed");
* take the person into ICE custody while the jail holds them under the detainer;
* after that transfer, the interview decision: Notice to Appear, voluntary return, release, or
  prosecutorial discretion.

A protected case (a victim or witness, a complainant or a reported retaliation victim linked to it) needs a
supervisor's recorded override before removal proceeds — before a detainer or notification request is
lodged and before a Notice to Appear or voluntary return (`ProtectionService.requires_override`).

`FieldOffice` exposes `decide` and `verify`; the lift and the interview decision use its own helpers
(`lift`, `record_decision`) so that the records, audit events and messages are exactly those the
agency writes for its simulated officers.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from securecomm.agencies.officer_policy import Decision, DecisionKind
from securecomm.agencies.ports import CaseRecord, Unit
from securecomm.audit import EventTag
from securecomm.complaints.model import Actor
from securecomm.complaints.protection import OverrideRequirement, ProtectionService
from securecomm.messages import Address, Envelope, MessageKind
from securecomm.messages.custody import CaseReviewDue, CustodyTransfer, InterviewDue, VerificationDue
from securecomm.storage.agency_tables import CaseRow, DetainerRow
from securecomm.storage.complaint_records import complaint_services
from securecomm.web.case_choices import (
    FIRST_DECISIONS,
    INTERVIEW_DECISIONS,
    REMOVAL_STEPS,
    STEP_WORDS,
    choose_form,
    decision_forms,
    follows_advice,
    parse_kind,
    parse_lift_reason,
)
from securecomm.web.flow import ActContext, ActRefused, FlowGateway, act_envelope, required_text

__all__ = [
    "FIRST_DECISIONS",
    "INTERVIEW_DECISIONS",
    "decide",
    "decide_after_interview",
    "lift",
    "override_requirement",
    "record_override",
    "take_custody",
    "verify",
]


def _case_row(session: Session, case_id: str) -> CaseRow:
    row = session.get(CaseRow, case_id)
    if row is None:
        raise ActRefused(f"no case {case_id!r}", where="case_id")
    return row


def _record(unit: Unit, row: CaseRow) -> CaseRecord:
    record = unit.records.case_for_booking(row.booking_id)
    if record is None:  # the row was read in this very transaction
        raise ActRefused(f"case {row.case_id} has no record for booking {row.booking_id}", where="case_id")
    return record


def _protection(session: Session, unit: Unit, gateway: FlowGateway) -> ProtectionService:
    return complaint_services(session, unit.audit, gateway.clock)[1]


def override_requirement(session: Session, gateway: FlowGateway, case_id: str) -> OverrideRequirement:
    """Whether removal on the case waits for a supervisor's override (read-only; no audit sink needed)."""
    return complaint_services(session, _NoAudit(), gateway.clock)[1].requires_override(case_id)


class _NoAudit:
    def record(self, event: object) -> None:
        raise RuntimeError("a read of the protection flag must not write audit events")


def _require_override(
    session: Session, unit: Unit, gateway: FlowGateway, row: CaseRow, kind: DecisionKind
) -> None:
    if kind not in REMOVAL_STEPS:
        return
    if _protection(session, unit, gateway).requires_override(row.case_id).required:
        raise ActRefused(
            f"this case is protected: a supervisor must record an override (name and reason) before you "
            f"{STEP_WORDS[kind]}",
            where="decision",
        )


def _active_detainer(session: Session, row: CaseRow) -> DetainerRow:
    detainer = session.scalar(
        select(DetainerRow)
        .where(DetainerRow.booking_id == row.booking_id, DetainerRow.ended_at.is_(None))
        .where(DetainerRow.state.in_(("lodged", "received", "served", "holding")))
        .order_by(DetainerRow.issued_at.desc())
    )
    if detainer is None:
        raise ActRefused(f"case {row.case_id} has no active detainer", where="detainer")
    return detainer


def decide(
    gateway: FlowGateway,
    context: ActContext,
    case_id: str,
    *,
    decision: str,
    reason: str,
    at: datetime,
    form: str | None = None,
) -> list[Envelope]:
    """The first decision on an open case, carried out by `FieldOffice.decide`."""
    kind = parse_kind(decision, FIRST_DECISIONS, where="decision")
    text = required_text(reason, where="reason", what="the reason for the decision")

    def action(session: Session, unit: Unit) -> list[Envelope]:
        row = _case_row(session, case_id)
        if row.state != "open":
            raise ActRefused(
                f"case {case_id} is {row.state.replace('_', ' ')}: its first decision is already recorded",
                where="decision",
            )
        chosen = None
        if kind is not DecisionKind.NO_ACTION:
            chosen = choose_form(kind, form, decision_forms(at.date(), ruleset=gateway.ruleset))
            _require_override(session, unit, gateway, row, kind)
        officer = Decision(kind, text, follows_advice(row, kind), form=chosen, actor=context.actor)
        trigger = act_envelope(
            MessageKind.CASE_REVIEW_DUE,
            CaseReviewDue(booking_id=row.booking_id, case_id=row.case_id),
            sender=Address.ero(row.aor),
            recipient=Address.ero(row.aor),
            booking_id=row.booking_id,
            at=at,
            context=context,
        )
        return gateway.system.field_office.decide(_record(unit, row), officer, unit=unit, envelope=trigger)

    return gateway.act(action, at=at, context=context)


def lift(
    gateway: FlowGateway, context: ActContext, case_id: str, *, lift_reason: str, reason: str, at: datetime
) -> list[Envelope]:
    """Lift the case's active detainer: a recorded decision, the detainer ended, the jail told."""
    why = parse_lift_reason(lift_reason)
    text = required_text(reason, where="reason", what="the reason for lifting the detainer")

    def action(session: Session, unit: Unit) -> list[Envelope]:
        row = _case_row(session, case_id)
        _active_detainer(session, row)
        office = gateway.system.field_office
        trigger = act_envelope(
            MessageKind.CASE_REVIEW_DUE,
            CaseReviewDue(booking_id=row.booking_id, case_id=row.case_id),
            sender=Address.ero(row.aor),
            recipient=Address.ero(row.aor),
            booking_id=row.booking_id,
            at=at,
            context=context,
        )
        officer = Decision(
            DecisionKind.LIFT_DETAINER,
            text,
            follows_advice(row, DecisionKind.LIFT_DETAINER),
            actor=context.actor,
        )
        office.record_decision(unit, row.case_id, row.booking_id, officer, at=at, envelope=trigger)
        out = office.lift(unit, trigger, row.booking_id, why, context.actor, text)
        if row.state == "detainer_lodged":
            unit.records.update_case(row.case_id, state="detainer_lifted")
        return out

    return gateway.act(action, at=at, context=context)


def verify(gateway: FlowGateway, context: ActContext, case_id: str, *, at: datetime) -> list[Envelope]:
    """Check the citizenship records for the case's active detainer (`FieldOffice.verify`).

    Not a citizen: the hold is authorized (the jail may hold at release). A citizen: the detainer is
    lifted at once and the case closed. The records' finding is the act's reason.
    """

    def action(session: Session, unit: Unit) -> list[Envelope]:
        row = _case_row(session, case_id)
        detainer = _active_detainer(session, row)
        trigger = act_envelope(
            MessageKind.VERIFICATION_DUE,
            VerificationDue(booking_id=row.booking_id, case_id=row.case_id, detainer_id=detainer.detainer_id),
            sender=Address.ero(row.aor),
            recipient=Address.ero(row.aor),
            booking_id=row.booking_id,
            at=at,
            context=context,
        )
        try:
            return gateway.system.field_office.verify(
                row.booking_id, unit=unit, envelope=trigger, actor=context.actor
            )
        except LookupError as error:  # the records hold nothing for this booking
            raise ActRefused(
                f"the citizenship records could not be consulted for booking {row.booking_id} ({error})",
                where="verify",
            ) from None

    return gateway.act(action, at=at, context=context)


def take_custody(
    gateway: FlowGateway, context: ActContext, case_id: str, *, reason: str, at: datetime
) -> list[Envelope]:
    """ICE officers take the person from the jail while the hold runs (the jail then ends its custody)."""
    text = required_text(
        reason, where="reason", what="a note on the transfer (officers, vehicle, destination)"
    )

    def action(session: Session, unit: Unit) -> list[Envelope]:
        row = _case_row(session, case_id)
        detainer = _active_detainer(session, row)
        if detainer.state != "holding":
            raise ActRefused(
                f"the jail is not holding the person under detainer {detainer.detainer_id} "
                f"({detainer.state.replace('_', ' ')}); ICE takes custody only while the hold runs",
                where="custody",
            )
        if detainer.deadline_at is not None and at > detainer.deadline_at:
            raise ActRefused(
                "the hold's deadline has passed: the jail must release the person", where="custody"
            )
        trigger = act_envelope(
            MessageKind.CASE_REVIEW_DUE,
            CaseReviewDue(booking_id=row.booking_id, case_id=row.case_id),
            sender=Address.ero(row.aor),
            recipient=Address.ero(row.aor),
            booking_id=row.booking_id,
            at=at,
            context=context,
        )
        unit.audit.record(
            context.event(
                EventTag.CUSTODY_TAKEN,
                at=at,
                subject_type="case",
                subject_id=row.case_id,
                correlation_id=row.booking_id,
                reason=text,
                detainer_id=detainer.detainer_id,
            )
        )
        transfer = CustodyTransfer(row.booking_id, detainer.detainer_id, at, context.actor)
        return [
            trigger.reply(
                MessageKind.CUSTODY_TRANSFER,
                transfer,
                sender=Address.ero(row.aor),
                recipient=Address.custody(detainer.fips),
            )
        ]

    return gateway.act(action, at=at, context=context)


def decide_after_interview(
    gateway: FlowGateway, context: ActContext, case_id: str, *, decision: str, reason: str, at: datetime
) -> list[Envelope]:
    """The decision after the interview of a person in ICE custody; it closes the case."""
    kind = parse_kind(decision, INTERVIEW_DECISIONS, where="decision")
    text = required_text(reason, where="reason", what="the reason for the decision")

    def action(session: Session, unit: Unit) -> list[Envelope]:
        row = _case_row(session, case_id)
        if row.state != "in_ice_custody":
            raise ActRefused(
                f"case {case_id} is {row.state.replace('_', ' ')}: the interview decision comes after the "
                "person is transferred to ICE custody",
                where="decision",
            )
        _require_override(session, unit, gateway, row, kind)
        trigger = act_envelope(
            MessageKind.INTERVIEW_DUE,
            InterviewDue(booking_id=row.booking_id, case_id=row.case_id),
            sender=Address.ero(row.aor),
            recipient=Address.ero(row.aor),
            booking_id=row.booking_id,
            at=at,
            context=context,
        )
        officer = Decision(kind, text, follows_advice(row, kind), actor=context.actor)
        gateway.system.field_office.record_decision(
            unit, row.case_id, row.booking_id, officer, at=at, envelope=trigger
        )
        unit.records.update_case(row.case_id, state=f"decided_{kind.value}", closed_at=at)
        return []

    return gateway.act(action, at=at, context=context)


def record_override(
    gateway: FlowGateway, context: ActContext, case_id: str, *, supervisor: str, reason: str, at: datetime
) -> list[Envelope]:
    """A supervisor's recorded override on a protected case: removal may proceed (`ProtectionService`)."""
    name = required_text(supervisor, where="supervisor", what="the supervisor's name", limit=50)
    text = required_text(reason, where="reason", what="the supervisor's reason for the override")

    def action(session: Session, unit: Unit) -> list[Envelope]:
        _case_row(session, case_id)
        who = Actor(name=f"supervisor:{name}", role="ero", origin=context.origin, route=context.route)
        _protection(session, unit, gateway).record_override(case_id, supervisor=who, reason=text)
        return []

    return gateway.act(action, at=at, context=context)
