"""CRCL's, DOJ's, the field office's and the jail's pages: identity only for CRCL, every view audited."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from securecomm.storage.agency_tables import CaseRow
from securecomm.storage.complaint_tables import ComplaintRow
from securecomm.storage.db import Database
from securecomm.storage.tables import AuditEventRow

from .conftest import csrf_of
from .world import TestClient

FIELDS = {"incident_date": "2012-03-01", "place": "Houston, TX", "conduct": "state_local",
          "narrative": "Deputy Roe stopped me; call me at 713-555-0101. Luis Ortega saw it.",
          "name": "Ana Ruiz", "email": "ana@example.org", "witness_1_name": "Luis Ortega", "consent_doj": "no"}  # fmt: skip
Clients = Callable[[str], TestClient]


def file_complaint(public: TestClient, **extra: str) -> None:
    token = csrf_of(public.get("/complaint?lang=es").text)
    assert public.post("/complaint?lang=es", data={"csrf_token": token, **FIELDS, **extra}).status_code == 200


def only_complaint(db: Database) -> str:
    with db.transaction() as tx:
        return str(tx.scalars(select(ComplaintRow.complaint_id)).one())


def act(client: TestClient, cid: str, name: str, **fields: str) -> Any:
    token = csrf_of(client.get(f"/crcl/complaints/{cid}").text)
    return client.post(
        f"/crcl/complaints/{cid}/acts/{name}", data={"csrf_token": token, **fields}, follow_redirects=False
    )


def views(db: Database, cid: str) -> list[tuple[str, str]]:
    with db.transaction() as tx:
        rows = tx.scalars(select(AuditEventRow).where(AuditEventRow.tag == "web:record:viewed",
                                                      AuditEventRow.subject_id == cid))  # fmt: skip
        return [(r.actor, r.data.get("view", "")) for r in rows]


def test_crcl_sees_the_identity_and_doj_sees_a_redacted_view_each_audited(
    public: TestClient, signed_in: Clients, db: Database
) -> None:
    file_complaint(public)
    cid = only_complaint(db)
    crcl = signed_in("crcl")
    page = crcl.get(f"/crcl/complaints/{cid}")
    assert (
        page.status_code == 200
        and "Ana Ruiz" in page.text
        and "ana@example.org" in page.text
        and "Luis Ortega" in page.text
    )
    for name, fields in [("acknowledge", {}), ("triage", {"route": "crcl_review"}),
                         ("refer_doj", {"reason": "Possible pattern of stops."})]:  # fmt: skip
        assert act(crcl, cid, name, **fields).status_code == 303, name
    doj = signed_in("doj")
    listing = doj.get("/doj/complaints")
    assert listing.status_code == 200 and cid in listing.text and "Ana" not in listing.text
    detail = doj.get(f"/doj/complaints/{cid}")
    assert detail.status_code == 200
    for secret in ("Ana", "Ruiz", "ana@example.org", "713-555-0101", "Luis", "Ortega"):
        assert secret not in detail.text, secret
    assert "Deputy Roe" in detail.text and "[redacted]" in detail.text
    assert ("user:crcl", "full") in views(db, cid) and ("user:doj", "redacted") in views(db, cid)
    api = doj.get("/api/complaints/referrals/doj").json()
    assert [r["complaint_id"] for r in api] == [cid] and api[0]["identity_shared"] is False


def test_jail_and_field_office_accounts_cannot_read_a_complaint(
    public: TestClient, signed_in: Clients, db: Database
) -> None:
    file_complaint(public)
    cid = only_complaint(db)
    for user in ("jail-48201", "ero-HOU", "lesc", "admin"):
        client = signed_in(user)
        for path in (
            f"/crcl/complaints/{cid}",
            f"/doj/complaints/{cid}",
            f"/api/complaints/{cid}",
            "/crcl/complaints",
        ):
            answer = client.get(path)
            assert answer.status_code == 403, (user, path)
            assert "Ana Ruiz" not in answer.text


def test_a_refused_act_says_why_and_changes_nothing(
    public: TestClient, signed_in: Clients, db: Database
) -> None:
    file_complaint(public)
    cid = only_complaint(db)
    crcl = signed_in("crcl")
    answer = act(crcl, cid, "refer_doj", reason="Too early for a referral.")
    assert answer.status_code == 400 and "Not done" in answer.text and "acknowledge" in answer.text
    assert act(crcl, cid, "fly", reason="x").status_code == 400
    assert act(crcl, cid, "assign", assignee="doj").status_code == 400  # not a CRCL account
    assert act(crcl, cid, "assign", assignee="crcl-2").status_code == 303
    with db.transaction() as tx:
        row = tx.get(ComplaintRow, cid)
        assert row is not None and row.status == "received" and row.assignee == "crcl-2"


def test_staff_enter_a_mailed_complaint_and_the_letter_is_in_its_language(
    signed_in: Clients, db: Database
) -> None:
    crcl = signed_in("crcl")
    token = csrf_of(crcl.get("/crcl/complaints/new").text)
    answer = crcl.post("/crcl/complaints", data={"csrf_token": token, "channel": "mail", "language": "vi",
                                                 "received_on": "2012-02-28", "narrative": "Thư tay.",
                                                 "address": "12 Bellaire Blvd, Houston"},
                       files=[("documents", ("thu.pdf", b"%PDF-1.4 scan", "application/pdf"))],
                       follow_redirects=False)  # fmt: skip
    assert answer.status_code == 303
    cid = answer.headers["location"].rsplit("/", 1)[-1]
    assert act(crcl, cid, "acknowledge").status_code == 303
    page = crcl.get(f"/crcl/complaints/{cid}")
    assert "Chúng tôi đã nhận được đơn khiếu nại của quý vị vào ngày 28 tháng 2 năm 2012" in page.text
    letter_id = re.search(rf"/crcl/complaints/{cid}/letters/(\d+)", page.text)
    assert letter_id is not None
    letter = crcl.get(f"/crcl/complaints/{cid}/letters/{letter_id.group(1)}")
    assert (
        letter.headers["content-type"].startswith("text/plain") and "Kính gửi người khiếu nại" in letter.text
    )
    document = crcl.get(f"/crcl/complaints/{cid}/documents/1")
    assert document.content == b"%PDF-1.4 scan" and document.headers["content-type"] == "application/pdf"
    assert document.headers["content-disposition"] == 'attachment; filename="thu.pdf"'
    assert document.headers["x-content-type-options"] == "nosniff"
    bad = crcl.post(
        "/crcl/complaints", data={"csrf_token": token, "channel": "web", "language": "vi", "narrative": "x"}
    )
    assert bad.status_code == 400


def test_the_field_office_sees_the_flag_not_the_complaint_and_records_an_override(
    public: TestClient, signed_in: Clients, db: Database
) -> None:
    file_complaint(public)
    cid = only_complaint(db)
    crcl = signed_in("crcl")
    assert act(crcl, cid, "link", kind="case", target="C-H1", party="complainant").status_code == 303
    ero = signed_in("ero-HOU")
    board = ero.get("/ero/HOU/protection")
    assert board.status_code == 200 and "C-H1" in board.text and "override required" in board.text
    for secret in (cid, "Ana", "Deputy Roe", "Houston, TX"):
        assert secret not in board.text, secret
    assert (
        "removal needs a recorded supervisory override" in ero.get("/ero/HOU").text
    )  # the case list's own flag
    token = csrf_of(board.text)
    unconfirmed = ero.post(
        "/ero/HOU/protection/C-H1/override", data={"csrf_token": token, "reason": "Approved by AFOD."}
    )
    assert unconfirmed.status_code == 400 and "supervisor" in unconfirmed.text
    done = ero.post("/ero/HOU/protection/C-H1/override",
                    data={"csrf_token": token, "reason": "Approved by AFOD after review.", "supervisor": "yes"},
                    follow_redirects=False)  # fmt: skip
    assert done.status_code == 303
    assert "override recorded" in ero.get("/ero/HOU/protection").text
    api = ero.get("/api/complaints/protection/HOU").json()
    assert (
        api[0]["case_id"] == "C-H1"
        and api[0]["override_required"] is False
        and api[0]["override_by"] == "user:ero-HOU"
    )
    other = signed_in("ero-DAL")
    assert other.post("/ero/HOU/protection/C-H1/override", data={"csrf_token": csrf_of(other.get("/complaint").text),
                                                                  "reason": "x" * 20, "supervisor": "yes"}).status_code == 404  # fmt: skip


def test_a_jail_report_reaches_the_field_office_at_once(signed_in: Clients, db: Database) -> None:
    jail = signed_in("jail-48201")
    page = jail.get("/jail/48201/retaliation")
    assert "B-H1" in page.text and "B-D1" not in page.text
    answer = jail.post("/jail/48201/retaliation", data={"csrf_token": csrf_of(page.text), "booking_id": "B-H1",
                                                        "actor_kind": "employer",
                                                        "account": "Employer called police after a wage claim."},
                       follow_redirects=False)  # fmt: skip
    assert answer.status_code == 303
    ero = signed_in("ero-HOU")
    board = ero.get("/ero/HOU/protection")
    assert "Employer called police after a wage claim." in board.text and "Acknowledge" in board.text
    with db.transaction() as tx:
        row = tx.get(CaseRow, "C-H1")
        assert row is not None and row.protected
    report_id = re.search(r"/ero/HOU/retaliation/(ret-[0-9a-f]+)/acknowledge", board.text)
    assert report_id is not None
    ack = ero.post(f"/ero/HOU/retaliation/{report_id.group(1)}/acknowledge", data={"csrf_token": csrf_of(board.text)},
                   follow_redirects=False)  # fmt: skip
    assert ack.status_code == 303
    tracked = jail.get("/api/complaints/retaliation/48201").json()
    assert tracked[0]["acknowledged_by"] == "user:ero-HOU" and tracked[0]["field_office_notified_at"]
    assert signed_in("ero-DAL").get("/ero/DAL/protection").text.count("wage claim") == 0
    refused = jail.post("/jail/48201/retaliation", data={"csrf_token": csrf_of(page.text), "booking_id": "B-D1",
                                                         "actor_kind": "landlord", "account": "Not our booking at all."})  # fmt: skip
    assert refused.status_code == 400


def test_the_queue_filters_and_the_api_acts(public: TestClient, signed_in: Clients, db: Database) -> None:
    file_complaint(public)
    cid = only_complaint(db)
    crcl = signed_in("crcl")
    assert cid in crcl.get("/crcl/complaints").text
    assert cid not in crcl.get("/crcl/complaints?status=closed").text
    assert crcl.get("/crcl/complaints?status=nonsense").status_code == 400
    token = csrf_of(crcl.get("/crcl/complaints").text)
    body = crcl.post(
        f"/api/complaints/{cid}/acts/acknowledge", json={"fields": {}}, headers={"X-CSRF-Token": token}
    )
    assert body.status_code == 200 and body.json()["status"] == "acknowledged"
    refused = crcl.post(
        f"/api/complaints/{cid}/acts/acknowledge", json={"fields": {}}, headers={"X-CSRF-Token": token}
    )
    assert refused.status_code == 400 and "acknowledge" in refused.json()["detail"]
    listing = crcl.get("/api/complaints").json()
    assert listing["total"] == 1 and listing["items"][0]["next_deadline"] == "2012-04-04"
    assert crcl.get("/api/complaints/cmp-none").status_code == 404
