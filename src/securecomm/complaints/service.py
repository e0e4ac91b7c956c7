"""The complaint workflow as recorded acts: intake, acknowledgment, triage, assignment, deadlines, notes,
links, referral to DOJ and its answer, investigation (with the DOJ liaison notified), findings, closure.

Each act checks the state machine (`workflow`), changes the complaint, adds a line to its history and one
audit event, and issues the form letter that goes with it, all through the ports of one transaction. Acts
that need a reason refuse to go without one (`ActionError` naming the field).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from securecomm.audit import AuditSink
from securecomm.clock import Clock
from securecomm.complaints.errors import ActionError, UnknownComplaint
from securecomm.complaints.letters import compose_letter, delivery_for
from securecomm.complaints.model import (
    Actor,
    ClosureOutcome,
    ComplaintDraft,
    ComplaintRecord,
    Deadline,
    DojDecision,
    Finding,
    HistoryEntry,
    LetterKind,
    LetterRecord,
    Link,
    LinkKind,
    Note,
    PartyRole,
    Referral,
    ReferralTarget,
    Route,
    Status,
)
from securecomm.complaints.ports import (
    ComplaintRepository,
    DojNotice,
    FindingRecord,
    ProtectionBasis,
)
from securecomm.complaints.protection import ProtectionService
from securecomm.complaints.protocol import protocol
from securecomm.complaints.receipts import new_receipt, parse_receipt
from securecomm.complaints.tags import ComplaintTag, event
from securecomm.complaints.triage import advise_route
from securecomm.complaints.workflow import PUBLIC_STATUS, Act, PublicStatus, next_status

__all__ = ["MAX_TEXT", "ComplaintService", "PublicStatusView"]

MAX_TEXT = 5000  # characters in a note, reason or recommendation
_CLOSURE_FROM = {
    ClosureOutcome.INVESTIGATED: {Status.FINDINGS_RECORDED},
    ClosureOutcome.REFERRED: {Status.REFERRED_JIC, Status.REFERRED_OTHER, Status.DOJ_ACCEPTED},
}


@dataclass(frozen=True, slots=True)
class PublicStatusView:
    """All the status page shows: the receipt, the public status and since when (the id is for the audit)."""

    complaint_id: str
    receipt: str
    status: PublicStatus
    since: date


def _text(value: str | None, *, where: str, required: bool, minimum: int = 1) -> str:
    text = (value or "").strip()
    if required and len(text) < minimum:
        raise ActionError(
            "is required: say why, in a sentence" if minimum > 1 else "is required", where=where
        )
    if len(text) > MAX_TEXT:
        raise ActionError(f"is {len(text)} characters; at most {MAX_TEXT}", where=where)
    return text


class ComplaintService:
    """CRCL's acts on complaints, and the public's two: filing one and asking its status."""

    def __init__(
        self,
        repository: ComplaintRepository,
        protection: ProtectionService,
        audit: AuditSink,
        clock: Clock,
        *,
        entropy: Callable[[int], bytes],
    ) -> None:
        self.repository = repository
        self.protection = protection
        self.program = protection.program
        self.audit = audit
        self.clock = clock
        self.entropy = entropy

    # -- the public ------------------------------------------------------------------------------------------
    def submit(self, draft: ComplaintDraft, *, actor: Actor) -> ComplaintRecord:
        """Store a validated complaint with a fresh receipt number and its first deadlines."""
        at = self.clock.now()
        received_on = draft.received_on or at.date()
        receipt = new_receipt(self.entropy)
        while self.repository.receipt_taken(receipt):  # 80 random bits: practically never
            receipt = new_receipt(self.entropy)
        complaint_id = f"cmp-{self.entropy(8).hex()}"
        self.repository.add(complaint_id, receipt, draft, received_at=at, received_on=received_on)
        days = protocol().deadlines(on=received_on)
        for kind in ("acknowledge", "triage"):
            due = received_on + timedelta(days=days[kind])
            self.repository.add_deadline(Deadline(complaint_id, kind, due, at, "protocol"))
        self.repository.add_history(
            HistoryEntry(complaint_id, at, actor.name, "received", Status.RECEIVED, Status.RECEIVED,
                         details=(("channel", draft.channel.value), ("language", draft.language)))
        )  # fmt: skip
        self.audit.record(
            event(
                ComplaintTag.RECEIVED,
                at=at,
                actor=actor,
                subject_type="complaint",
                subject_id=complaint_id,
                channel=draft.channel.value,
                language=draft.language,
                anonymous=draft.identity.anonymous,
                witnesses=len(draft.witnesses),
                attachments=len(draft.attachments),
            )
        )
        stored = self.repository.get(complaint_id)
        assert stored is not None
        return stored

    def public_status(self, receipt_text: str) -> PublicStatusView:
        """The status of the complaint with this receipt, and nothing else about it."""
        receipt = parse_receipt(receipt_text)
        found = self.repository.by_receipt(receipt)
        if found is None:
            raise UnknownComplaint("no complaint has this receipt number", where="receipt")
        return PublicStatusView(
            found.complaint_id, receipt, PUBLIC_STATUS[found.status], found.status_at.date()
        )

    # -- helpers ----------------------------------------------------------------------------------------------
    def get(self, complaint_id: str) -> ComplaintRecord:
        found = self.repository.get(complaint_id)
        if found is None:
            raise UnknownComplaint(f"no complaint {complaint_id!r}", where="complaint_id")
        return found

    def _act(
        self,
        complaint: ComplaintRecord,
        act: Act,
        tag: ComplaintTag,
        *,
        actor: Actor,
        reason: str | None,
        variant: str = "",
        route: Route | None = None,
        closure: ClosureOutcome | None = None,
        **details: str,
    ) -> Status:
        to = next_status(
            complaint.status, act, variant=variant, subject=f"complaint {complaint.complaint_id}"
        )
        at = self.clock.now()
        if to is not complaint.status or route is not None or closure is not None:
            self.repository.set_status(complaint.complaint_id, to, at=at, route=route, closure=closure)
        self.repository.add_history(
            HistoryEntry(complaint.complaint_id, at, actor.name, act.value, complaint.status, to, reason or None,
                         tuple(sorted(details.items())))
        )  # fmt: skip
        self.audit.record(
            event(tag, at=at, actor=actor, subject_type="complaint", subject_id=complaint.complaint_id,
                  reason=reason or None, from_status=complaint.status.value, to_status=to.value, **details)
        )  # fmt: skip
        return to

    def _letter(
        self,
        complaint: ComplaintRecord,
        kind: LetterKind,
        *,
        actor: Actor,
        referral: ReferralTarget | None = None,
        identity_shared: bool | None = None,
        closure: ClosureOutcome | None = None,
    ) -> None:
        identity = self.repository.identity(complaint.complaint_id)
        at = self.clock.now()
        letter = compose_letter(
            kind,
            language=complaint.language,
            receipt=complaint.receipt,
            identity=identity,
            received_on=complaint.received_on,
            today=at.date(),
            referral=referral,
            identity_shared=identity_shared,
            closure=closure,
        )
        delivery = delivery_for(identity)
        self.repository.add_letter(
            LetterRecord(complaint.complaint_id, kind, complaint.language, at, actor.name, letter.subject,
                         letter.body, delivery)
        )  # fmt: skip
        self.audit.record(
            event(ComplaintTag.LETTER_ISSUED, at=at, actor=actor, subject_type="complaint",
                  subject_id=complaint.complaint_id, kind=kind.value, language=complaint.language, delivery=delivery)
        )  # fmt: skip

    def _deadline(self, complaint_id: str, kind: str, *, days_from: date) -> None:
        days = protocol().deadlines(on=days_from)[kind]
        self.repository.add_deadline(
            Deadline(complaint_id, kind, days_from + timedelta(days=days), self.clock.now(), "protocol")
        )

    # -- CRCL's acts ------------------------------------------------------------------------------------------
    def acknowledge(self, complaint_id: str, *, actor: Actor) -> None:
        """Acknowledge receipt; the acknowledgment letter goes out in the complainant's language."""
        complaint = self.get(complaint_id)
        self._act(complaint, Act.ACKNOWLEDGE, ComplaintTag.ACKNOWLEDGED, actor=actor, reason=None)
        self.repository.meet_deadlines(complaint_id, "acknowledge", at=self.clock.now())
        self._letter(complaint, LetterKind.ACKNOWLEDGMENT, actor=actor)

    def triage(self, complaint_id: str, route: Route, *, actor: Actor, reason: str | None = None) -> None:
        """Record the routing decision; departing from the protocol's advice needs a reason.

        DHS-employee conduct is referred to the Joint Intake Center (identity shared only with the
        complainant's consent to sharing within DHS); "other" is referred elsewhere; both get a letter.
        """
        complaint = self.get(complaint_id)
        advice = advise_route(complaint, self.repository.links(complaint_id))
        follows = route is advice.route
        why = _text(reason, where="reason", required=not follows, minimum=10)
        self._act(complaint, Act.TRIAGE, ComplaintTag.TRIAGED, actor=actor, reason=why, variant=route.value,
                  route=route, advised=advice.route.value, follows_advice=str(follows).lower())  # fmt: skip
        self.repository.meet_deadlines(complaint_id, "triage", at=self.clock.now())
        if route is Route.CRCL_REVIEW:
            return
        target = ReferralTarget.JIC if route is Route.JIC else ReferralTarget.OTHER
        shared = complaint.consent.share_with_dhs if target is ReferralTarget.JIC else False
        self.repository.add_referral(
            Referral(complaint_id, target, self.clock.now(), actor.name, why or advice.reasons[0], shared)
        )
        self._letter(complaint, LetterKind.REFERRAL, actor=actor, referral=target, identity_shared=shared)

    def assign(self, complaint_id: str, assignee: str | None, *, actor: Actor) -> None:
        complaint = self.get(complaint_id)
        self._act(
            complaint, Act.ASSIGN, ComplaintTag.ASSIGNED, actor=actor, reason=None, assignee=assignee or ""
        )
        self.repository.set_assignee(complaint_id, assignee or None)

    def add_note(self, complaint_id: str, text: str, *, actor: Actor) -> None:
        complaint = self.get(complaint_id)
        body = _text(text, where="note", required=True)
        self._act(complaint, Act.NOTE, ComplaintTag.NOTE_ADDED, actor=actor, reason=None)
        self.repository.add_note(Note(complaint_id, self.clock.now(), actor.name, body))

    def set_deadline(self, complaint_id: str, label: str, due_on: date, *, actor: Actor) -> None:
        complaint = self.get(complaint_id)
        kind = _text(label, where="label", required=True)[:40]
        if due_on < self.clock.now().date():
            raise ActionError(f"{due_on.isoformat()} is in the past; a deadline lies ahead", where="due_on")
        self._act(complaint, Act.SET_DEADLINE, ComplaintTag.DEADLINE_SET, actor=actor, reason=None,
                  label=kind, due_on=due_on.isoformat())  # fmt: skip
        self.repository.add_deadline(Deadline(complaint_id, kind, due_on, self.clock.now(), actor.name))

    def link(
        self,
        complaint_id: str,
        kind: LinkKind,
        target: str,
        party: PartyRole,
        *,
        actor: Actor,
        reason: str | None,
    ) -> Link:
        """Link the complaint to a booking, an ICE case or a jurisdiction.

        When the booking or case belongs to the complainant or a witness, they are protected: the ICE case
        is flagged and removal needs a supervisory override (see `protection`).
        """
        complaint = self.get(complaint_id)
        target = target.strip()
        fips, booking_id = self._resolve(kind, target, party)
        why = _text(reason, where="reason", required=False)
        self._act(complaint, Act.LINK, ComplaintTag.LINKED, actor=actor, reason=why,
                  kind=kind.value, target=target, party=party.value)  # fmt: skip
        link = Link(complaint_id, kind, target, party, self.clock.now(), actor.name, fips)
        self.repository.add_link(link)
        if booking_id is not None and party is not PartyRole.NONE:
            self.protection.protect(
                booking_id=booking_id,
                basis=ProtectionBasis.COMPLAINT_PARTY,
                source_id=complaint_id,
                actor=actor,
            )
        return link

    def _resolve(self, kind: LinkKind, target: str, party: PartyRole) -> tuple[str | None, str | None]:
        """The linked record's county and booking id, or ActionError when it does not exist."""
        if kind is LinkKind.JURISDICTION:
            if party is not PartyRole.NONE:
                raise ActionError("a jurisdiction is not a person's record; use party 'none'", where="party")
            fips = target.zfill(5) if target.isdigit() else target
            if not self.program.jurisdiction_exists(fips):
                raise ActionError(f"no jurisdiction with FIPS {target!r}", where="target")
            return fips, None
        if kind is LinkKind.BOOKING:
            booking = self.program.booking(target)
            if booking is None:
                raise ActionError(f"no booking {target!r}", where="target")
            return booking.fips, booking.booking_id
        case = self.program.case(target)
        if case is None:
            raise ActionError(f"no ICE case {target!r}", where="target")
        return case.fips, case.booking_id

    def refer_doj(self, complaint_id: str, *, actor: Actor, reason: str) -> None:
        """Refer to the DOJ Civil Rights Division; identity goes only with the complainant's consent."""
        complaint = self.get(complaint_id)
        why = _text(reason, where="reason", required=True, minimum=10)
        self._act(complaint, Act.REFER_DOJ, ComplaintTag.REFERRED, actor=actor, reason=why, target="doj")
        shared = complaint.consent.share_with_doj
        at = self.clock.now()
        self.repository.add_referral(Referral(complaint_id, ReferralTarget.DOJ, at, actor.name, why, shared))
        self._deadline(complaint_id, "doj_answer", days_from=at.date())
        self._letter(
            complaint, LetterKind.REFERRAL, actor=actor, referral=ReferralTarget.DOJ, identity_shared=shared
        )

    def record_doj_decision(
        self, complaint_id: str, decision: DojDecision, *, actor: Actor, reason: str
    ) -> None:
        """DOJ's answer to the referral (recorded by the DOJ liaison, or by CRCL from DOJ's letter).

        Recording the same answer again (both offices entering DOJ's letter) changes nothing; a different answer
        once one is recorded is refused by the state machine.
        """
        complaint = self.get(complaint_id)
        why = _text(reason, where="reason", required=True, minimum=10)
        answered = {Status.DOJ_ACCEPTED: DojDecision.ACCEPTED, Status.DOJ_DECLINED: DojDecision.DECLINED}
        if answered.get(complaint.status) is decision:
            return
        self._act(complaint, Act.DOJ_DECISION, ComplaintTag.DOJ_DECISION_RECORDED, actor=actor, reason=why,
                  variant=decision.value, decision=decision.value)  # fmt: skip
        at = self.clock.now()
        self.repository.decide_referral(
            complaint_id, ReferralTarget.DOJ, decision=decision, at=at, by=actor.name, reason=why
        )
        self.repository.meet_deadlines(complaint_id, "doj_answer", at=at)

    def open_investigation(self, complaint_id: str, *, actor: Actor, reason: str) -> DojNotice:
        """Open a CRCL investigation; the DOJ liaison is notified of it in the same act (recorded)."""
        complaint = self.get(complaint_id)
        why = _text(reason, where="reason", required=True, minimum=10)
        self._act(
            complaint, Act.OPEN_INVESTIGATION, ComplaintTag.INVESTIGATION_OPENED, actor=actor, reason=why
        )
        at = self.clock.now()
        rules = protocol().doj_notification
        notice = DojNotice(
            complaint_id,
            at,
            actor.name,
            "investigation_opened",
            f"CRCL opened an investigation of complaint {complaint_id} ({complaint.incident.conduct.value} conduct). "
            + rules.reason,
        )
        self.repository.add_doj_notice(notice)
        self.audit.record(
            event(ComplaintTag.DOJ_LIAISON_NOTIFIED, at=at, actor=actor, subject_type="complaint",
                  subject_id=complaint_id, kind=notice.kind, references=[r.id for r in rules.references])
        )  # fmt: skip
        self._deadline(complaint_id, "findings", days_from=at.date())
        return notice

    def record_findings(
        self,
        complaint_id: str,
        finding: Finding,
        recommendations: Sequence[str],
        *,
        actor: Actor,
        reason: str,
    ) -> None:
        complaint = self.get(complaint_id)
        why = _text(reason, where="reason", required=True, minimum=10)
        items = tuple(r.strip() for r in recommendations if r.strip())
        for item in items:
            _text(item, where="recommendations", required=True)
        self._act(complaint, Act.RECORD_FINDINGS, ComplaintTag.FINDINGS_RECORDED, actor=actor, reason=why,
                  finding=finding.value, recommendations=str(len(items)))  # fmt: skip
        at = self.clock.now()
        self.repository.add_finding(FindingRecord(complaint_id, at, actor.name, finding, items))
        self.repository.meet_deadlines(complaint_id, "findings", at=at)

    def close(self, complaint_id: str, outcome: ClosureOutcome, *, actor: Actor, reason: str) -> None:
        """Close with an outcome (said in the closure letter) and the analyst's reason (kept in the file)."""
        complaint = self.get(complaint_id)
        why = _text(reason, where="reason", required=True, minimum=10)
        allowed_from = _CLOSURE_FROM.get(outcome)
        if allowed_from is not None and complaint.status not in allowed_from:
            raise ActionError(
                f"outcome {outcome.value!r} fits a complaint in state "
                f"{' or '.join(sorted(s.value for s in allowed_from))}, not {complaint.status.value!r}",
                where="outcome",
            )
        self._act(complaint, Act.CLOSE, ComplaintTag.CLOSED, actor=actor, reason=why, closure=outcome,
                  outcome=outcome.value)  # fmt: skip
        self._letter(complaint, LetterKind.CLOSURE, actor=actor, closure=outcome)
