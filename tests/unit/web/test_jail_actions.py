"""The jail's acts through its booking page and the API, on records made by the flow.

The copy of the detainer is printed in the language chosen (the person's by default) and its service
recorded; a language without a translation is refused with the list of those that exist. A release event
starts the hold clock only under a verified detainer and otherwise releases the person; a claim reaches the
field office at once; the consular task moves through telling, the answer and the consulate's notification.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import select

from securecomm.audit import EventTag
from securecomm.clock import ManualClock
from securecomm.storage.agency_tables import CaseRow, ClaimRow, CustodyRow, DetainerRow
from securecomm.storage.consular_records import SqlConsularRecords
from securecomm.storage.db import Database
from securecomm.storage.tables import AuditEventRow

from .conftest import TestClient, csrf_of, sign_in
from .flow_world import (
    CITIZEN,
    CLAIMS,
    OPEN,
    RELEASE,
    SERVED,
    TOLD,
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
def jail(world: tuple[FastAPI, Database, ManualClock]) -> Iterator[TestClient]:
    with TestClient(world[0], client=("198.51.100.30", 50000)) as client:
        yield sign_in(client, "jail-48201")


def _post(client: TestClient, page: str, action: str, **fields: str) -> Any:
    token = csrf_of(client.get(page).text)
    return client.post(action, data={**fields, "csrf_token": token}, follow_redirects=False)


def _alert(page: str) -> list[str]:
    return [html.unescape(m) for m in re.findall(r'role="alert"[^>]*>([^<]*)<', page)]


def _detainer(db: Database, name: str) -> DetainerRow:
    with db.transaction() as tx:
        row = tx.get(DetainerRow, detainer_id(name))
        assert row is not None
        return row


def _custody(db: Database, name: str) -> CustodyRow:
    with db.transaction() as tx:
        row = tx.get(CustodyRow, booking_id(name))
        assert row is not None
        return row


def test_the_booking_page_offers_the_copy_in_the_persons_language(jail: TestClient) -> None:
    page = jail.get(f"/bookings/{booking_id(SERVED)}")
    assert page.status_code == 200
    shown = page.text
    assert f'action="/detainers/{detainer_id(SERVED)}/notice.pdf"' in shown
    assert re.search(r'<option value="es" selected>Español \(Spanish\)</option>', shown)
    assert "I-247-2011" in shown and "Record service" in shown and "Release-eligible event" in shown
    assert "Consular notification" in shown and "on request" in shown


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_the_copy_is_a_pdf_in_spanish_and_a_language_without_a_translation_is_refused(
    jail: TestClient,
) -> None:
    answer = jail.get(f"/detainers/{detainer_id(SERVED)}/notice.pdf", params={"lang": "es"})
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/pdf"
    assert answer.headers["content-disposition"].endswith(f'detainer-{detainer_id(SERVED)}-es.pdf"')
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=answer.content, capture_output=True, check=True
    ).stdout.decode()
    assert "Aviso a la persona detenida" in text and "(855) 448-6903" in text
    assert "EJEMPLO, SERVED" in text
    refused = jail.get(f"/detainers/{detainer_id(SERVED)}/notice.pdf", params={"lang": "de"})
    assert refused.status_code == 400
    message = html.unescape(refused.text)
    assert "no translation for language 'de'" in message and "ar, en, es, fr, ht, pt, tl, vi, zh" in message


def test_recording_service_keeps_when_how_and_in_which_language(jail: TestClient, world: Any) -> None:
    db = world[1]
    page = f"/bookings/{booking_id(SERVED)}"
    action = f"/detainers/{detainer_id(SERVED)}/service"
    refused = _post(jail, page, action, language="de", manner="in_person")
    assert refused.status_code == 400
    assert _alert(refused.text)[0].startswith(
        "no translation for language 'de'; languages with a translation: ar, en"
    )
    before = _detainer(db, SERVED)
    assert before.served_language == "es" and before.served_manner == "in_person"  # at intake, by the agency
    early = _post(jail, page, action, language="fr", manner="interpreter", served_at="2012-02-01T09:00")
    assert early.status_code == 400 and "is before the detainer was issued" in _alert(early.text)[0]
    answer = _post(jail, page, action, language="fr", manner="interpreter", served_at="2012-03-05T08:45")
    assert answer.status_code == 303
    after = _detainer(db, SERVED)
    assert (after.served_language, after.served_manner) == ("fr", "interpreter")
    assert after.served_at == datetime(2012, 3, 5, 14, 45, tzinfo=UTC)  # 08:45 in Houston (CST)
    with db.transaction() as tx:
        event = tx.scalars(
            select(AuditEventRow)
            .where(AuditEventRow.tag == EventTag.DETAINER_SERVED.value, AuditEventRow.actor == "user:jail-48201")
        ).one()  # fmt: skip
    assert event.data["language"] == "fr" and event.data["replaces"]["language"] == "es"
    assert event.data["via"]["address"] == "198.51.100.30"


def test_a_release_event_under_a_verified_detainer_starts_the_hold_clock(
    jail: TestClient, world: Any
) -> None:
    app, db, _ = world
    with TestClient(app) as officer:
        sign_in(officer, "ero-HOU")
        page = f"/cases/{case_id(VERIFY[0])}"
        assert _post(officer, page, f"{page}/verify").status_code == 303
    booking = f"/bookings/{booking_id(VERIFY[0])}"
    answer = _post(jail, booking, f"{booking}/release", reason="bail_posted")
    assert answer.status_code == 303
    detainer = _detainer(db, VERIFY[0])
    # Monday 09:00 in Houston + 48 hours excluding weekends and holidays: Wednesday 09:00 (15:00 UTC)
    assert detainer.state == "holding" and detainer.deadline_at == datetime(2012, 3, 7, 15, 0, tzinfo=UTC)
    assert _custody(db, VERIFY[0]).state == "held_on_detainer"
    shown = jail.get(answer.headers["location"]).text
    assert "Release event recorded." in shown and 'class="countdown"' in shown and "2 d 00:00:00" in shown
    board = jail.get("/jail/48201/holds").text
    assert detainer_id(VERIFY[0]) in board
    again = _post(jail, booking, f"{booking}/release", reason="charges_dismissed")
    assert again.status_code == 400 and "a release event is already recorded" in _alert(again.text)[0]


def test_a_release_event_under_an_unverified_detainer_releases_the_person(
    jail: TestClient, world: Any
) -> None:
    db = world[1]
    booking = f"/bookings/{booking_id(VERIFY[1])}"
    assert _post(jail, booking, f"{booking}/release", reason="sentence_served").status_code == 303
    detainer = _detainer(db, VERIFY[1])
    assert detainer.end_kind == "released_unverified" and detainer.deadline_at is None
    custody = _custody(db, VERIFY[1])
    assert (custody.state, custody.outcome, custody.release_reason) == (
        "ended",
        "released",
        "sentence_served",
    )


def test_a_release_event_without_a_detainer_releases_and_an_unknown_event_is_refused(
    jail: TestClient, world: Any
) -> None:
    booking = f"/bookings/{booking_id(RELEASE[0])}"
    unknown = _post(jail, booking, f"{booking}/release", reason="escaped")
    assert unknown.status_code == 400 and "is not one of: bail_posted" in _alert(unknown.text)[0]
    assert _post(jail, booking, f"{booking}/release", reason="charges_dismissed").status_code == 303
    assert _custody(world[1], RELEASE[0]).outcome == "released"


def test_a_citizenship_claim_reaches_the_field_office_at_once(jail: TestClient, world: Any) -> None:
    db = world[1]
    page = f"/bookings/{booking_id(CITIZEN)}"
    answer = _post(jail, page, f"{page}/claim", kind="us_citizen", statement="Naturalized in 2008.")
    assert answer.status_code == 303
    with db.transaction() as tx:
        claim = tx.scalars(select(ClaimRow).where(ClaimRow.booking_id == booking_id(CITIZEN))).one()
        case = tx.get(CaseRow, case_id(CITIZEN))
    assert (claim.channel, claim.finding) == ("jail", "us_citizen") and claim.resolved_at is not None
    assert case is not None and case.state == "closed_us_citizen"
    assert _detainer(db, CITIZEN).lift_reason == "United States Citizen Interviewed"
    assert "us citizen</strong>" in jail.get(page).text


def test_a_crime_victim_claim_protects_the_case(jail: TestClient, world: Any) -> None:
    db = world[1]
    page = f"/bookings/{booking_id(CLAIMS)}"
    assert _post(jail, page, f"{page}/claim", kind="crime_victim").status_code == 303
    with db.transaction() as tx:
        case = tx.get(CaseRow, case_id(CLAIMS))
        claim = tx.scalars(select(ClaimRow).where(ClaimRow.booking_id == booking_id(CLAIMS))).one()
    assert case is not None and case.protected and claim.finding == "referred_for_discretion"


def test_the_consular_task_moves_from_telling_to_the_consulate_notified(jail: TestClient, world: Any) -> None:
    db = world[1]
    page = f"/bookings/{booking_id(OPEN[0])}"
    no_answer = _post(
        jail, page, f"{page}/consular/inform", language="es", answer="", reason="Read at booking."
    )
    assert no_answer.status_code == 400
    assert "record whether the person asked for notification" in _alert(no_answer.text)[0]
    told = _post(
        jail, page, f"{page}/consular/inform", language="es", answer="requested", reason="Read at booking."
    )
    assert told.status_code == 303
    shown = jail.get(page).text
    assert "The consulate was notified" in shown and "The person was told" not in shown
    no_receipt = _post(
        jail, page, f"{page}/consular/notify", channel="fax", confirmation=" ", reason="Faxed."
    )
    assert no_receipt.status_code == 400 and "keep the confirmation" in _alert(no_receipt.text)[0]
    done = _post(
        jail, page, f"{page}/consular/notify", channel="fax", confirmation="fax receipt 0042", reason="Faxed."
    )
    assert done.status_code == 303
    with db.transaction() as tx:
        task = SqlConsularRecords(tx).task_for_booking(booking_id(OPEN[0]))
    assert task is not None and task.state.value == "notified"
    assert task.told is not None and task.told.by == "user:jail-48201" and task.told.language == "es"
    assert task.notification is not None and task.notification.confirmation == "fax receipt 0042"


def test_another_countys_jail_can_neither_see_nor_act(world: Any) -> None:
    app, db, _ = world
    with TestClient(app) as other:
        sign_in(other, "jail-48113")
        assert other.get(f"/bookings/{booking_id(TOLD[0])}").status_code == 404
        assert other.get(f"/detainers/{detainer_id(SERVED)}/notice.pdf").status_code == 404
        token = csrf_of(other.get("/jail/48113").text)
        answer = other.post(
            f"/bookings/{booking_id(RELEASE[0])}/release",
            data={"reason": "bail_posted", "csrf_token": token},
            follow_redirects=False,
        )
        assert answer.status_code == 404
    assert _custody(db, RELEASE[0]).state == "in_custody"


def test_the_api_records_a_release_event_and_answers_the_booking_file(jail: TestClient, world: Any) -> None:
    path = f"/api/bookings/{booking_id(RELEASE[1])}"
    file = jail.get(f"{path}/file").json()
    assert file["custody"]["state"] == "in_custody" and "release" in file["acts"]
    assert file["person_language"] == "es" and "zh" in file["notice_languages"]
    token = csrf_of(jail.get("/jail/48201").text)
    answer = jail.post(f"{path}/release", data={"reason": "bail_posted"}, headers={"X-CSRF-Token": token})
    assert answer.status_code == 200
    body = answer.json()
    assert body["custody"]["state"] == "ended" and "release" not in body["acts"]
