"""The JSON API: its OpenAPI document, who may call what, and records carrying their jurisdiction."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI

from securecomm import __version__
from securecomm.storage.db import Database
from securecomm.storage.migrate import head_revision
from securecomm.web import route_permissions
from securecomm.web.policy import Permission

from .conftest import TestClient
from .world import MINE_AOR, MINE_FIPS

PUBLIC_API = ("/api/health", "/api/version", "/api/public/", "/api/training/")


def test_the_openapi_document_is_public_and_lists_every_api_route(
    app: FastAPI, anonymous: TestClient
) -> None:
    document = anonymous.get("/openapi.json")
    assert document.status_code == 200
    listed = {(method.upper(), path) for path, item in document.json()["paths"].items() for method in item}
    api_routes = {key for key in route_permissions(app) if key[1].startswith("/api/")}
    assert listed == api_routes
    assert not {
        path for _, path in listed if not path.startswith("/api/")
    }  # pages stay out of the API document


def test_every_api_get_needs_an_account_except_the_public_ones(app: FastAPI) -> None:
    for (method, path), permission in route_permissions(app).items():
        if not path.startswith("/api/") or method != "GET":
            continue
        public = path.startswith(PUBLIC_API)
        assert (permission is Permission.PUBLIC) == public, path


def test_signed_out_calls_get_401_json(anonymous: TestClient) -> None:
    answer = anonymous.get(f"/api/jail/{MINE_FIPS}/bookings")
    assert answer.status_code == 401 and answer.json() == {"detail": "sign in required"}


def test_health_and_version(anonymous: TestClient, db: Database) -> None:
    assert anonymous.get("/api/health").json() == {"status": "ok"}
    version = anonymous.get("/api/version").json()
    assert version == {"version": __version__, "schema_revision": head_revision(db)}


def test_records_carry_their_jurisdiction_as_fips(signed_in: Callable[[str], TestClient]) -> None:
    jail, ero = signed_in(f"jail-{MINE_FIPS}"), signed_in(f"ero-{MINE_AOR}")
    bookings = jail.get(f"/api/jail/{MINE_FIPS}/bookings").json()
    assert bookings["total"] == 2 and {b["fips"] for b in bookings["items"]} == {MINE_FIPS}
    assert bookings["items"][0]["booking_id"] == "B-H2"  # newest first
    detainers = jail.get(f"/api/jail/{MINE_FIPS}/detainers").json()["items"]
    assert {d["fips"] for d in detainers} == {MINE_FIPS}
    case = ero.get("/api/cases/C-H1").json()
    assert case["fips"] == MINE_FIPS and case["aor"] == MINE_AOR and case["status"] == "EWI"
    assert case["advice"]["summary"]["level"] == "Level 3"
    assert case["advice"]["references"][0]["title"] == "Morton memo, 2 Mar 2011"
    assert all("fips" in j for j in jail.get("/api/jurisdictions").json()["items"])


def test_me_tells_an_account_its_role_scope_and_home(signed_in: Callable[[str], TestClient]) -> None:
    me = signed_in(f"ero-{MINE_AOR}").get("/api/me").json()
    assert me == {"username": f"ero-{MINE_AOR}", "role": "ero", "scope": MINE_AOR, "home": f"/ero/{MINE_AOR}"}


def test_pages_of_a_list_are_bounded(signed_in: Callable[[str], TestClient]) -> None:
    jail = signed_in(f"jail-{MINE_FIPS}")
    assert jail.get(f"/api/jail/{MINE_FIPS}/bookings?page=2").json()["items"] == []
    assert jail.get(f"/api/jail/{MINE_FIPS}/bookings?page=0").status_code == 422
    everything = jail.get("/api/jurisdictions?state=tx").json()
    assert everything["total"] == 2 and everything["page_size"] == 100
