"""The access matrix: every route and API endpoint, every role, the answer each must get.

Letters, one per role in ROLES order: A allowed (200, or 303 somewhere other than /login), F forbidden
(403: not this role's route), N not found (404: the record is outside the account's scope), S sign in
first (a page redirects to /login, the API answers 401). `mine` fills the path with records in the
scoped roles' own county/AOR, `theirs` with records of another one.

A route added to the app without an entry here fails `test_every_route_is_in_the_matrix`. The one exception
is the complaint router's own routes, whose matrix is tests/unit/complaints/test_access.py (see
`COVERED_ELSEWHERE`); the oversight router's rows come from tests/unit/oversight/web_matrix.py.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from httpx import Response
from oversight.web_matrix import MATRIX_IDS, seed_matrix_records, web_matrix_rows

from securecomm.clock import ManualClock
from securecomm.web.accounts import Accounts
from securecomm.web.passwords import Passwords
from securecomm.web.roles import Role

from .conftest import TestClient, csrf_of, sign_in
from .flow_world import (
    CLAIMS,
    EVIDENCE,
    HELD,
    ICE,
    LIFT,
    OPEN,
    PROTECTED,
    RELEASE,
    SERVED,
    TOLD,
    VERIFY,
    booking_id,
    case_id,
    detainer_id,
    make_action_world,
)
from .world import MINE_AOR, MINE_FIPS, PASSWORD, ROLE_USER, T0, THEIR_AOR, THEIR_FIPS

ROLES = ("public", "admin", "lesc", "crcl", "doj", "jail", "ero")
AFTER_SEED = datetime(2012, 8, 6, 15, tzinfo=UTC)  # after the acts seed_matrix_records writes
_counter = itertools.count(1)


def _change(_: str) -> dict[str, str]:
    return {
        "activated_on": f"2011-{1 + next(_counter) % 12:02d}-01",
        "receives_idr": "yes",
        "has_287g": "no",
        "reason": "matrix",
    }


def _new_user(_: str) -> dict[str, str]:
    return {"username": f"made-{next(_counter)}", "role": "doj", "scope": "", "password": PASSWORD}


def _own_login(role: str) -> dict[str, str]:
    return {"username": ROLE_USER.get(role, "admin"), "password": PASSWORD}


def _answers(_: str) -> dict[str, str]:
    from securecomm.training import get_module

    questions = get_module("detainers").knowledge_check.questions
    return {"audience": "front-line", **{f"q-{q.id}": q.answer for q in questions}}


# Routes whose guard is public but whose handler itself sends a signed-out visitor to /login.
SIGN_IN_IN_HANDLER = {("POST", "/training/{module_id}/check"), ("GET", "/training/progress")}


@dataclass(frozen=True)
class Entry:
    mine: str
    expect: str
    theirs: str | None = None
    theirs_expect: str | None = None
    form: Callable[[str], dict[str, str]] | None = None
    fresh: bool = False  # the request ends the session: use a client of its own


def _fields(**values: str) -> Callable[[str], dict[str, str]]:
    return lambda _: dict(values)


_ERO, _ERO_THEIRS = "S F F F F F A", "S F F F F F N"
_JAIL, _JAIL_THEIRS = "S F F F F A F", "S F F F F N F"
_LESC = "S F A F F F F"
_WHY = {"reason": "access matrix"}


def _case_acts(prefix: str, which: int) -> dict[tuple[str, str], Entry]:
    acts = {
        "decision": (OPEN, {"decision": "no_action", **_WHY}),
        "lift": (LIFT, {"lift_reason": "Lifted", **_WHY}),
        "verify": (VERIFY, {}),
        "custody": (HELD, _WHY),
        "interview": (ICE, {"decision": "release", **_WHY}),
        "override": (PROTECTED, {"supervisor": "SDDO Matrix", "reason": "access matrix override"}),
    }
    return {
        ("POST", f"{prefix}/cases/{{case_id}}/{act}"): Entry(
            f"{prefix}/cases/{case_id(names[which])}/{act}",
            _ERO,
            f"{prefix}/cases/C-D1/{act}",
            _ERO_THEIRS,
            form=_fields(**form),
        )
        for act, (names, form) in acts.items()
    }


def _booking_acts(prefix: str, which: int) -> dict[tuple[str, str], Entry]:
    acts = {
        "release": (RELEASE[which], {"reason": "bail_posted"}),
        "claim": (CLAIMS, {"kind": "us_citizen"}),
        "consular/inform": (OPEN[which], {"language": "es", "answer": "declined", **_WHY}),
        "consular/answer": (TOLD[which], {"answer": "requested", **_WHY}),
        "consular/notify": (TOLD[which], {"channel": "fax", "confirmation": "receipt 0042", **_WHY}),
    }
    rows = {
        ("POST", f"{prefix}/bookings/{{booking_id}}/{act}"): Entry(
            f"{prefix}/bookings/{booking_id(name)}/{act}",
            _JAIL,
            f"{prefix}/bookings/B-D1/{act}",
            _JAIL_THEIRS,
            form=_fields(**form),
        )
        for act, (name, form) in acts.items()
    }
    rows[("POST", f"{prefix}/detainers/{{detainer_id}}/service")] = Entry(
        f"{prefix}/detainers/{detainer_id(SERVED)}/service",
        _JAIL,
        f"{prefix}/detainers/D-D1/service",
        _JAIL_THEIRS,
        form=_fields(language="es", manner="in_person"),
    )
    return rows


_ACTION_ROWS: dict[tuple[str, str], Entry] = {
    ("GET", "/cases/{case_id}"): Entry(f"/cases/{case_id(OPEN[0])}", _ERO, "/cases/C-D1", _ERO_THEIRS),
    ("GET", "/api/cases/{case_id}/file"): Entry(
        f"/api/cases/{case_id(OPEN[1])}/file", _ERO, "/api/cases/C-D1/file", _ERO_THEIRS
    ),
    **_case_acts("", 0),
    **_case_acts("/api", 1),
    ("GET", "/bookings/{booking_id}"): Entry(
        f"/bookings/{booking_id(OPEN[0])}", _JAIL, "/bookings/B-D1", _JAIL_THEIRS
    ),
    ("GET", "/api/bookings/{booking_id}/file"): Entry(
        f"/api/bookings/{booking_id(OPEN[1])}/file", _JAIL, "/api/bookings/B-D1/file", _JAIL_THEIRS
    ),
    ("GET", "/detainers/{detainer_id}/notice.pdf"): Entry(
        f"/detainers/{detainer_id(SERVED)}/notice.pdf?lang=es",
        _JAIL,
        "/detainers/D-D1/notice.pdf",
        _JAIL_THEIRS,
    ),
    **_booking_acts("", 0),
    **_booking_acts("/api", 1),
    ("GET", "/lesc/iaq/{booking_id}"): Entry(
        f"/lesc/iaq/{booking_id(EVIDENCE)}", _LESC, "/lesc/iaq/B-D1", _LESC
    ),
    ("GET", "/lesc/iaq/{booking_id}/evidence.png"): Entry(
        f"/lesc/iaq/{booking_id(EVIDENCE)}/evidence.png", _LESC
    ),
    ("GET", "/api/lesc/iaq/{booking_id}"): Entry(
        f"/api/lesc/iaq/{booking_id(EVIDENCE)}", _LESC, "/api/lesc/iaq/B-D1", _LESC
    ),
}

MATRIX: dict[tuple[str, str], Entry] = {
    # public pages
    ("GET", "/"): Entry("/", "A A A A A A A"),
    ("GET", "/login"): Entry("/login", "A A A A A A A"),
    ("POST", "/login"): Entry("/login", "A A A A A A A", form=_own_login, fresh=True),
    ("GET", "/rights"): Entry("/rights", "A A A A A A A"),
    ("GET", "/rights/{lang}"): Entry("/rights/ar", "A A A A A A A"),
    ("GET", "/static"): Entry("/static/app.css", "A A A A A A A"),
    ("GET", "/openapi.json"): Entry("/openapi.json", "A A A A A A A"),
    ("HEAD", "/openapi.json"): Entry("/openapi.json", "A A A A A A A"),
    # public API
    ("GET", "/api/health"): Entry("/api/health", "A A A A A A A"),
    ("GET", "/api/version"): Entry("/api/version", "A A A A A A A"),
    ("GET", "/api/public/rights"): Entry("/api/public/rights", "A A A A A A A"),
    ("GET", "/api/public/rights/{lang}"): Entry("/api/public/rights/zh", "A A A A A A A"),
    # the training briefings (securecomm.web.training_routes, behind the public guard)
    ("GET", "/training"): Entry("/training", "A A A A A A A"),
    ("GET", "/training/static/training.css"): Entry("/training/static/training.css", "A A A A A A A"),
    ("GET", "/training/{module_id}"): Entry("/training/detainers", "A A A A A A A"),
    ("GET", "/training/{module_id}/{audience}/{kind}"): Entry(
        "/training/detainers/commander/job-aid", "A A A A A A A"
    ),
    ("GET", "/training/{module_id}/check"): Entry("/training/detainers/check", "A A A A A A A"),
    ("POST", "/training/{module_id}/check"): Entry(
        "/training/detainers/check", "S A A A A A A", form=_answers
    ),
    ("GET", "/training/progress"): Entry("/training/progress", "S A A A A A A"),
    ("GET", "/training/agencies/{agency}"): Entry(
        f"/training/agencies/{MINE_FIPS}", "A A A A A A A", f"/training/agencies/{THEIR_AOR}", "A A A A A A A"
    ),
    ("GET", "/api/training/modules"): Entry("/api/training/modules", "A A A A A A A"),
    ("GET", "/api/training/modules/{module_id}"): Entry("/api/training/modules/detainers", "A A A A A A A"),
    ("GET", "/api/training/modules/{module_id}/{audience}/{kind}"): Entry(
        "/api/training/modules/detainers/front-line/briefing", "A A A A A A A"
    ),
    ("GET", "/api/training/agencies"): Entry("/api/training/agencies", "A A A A A A A"),
    ("GET", "/api/training/agencies/{agency}"): Entry(f"/api/training/agencies/{MINE_FIPS}", "A A A A A A A"),
    # any account
    ("POST", "/logout"): Entry("/logout", "S A A A A A A", form=lambda _: {}, fresh=True),
    ("GET", "/home"): Entry("/home", "S A A A A A A"),
    ("GET", "/api/me"): Entry("/api/me", "S A A A A A A"),
    ("GET", "/api/jurisdictions"): Entry("/api/jurisdictions", "S A A A A A A"),
    ("GET", "/api/jurisdictions/{fips}"): Entry(
        f"/api/jurisdictions/{MINE_FIPS}",
        "S A A A A A A",
        f"/api/jurisdictions/{THEIR_FIPS}",
        "S A A A A A A",
    ),
    # administrator
    ("GET", "/admin"): Entry("/admin", "S A F F F F F"),
    ("GET", "/admin/jurisdictions/{fips}"): Entry(
        f"/admin/jurisdictions/{MINE_FIPS}",
        "S A F F F F F",
        f"/admin/jurisdictions/{THEIR_FIPS}",
        "S A F F F F F",
    ),
    ("POST", "/admin/jurisdictions/{fips}"): Entry(
        f"/admin/jurisdictions/{MINE_FIPS}",
        "S A F F F F F",
        f"/admin/jurisdictions/{THEIR_FIPS}",
        "S A F F F F F",
        form=_change,
    ),
    ("GET", "/admin/users"): Entry("/admin/users", "S A F F F F F"),
    ("POST", "/admin/users"): Entry("/admin/users", "S A F F F F F", form=_new_user),
    ("POST", "/admin/users/{username}/status"): Entry(
        "/admin/users/spare/status", "S A F F F F F", form=lambda _: {"disabled": "yes"}
    ),
    ("GET", "/api/admin/users"): Entry("/api/admin/users", "S A F F F F F"),
    # jail (scoped to a county)
    ("GET", "/jail/{fips}"): Entry(
        f"/jail/{MINE_FIPS}", "S F F F F A F", f"/jail/{THEIR_FIPS}", "S F F F F N F"
    ),
    ("GET", "/jail/{fips}/holds"): Entry(
        f"/jail/{MINE_FIPS}/holds", "S F F F F A F", f"/jail/{THEIR_FIPS}/holds", "S F F F F N F"
    ),
    ("GET", "/api/jail/{fips}/bookings"): Entry(
        f"/api/jail/{MINE_FIPS}/bookings",
        "S F F F F A F",
        f"/api/jail/{THEIR_FIPS}/bookings",
        "S F F F F N F",
    ),
    ("GET", "/api/jail/{fips}/detainers"): Entry(
        f"/api/jail/{MINE_FIPS}/detainers",
        "S F F F F A F",
        f"/api/jail/{THEIR_FIPS}/detainers",
        "S F F F F N F",
    ),
    ("GET", "/api/bookings/{booking_id}"): Entry(
        "/api/bookings/B-H1", "S F F F F A F", "/api/bookings/B-D1", "S F F F F N F"
    ),
    # field office (scoped to an AOR)
    ("GET", "/ero/{aor}"): Entry(f"/ero/{MINE_AOR}", "S F F F F F A", f"/ero/{THEIR_AOR}", "S F F F F F N"),
    ("GET", "/api/ero/{aor}/cases"): Entry(
        f"/api/ero/{MINE_AOR}/cases", "S F F F F F A", f"/api/ero/{THEIR_AOR}/cases", "S F F F F F N"
    ),
    ("GET", "/api/cases/{case_id}"): Entry(
        "/api/cases/C-H1", "S F F F F F A", "/api/cases/C-D1", "S F F F F F N"
    ),
    # LESC, CRCL and DOJ (national)
    ("GET", "/lesc"): Entry("/lesc", "S F A F F F F"),
    ("GET", "/api/lesc/iaq-responses"): Entry("/api/lesc/iaq-responses", "S F A F F F F"),
    ("GET", "/oversight"): Entry("/oversight", "S F F A A F F"),
    ("GET", "/api/oversight/jurisdictions"): Entry("/api/oversight/jurisdictions", "S F F A A F F"),
    # people's acts (routes/ero_actions.py, jail_actions.py, lesc_views.py); each POST acts on a record
    # the flow brought to the state the act needs (flow_world.py), so the allowed role's act succeeds
    **_ACTION_ROWS,
    # quarterly monitoring (web/oversight_routes.py): public statistics; CRCL and DOJ read packages and
    # referrals, CRCL alone delivers and acts. The paths name what `seed_matrix_records` makes (MATRIX_IDS).
    **web_matrix_rows(Entry, MATRIX_IDS),
}


@pytest.fixture(scope="module")
def matrix_app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    from securecomm.web import create_app

    db, settings = make_action_world(Path(tmp_path_factory.mktemp("matrix")))  # the web world + flow records
    assert seed_matrix_records(db) == MATRIX_IDS  # a delivered 2012Q1 package and two referrals
    Accounts(db, settings, Passwords(settings.password_parameters)).add(
        username="spare", role=Role.LESC, scope=None, password=PASSWORD, at=T0, actor="test", origin="test"
    )
    # The wall clock stands after the seeded referral acts (2 July 2012: a referral's acts never go back in
    # time); people act on the flow's records at the world's clock, T0, where flow_world left them.
    return create_app(settings, database=db, clock=ManualClock(AFTER_SEED), board_clock=ManualClock(T0))


@pytest.fixture(scope="module")
def clients(matrix_app: FastAPI) -> Iterator[dict[str, TestClient]]:
    made = {"public": TestClient(matrix_app)}
    made["public"].get("/")  # the CSRF cookie
    for role in ROLES[1:]:
        made[role] = sign_in(TestClient(matrix_app), ROLE_USER[role])
    yield made
    for client in made.values():
        client.close()


def _request(client: TestClient, method: str, path: str, entry: Entry, role: str) -> Response:
    if method == "POST":
        page = client.get("/login" if role == "public" else "/")
        data: dict[str, Any] = {**(entry.form(role) if entry.form else {}), "csrf_token": csrf_of(page.text)}
        return client.post(path, data=data, follow_redirects=False)
    return client.request(method, path, follow_redirects=False)


def _check(answer: Response, outcome: str, *, api: bool, what: str) -> None:
    code, where = answer.status_code, answer.headers.get("location", "")
    if outcome == "A":
        assert code == 200 or (code == 303 and not where.startswith("/login")), f"{what}: {code} {where}"
    elif outcome == "S":
        expected = (code == 401) if api else (code == 303 and where.startswith("/login"))
        assert expected, f"{what}: {code} {where}"
    else:
        assert code == {"F": 403, "N": 404}[outcome], f"{what}: {code}"


def _complaint_routes() -> frozenset[tuple[str, str]]:
    """The complaint router's own routes, and nothing else (an app holding that router alone)."""
    from securecomm.web import route_permissions
    from securecomm.web.complaint_routes import router

    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    app.include_router(router)
    return frozenset(route_permissions(app))


