"""Every read and write of a person's record is an audit event: who, what, when, from where, why."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from securecomm.audit import EventTag
from securecomm.storage.audit_log import verify_chain
from securecomm.storage.db import Database
from securecomm.storage.tables import AuditEventRow

from .conftest import TestClient, csrf_of
from .world import MINE_AOR, MINE_FIPS, T0, THEIR_FIPS, USERS

JAIL = f"jail-{MINE_FIPS}"


def events(db: Database, tag: EventTag) -> list[AuditEventRow]:
    with db.transaction() as tx:
        return list(
            tx.scalars(
                select(AuditEventRow).where(AuditEventRow.tag == tag.value).order_by(AuditEventRow.seq)
            )
        )


def test_the_jail_page_records_each_booking_and_hold_it_shows(
    signed_in: Callable[[str], TestClient], db: Database
) -> None:
    jail = signed_in(JAIL)
    before = len(events(db, EventTag.RECORD_VIEWED))
    assert jail.get(f"/jail/{MINE_FIPS}").status_code == 200
    viewed = events(db, EventTag.RECORD_VIEWED)[before:]
    seen = {(e.subject_type, e.subject_id) for e in viewed}
    assert seen == {("booking", "B-H1"), ("booking", "B-H2"), ("detainer", "D-H1"), ("detainer", "D-H2")}
    for event in viewed:
        assert event.actor == f"user:{JAIL}"
        assert event.origin == "198.51.100.7"  # the client's address
        assert event.at == T0
        assert event.data["route"] == f"GET /jail/{MINE_FIPS}"
        assert event.data["role"] == "jail" and event.data["scope"] == MINE_FIPS
        assert event.data["fips"] == MINE_FIPS


def test_every_api_read_of_a_person_is_recorded_too(
    signed_in: Callable[[str], TestClient], db: Database
) -> None:
    jail, ero, lesc = signed_in(JAIL), signed_in(f"ero-{MINE_AOR}"), signed_in("lesc")
    jail.get("/api/bookings/B-H1")
    ero.get("/api/cases/C-H1")
    lesc.get("/api/lesc/iaq-responses")
    viewed = {(e.actor, e.subject_type, e.subject_id) for e in events(db, EventTag.RECORD_VIEWED)}
    assert (f"user:{JAIL}", "booking", "B-H1") in viewed
    assert (f"user:ero-{MINE_AOR}", "case", "C-H1") in viewed
    assert {("user:lesc", "iaq_response", "B-H1"), ("user:lesc", "iaq_response", "B-D1")} <= viewed


def test_a_look_outside_ones_scope_is_a_404_like_any_missing_record_and_is_recorded(
    signed_in: Callable[[str], TestClient], db: Database
) -> None:
    jail = signed_in(JAIL)
    theirs = jail.get("/api/bookings/B-D1")
    missing = jail.get("/api/bookings/NO-SUCH-BOOKING")
    assert theirs.status_code == missing.status_code == 404
    assert theirs.json() == missing.json()  # nothing tells "exists elsewhere" from "does not exist"
    page = jail.get(f"/jail/{THEIR_FIPS}")
    assert page.status_code == 404 and "Pedro" not in page.text
    refused = events(db, EventTag.RECORD_ACCESS_REFUSED)
    assert [(e.actor, e.subject_id, e.origin) for e in refused] == [
        (f"user:{JAIL}", f"{THEIR_FIPS}/DAL", "198.51.100.7"),
        (f"user:{JAIL}", f"{THEIR_FIPS}/", "198.51.100.7"),
    ]
    assert all(e.reason and "outside fips 48201" in e.reason for e in refused)
    assert not [e for e in events(db, EventTag.RECORD_VIEWED) if e.subject_id == "B-D1"]


def test_an_admin_change_is_an_audited_act_with_its_reason(
    signed_in: Callable[[str], TestClient], db: Database
) -> None:
    admin = signed_in("admin")
    token = csrf_of(admin.get(f"/admin/jurisdictions/{MINE_FIPS}").text)
    answer = admin.post(
        f"/admin/jurisdictions/{MINE_FIPS}",
        data={
            "activated_on": "2008-10-27",
            "receives_idr": "no",
            "has_287g": "yes",
            "reason": "County board vote of 2 May to decline IDRs",
            "csrf_token": token,
        },
        follow_redirects=False,
    )
    assert answer.status_code == 303
    [event] = events(db, EventTag.JURISDICTION_UPDATED)
    assert (
        event.actor == "user:admin" and event.subject_type == "jurisdiction" and event.subject_id == MINE_FIPS
    )
    assert event.reason == "County board vote of 2 May to decline IDRs"
    assert event.data["before"] == {"receives_idr": True} and event.data["after"] == {"receives_idr": False}
    assert event.origin == "198.51.100.7"


def test_sign_ins_and_refusals_are_in_the_chain_and_the_chain_verifies(
    signed_in: Callable[[str], TestClient], anonymous: TestClient, db: Database
) -> None:
    signed_in("crcl")
    token = csrf_of(anonymous.get("/login").text)
    anonymous.post("/login", data={"username": "crcl", "password": "wrong", "csrf_token": token})
    assert [e.subject_id for e in events(db, EventTag.SIGNED_IN)] == ["crcl"]
    [refused] = events(db, EventTag.SIGN_IN_REFUSED)
    assert (
        refused.subject_id == "crcl"
        and refused.origin == "203.0.113.9"
        and refused.data["outcome"] == "failed"
    )
    with db.transaction() as tx:
        report = verify_chain(tx)
    assert report.ok and report.events == len(USERS) + 2  # the accounts made, one sign-in, one refusal
