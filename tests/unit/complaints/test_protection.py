"""Protection: a complainant, witness or retaliation victim on an open ICE case flags it, and removal
needs a recorded supervisory override first (domain.md §2.4)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from securecomm.clock import ManualClock
from securecomm.complaints import (
    Actor,
    Channel,
    IntakeContext,
    LinkKind,
    PartyRole,
    PrivateActor,
    ProtectionError,
    parse_intake,
)
from securecomm.storage.agency_tables import CaseRow
from securecomm.storage.db import Database
from securecomm.storage.tables import AuditEventRow

from .world import T0

CRCL = Actor("user:crcl", role="crcl")
SUPERVISOR = Actor("user:ero-HOU", role="ero")
JAIL = Actor("user:jail-48201", role="jail")
Run = Callable[[Callable[..., Any]], Any]


def complaint(services: Run) -> str:
    fields = {"incident_date": "2012-03-01", "place": "Houston", "conduct": "state_local", "narrative": "x"}
    draft = parse_intake(fields, [], IntakeContext(Channel.WEB, "en", T0.date()))
    return str(services(lambda c, _: c.submit(draft, actor=Actor("public")).complaint_id))


def flagged(db: Database, case_id: str) -> bool:
    with db.transaction() as tx:
        row = tx.get(CaseRow, case_id)
        assert row is not None
        return bool(row.protected)


def test_an_unlinked_case_needs_no_override(services: Run) -> None:
    answer = services(lambda _, p: p.requires_override("C-H1"))
    assert not answer.required and answer.reasons == ("No protected person is linked to this case.",)


def test_a_complainant_linked_to_an_open_case_flags_it_and_blocks_removal(
    services: Run, db: Database, clock: ManualClock
) -> None:
    cid = complaint(services)
    services(lambda c, _: c.link(cid, LinkKind.CASE, "C-H1", PartyRole.COMPLAINANT, actor=CRCL, reason=None))
    assert flagged(db, "C-H1")
    answer = services(lambda _, p: p.requires_override("C-H1"))
    assert answer.required and answer.protected_since == T0
    assert "complaint process" in answer.reasons[0] and answer.references
    assert cid not in repr(answer)  # the field office never learns which complaint

    with pytest.raises(ProtectionError, match="reason"):
        services(lambda _, p: p.record_override("C-H1", supervisor=SUPERVISOR, reason="ok"))
    clock.advance(timedelta(hours=2))
    services(
        lambda _, p: p.record_override(
            "C-H1", supervisor=SUPERVISOR, reason="Aggravated felony conviction; AFOD approved."
        )
    )
    answer = services(lambda _, p: p.requires_override("C-H1"))
    assert (
        not answer.required and answer.override is not None and answer.override.supervisor == "user:ero-HOU"
    )
    with pytest.raises(ProtectionError, match="needs no override"):
        services(
            lambda _, p: p.record_override("C-H1", supervisor=SUPERVISOR, reason="Again, for the record.")
        )

    # a new protected person after the override needs a new override
    clock.advance(timedelta(days=1))
    services(lambda c, _: c.link(cid, LinkKind.BOOKING, "B-H1", PartyRole.WITNESS, actor=CRCL, reason=None))
    assert services(lambda _, p: p.requires_override("C-H1")).required
    with db.transaction() as tx:
        found = set(tx.scalars(select(AuditEventRow.tag)))
    assert {
        "crcl:protection:linked",
        "ero:case:protection_flagged",
        "ero:protection:override_recorded",
    } <= found


def test_a_related_record_that_is_not_a_partys_does_not_protect(services: Run, db: Database) -> None:
    cid = complaint(services)
    services(lambda c, _: c.link(cid, LinkKind.CASE, "C-H1", PartyRole.NONE, actor=CRCL, reason=None))
    assert not flagged(db, "C-H1") and not services(lambda _, p: p.requires_override("C-H1")).required


def test_a_closed_case_is_not_flagged_but_the_link_is_kept(services: Run, db: Database) -> None:
    cid = complaint(services)
    services(lambda c, _: c.link(cid, LinkKind.CASE, "C-H2", PartyRole.COMPLAINANT, actor=CRCL, reason=None))
    assert not flagged(db, "C-H2")


def test_a_jail_retaliation_report_reaches_the_field_office_at_once_and_flags_the_case(
    services: Run, db: Database
) -> None:
    report = services(lambda _, p: p.report_retaliation(
        report_id="ret-1", booking_id="B-H1", fips="48201", actor_kind=PrivateActor.LANDLORD,
        account="Landlord called the police the day after a rent complaint.", actor=JAIL))  # fmt: skip
    assert report.aor == "HOU" and report.case_id == "C-H1" and report.field_office_notified_at == T0
    assert flagged(db, "C-H1")
    answer = services(lambda _, p: p.requires_override("C-H1"))
    assert answer.required and "retaliation" in answer.reasons[0]
    acknowledged = services(lambda _, p: p.acknowledge_retaliation("ret-1", actor=SUPERVISOR))
    assert acknowledged.acknowledged_by == "user:ero-HOU" and acknowledged.acknowledged_at == T0
    again = services(lambda _, p: p.acknowledge_retaliation("ret-1", actor=Actor("user:someone-else")))
    assert again == acknowledged  # a second acknowledgment changes nothing
    with db.transaction() as tx:
        assert (
            len(
                list(
                    tx.scalars(
                        select(AuditEventRow).where(AuditEventRow.tag == "ero:retaliation:acknowledged")
                    )
                )
            )
            == 1
        )


def test_a_report_before_the_case_exists_protects_the_case_opened_later(services: Run, db: Database) -> None:
    services(lambda _, p: p.report_retaliation(
        report_id="ret-2", booking_id="B-H3", fips="48201", actor_kind=PrivateActor.EMPLOYER,
        account="Employer reported him after he asked for unpaid wages.", actor=JAIL))  # fmt: skip
    with db.transaction() as tx:
        tx.add(CaseRow(case_id="C-H3", booking_id="B-H3", fips="48201", aor="HOU", opened_at=T0, state="open",
                       fin="F3", determination={}, advice={}, iar={}, protected=False))  # fmt: skip
    answer = services(lambda _, p: p.requires_override("C-H3"))
    assert answer.required and "retaliation" in answer.reasons[0]


@pytest.mark.parametrize(
    ("booking", "fips", "account", "where"),
    [("B-D1", "48201", "Another county's booking, refused.", "booking_id"),
     ("B-NONE", "48201", "No such booking at all here.", "booking_id"),
     ("B-H1", "48201", "short", "account")],
)  # fmt: skip
def test_a_report_needs_a_booking_of_the_county_and_a_sentence(
    services: Run, booking: str, fips: str, account: str, where: str
) -> None:
    with pytest.raises(ProtectionError) as caught:
        services(lambda _, p: p.report_retaliation(report_id="ret-x", booking_id=booking, fips=fips,
                                                    actor_kind=PrivateActor.OTHER, account=account, actor=JAIL))  # fmt: skip
    assert caught.value.where == where


def test_the_field_offices_own_flag_also_needs_an_override(services: Run, db: Database) -> None:
    with db.transaction() as tx:
        row = tx.get(CaseRow, "C-D1")
        assert row is not None
        row.protected = True  # set by the field office under the victims and witnesses policy
    answer = services(lambda _, p: p.requires_override("C-D1"))
    assert answer.required and "victims and witnesses policy" in answer.reasons[0]


def test_an_unknown_case_is_an_error_naming_it(services: Run) -> None:
    with pytest.raises(ProtectionError, match="C-NOPE"):
        services(lambda _, p: p.requires_override("C-NOPE"))