# Left out of this matrix on purpose: the complaint router's routes. Their matrix is
# tests/unit/complaints/test_access.py, complete on its own (every complaint route x every role, inside and
# outside the scope, on records the complaint system makes, and its own check against the policy), so
# repeating it here would only double the run. The skip is exactly that router's routes:
# `test_only_the_complaint_routes_are_covered_elsewhere` fails if another router serves one of these paths
# or if the complaint matrix lacks one of them. Every other route, old or new, needs a row here.
COVERED_ELSEWHERE = _complaint_routes()


def _served_by(app: FastAPI) -> dict[tuple[str, str], list[str]]:
    """(method, path) -> the modules of every endpoint that answers it (several: a clash)."""
    from fastapi.routing import APIRoute

    from securecomm.web.app import _flatten  # every route with its full path, as route_permissions sees it

    out: dict[tuple[str, str], list[str]] = {}
    for path, route in _flatten(app.routes):
        if isinstance(route, APIRoute):
            for method in route.methods:
                out.setdefault((method, path), []).append(route.endpoint.__module__)
    return out


def test_only_the_complaint_routes_are_covered_elsewhere(matrix_app: FastAPI) -> None:
    from complaints.world import web_matrix_rows as complaint_rows

    served = _served_by(matrix_app)
    assert COVERED_ELSEWHERE, "the complaint router has no routes: drop the skip"
    for key in sorted(COVERED_ELSEWHERE):
        modules = served.get(key, [])
        assert modules, f"{key} is skipped here but the app does not serve it"
        strays = [m for m in modules if not m.startswith("securecomm.web.complaint_routes.")]
        assert len(modules) == 1 and not strays, f"{key} is served by {modules}: it needs a row here"
    assert not COVERED_ELSEWHERE & set(MATRIX), "a complaint route is in both matrices"
    covered = set(complaint_rows(lambda *args, **kwargs: None))  # = test_access.MATRIX (checked there)
    absent = sorted(k for k in COVERED_ELSEWHERE - covered if k[0] != "HEAD")  # it leaves HEAD out too
    assert not absent, f"skipped here but not in tests/unit/complaints/test_access.py: {absent}"


