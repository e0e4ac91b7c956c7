"""The field-office officer's acts through the browser's forms and the API, on records made by the flow.

Each act is checked for what a person notices: the page shows the advice and its sources, an act without
a reason is refused with a message and changes nothing, a decision is recorded with its officer and reason
and carried out (a detainer on the form in use that day reaches the jail's hold board), the citizenship
check lifts a citizen's detainer, a protected case waits for a supervisor's override, and another AOR's
officer can neither see nor change the case.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import select

from securecomm.audit import EventTag
from securecomm.clock import ManualClock
from securecomm.storage.agency_tables import CaseRow, CustodyRow, DecisionRow, DetainerRow
from securecomm.storage.db import Database
from securecomm.storage.tables import AuditEventRow

from .conftest import TestClient, csrf_of, sign_in
from .flow_world import (
    CITIZEN,
    HELD,
    LIFT,
    OPEN,
    PROTECTED,
    VERIFY,
    action_app,
    booking_id,
    case_id,
    detainer_id,
)

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[FastAPI, Database, ManualClock]]:
    app, db, clock = action_app(tmp_path)
    yield app, db, clock
    db.dispose()


@pytest.fixture
def officer(world: tuple[FastAPI, Database, ManualClock]) -> Iterator[TestClient]:
    with TestClient(world[0], client=("198.51.100.20", 50000)) as client:
        yield sign_in(client, "ero-HOU")


def _post(client: TestClient, page: str, action: str, **fields: str) -> Any:
    token = csrf_of(client.get(page).text)
    return client.post(action, data={**fields, "csrf_token": token}, follow_redirects=False)


def _alert(page: str) -> list[str]:
    return [html.unescape(m) for m in re.findall(r'role="alert"[^>]*>([^<]*)<', page)]


def _case(db: Database, name: str) -> CaseRow:
    with db.transaction() as tx:
        row = tx.get(CaseRow, case_id(name))
        assert row is not None
        return row


def _decisions(db: Database, name: str) -> list[DecisionRow]:
    with db.transaction() as tx:
        return list(tx.scalars(select(DecisionRow).where(DecisionRow.case_id == case_id(name))))


def _detainer(db: Database, name: str) -> DetainerRow:
    with db.transaction() as tx:
        row = tx.get(DetainerRow, detainer_id(name))
        assert row is not None
        return row


def test_the_case_page_shows_each_determination_with_its_reasons_and_sources(officer: TestClient) -> None:
    page = officer.get(f"/cases/{case_id(OPEN[0])}")
    assert page.status_code == 200
    shown = page.text
    for title in ("Identification level", "Conviction level", "Priority", "Discretion", "Detainer advice"):
        assert f"<h3>{title}:" in shown
    assert "IDENT records an apprehension at the border on 2009-06-02." not in shown  # LESC's, not the advice
    assert re.search(r'Sources: <a href="https://[^"]+" rel="noopener">', shown)
    assert "EJEMPLO, OPEN-PAGE" in shown and "BURGLARY" in shown
    # the form in use that day (Dec 2011 edition in March 2012); no notification-only form existed yet
    assert "Lodge a detainer (I-247-2011)" in shown
    assert 'value="request_notification"' not in shown
    assert 'action="/cases/' in shown and 'name="csrf_token"' in shown
    assert "The rules now give other advice" not in shown  # re-derived advice equals the recorded advice


def test_a_decision_without_a_reason_is_refused_and_changes_nothing(officer: TestClient, world: Any) -> None:
    db = world[1]
    page = f"/cases/{case_id(OPEN[0])}"
    answer = _post(officer, page, f"{page}/decision", decision="lodge_detainer", reason="   ")
    assert answer.status_code == 400
    assert _alert(answer.text) == [
        "give the reason for the decision; it is kept with the act in the audit trail"
    ]
    assert _decisions(db, OPEN[0]) == [] and _case(db, OPEN[0]).state == "open"


def test_lodging_records_the_officers_decision_and_the_jail_sees_the_detainer(
    officer: TestClient, world: Any
) -> None:
    app, db, _ = world
    page = f"/cases/{case_id(OPEN[0])}"
    answer = _post(
        officer, page, f"{page}/decision", decision="lodge_detainer", reason="Prior felony; priority 1."
    )
    assert answer.status_code == 303 and answer.headers["location"] == f"{page}?done=decision"
    shown = officer.get(answer.headers["location"]).text
    assert "Decision recorded, with your reason." in shown and "Prior felony; priority 1." in shown
    [decision] = _decisions(db, OPEN[0])
    assert (decision.kind, decision.actor, decision.reason) == (
        "lodge_detainer",
        "user:ero-HOU",
        "Prior felony; priority 1.",
    )
    detainer = _detainer(db, OPEN[0])
    assert detainer.form == "I-247-2011" and detainer.requests_hold and detainer.notice_language == "es"
    assert _case(db, OPEN[0]).state == "detainer_lodged"
    with db.transaction() as tx:
        event = tx.scalars(
            select(AuditEventRow).where(
                AuditEventRow.tag == EventTag.CASE_DECISION_RECORDED.value,
                AuditEventRow.subject_id == case_id(OPEN[0]),
            )
        ).one()
    assert event.actor == "user:ero-HOU" and event.reason == "Prior felony; priority 1."
    assert event.data["via"]["address"] == "198.51.100.20"
    assert event.data["via"]["route"] == f"POST {page}/decision"
    with TestClient(app) as jail:
        board = sign_in(jail, "jail-48201").get("/jail/48201").text
    assert detainer_id(OPEN[0]) in board


def test_a_second_first_decision_is_refused(officer: TestClient, world: Any) -> None:
    page = f"/cases/{case_id(LIFT[0])}"
    answer = _post(officer, page, f"{page}/decision", decision="no_action", reason="Changed my mind.")
    assert answer.status_code == 400
    assert "its first decision is already recorded" in _alert(answer.text)[0]
    assert [d.kind for d in _decisions(world[1], LIFT[0])] == ["lodge_detainer"]


def test_notification_only_forms_exist_from_july_2015(world: Any) -> None:
    app, db, clock = world
    with TestClient(app) as officer:
        sign_in(officer, "ero-HOU")
        page = f"/cases/{case_id(OPEN[1])}"
        refused = _post(
            officer, page, f"{page}/decision", decision="request_notification", reason="Not a priority."
        )
        assert refused.status_code == 400
        assert "no notification-only form is in use on 2012-03-05" in _alert(refused.text)[0]
        clock.set(datetime(2015, 8, 3, 15, 0, tzinfo=UTC))  # PEP: I-247D, I-247N, I-247X
        shown = officer.get(page).text
        assert "Request notification (I-247N)" in shown and "Lodge a detainer (I-247D)" in shown
        done = _post(
            officer, page, f"{page}/decision", decision="request_notification", reason="PEP priority 2."
        )
        assert done.status_code == 303
    detainer = _detainer(db, OPEN[1])
    assert detainer.form == "I-247N" and not detainer.requests_hold


def test_verifying_a_non_citizen_authorizes_the_hold(officer: TestClient, world: Any) -> None:
    page = f"/cases/{case_id(VERIFY[0])}"
    assert _detainer(world[1], VERIFY[0]).verified_at is None
    answer = _post(officer, page, f"{page}/verify")
    assert answer.status_code == 303
    assert "Citizenship records checked" in officer.get(answer.headers["location"]).text
    assert _detainer(world[1], VERIFY[0]).verified_at is not None


def test_verifying_a_citizen_left_out_of_ident_lifts_the_detainer_at_once(
    officer: TestClient, world: Any
) -> None:
    db = world[1]
    page = f"/cases/{case_id(CITIZEN)}"
    assert _post(officer, page, f"{page}/verify").status_code == 303
    detainer = _detainer(db, CITIZEN)
    assert detainer.ended_at is not None and detainer.lift_reason == "United States Citizen Interviewed"
    assert _case(db, CITIZEN).state == "closed_us_citizen"
    shown = officer.get(page).text
    assert "lift: United States Citizen Interviewed" in shown and "closed us citizen" in shown


def test_lifting_a_held_persons_detainer_releases_them(officer: TestClient, world: Any) -> None:
    db = world[1]
    page = f"/cases/{case_id(HELD[0])}"
    refused = _post(officer, page, f"{page}/lift", lift_reason="Prosecutorial Discretion", reason="")
    assert refused.status_code == 400 and _detainer(db, HELD[0]).ended_at is None
    unknown = _post(officer, page, f"{page}/lift", lift_reason="Bored", reason="x")
    assert unknown.status_code == 400 and "is not one of the lift reasons" in _alert(unknown.text)[0]
    answer = _post(
        officer, page, f"{page}/lift", lift_reason="Prosecutorial Discretion", reason="Sole caregiver."
    )
    assert answer.status_code == 303
    detainer = _detainer(db, HELD[0])
    assert detainer.lift_reason == "Prosecutorial Discretion" and detainer.ended_at is not None
    with db.transaction() as tx:
        custody = tx.get(CustodyRow, booking_id(HELD[0]))
        assert custody is not None and (custody.state, custody.outcome) == ("ended", "released")
    assert [d.kind for d in _decisions(db, HELD[0])] == ["lodge_detainer", "lift_detainer"]


def test_taking_custody_then_deciding_after_the_interview(officer: TestClient, world: Any) -> None:
    db = world[1]
    page = f"/cases/{case_id(HELD[1])}"
    assert _post(officer, page, f"{page}/custody", reason="Two officers.").status_code == 303
    assert _case(db, HELD[1]).state == "in_ice_custody"
    shown = officer.get(page).text
    assert "Decision after interview" in shown and 'value="notice_to_appear"' in shown
    no_reason = _post(officer, page, f"{page}/interview", decision="notice_to_appear", reason="")
    assert no_reason.status_code == 400 and _case(db, HELD[1]).state == "in_ice_custody"
    answer = _post(
        officer, page, f"{page}/interview", decision="notice_to_appear", reason="Removable; no relief."
    )
    assert answer.status_code == 303
    case = _case(db, HELD[1])
    assert case.state == "decided_notice_to_appear" and case.closed_at is not None
    assert _decisions(db, HELD[1])[-1].reason == "Removable; no relief."


def test_the_interview_decision_waits_for_the_transfer(officer: TestClient) -> None:
    page = f"/cases/{case_id(VERIFY[1])}"
    answer = _post(officer, page, f"{page}/interview", decision="release", reason="Released on recognizance.")
    assert answer.status_code == 400 and "after the person is transferred" in _alert(answer.text)[0]


def test_a_protected_case_waits_for_a_supervisors_override_which_the_page_does_not_reveal(
    officer: TestClient, world: Any
) -> None:
    db = world[1]
    page = f"/cases/{case_id(PROTECTED[0])}"
    shown = html.unescape(officer.get(page).text)
    assert 'id="protected-flag"' in shown and "waits for a supervisor's recorded override" in shown
    refused = _post(officer, page, f"{page}/decision", decision="lodge_detainer", reason="Priority case.")
    assert refused.status_code == 400
    assert "this case is protected: a supervisor must record an override" in _alert(refused.text)[0]
    assert _decisions(db, PROTECTED[0]) == []
    short = _post(officer, page, f"{page}/override", supervisor="", reason="Reviewed.")
    assert short.status_code == 400 and "supervisor's name" in _alert(short.text)[0]
    override = _post(
        officer,
        page,
        f"{page}/override",
        supervisor="SDDO Rivera",
        reason="Certified victim; new violent felony.",
    )
    assert override.status_code == 303
    shown = officer.get(page).text
    assert "A supervisory override is on record." in shown
    assert "Rivera" not in shown and "violent felony" not in shown
    lodged = _post(officer, page, f"{page}/decision", decision="lodge_detainer", reason="After override.")
    assert lodged.status_code == 303 and _detainer(db, PROTECTED[0]).form == "I-247-2011"


def test_another_aors_officer_can_neither_see_nor_change_the_case(world: Any) -> None:
    app, db, _ = world
    with TestClient(app) as other:
        sign_in(other, "ero-DAL")
        assert other.get(f"/cases/{case_id(OPEN[0])}").status_code == 404
        token = csrf_of(other.get("/ero/DAL").text)
        answer = other.post(
            f"/cases/{case_id(OPEN[0])}/decision",
            data={"decision": "no_action", "reason": "not mine", "csrf_token": token},
            follow_redirects=False,
        )
        assert answer.status_code == 404
    assert _decisions(db, OPEN[0]) == []


def test_the_api_decides_with_the_token_in_a_header_and_refuses_without_it(
    officer: TestClient, world: Any
) -> None:
    db = world[1]
    path = f"/api/cases/{case_id(OPEN[1])}"
    file = officer.get(f"{path}/file").json()
    assert file["acts"] == ["decision"] and file["forms"] == {
        "on": "2012-03-05",
        "hold": ["I-247-2011"],
        "notification": [],
    }
    assert {p["title"] for p in file["advice_parts"]} >= {"Priority", "Detainer advice"}
    assert all(r["href"] for p in file["advice_parts"] for r in p["references"])
    no_token = officer.post(f"{path}/decision", data={"decision": "no_action", "reason": "x"})
    assert no_token.status_code == 403 and _decisions(db, OPEN[1]) == []
    token = csrf_of(officer.get(f"/cases/{case_id(OPEN[1])}").text)
    headers = {"X-CSRF-Token": token}
    bad = officer.post(f"{path}/decision", data={"decision": "deport", "reason": "x"}, headers=headers)
    assert bad.status_code == 400 and "is not a decision here" in bad.json()["detail"]
    done = officer.post(
        f"{path}/decision", data={"decision": "no_action", "reason": "Not a priority."}, headers=headers
    )
    assert done.status_code == 200
    body = done.json()
    assert body["case"]["state"] == "no_action" and body["decisions"][0]["reason"] == "Not a priority."
    assert body["acts"] == []


def test_a_case_whose_iar_cannot_be_reread_shows_the_advice_as_recorded(officer: TestClient) -> None:
    shown = officer.get("/cases/C-H1").text  # a case the web tests' world wrote without an IAR
    assert "The IAR on record cannot be re-read; the advice below is shown as it was recorded." in shown
    assert "Most serious conviction is a misdemeanor (Level 3)." in shown
    assert 'href="https://www.ice.gov/doclib/news/releases/2011/110302washingtondc.pdf"' in shown
