"""The complaint workflow as recorded acts, on the database: history, audit, letters, deadlines, referrals."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from securecomm.clock import ManualClock
from securecomm.complaints import (
    ActionError,
    Actor,
    Channel,
    ClosureOutcome,
    ComplaintService,
    DojDecision,
    Finding,
    IntakeContext,
    LetterKind,
    PublicStatus,
    Route,
    Status,
    UnknownComplaint,
    parse_intake,
)
from securecomm.complaints.model import ReferralTarget
from securecomm.errors import IllegalTransition
from securecomm.storage.audit_log import verify_chain
from securecomm.storage.db import Database
from securecomm.storage.tables import AuditEventRow

from .world import T0

PUBLIC = Actor("public", origin="203.0.113.9", route="POST /complaint")
CRCL = Actor("user:crcl", role="crcl")
DOJ = Actor("user:doj", role="doj")
FIELDS = {"incident_date": "2012-03-01", "place": "Houston, TX", "conduct": "state_local",
          "narrative": "Stopped and questioned about my papers for no reason.", "name": "Ana Ruiz",
          "address": "1 Main St, Houston", "consent_doj": "yes"}  # fmt: skip
Run = Callable[[Callable[..., Any]], Any]


def file(services: Run, fields: dict[str, str] = FIELDS, lang: str = "es") -> str:
    draft = parse_intake(fields, [], IntakeContext(Channel.WEB, lang, T0.date()))
    record = services(lambda complaints, _: complaints.submit(draft, actor=PUBLIC))
    assert isinstance(record.complaint_id, str)
    return record.complaint_id


def tags(db: Database) -> list[str]:
    with db.transaction() as tx:
        return list(tx.scalars(select(AuditEventRow.tag).order_by(AuditEventRow.seq)))


def test_filing_stores_the_complaint_with_a_receipt_deadlines_and_one_audit_event(
    services: Run, db: Database
) -> None:
    cid = file(services)

    def check(complaints: ComplaintService, _: Any) -> None:
        record = complaints.get(cid)
        assert record.status is Status.RECEIVED and record.language == "es" and record.reachable
        assert [(d.kind, d.due_on) for d in complaints.repository.deadlines(cid)] == [
            ("acknowledge", date(2012, 3, 15)), ("triage", date(2012, 4, 4))]  # fmt: skip
        assert complaints.repository.identity(cid).name == "Ana Ruiz"
        assert complaints.public_status(record.receipt).status is PublicStatus.RECEIVED

    services(check)
    assert tags(db)[-1] == "crcl:complaint:received"
    with db.transaction() as tx:
        event = tx.scalars(select(AuditEventRow).where(AuditEventRow.tag == "crcl:complaint:received")).one()
        assert event.actor == "public" and event.origin == "203.0.113.9"
        assert "Ana" not in repr(event.data) and "papers" not in repr(event.data)  # no identity, no text


def test_the_whole_path_to_a_doj_referral_and_closure(
    services: Run, db: Database, clock: ManualClock
) -> None:
    cid = file(services)
    services(lambda c, _: c.acknowledge(cid, actor=CRCL))
    clock.advance(timedelta(days=3))
    services(lambda c, _: c.triage(cid, Route.CRCL_REVIEW, actor=CRCL))
    services(lambda c, _: c.refer_doj(cid, actor=CRCL, reason="Possible pattern of pretextual stops."))
    services(
        lambda c, _: c.record_doj_decision(
            cid, DojDecision.ACCEPTED, actor=DOJ, reason="DOJ will open a review."
        )
    )
    # the same answer entered again (CRCL from DOJ's letter) changes nothing; a different one is refused
    services(
        lambda c, _: c.record_doj_decision(
            cid, DojDecision.ACCEPTED, actor=CRCL, reason="DOJ's letter of today."
        )
    )
    with pytest.raises(IllegalTransition):
        services(
            lambda c, _: c.record_doj_decision(
                cid, DojDecision.DECLINED, actor=CRCL, reason="Another answer."
            )
        )
    services(
        lambda c, _: c.close(cid, ClosureOutcome.REFERRED, actor=CRCL, reason="DOJ handles it from now on.")
    )

    def check(complaints: ComplaintService, _: Any) -> None:
        repo = complaints.repository
        assert complaints.get(cid).status is Status.CLOSED
        assert [h.act for h in repo.history(cid)] == [
            "received",
            "acknowledge",
            "triage",
            "refer_doj",
            "doj_decision",
            "close",
        ]
        (referral,) = repo.referrals(cid)
        assert referral.target is ReferralTarget.DOJ and referral.identity_shared  # she consented
        assert referral.decision is DojDecision.ACCEPTED and referral.decided_by == "user:doj"
        letters = [letter for _, letter in repo.letters(cid)]
        assert [(x.kind, x.language, x.delivery) for x in letters] == [
            (LetterKind.ACKNOWLEDGMENT, "es", "mail"), (LetterKind.REFERRAL, "es", "mail"), (LetterKind.CLOSURE, "es", "mail")]  # fmt: skip
        assert "Estimado/a Ana Ruiz:" in letters[0].body and "Departamento de Justicia" in letters[1].body
        met = {d.kind: d.met_at for d in repo.deadlines(cid)}
        assert (
            met["acknowledge"] == T0
            and met["triage"] == T0 + timedelta(days=3)
            and met["doj_answer"] is not None
        )

    services(check)
    assert [t for t in tags(db) if t.startswith(("crcl:", "doj:"))] == [
        "crcl:complaint:received", "crcl:complaint:acknowledged", "crcl:letter:issued", "crcl:complaint:triaged",
        "crcl:complaint:referred", "crcl:letter:issued", "doj:referral:decision_recorded", "crcl:complaint:closed",
        "crcl:letter:issued"]  # fmt: skip
    with db.transaction() as tx:
        assert verify_chain(tx).ok


def test_opening_an_investigation_notifies_the_doj_liaison(services: Run, db: Database) -> None:
    cid = file(services)
    services(lambda c, _: c.acknowledge(cid, actor=CRCL))
    services(lambda c, _: c.triage(cid, Route.CRCL_REVIEW, actor=CRCL))
    notice = services(
        lambda c, _: c.open_investigation(cid, actor=CRCL, reason="Three complaints about one deputy.")
    )
    assert notice.kind == "investigation_opened" and "notifies the Department of Justice" in notice.text
    services(lambda c, _: c.record_findings(cid, Finding.SUBSTANTIATED, ["Retrain deputies", " ", "Review stops"],
                                            actor=CRCL, reason="Stops lacked a lawful basis."))  # fmt: skip
    services(
        lambda c, _: c.close(cid, ClosureOutcome.INVESTIGATED, actor=CRCL, reason="Recommendations made.")
    )

    def check(complaints: ComplaintService, _: Any) -> None:
        repo = complaints.repository
        assert [n.kind for n in repo.doj_notices(cid)] == ["investigation_opened"]
        assert repo.findings(cid)[0].recommendations == ("Retrain deputies", "Review stops")

    services(check)
    assert "crcl:doj_liaison:notified" in tags(db)


def test_dhs_employee_conduct_is_referred_to_the_jic_with_identity_only_by_consent(services: Run) -> None:
    cid = file(services, {**FIELDS, "conduct": "dhs", "consent_dhs": "no"}, lang="vi")
    services(lambda c, _: c.acknowledge(cid, actor=CRCL))
    services(lambda c, _: c.triage(cid, Route.JIC, actor=CRCL))

    def check(complaints: ComplaintService, _: Any) -> None:
        (referral,) = complaints.repository.referrals(cid)
        assert referral.target is ReferralTarget.JIC and not referral.identity_shared
        _, letter = complaints.repository.letters(cid)[-1]
        assert (
            letter.kind is LetterKind.REFERRAL
            and "Joint Intake Center" in letter.body
            and letter.language == "vi"
        )
        assert complaints.get(cid).route is Route.JIC

    services(check)


def test_departing_from_the_advice_needs_a_reason(services: Run) -> None:
    cid = file(services)
    services(lambda c, _: c.acknowledge(cid, actor=CRCL))
    with pytest.raises(ActionError) as caught:
        services(lambda c, _: c.triage(cid, Route.OTHER, actor=CRCL))
    assert caught.value.where == "reason"
    services(
        lambda c, _: c.triage(cid, Route.OTHER, actor=CRCL, reason="The deputy acted off duty as a landlord.")
    )
    assert services(lambda c, _: c.get(cid).status) is Status.REFERRED_OTHER


def test_acts_out_of_order_or_without_reasons_change_nothing(services: Run, db: Database) -> None:
    cid = file(services)
    before = tags(db)
    with pytest.raises(IllegalTransition):
        services(lambda c, _: c.refer_doj(cid, actor=CRCL, reason="Too early to refer this."))
    services(lambda c, _: c.acknowledge(cid, actor=CRCL))
    services(lambda c, _: c.triage(cid, Route.CRCL_REVIEW, actor=CRCL))
    after_triage = tags(db)
    with pytest.raises(ActionError):
        services(lambda c, _: c.refer_doj(cid, actor=CRCL, reason="short"))
    with pytest.raises(ActionError, match="investigated"):
        services(
            lambda c, _: c.close(cid, ClosureOutcome.INVESTIGATED, actor=CRCL, reason="No investigation yet.")
        )
    assert tags(db) == after_triage and len(after_triage) > len(before)
    with pytest.raises(UnknownComplaint):
        services(lambda c, _: c.acknowledge("cmp-nothing", actor=CRCL))


def test_notes_assignment_custom_deadlines_and_links(services: Run, clock: ManualClock) -> None:
    cid = file(services)
    services(lambda c, _: c.add_note(cid, "Called back; left a message.", actor=CRCL))
    services(lambda c, _: c.assign(cid, "crcl-2", actor=CRCL))
    services(lambda c, _: c.set_deadline(cid, "ask the county for records", date(2012, 4, 1), actor=CRCL))
    with pytest.raises(ActionError, match="past"):
        services(lambda c, _: c.set_deadline(cid, "too late", date(2012, 3, 1), actor=CRCL))
    with pytest.raises(ActionError, match="no booking"):
        services(lambda c, _: c.link(cid, *_link("booking", "B-NOPE"), actor=CRCL, reason=None))
    services(
        lambda c, _: c.link(cid, *_link("jurisdiction", "48201"), actor=CRCL, reason="Where it happened.")
    )

    def check(complaints: ComplaintService, _: Any) -> None:
        repo = complaints.repository
        assert complaints.get(cid).assignee == "crcl-2"
        assert [n.text for n in repo.notes(cid)] == ["Called back; left a message."]
        assert "ask the county for records" in [d.kind for d in repo.deadlines(cid)]
        assert [(k.kind.value, k.target, k.fips) for k in repo.links(cid)] == [
            ("jurisdiction", "48201", "48201")
        ]

    services(check)


def _link(kind: str, target: str) -> tuple[Any, str, Any]:
    from securecomm.complaints import LinkKind, PartyRole

    return LinkKind(kind), target, PartyRole.NONE


def test_an_unknown_receipt_and_a_mistyped_one_are_told_apart(services: Run) -> None:
    from securecomm.complaints import ReceiptError

    with pytest.raises(UnknownComplaint):
        services(lambda c, _: c.public_status("SC-0000-0000-0000-0000-0"))
    with pytest.raises(ReceiptError):
        services(lambda c, _: c.public_status("SC-0000-0000-0000-0000-1"))
