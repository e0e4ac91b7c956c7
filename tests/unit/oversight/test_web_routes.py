"""The monitoring's pages and API through the web application (`create_app` with the oversight router).

Public statistics for everyone, small cells hidden; packages and referrals for CRCL and the DOJ liaison;
delivering a package and every referral act for CRCL only, each an audited act; DOJ sees only what CRCL
referred to it.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from fastapi import FastAPI
from httpx import Response
from sqlalchemy import select

from securecomm.clock import ManualClock
from securecomm.storage.db import Database, open_database
from securecomm.storage.oversight_tables import OversightReferralRow
from securecomm.storage.tables import AuditEventRow, JurisdictionRow
from securecomm.web.accounts import Accounts
from securecomm.web.passwords import FAST_FOR_TESTS, Passwords
from securecomm.web.policy import Permission
from securecomm.web.roles import Role
from securecomm.web.settings import WebSettings

from .db_world import BURGLARY, DUI, NO_LICENSE, PLANTED, FlowWorld, at, rows_world

with warnings.catch_warnings():  # starlette asks for httpx2; httpx is what the project installs
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

T0 = datetime(2012, 8, 6, 15, tzinfo=UTC)
PASSWORD = "correct horse battery"
USERS = {"crcl": (Role.CRCL, None), "doj": (Role.DOJ, None), "jail-48201": (Role.JAIL, "48201"),
         "admin": (Role.ADMIN, None), "lesc": (Role.LESC, None), "ero-HOU": (Role.ERO, "HOU")}  # fmt: skip
ROLES = ("public", "admin", "lesc", "crcl", "doj", "jail-48201", "ero-HOU")  # the access matrix's order
MINE = ("/statistics", "/api/public/statistics", "/oversight/packages", "/oversight/referrals",
        "/api/oversight/packages", "/api/oversight/referrals")  # fmt: skip
CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]{64})"')


def app_for(url: str) -> tuple[FastAPI, Database]:
    """The web application over `url`, with the oversight router (added if the app does not include it yet)."""
    from securecomm.web import create_app, route_permissions
    from securecomm.web.oversight_routes import router

    db = open_database(url)
    settings = WebSettings(database_url=url, password_parameters=FAST_FOR_TESTS)
    accounts = Accounts(db, settings, Passwords(settings.password_parameters))
    for username, (role, scope) in USERS.items():
        accounts.add(
            username=username, role=role, scope=scope, password=PASSWORD, at=T0, actor="test", origin="t"
        )
    app = create_app(settings, database=db, clock=ManualClock(T0))
    if ("GET", "/statistics") not in route_permissions(app):
        app.include_router(router)
    route_permissions(app)  # every oversight route declares exactly one guard
    return app, db


def csrf_of(html: str) -> str:
    found = CSRF.search(html)
    assert found, "the page has no CSRF hidden input"
    return found.group(1)


def client_for(app: FastAPI, username: str | None) -> TestClient:
    client = TestClient(app, client=("198.51.100.7", 50000))
    page = client.get("/login")
    if username is not None:
        answer = client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": csrf_of(page.text)},
                             follow_redirects=False)  # fmt: skip
        assert answer.status_code == 303, answer.text
    return client


def post(client: TestClient, path: str, data: dict[str, str], *, page: str = "/") -> Response:
    token = csrf_of(client.get(page).text)
    return client.post(path, data={**data, "csrf_token": token}, follow_redirects=False)


@pytest.fixture(scope="module")
def rows_app(tmp_path_factory: pytest.TempPathFactory) -> tuple[FastAPI, Database]:
    return app_for(rows_world(tmp_path_factory.mktemp("web")))


@pytest.fixture(scope="module")
def clients(rows_app: tuple[FastAPI, Database]) -> Iterator[dict[str, TestClient]]:
    app, _ = rows_app
    made = {name: client_for(app, name) for name in USERS} | {"public": client_for(app, None)}
    yield made
    for client in made.values():
        client.close()


def test_every_oversight_route_declares_the_guard_its_readers_need(
    rows_app: tuple[FastAPI, Database],
) -> None:
    from securecomm.web import route_permissions

    permissions = route_permissions(rows_app[0])
    assert permissions[("GET", "/statistics")] is Permission.PUBLIC
    assert permissions[("GET", "/api/public/statistics")] is Permission.PUBLIC
    assert permissions[("GET", "/api/public/statistics/{name}.csv")] is Permission.PUBLIC
    for path in ("/oversight/packages", "/oversight/packages/{quarter}", "/oversight/referrals",
                 "/api/oversight/referrals/{referral_id}", "/api/oversight/packages/{quarter}"):  # fmt: skip
        assert permissions[("GET", path)] is Permission.OVERSIGHT_AGGREGATES, path
    for path in ("/oversight/packages", "/oversight/referrals/{referral_id}/acts/{action}"):
        assert permissions[("POST", path)] is Permission.OVERSIGHT_REVIEW, path  # CRCL alone


def test_who_may_read_and_who_may_act(clients: dict[str, TestClient]) -> None:
    expect = {  # (method, path) -> {role: status}
        ("GET", "/oversight/packages"): {
            "public": 303,
            "jail-48201": 403,
            "admin": 403,
            "crcl": 200,
            "doj": 200,
        },
        ("GET", "/api/oversight/referrals"): {"public": 401, "jail-48201": 403, "crcl": 200, "doj": 200},
        ("GET", "/statistics"): {"public": 200, "jail-48201": 200, "doj": 200},
        ("POST", "/oversight/packages"): {"public": 303, "jail-48201": 403, "doj": 403},
    }
    for (method, path), answers in expect.items():
        for role, status in answers.items():
            client = clients[role]
            if method == "POST":
                answer = post(client, path, {"quarter": "2012Q2", "note": "Not allowed."}, page="/login")
            else:
                answer = client.get(path, follow_redirects=False)
            assert answer.status_code == status, (role, method, path, answer.status_code)


@pytest.mark.slow
def test_crcl_delivers_the_package_and_walks_the_referral_to_doj(
    rows_app: tuple[FastAPI, Database], clients: dict[str, TestClient]
) -> None:
    _, db = rows_app
    crcl, doj = clients["crcl"], clients["doj"]
    refused = post(crcl, "/oversight/packages", {"quarter": "2013Q1", "note": "Too late."})
    assert refused.status_code == 400 and "no bookings in 2013Q1" in refused.text
    refused = post(crcl, "/oversight/packages", {"quarter": "2012Q2", "note": " "})
    assert refused.status_code == 400 and "note" in refused.text
    done = post(crcl, "/oversight/packages", {"quarter": "2012Q2", "note": "Package 2012Q2 for the liaison."})
    assert done.status_code == 303 and done.headers["location"] == "/oversight/packages/2012Q2"

    page = doj.get("/oversight/packages/2012Q2")
    assert page.status_code == 200 and PLANTED in page.text and "not a finding" in page.text
    assert "2 (1 CRCL review)" in page.text and "user:crcl" in page.text
    package = doj.get("/api/oversight/packages/2012Q2").json()
    assert package["recipient"] == "doj" and package["summary"]["flags"][0]["jurisdiction"] == PLANTED
    results = doj.get("/oversight/packages/2012Q2/results.csv")
    assert results.headers["content-type"].startswith("text/csv") and f"{PLANTED},2012Q2" in results.text
    assert doj.get("/oversight/packages/2011Q4").status_code == 404

    (rid,) = [r["referral_id"] for r in crcl.get("/api/oversight/referrals").json()["items"]]
    assert doj.get("/api/oversight/referrals").json()["items"] == []  # not referred to DOJ yet
    assert doj.get(f"/oversight/referrals/{rid}").status_code == 404
    detail = crcl.get(f"/oversight/referrals/{rid}")
    assert detail.status_code == 200 and "Begin review" in detail.text and "Refer to DOJ" not in detail.text
    page = f"/oversight/referrals/{rid}"
    steps = [
        ("begin_review", {"reason": "Flag of 2012Q2 taken up for review."}),
        ("record_complaints", {"reason": "Two complaints about stops in May and June.", "complaints": "2"}),
        (
            "record_field_office_contact",
            {"reason": "Field office reports a checkpoint.", "field_office": "SNA"},
        ),
        ("refer_to_doj", {"reason": "Minor identifications quadrupled with complaints of pretextual stops."}),
    ]
    for action, fields in steps:
        answer = post(crcl, f"/oversight/referrals/{rid}/acts/{action}", fields, page=page)
        assert answer.status_code == 303, (action, answer.text)
    illegal = post(
        crcl, f"/oversight/referrals/{rid}/acts/close", {"reason": "Too late to close."}, page=page
    )
    assert illegal.status_code == 400 and "cannot close in state" in illegal.text
    assert (
        post(doj, f"/oversight/referrals/{rid}/acts/record_note", {"reason": "DOJ note."}).status_code == 403
    )

    seen = doj.get(f"/api/oversight/referrals/{rid}").json()
    assert seen["state"] == "referred_to_doj" and seen["fips"] == PLANTED
    assert [a["action"] for a in seen["acts"]] == ["flag", *(a for a, _ in steps)]
    assert "Field office reports a checkpoint." in doj.get(f"/oversight/referrals/{rid}").text
    with db.transaction() as tx:
        assert tx.get(OversightReferralRow, rid).state == "referred_to_doj"  # type: ignore[union-attr]
        events = tx.scalars(select(AuditEventRow).where(AuditEventRow.tag.like("oversight:%"))).all()
    assert [e.tag.split(":")[-1] for e in events] == ["delivered", "flag", *(a for a, _ in steps)]
    assert {e.actor for e in events} == {"user:crcl"} and {e.origin for e in events} == {"198.51.100.7"}


@pytest.fixture(scope="module")
def small_app(tmp_path_factory: pytest.TempPathFactory) -> tuple[FastAPI, Database]:
    """A few bookings through the real flow: every count of removals and matches is small."""
    folder = tmp_path_factory.mktemp("small")
    world = FlowWorld(folder)
    for fin in ("F2", "F3"):
        world.encounter(fin, date(2010, 4, 1))
    world.book("s1", at=at(2012, 3, 1), charges=DUI)
    world.book("s2", at=at(2012, 3, 2), charges=BURGLARY, fin="F2")
    world.book("s3", at=at(2012, 3, 5), charges=NO_LICENSE, fin="F3")
    world.run(at(2012, 5, 1))
    world.db.dispose()
    return app_for(world.url)


def test_public_statistics_hide_small_counts(small_app: tuple[FastAPI, Database]) -> None:
    with TestClient(small_app[0]) as client:
        page = client.get("/statistics")
        data = client.get("/api/public/statistics").json()
        removals = client.get("/api/public/statistics/removals_by_level_and_fiscal_year.csv")
        missing = client.get("/api/public/statistics/people.csv")
    assert page.status_code == 200 and "Removals by level and fiscal year" in page.text
    assert "A removal is an officer" in page.text and "suppressed" in page.text
    names = [t["name"] for t in data["tables"]]
    assert names == ["removals_by_level_and_fiscal_year", "matches_by_level_and_fiscal_year"]
    hidden = 0
    for table in data["tables"]:
        for row in table["rows"]:
            for value in row["values"]:
                assert value is None or value == 0 or value >= 11, (table["name"], row)
                hidden += value is None
    assert hidden >= 2  # two matches and their removals exist, and none of them may be shown
    assert (
        removals.status_code == 200
        and ",S" in removals.text
        and removals.text.startswith("fiscal year,Level 1")
    )
    assert missing.status_code == 404


@pytest.mark.slow
def test_the_rows_for_the_access_matrix_cover_every_route_with_the_right_letters(
    tmp_path: Path,
) -> None:
    from dataclasses import dataclass

    from securecomm.web import route_permissions

    from .web_matrix import MATRIX_IDS, seed_matrix_records, web_matrix_rows

    @dataclass(frozen=True)
    class Entry:
        mine: str
        expect: str
        form: Callable[[str], dict[str, str]] | None = None

    app, db = app_for(rows_world(tmp_path))
    assert seed_matrix_records(db) == MATRIX_IDS
    rows = web_matrix_rows(Entry, MATRIX_IDS)
    routes = {key for key in route_permissions(app) if key[1].startswith(MINE)}
    assert routes == set(rows)
    clients = {role: client_for(app, None if role == "public" else role) for role in ROLES}
    try:
        for (method, _), entry in sorted(rows.items()):
            for role, letter in zip(ROLES, entry.expect.split(), strict=True):
                client = clients[role]
                if method == "POST":
                    answer = post(client, entry.mine, entry.form(role) if entry.form else {}, page="/login")
                else:
                    answer = client.get(entry.mine, follow_redirects=False)
                code, where = answer.status_code, answer.headers.get("location", "")
                if letter == "A":
                    assert code == 200 or (code == 303 and not where.startswith("/login")), (
                        role,
                        entry.mine,
                        code,
                    )
                elif letter == "S":
                    api = entry.mine.startswith("/api/")
                    assert code == 401 if api else (code == 303 and where.startswith("/login")), (
                        role,
                        entry.mine,
                    )
                else:
                    assert code == 403, (role, entry.mine, code)
    finally:
        for client in clients.values():
            client.close()


def test_an_empty_database_answers_with_empty_tables_and_no_package_to_deliver(tmp_path: Path) -> None:
    db = open_database(f"sqlite:///{tmp_path / 'empty.db'}")
    with db.transaction() as tx:  # the counties the accounts are scoped to, and nothing else
        tx.add_all([JurisdictionRow(fips="48201", name="Harris County", state="TX", tz="America/Chicago", aor="HOU",
                                    activated_on=None, ori="TX1010000"),
                    JurisdictionRow(fips="48113", name="Dallas County", state="TX", tz="America/Chicago", aor="DAL",
                                    activated_on=None, ori="TX0570000")])  # fmt: skip
    db.dispose()
    app, _ = app_for(db.url)
    with TestClient(app) as public:
        data = public.get("/api/public/statistics").json()
        csv_text = public.get("/api/public/statistics/removals_by_level_and_fiscal_year.csv").text
    assert [t["rows"] for t in data["tables"]] == [[{"label": "Total", "values": [0, 0, 0, 0, 0]}]] * 2
    assert csv_text == "fiscal year,Level 1,Level 2,Level 3,non-criminal,Total\nTotal,0,0,0,0,0\n"
    crcl = client_for(app, "crcl")
    assert "holds no bookings yet" in crcl.get("/oversight/packages").text
    refused = post(crcl, "/oversight/packages", {"quarter": "2012Q1", "note": "Nothing to analyse."})
    assert refused.status_code == 400 and "no bookings" in refused.text
    crcl.close()
