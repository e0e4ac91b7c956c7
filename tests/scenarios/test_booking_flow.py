"""Each path of the booking-to-decision flow, end to end through the real agencies, outbox and database."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from flow_kit import (
    DC,
    Flow,
    add_prior_record,
    at,
    burglary,
    criminal_hit,
    dui,
    no_license,
    petty_theft,
)
from sqlalchemy import select

from securecomm.agencies.officer_policy import PolicyRates
from securecomm.app.status import flow_status
from securecomm.messages.booking import DeferRequest, VictimWitnessIndicators
from securecomm.storage.agency_tables import BookingRow, CaseRow, DecisionRow, DetainerRow

ALWAYS_PICK_UP = PolicyRates(pickup_within_deadline=1.0, lodge_despite_discretion=0.0)
NEVER_PICK_UP = PolicyRates(pickup_within_deadline=0.0, lodge_despite_discretion=0.0)


def status(flow: Flow) -> dict:
    with flow.session() as session:
        return flow_status(session, now=at(2030, 1, 1))


def test_no_match_answers_the_jail_and_asks_nobody_else(tmp_path: Path) -> None:
    flow = Flow(tmp_path)
    booking_id = flow.book("citizen", at=at(2012, 3, 1), charges=dui())
    flow.run(at(2012, 3, 10))
    with flow.session() as session:
        row = session.get(BookingRow, booking_id)
        assert row is not None and row.sre is not None and row.idr_kind == "no_match"
    s = status(flow)
    assert (s["bookings"], s["sre"], s["ident_searches"], s["ident_matches"], s["iaq"]) == (1, 1, 1, 0, 0)
    assert s["idr_no_match_sent"] == 1 and s["invariant_violations"] == []
    assert ("criminal", row.fbi_number, booking_id) in flow.biometrics.enrolled


def test_a_naturalized_citizen_matched_in_ident_gets_no_detainer(tmp_path: Path) -> None:
    flow = Flow(tmp_path)
    flow.encounter("F1", "lpr_adjustment", date(1999, 1, 1), "lpr")
    flow.encounter("F1", "naturalisation", date(2006, 5, 1), "naturalised")
    booking_id = flow.book("naturalized", at=at(2012, 3, 1), charges=burglary(), ident_fin="F1")
    flow.run(at(2012, 3, 10))
    with flow.session() as session:
        case = session.scalars(select(CaseRow)).one()
        decision = session.scalars(select(DecisionRow)).one()
        assert case.booking_id == booking_id and case.determination["status"] == "naturalized"
        assert decision.kind == "no_action" and "not removable" in decision.reason
        assert session.scalars(select(DetainerRow)).all() == []
        assert session.get(BookingRow, booking_id).idr_kind == "iar"  # the jail receives the IDR/IAR
    s = status(flow)
    assert (s["iaq"], s["iar"], s["idr_iar_sent"], s["detainers"]) == (1, 1, 1, 0)


def test_an_lpr_with_an_aggravated_felony_is_held_after_verification_and_picked_up(tmp_path: Path) -> None:
    flow = Flow(tmp_path, rates=ALWAYS_PICK_UP)
    flow.encounter("F2", "lpr_adjustment", date(2001, 1, 1), "lpr")
    add_prior_record(
        flow,
        "FBI2",
        ("arrest", date(2009, 1, 5), "3562", None, False),
        ("conviction", date(2009, 6, 1), "3562", 900, True),
    )
    criminal_hit(flow, "lpr-af", "FBI2")
    booking_id = flow.book("lpr-af", at=at(2012, 3, 1), charges=burglary(), ident_fin="F2")
    flow.run(at(2012, 3, 10))
    with flow.session() as session:
        detainer = session.scalars(select(DetainerRow)).one()
        assert detainer.form == "I-247-2011"  # the December 2011 form was in use in March 2012
        assert detainer.verified_at is not None and detainer.verified_at <= detainer.release_eligible_at
        assert detainer.end_kind == "ice_custody" and detainer.lift_reason == "Booked into Detention"
        assert detainer.ended_at <= detainer.deadline_at
        assert detainer.served_language == "es"
        kinds = {d.kind for d in session.scalars(select(DecisionRow))}
        assert "lodge_detainer" in kinds and kinds & {
            "notice_to_appear",
            "voluntary_return",
            "prosecutorial_discretion",
        }
        assert session.get(BookingRow, booking_id).sre["history"]  # the SRE carried the rap sheet
    s = status(flow)
    assert s["detainers_by_form"] == {"I-247-2011": 1} and s["invariant_violations"] == []


def test_a_hold_nobody_picks_up_ends_at_the_deadline_across_a_weekend(tmp_path: Path) -> None:
    flow = Flow(tmp_path, rates=NEVER_PICK_UP)
    flow.encounter("F3", "border_apprehension", date(2010, 4, 1), "apprehended")
    # Booked Tuesday 14 Feb 2012; release-eligible Friday 17 Feb 14:00 UTC (08:00 in Houston).
    flow.book("ewi", at=at(2012, 2, 14), charges=burglary(), ident_fin="F3", release_after=timedelta(days=3))
    flow.run(at(2012, 3, 10))
    with flow.session() as session:
        detainer = session.scalars(select(DetainerRow)).one()
    # 48 hours excluding Saturday, Sunday and Monday 20 Feb (Washington's Birthday): Wednesday 08:00 local.
    assert detainer.deadline_at == at(2012, 2, 22, 14)
    assert detainer.end_kind == "released_at_expiry" and detainer.ended_at == detainer.deadline_at
    assert status(flow)["ground_truth"]["holds_past_deadline"] == 0


def test_a_citizen_with_a_stale_ident_record_gets_a_detainer_but_is_never_held(tmp_path: Path) -> None:
    flow = Flow(tmp_path, rates=ALWAYS_PICK_UP)
    flow.encounter("F4", "lpr_adjustment", date(1998, 1, 1), "lpr")  # the naturalisation never reached IDENT
    add_prior_record(flow, "FBI4", ("conviction", date(2008, 2, 1), "3562", 700, True))
    criminal_hit(flow, "stale", "FBI4")
    booking_id = flow.book("stale", at=at(2012, 3, 1), charges=burglary(), ident_fin="F4")
    flow.citizenship.citizens[booking_id] = "certificate of naturalization, 2004"
    flow.run(at(2012, 3, 10))
    with flow.session() as session:
        detainer = session.scalars(select(DetainerRow)).one()
    assert detainer.lift_reason == "United States Citizen Interviewed"
    assert detainer.deadline_at is None  # no hold ever began


def test_a_victim_gets_discretion_and_a_deferral_is_honoured(tmp_path: Path) -> None:
    flow = Flow(tmp_path, rates=ALWAYS_PICK_UP)
    flow.encounter("F5", "border_apprehension", date(2009, 4, 1), "apprehended")
    victim = VictimWitnessIndicators(dual_arrest_domestic_violence=True, u_visa_certification=True)
    defer = DeferRequest(booking_id="", requested_by="prosecutor", reason="needed_witness")
    flow.book("victim", at=at(2012, 3, 1), charges=dui(), ident_fin="F5", indicators=victim, defer=defer)
    flow.run(at(2012, 3, 10))
    with flow.session() as session:
        case = session.scalars(select(CaseRow)).one()
        decision = session.scalars(select(DecisionRow)).one()
        assert case.protected and case.defer is not None
        assert "victim" in case.advice["discretion"]["favorable"]
        assert decision.kind == "no_action" and "discretion" in decision.reason.lower()


def test_a_jurisdiction_that_declined_idrs_gets_none_and_ice_still_gets_the_iar(tmp_path: Path) -> None:
    flow = Flow(tmp_path)
    flow.encounter("F6", "border_apprehension", date(2009, 4, 1), "apprehended")
    matched = flow.book("dc-match", at=at(2012, 3, 1), charges=burglary(), fips=DC, ident_fin="F6")
    unmatched = flow.book("dc-nomatch", at=at(2012, 3, 1), charges=dui(), fips=DC)
    flow.run(at(2012, 3, 10))
    with flow.session() as session:
        assert session.get(BookingRow, matched).idr_kind is None
        assert session.get(BookingRow, unmatched).idr_kind is None
        assert session.scalars(select(CaseRow)).one().aor == "WAS"
    s = status(flow)
    assert (s["iar"], s["idr_iar_sent"], s["idr_no_match_sent"], s["idr_suppressed"]) == (1, 0, 0, 2)
    assert s["invariant_violations"] == []


def test_minor_traffic_only_waits_for_a_conviction_after_april_2012(tmp_path: Path) -> None:
    flow = Flow(tmp_path)
    flow.encounter("F7", "border_apprehension", date(2009, 4, 1), "apprehended")
    flow.encounter("F8", "border_apprehension", date(2009, 4, 1), "apprehended")
    before = flow.book("before", at=at(2012, 4, 2), charges=no_license(), ident_fin="F7")
    after = flow.book("after", at=at(2012, 5, 2), charges=no_license(), ident_fin="F8")
    flow.run(at(2012, 6, 1))
    with flow.session() as session:
        cases = {c.booking_id: c for c in session.scalars(select(CaseRow))}
        decisions = {d.case_id: d for d in session.scalars(select(DecisionRow))}
    assert cases[after].advice["detainer_advice"] == "wait_for_conviction"  # ICE response of 27 April 2012
    assert cases[before].advice["detainer_advice"] != "wait_for_conviction"
    assert "wait for a conviction" in decisions[cases[after].case_id].reason


def test_notification_requests_only_under_pep_from_july_2015(tmp_path: Path) -> None:
    flow = Flow(tmp_path, rates=ALWAYS_PICK_UP)
    # A DUI conviction (PEP priority 2(b), "significant misdemeanor") -> a request for notification;
    # a convicted felon (priority 1(d)) with biometric probable cause -> a detention request.
    flow.encounter("F9", "border_apprehension", date(2010, 3, 1), "apprehended")
    add_prior_record(
        flow, "FBI9", ("conviction", date(2014, 2, 1), "5404", 10, False), offense_class="misdemeanor"
    )
    criminal_hit(flow, "pep-recent", "FBI9")
    flow.encounter("F10", "border_apprehension", date(2009, 3, 1), "apprehended")
    add_prior_record(flow, "FBI10", ("conviction", date(2013, 6, 1), "2299", 400, False))
    criminal_hit(flow, "pep-felon", "FBI10")
    criminal_hit(flow, "pre-pep", "FBI10")
    recent = flow.book("pep-recent", at=at(2015, 8, 3), charges=petty_theft(), ident_fin="F9")
    felon = flow.book("pep-felon", at=at(2015, 8, 3), charges=burglary(), ident_fin="F10")
    early = flow.book("pre-pep", at=at(2015, 6, 1), charges=burglary(), ident_fin="F10")
    flow.run(at(2015, 9, 1))
    with flow.session() as session:
        forms = {d.booking_id: d.form for d in session.scalars(select(DetainerRow))}
    assert forms[recent] == "I-247N"
    assert forms[felon] == "I-247D"
    assert forms[early] == "I-247-2012"  # June 2015: PEP's forms were not yet in use


def test_redelivering_every_message_changes_nothing(tmp_path: Path) -> None:
    from sqlalchemy import update

    from securecomm.storage.tables import OutboxRow

    flow = Flow(tmp_path, rates=ALWAYS_PICK_UP)
    flow.encounter("F2", "lpr_adjustment", date(2001, 1, 1), "lpr")
    add_prior_record(flow, "FBI2", ("conviction", date(2009, 6, 1), "3562", 900, True))
    criminal_hit(flow, "again", "FBI2")
    flow.book("again", at=at(2012, 3, 1), charges=burglary(), ident_fin="F2")
    flow.run(at(2012, 3, 10))
    before = status(flow)
    with flow.db.transaction() as session:  # a transport that lost its delivery marks redelivers everything
        session.execute(update(OutboxRow).values(delivered_at=None))
    flow.run(at(2012, 3, 10))
    after = status(flow)
    assert after == before and after["invariant_violations"] == []


def test_a_protected_case_needs_a_supervisors_recorded_override(tmp_path: Path) -> None:
    from securecomm.storage.agency_tables import DecisionRow as Decisions
    from securecomm.storage.complaint_tables import ProtectionOverrideRow as OverrideRow

    victim = VictimWitnessIndicators(dual_arrest_domestic_violence=True)
    for overrides, expected in ((0.0, "no_action"), (1.0, "lodge_detainer")):
        (tmp_path / str(overrides)).mkdir()
        flow = Flow(
            tmp_path / str(overrides),
            rates=PolicyRates(lodge_despite_discretion=1.0, supervisor_overrides=overrides),
        )
        flow.encounter("F11", "border_apprehension", date(2009, 4, 1), "apprehended")
        add_prior_record(flow, "FBI11", ("conviction", date(2010, 6, 1), "2299", 400, False))
        criminal_hit(flow, "protected", "FBI11")
        flow.book("protected", at=at(2012, 3, 1), charges=burglary(), ident_fin="F11", indicators=victim)
        flow.run(at(2012, 3, 3))
        with flow.session() as session:
            kinds = [d.kind for d in session.scalars(select(Decisions))]
            recorded = session.scalars(select(OverrideRow)).all()
        assert kinds[0] == expected
        assert len(recorded) == (1 if overrides else 0)


def test_a_citizen_served_a_detainer_calls_the_hotline_and_it_is_lifted(tmp_path: Path) -> None:
    """The simulated person reads the notice: a citizen calls the LESC hotline, which reaches ERO at once."""
    from securecomm.agencies.subject import Subject
    from securecomm.app.system import System
    from securecomm.app.truth import SqlCitizenshipRecords, SqlSubjectTruth
    from securecomm.storage.agency_tables import ClaimRow, TruthBookingRow, TruthPersonRow

    flow = Flow(tmp_path, rates=PolicyRates(pickup_within_deadline=1.0, verification_hours_max=200.0))
    flow.system = System(
        database=flow.db,
        biometrics=lambda _s: flow.biometrics,
        citizenship=SqlCitizenshipRecords,
        policy=flow.system.policy,
        notify_subject=True,
        extra_routes={"person": Subject(SqlSubjectTruth(flow.db), seed=1)},
    )
    flow.encounter("F12", "lpr_adjustment", date(1998, 1, 1), "lpr")  # the naturalisation never reached IDENT
    add_prior_record(flow, "FBI12", ("conviction", date(2008, 2, 1), "3562", 700, True))
    criminal_hit(flow, "usc-caller", "FBI12")
    booking_id = flow.book(
        "usc-caller", at=at(2012, 3, 1), charges=burglary(), ident_fin="F12", release_after=timedelta(days=20)
    )
    with flow.db.transaction() as session:
        session.add(
            TruthPersonRow(
                person_id="p-usc",
                fips="48201",
                true_status="usc_naturalised",
                is_citizen=True,
                print_seed=1,
                data={},
            )
        )
        session.flush()
        session.add(TruthBookingRow(booking_id=booking_id, person_id="p-usc", impression=1))
    flow.run(at(2012, 3, 10))
    with flow.session() as session:
        detainer = session.scalars(select(DetainerRow)).one()
        claim = session.scalars(select(ClaimRow)).one()
    assert claim.channel == "lesc_hotline" and claim.finding == "us_citizen"
    assert detainer.lift_reason == "United States Citizen Interviewed"
    assert detainer.deadline_at is None
