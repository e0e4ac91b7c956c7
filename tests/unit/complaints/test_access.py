"""Who may use each complaint route: the access matrix of the complaint system, and redaction by role.

Letters, one per role in ROLES order, as in the web application's matrix: A allowed (200, or 303 somewhere
other than /login), F forbidden (403), N not found (404: outside the account's scope), S sign in first.
`mine` paths use Harris County (48201) / AOR HOU, `theirs` Dallas (48113) / DAL. A route added to the
complaint router without an entry here fails `test_every_complaint_route_is_in_the_matrix`.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import Response

from securecomm.clock import ManualClock
from securecomm.complaints import (
    Actor,
    Channel,
    IntakeContext,
    PrivateActor,
    Route,
    parse_intake,
)
from securecomm.storage.agency_tables import CaseRow
from securecomm.storage.audit_log import SessionAuditLog
from securecomm.storage.complaint_records import complaint_services
from securecomm.storage.db import Database

from .conftest import csrf_of, sign_in
from .world import T0, TestClient, app_for, make_world

ROLES = ("public", "admin", "lesc", "crcl", "doj", "jail", "ero")
USER = {
    "admin": "admin",
    "lesc": "lesc",
    "crcl": "crcl",
    "doj": "doj",
    "jail": "jail-48201",
    "ero": "ero-HOU",
}
CRCL_ONLY = "S F F A F F F"
LIAISON = "S F F A A F F"
FIELDS = {
    "incident_date": "2012-03-01",
    "place": "Houston",
    "conduct": "state_local",
    "narrative": "Stopped.",
}
_n = itertools.count(1)


@dataclass(frozen=True)
class World:
    db: Database
    clock: ManualClock

    def run(self, work: Callable[..., Any]) -> Any:
        with self.db.transaction() as tx:
            complaints, protection = complaint_services(tx, SessionAuditLog(tx), self.clock)
            return work(complaints, protection)

    def complaint(self, *, referred: bool = False, document: bool = False) -> str:
        files = [("a.txt", b"evidence")] if document else []
        draft = parse_intake(
            {**FIELDS, "name": "Ana Ruiz"}, files, IntakeContext(Channel.WEB, "es", T0.date())
        )
        cid: str = self.run(lambda c, _: c.submit(draft, actor=Actor("public")).complaint_id)
        crcl = Actor("user:crcl", role="crcl")
        self.run(lambda c, _: c.acknowledge(cid, actor=crcl))
        if referred:
            self.run(lambda c, _: c.triage(cid, Route.CRCL_REVIEW, actor=crcl))
            self.run(lambda c, _: c.refer_doj(cid, actor=crcl, reason="Referred for the matrix test."))
        return cid

    def receipt(self) -> str:
        cid = self.complaint()
        return str(self.run(lambda c, _: c.get(cid).receipt))

    def protected_case(self, aor: str) -> str:
        case_id, booking = f"C-M{next(_n)}", "B-H1" if aor == "HOU" else "B-D1"
        fips = "48201" if aor == "HOU" else "48113"
        with self.db.transaction() as tx:
            tx.add(CaseRow(case_id=case_id, booking_id=f"{booking}-{case_id}", fips=fips, aor=aor, opened_at=T0,
                           state="open", fin="F", determination={}, advice={}, iar={}, protected=True))  # fmt: skip
        return case_id

    def report(self, fips: str) -> str:
        report_id = f"ret-m{next(_n)}"
        booking = "B-H1" if fips == "48201" else "B-D1"
        self.run(lambda _, p: p.report_retaliation(report_id=report_id, booking_id=booking, fips=fips,
                                                    actor_kind=PrivateActor.EMPLOYER,
                                                    account="Employer called the police after a wage claim.",
                                                    actor=Actor("test")))  # fmt: skip
        return report_id


Path_ = Callable[[World], str]
Body = Callable[[World], dict[str, Any]]


@dataclass(frozen=True)
class Entry:
    mine: Path_
    expect: str
    theirs: Path_ | None = None
    theirs_expect: str | None = None
    form: Body | None = None
    json: Body | None = None


def fixed(path: str) -> Path_:
    return lambda _: path


def _override_form(_: World) -> dict[str, Any]:
    return {"reason": "Supervisor approves removal after review.", "supervisor": "yes"}


MATRIX: dict[tuple[str, str], Entry] = {
    ("GET", "/complaint"): Entry(fixed("/complaint?lang=ar"), "A A A A A A A"),
    ("POST", "/complaint"): Entry(fixed("/complaint?lang=es"), "A A A A A A A", form=lambda _: dict(FIELDS)),
    ("GET", "/complaint/status"): Entry(fixed("/complaint/status"), "A A A A A A A"),
    ("POST", "/complaint/status"): Entry(fixed("/complaint/status"), "A A A A A A A", form=lambda w: {"receipt": w.receipt()}),
    ("GET", "/complaint/complaints.css"): Entry(fixed("/complaint/complaints.css"), "A A A A A A A"),
    ("GET", "/api/public/complaints/languages"): Entry(fixed("/api/public/complaints/languages"), "A A A A A A A"),
    ("POST", "/api/public/complaints/status"): Entry(fixed("/api/public/complaints/status"), "A A A A A A A",
                                                     json=lambda w: {"receipt": w.receipt()}),
    ("GET", "/crcl/complaints"): Entry(fixed("/crcl/complaints"), CRCL_ONLY),
    ("GET", "/crcl/complaints/new"): Entry(fixed("/crcl/complaints/new"), CRCL_ONLY),
    ("POST", "/crcl/complaints"): Entry(fixed("/crcl/complaints"), CRCL_ONLY,
                                        form=lambda _: {"channel": "mail", "language": "fr", "narrative": "Lettre."}),
    ("GET", "/crcl/complaints/{complaint_id}"): Entry(lambda w: f"/crcl/complaints/{w.complaint()}", CRCL_ONLY),
    ("POST", "/crcl/complaints/{complaint_id}/acts/{act}"): Entry(
        lambda w: f"/crcl/complaints/{w.complaint()}/acts/note", CRCL_ONLY, form=lambda _: {"note": "Called."}),
    ("GET", "/crcl/complaints/{complaint_id}/letters/{letter_id}"): Entry(
        lambda w: f"/crcl/complaints/{(c := w.complaint())}/letters/{w.run(lambda s, _: s.repository.letters(c)[0][0])}",
        CRCL_ONLY),
    ("GET", "/crcl/complaints/{complaint_id}/documents/{position}"): Entry(
        lambda w: f"/crcl/complaints/{w.complaint(document=True)}/documents/1", CRCL_ONLY),
    ("GET", "/api/complaints"): Entry(fixed("/api/complaints"), CRCL_ONLY),
    ("GET", "/api/complaints/{complaint_id}"): Entry(lambda w: f"/api/complaints/{w.complaint()}", CRCL_ONLY),
    ("POST", "/api/complaints/{complaint_id}/acts/{act}"): Entry(
        lambda w: f"/api/complaints/{w.complaint()}/acts/note", CRCL_ONLY, json=lambda _: {"fields": {"note": "Hi."}}),
    ("GET", "/doj/complaints"): Entry(fixed("/doj/complaints"), LIAISON),
    ("GET", "/doj/complaints/{complaint_id}"): Entry(lambda w: f"/doj/complaints/{w.complaint(referred=True)}", LIAISON),
    ("POST", "/doj/complaints/{complaint_id}/decision"): Entry(
        lambda w: f"/doj/complaints/{w.complaint(referred=True)}/decision", LIAISON,
        form=lambda _: {"decision": "declined", "reason": "Declined for the matrix test."}),
    ("GET", "/api/complaints/counts"): Entry(fixed("/api/complaints/counts"), LIAISON),
    ("GET", "/api/complaints/referrals/doj"): Entry(fixed("/api/complaints/referrals/doj"), LIAISON),
    ("GET", "/ero/{aor}/protection"): Entry(fixed("/ero/HOU/protection"), "S F F F F F A",
                                            fixed("/ero/DAL/protection"), "S F F F F F N"),
    ("POST", "/ero/{aor}/protection/{case_id}/override"): Entry(
        lambda w: f"/ero/HOU/protection/{w.protected_case('HOU')}/override", "S F F F F F A",
        lambda w: f"/ero/DAL/protection/{w.protected_case('DAL')}/override", "S F F F F F N", form=_override_form),
    ("POST", "/ero/{aor}/retaliation/{report_id}/acknowledge"): Entry(
        lambda w: f"/ero/HOU/retaliation/{w.report('48201')}/acknowledge", "S F F F F F A",
        lambda w: f"/ero/DAL/retaliation/{w.report('48113')}/acknowledge", "S F F F F F N", form=lambda _: {}),
    ("GET", "/api/complaints/protection/{aor}"): Entry(fixed("/api/complaints/protection/HOU"), "S F F F F F A",
                                                       fixed("/api/complaints/protection/DAL"), "S F F F F F N"),
    ("GET", "/jail/{fips}/retaliation"): Entry(fixed("/jail/48201/retaliation"), "S F F F F A F",
                                               fixed("/jail/48113/retaliation"), "S F F F F N F"),
    ("POST", "/jail/{fips}/retaliation"): Entry(
        fixed("/jail/48201/retaliation"), "S F F F F A F", fixed("/jail/48113/retaliation"), "S F F F F N F",
        form=lambda _: {"booking_id": "B-H2", "actor_kind": "landlord", "account": "Landlord called the police."}),
    ("GET", "/api/complaints/retaliation/{fips}"): Entry(fixed("/api/complaints/retaliation/48201"), "S F F F F A F",
                                                         fixed("/api/complaints/retaliation/48113"), "S F F F F N F"),
}  # fmt: skip


@pytest.fixture(scope="module")
def matrix(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[FastAPI, World, dict[str, TestClient]]]:
    db, settings = make_world(Path(tmp_path_factory.mktemp("matrix")))
    clock = ManualClock(T0)
    app = app_for(db, settings, clock)
    clients = {"public": TestClient(app, client=("203.0.113.1", 1))}
    clients["public"].get("/")
    for n, role in enumerate(ROLES[1:], start=2):
        clients[role] = sign_in(TestClient(app, client=(f"203.0.113.{n}", 1)), USER[role])
    yield app, World(db, clock), clients
    for client in clients.values():
        client.close()


def _complaint_permissions() -> dict[tuple[str, str], Any]:
    """(method, path) -> the permission its guard declares, for every route of the complaint router."""
    from securecomm.web.app import route_permissions
    from securecomm.web.complaint_routes import router

    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    app.include_router(router)
    return {key: permission for key, permission in route_permissions(app).items() if key[0] != "HEAD"}


def test_every_complaint_route_is_in_the_matrix() -> None:
    assert set(_complaint_permissions()) == set(MATRIX)


def _request(client: TestClient, method: str, path: str, entry: Entry, world: World) -> Response:
    if method == "GET":
        return client.get(path, follow_redirects=False)
    token = csrf_of(client.get("/complaint").text)
    if entry.json is not None:
        return client.post(
            path, json=entry.json(world), headers={"X-CSRF-Token": token}, follow_redirects=False
        )
    data = {**(entry.form(world) if entry.form else {}), "csrf_token": token}
    return client.post(path, data=data, follow_redirects=False)


@pytest.mark.parametrize("key", sorted(MATRIX), ids=lambda k: f"{k[0]} {k[1]}")
def test_every_role_gets_the_answer_the_matrix_says(
    key: tuple[str, str], matrix: tuple[FastAPI, World, dict[str, TestClient]]
) -> None:
    _, world, clients = matrix
    method, template = key
    entry = MATRIX[key]
    api = template.startswith("/api/")
    cases = [(entry.mine, entry.expect)]
    if entry.theirs is not None and entry.theirs_expect is not None:
        cases.append((entry.theirs, entry.theirs_expect))
    for make_path, expect in cases:
        for role, outcome in zip(ROLES, expect.split(), strict=True):
            answer = _request(clients[role], method, make_path(world), entry, world)
            code, where = answer.status_code, answer.headers.get("location", "")
            what = f"{role} {method} {template}: {code} {where} {answer.text[:200]}"
            if outcome == "A":
                assert code == 200 or (code == 303 and not where.startswith("/login")), what
            elif outcome == "S":
                assert (code == 401) if api else (code == 303 and where.startswith("/login")), what
            else:
                assert code == {"F": 403, "N": 404}[outcome], what


def test_the_matrix_agrees_with_the_policy_module() -> None:
    """The national roles' letters follow from the permission each route's guard declares."""
    from securecomm.web.policy import GRANTS, Permission
    from securecomm.web.roles import Role

    for key, permission in _complaint_permissions().items():
        letters = dict(zip(ROLES, MATRIX[key].expect.split(), strict=True))
        for role in ("admin", "lesc", "crcl", "doj"):
            granted = permission is Permission.PUBLIC or permission in GRANTS[Role(role)]
            assert (letters[role] == "A") == granted, f"{key}: {role} {letters[role]} vs {permission}"
        assert (letters["public"] == "A") == (permission is Permission.PUBLIC), key


def test_the_rows_offered_to_the_web_matrix_cover_every_complaint_route_and_the_seed_is_stable(
    tmp_path: Path,
) -> None:
    from .world import MATRIX_IDS, seed_matrix_records, web_matrix_rows

    rows = web_matrix_rows(lambda *args, **kwargs: (args, kwargs))
    assert set(rows) == set(MATRIX)
    assert all(rows[key][0][1] == MATRIX[key].expect for key in MATRIX)  # the same letters as here
    db, _ = make_world(tmp_path)
    assert seed_matrix_records(db) == MATRIX_IDS
