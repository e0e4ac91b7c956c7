"""A small synthetic world for the complaint tests: two counties in two AORs, their bookings and ICE cases,
and one account per role. Rows are inserted directly, as the booking flow writes them.

Harris County (48201, AOR HOU) is "ours"; Dallas County (48113, AOR DAL) is "theirs". Booking B-H3 has no
ICE case yet (a retaliation report may come before the case).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from securecomm.clock import Clock
from securecomm.storage.agency_tables import BookingRow, CaseRow
from securecomm.storage.db import Database, open_database
from securecomm.storage.tables import JurisdictionRow
from securecomm.web.accounts import Accounts
from securecomm.web.passwords import FAST_FOR_TESTS, Passwords
from securecomm.web.roles import Role
from securecomm.web.settings import WebSettings

with warnings.catch_warnings():  # starlette asks for httpx2; httpx is what the project installs
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

__all__ = [
    "MATRIX_IDS",
    "PASSWORD",
    "T0",
    "USERS",
    "TestClient",
    "app_for",
    "make_world",
    "seed_matrix_records",
    "web_matrix_rows",
]

T0 = datetime(2012, 3, 5, 15, 0, tzinfo=UTC)
PASSWORD = "correct horse battery"
USERS: dict[str, tuple[Role, str | None]] = {
    "admin": (Role.ADMIN, None),
    "lesc": (Role.LESC, None),
    "crcl": (Role.CRCL, None),
    "crcl-2": (Role.CRCL, None),
    "doj": (Role.DOJ, None),
    "jail-48201": (Role.JAIL, "48201"),
    "jail-48113": (Role.JAIL, "48113"),
    "ero-HOU": (Role.ERO, "HOU"),
    "ero-DAL": (Role.ERO, "DAL"),
}


def _jurisdiction(fips: str, name: str, aor: str) -> JurisdictionRow:
    return JurisdictionRow(fips=fips, name=name, state="TX", tz="America/Chicago", aor=aor,
                           activated_on=date(2008, 10, 27), ori=f"TX{fips}00", size=1.0, receives_idr=True,
                           has_287g=False)  # fmt: skip


def _booking(booking_id: str, fips: str, at: datetime) -> BookingRow:
    return BookingRow(booking_id=booking_id, fips=fips, ori=f"TX{fips}00", tcn=f"TCN-{booking_id}", booked_at=at,
                      facility_tz="America/Chicago",
                      subject={"name": "Synthetic Person", "date_of_birth": "1984-07-02", "language": "es"},
                      charges=[], indicators={}, transaction_sha256="0" * 64)  # fmt: skip


def _case(case_id: str, booking_id: str, fips: str, aor: str, *, closed: bool = False) -> CaseRow:
    return CaseRow(case_id=case_id, booking_id=booking_id, fips=fips, aor=aor, opened_at=T0 - timedelta(days=1),
                   state="closed_released" if closed else "open", fin="F1", determination={}, advice={}, iar={},
                   protected=False, closed_at=T0 if closed else None)  # fmt: skip


def make_world(directory: Path) -> tuple[Database, WebSettings]:
    url = f"sqlite:///{directory / 'complaints.db'}"
    db = open_database(url)
    with db.transaction() as tx:
        tx.add_all(
            [_jurisdiction("48201", "Harris County", "HOU"), _jurisdiction("48113", "Dallas County", "DAL")]
        )
        tx.flush()
        tx.add_all([
            _booking("B-H1", "48201", T0 - timedelta(days=2)),
            _booking("B-H2", "48201", T0 - timedelta(days=1)),
            _booking("B-H3", "48201", T0 - timedelta(hours=3)),
            _booking("B-D1", "48113", T0 - timedelta(days=1)),
            _case("C-H1", "B-H1", "48201", "HOU"),
            _case("C-H2", "B-H2", "48201", "HOU", closed=True),
            _case("C-D1", "B-D1", "48113", "DAL"),
        ])  # fmt: skip
    settings = WebSettings(database_url=url, password_parameters=FAST_FOR_TESTS)
    accounts = Accounts(db, settings, Passwords(settings.password_parameters))
    for username, (role, scope) in USERS.items():
        accounts.add(
            username=username, role=role, scope=scope, password=PASSWORD, at=T0, actor="test", origin="test"
        )
    return db, settings


def app_for(db: Database, settings: WebSettings, clock: Clock) -> FastAPI:
    """The web application with the complaint router (added here if the app factory does not include it yet)."""
    from securecomm.web import create_app, route_permissions
    from securecomm.web.complaint_routes import router

    app = create_app(settings, database=db, clock=clock)
    if not any(getattr(r, "path", "") == "/complaint" for r in app.router.routes) and (
        ("GET", "/complaint") not in route_permissions(app)
    ):
        app.include_router(router)
        route_permissions(app)  # every complaint route declares exactly one guard
    return app


def seed_matrix_records(db: Database, *, at: datetime = T0) -> dict[str, str]:
    """Complaint-system records for an access matrix over a world with bookings B-H1 (48201) and B-D1 (48113)
    and open cases C-H1 (AOR HOU) and C-D1 (AOR DAL), such as the web tests' world.

    Ids are the same on every run (deterministic entropy), so a matrix can name them in static paths; every
    act the matrix's POST routes perform on them can be repeated (same DOJ answer, override already recorded,
    report already acknowledged) without a refusal.
    """
    import hashlib
    import itertools

    from securecomm.clock import FixedClock
    from securecomm.complaints import (
        Actor,
        Channel,
        IntakeContext,
        LinkKind,
        PartyRole,
        PrivateActor,
        Route,
        parse_intake,
    )
    from securecomm.storage.audit_log import SessionAuditLog
    from securecomm.storage.complaint_records import complaint_services

    counter = itertools.count()

    def entropy(n: int) -> bytes:
        return hashlib.sha256(f"matrix-{next(counter)}".encode()).digest()[:n]

    fields = {
        "incident_date": "2012-03-01",
        "place": "Houston",
        "conduct": "state_local",
        "narrative": "Stopped.",
    }
    crcl, jail = Actor("seed", role="crcl"), Actor("seed", role="jail")
    ids: dict[str, str] = {}
    with db.transaction() as tx:
        complaints, protection = complaint_services(tx, SessionAuditLog(tx), FixedClock(at), entropy=entropy)
        draft = parse_intake({**fields, "name": "Matrix Person"}, [("scan.pdf", b"%PDF-1.4 matrix")],
                             IntakeContext(Channel.WEB, "es", at.date()))  # fmt: skip
        first = complaints.submit(draft, actor=Actor("seed"))
        complaints.acknowledge(first.complaint_id, actor=crcl)
        complaints.link(
            first.complaint_id, LinkKind.CASE, "C-H1", PartyRole.COMPLAINANT, actor=crcl, reason=None
        )
        complaints.link(first.complaint_id, LinkKind.CASE, "C-D1", PartyRole.WITNESS, actor=crcl, reason=None)
        referred = complaints.submit(
            parse_intake(fields, [], IntakeContext(Channel.WEB, "zh", at.date())), actor=Actor("seed")
        )
        complaints.acknowledge(referred.complaint_id, actor=crcl)
        complaints.triage(referred.complaint_id, Route.CRCL_REVIEW, actor=crcl)
        complaints.refer_doj(referred.complaint_id, actor=crcl, reason="Referred for the access matrix.")
        for fips, booking in (("48201", "B-H1"), ("48113", "B-D1")):
            protection.report_retaliation(report_id=f"ret-matrix-{fips}", booking_id=booking, fips=fips,
                                          actor_kind=PrivateActor.LANDLORD,
                                          account="Seeded retaliation report for the access matrix.", actor=jail)  # fmt: skip
        letter_id, _ = complaints.repository.letters(first.complaint_id)[0]
        ids = {"complaint": first.complaint_id, "receipt": first.receipt, "letter": str(letter_id),
               "referred": referred.complaint_id, "report_mine": "ret-matrix-48201", "report_theirs": "ret-matrix-48113"}  # fmt: skip
    return ids


# The ids seed_matrix_records makes (its entropy is deterministic); web_matrix_rows names them in static paths.
MATRIX_IDS = {"complaint": "cmp-5e3c8f25e4401caa", "receipt": "SC-XW7P-0EN3-AGF7-ZT40-T", "letter": "1",
              "referred": "cmp-74dd5798582790b8", "report_mine": "ret-matrix-48201",
              "report_theirs": "ret-matrix-48113"}  # fmt: skip


def web_matrix_rows(entry: Callable[..., Any]) -> dict[tuple[str, str], Any]:
    """The complaint routes' rows for the web application's access matrix, built with its `Entry` type.

    Mine is Harris (48201, AOR HOU), theirs Dallas (48113, AOR DAL); the matrix's world must be seeded with
    `seed_matrix_records(db)` (which returns MATRIX_IDS). The two JSON routes need an `Entry.json` body factory.
    """
    ids, crcl, liaison = MATRIX_IDS, "S F F A F F F", "S F F A A F F"
    complaint, referred = ids["complaint"], ids["referred"]
    form = {
        "incident_date": "2012-03-01",
        "place": "Houston",
        "conduct": "state_local",
        "narrative": "Stopped.",
    }
    return {
        ("GET", "/complaint"): entry("/complaint?lang=ar", "A A A A A A A"),
        ("POST", "/complaint"): entry("/complaint?lang=es", "A A A A A A A", form=lambda _: dict(form)),
        ("GET", "/complaint/status"): entry("/complaint/status", "A A A A A A A"),
        ("POST", "/complaint/status"): entry("/complaint/status", "A A A A A A A", form=lambda _: {"receipt": ids["receipt"]}),
        ("GET", "/complaint/complaints.css"): entry("/complaint/complaints.css", "A A A A A A A"),
        ("GET", "/api/public/complaints/languages"): entry("/api/public/complaints/languages", "A A A A A A A"),
        ("POST", "/api/public/complaints/status"): entry("/api/public/complaints/status", "A A A A A A A",
                                                         json=lambda _: {"receipt": ids["receipt"]}),
        ("GET", "/crcl/complaints"): entry("/crcl/complaints", crcl),
        ("GET", "/crcl/complaints/new"): entry("/crcl/complaints/new", crcl),
        ("POST", "/crcl/complaints"): entry("/crcl/complaints", crcl,
                                            form=lambda _: {"channel": "mail", "language": "fr", "narrative": "Lettre."}),
        ("GET", "/crcl/complaints/{complaint_id}"): entry(f"/crcl/complaints/{complaint}", crcl),
        ("POST", "/crcl/complaints/{complaint_id}/acts/{act}"): entry(f"/crcl/complaints/{complaint}/acts/note", crcl,
                                                                      form=lambda _: {"note": "Called back."}),
        ("GET", "/crcl/complaints/{complaint_id}/letters/{letter_id}"): entry(
            f"/crcl/complaints/{complaint}/letters/{ids['letter']}", crcl),
        ("GET", "/crcl/complaints/{complaint_id}/documents/{position}"): entry(f"/crcl/complaints/{complaint}/documents/1", crcl),
        ("GET", "/api/complaints"): entry("/api/complaints", crcl),
        ("GET", "/api/complaints/{complaint_id}"): entry(f"/api/complaints/{complaint}", crcl),
        ("POST", "/api/complaints/{complaint_id}/acts/{act}"): entry(f"/api/complaints/{complaint}/acts/note", crcl,
                                                                     json=lambda _: {"fields": {"note": "Called back."}}),
        ("GET", "/doj/complaints"): entry("/doj/complaints", liaison),
        ("GET", "/doj/complaints/{complaint_id}"): entry(f"/doj/complaints/{referred}", liaison),
        ("POST", "/doj/complaints/{complaint_id}/decision"): entry(
            f"/doj/complaints/{referred}/decision", liaison,
            form=lambda _: {"decision": "declined", "reason": "Declined after review."}),
        ("GET", "/api/complaints/counts"): entry("/api/complaints/counts", liaison),
        ("GET", "/api/complaints/referrals/doj"): entry("/api/complaints/referrals/doj", liaison),
        ("GET", "/ero/{aor}/protection"): entry("/ero/HOU/protection", "S F F F F F A", "/ero/DAL/protection", "S F F F F F N"),
        ("POST", "/ero/{aor}/protection/{case_id}/override"): entry(
            "/ero/HOU/protection/C-H1/override", "S F F F F F A", "/ero/DAL/protection/C-D1/override", "S F F F F F N",
            form=lambda _: {"reason": "Supervisor approves after review.", "supervisor": "yes"}),
        ("POST", "/ero/{aor}/retaliation/{report_id}/acknowledge"): entry(
            f"/ero/HOU/retaliation/{ids['report_mine']}/acknowledge", "S F F F F F A",
            f"/ero/DAL/retaliation/{ids['report_theirs']}/acknowledge", "S F F F F F N", form=lambda _: {}),
        ("GET", "/api/complaints/protection/{aor}"): entry("/api/complaints/protection/HOU", "S F F F F F A",
                                                           "/api/complaints/protection/DAL", "S F F F F F N"),
        ("GET", "/jail/{fips}/retaliation"): entry("/jail/48201/retaliation", "S F F F F A F",
                                                   "/jail/48113/retaliation", "S F F F F N F"),
        ("POST", "/jail/{fips}/retaliation"): entry(
            "/jail/48201/retaliation", "S F F F F A F", "/jail/48113/retaliation", "S F F F F N F",
            form=lambda _: {"booking_id": "B-H2", "actor_kind": "landlord", "account": "The landlord called the police."}),
        ("GET", "/api/complaints/retaliation/{fips}"): entry("/api/complaints/retaliation/48201", "S F F F F A F",
                                                             "/api/complaints/retaliation/48113", "S F F F F N F"),
    }  # fmt: skip