def test_every_guard_names_the_work_and_identity_guards_fields_only(matrix_app: FastAPI) -> None:
    """No route borrows another area's permission: the complainant's identity is a field, not a page."""
    from securecomm.web import route_permissions
    from securecomm.web.policy import Permission

    guards = route_permissions(matrix_app)
    assert Permission.COMPLAINANT_IDENTITY not in set(guards.values())
    assert guards[("POST", "/oversight/packages")] is Permission.OVERSIGHT_REVIEW
    assert guards[("GET", "/crcl/complaints")] is Permission.COMPLAINTS_MANAGE
    assert guards[("GET", "/doj/complaints")] is Permission.COMPLAINTS_REFERRALS
    assert {p for (_, path), p in guards.items() if path.startswith("/crcl/")} == {
        Permission.COMPLAINTS_MANAGE
    }
    doj = {p for (_, path), p in guards.items() if path.startswith(("/doj/", "/api/complaints/referrals"))}
    assert doj == {Permission.COMPLAINTS_REFERRALS}


def test_every_route_is_in_the_matrix(matrix_app: FastAPI) -> None:
    from securecomm.web import route_permissions

    routes = set(route_permissions(matrix_app)) - COVERED_ELSEWHERE
    missing = sorted(routes - set(MATRIX))
    stale = sorted(set(MATRIX) - routes)
    assert not missing, f"routes without an access-matrix entry (add them to MATRIX): {missing}"
    assert not stale, f"matrix entries for routes that no longer exist: {stale}"


@pytest.mark.parametrize("key", sorted(MATRIX), ids=lambda k: f"{k[0]} {k[1]}")
def test_every_role_gets_the_answer_the_matrix_says(
    key: tuple[str, str], matrix_app: FastAPI, clients: dict[str, TestClient]
) -> None:
    method, template = key
    entry = MATRIX[key]
    api = template.startswith("/api/") or template == "/openapi.json"
    cases = [(entry.mine, entry.expect)]
    if entry.theirs is not None:
        assert entry.theirs_expect is not None
        cases.append((entry.theirs, entry.theirs_expect))
    for path, expect in cases:
        outcomes = expect.split()
        assert len(outcomes) == len(ROLES)
        for role, outcome in zip(ROLES, outcomes, strict=True):
            if entry.fresh:
                with TestClient(matrix_app) as client:
                    if role != "public":
                        sign_in(client, ROLE_USER[role])
                    else:
                        client.get("/")
                    answer = _request(client, method, path, entry, role)
            else:
                answer = _request(clients[role], method, path, entry, role)
            _check(answer, outcome, api=api, what=f"{role} {method} {path}")


def test_the_matrix_agrees_with_the_policy_module(matrix_app: FastAPI) -> None:
    """A route's letters for the national roles follow from the permission its guard declares."""
    from securecomm.web import route_permissions
    from securecomm.web.policy import GRANTS, Permission

    for key, permission in route_permissions(matrix_app).items():
        if key in COVERED_ELSEWHERE:  # checked against the policy in tests/unit/complaints/test_access.py
            continue
        letters = dict(zip(ROLES, MATRIX[key].expect.split(), strict=True))
        for role in ("admin", "lesc", "crcl", "doj"):
            granted = permission is Permission.PUBLIC or permission in GRANTS[Role(role)]
            assert (letters[role] == "A") == granted, f"{key}: {role} letter {letters[role]} vs {permission}"
        if key not in SIGN_IN_IN_HANDLER:
            assert (letters["public"] == "A") == (permission is Permission.PUBLIC), key
