"""Signing in and out: the /login contract, cookies, idle timeout, throttling per username and address."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from fastapi import FastAPI
from httpx import Response
from sqlalchemy import select

from securecomm.clock import ManualClock
from securecomm.storage.db import Database
from securecomm.storage.web_tables import UserRow, WebSessionRow

from .conftest import TestClient, csrf_of, sign_in
from .world import MINE_AOR, MINE_FIPS, PASSWORD

HOMES = {
    "admin": "/admin",
    "lesc": "/lesc",
    "crcl": "/oversight",
    "doj": "/oversight",
    f"jail-{MINE_FIPS}": f"/jail/{MINE_FIPS}",
    f"ero-{MINE_AOR}": f"/ero/{MINE_AOR}",
}


def post_login(client: TestClient, username: str, password: str) -> Response:
    token = csrf_of(client.get("/login").text)
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token},
        follow_redirects=False,
    )


def test_the_login_form_has_the_contract_fields(anonymous: TestClient) -> None:
    page = anonymous.get("/login")
    assert page.status_code == 200
    for field in ('name="username"', 'name="password"', 'type="hidden" name="csrf_token"'):
        assert field in page.text


def test_each_role_lands_on_its_home_page(app: FastAPI) -> None:
    for username, home in HOMES.items():
        with TestClient(app) as client:
            answer = post_login(client, username, PASSWORD)
            assert answer.status_code == 303, username
            assert answer.headers["location"] == home
            assert client.get(home).status_code == 200


def test_a_wrong_password_shows_the_form_again(anonymous: TestClient) -> None:
    answer = post_login(anonymous, "admin", "not the password")
    assert answer.status_code == 401
    assert "Invalid username or password" in answer.text
    assert 'name="password"' in answer.text
    assert "sc_session" not in anonymous.cookies


def test_an_unknown_username_answers_exactly_like_a_wrong_password(anonymous: TestClient) -> None:
    unknown = post_login(anonymous, "nobody-here", PASSWORD)
    wrong = post_login(anonymous, "admin", "wrong password")
    assert unknown.status_code == wrong.status_code == 401
    assert "Invalid username or password" in unknown.text


def test_cookies_are_not_secure_on_plain_http_and_secure_behind_tls(app: FastAPI) -> None:
    with TestClient(app, base_url="http://127.0.0.1:8000") as plain:
        first = plain.get("/login")
        csrf_cookie = first.headers["set-cookie"]
        assert (
            "sc_csrf=" in csrf_cookie
            and "secure" not in csrf_cookie.lower()
            and "httponly" in csrf_cookie.lower()
        )
        answer = plain.post(
            "/login",
            data={"username": "admin", "password": PASSWORD, "csrf_token": csrf_of(first.text)},
            follow_redirects=False,
        )
        session_cookie = answer.headers["set-cookie"]
        assert "sc_session=" in session_cookie and "secure" not in session_cookie.lower()
    with TestClient(app, base_url="https://securecomm.example") as tls:
        first = tls.get("/login")
        assert "secure" in first.headers["set-cookie"].lower()
        answer = tls.post(
            "/login",
            data={"username": "admin", "password": PASSWORD, "csrf_token": csrf_of(first.text)},
            follow_redirects=False,
        )
        cookie = answer.headers["set-cookie"].lower()
        assert (
            "sc_session=" in cookie
            and "secure" in cookie
            and "httponly" in cookie
            and "samesite=lax" in cookie
        )


def test_the_database_keeps_only_a_digest_of_the_session_token(app: FastAPI, db: Database) -> None:
    with TestClient(app) as client:
        sign_in(client, "admin")
        token = client.cookies["sc_session"]
        with db.transaction() as tx:
            stored = list(tx.scalars(select(WebSessionRow.token_sha256)))
        assert len(stored) == 1 and stored[0] != token and len(stored[0]) == 64


def test_a_session_ends_after_the_idle_timeout(app: FastAPI, clock: ManualClock) -> None:
    with TestClient(app) as client:
        sign_in(client, "admin")
        clock.advance(timedelta(minutes=29))
        assert client.get("/admin", follow_redirects=False).status_code == 200  # activity renews the session
        clock.advance(timedelta(minutes=29))
        assert client.get("/admin", follow_redirects=False).status_code == 200
        clock.advance(timedelta(minutes=31))
        answer = client.get("/admin", follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"] == "/login?expired=1"
        assert "without activity" in client.get("/login?expired=1").text
        assert client.get("/api/me").status_code == 401


def test_background_polls_do_not_keep_a_session_alive(app: FastAPI, clock: ManualClock) -> None:
    with TestClient(app) as client:
        sign_in(client, f"jail-{MINE_FIPS}")
        for _ in range(4):
            clock.advance(timedelta(minutes=10))
            poll = client.get(
                f"/jail/{MINE_FIPS}/holds", headers={"X-Securecomm-Poll": "1"}, follow_redirects=False
            )
            if poll.status_code != 200:
                break
        assert poll.status_code == 303  # 40 idle minutes: the open board signed out


def test_sign_out_ends_the_session(app: FastAPI) -> None:
    with TestClient(app) as client:
        sign_in(client, "admin")
        token = csrf_of(client.get("/admin").text)
        answer = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
        assert answer.status_code == 303
        assert client.get("/admin", follow_redirects=False).status_code == 303


def test_signing_in_again_replaces_the_old_session(app: FastAPI, db: Database) -> None:
    with TestClient(app) as client:
        sign_in(client, "admin")
        sign_in(client, "admin")
        with db.transaction() as tx:
            assert len(list(tx.scalars(select(WebSessionRow)))) == 1


def test_a_disabled_account_cannot_sign_in_and_its_session_ends(
    app: FastAPI, signed_in: Callable[[str], TestClient], db: Database
) -> None:
    lesc = signed_in("lesc")
    admin = signed_in("admin")
    page = admin.get("/admin/users")
    admin.post("/admin/users/lesc/status", data={"csrf_token": csrf_of(page.text), "disabled": "yes"})
    assert lesc.get("/lesc", follow_redirects=False).status_code == 303
    with TestClient(app) as client:
        assert post_login(client, "lesc", PASSWORD).status_code == 401
    with db.transaction() as tx:
        row = tx.get(UserRow, "lesc")
        assert row is not None and row.disabled


def test_five_failures_throttle_the_username_even_with_the_right_password(
    app: FastAPI, clock: ManualClock
) -> None:
    with TestClient(app) as client:
        for _ in range(5):
            assert post_login(client, "crcl", "guess").status_code == 401
        refused = post_login(client, "crcl", PASSWORD)
        assert refused.status_code == 429
        assert "Too many failed sign-in attempts" in refused.text
        assert int(refused.headers["retry-after"]) > 0
        assert post_login(client, "doj", PASSWORD).status_code == 303
        clock.advance(timedelta(minutes=16))
        assert post_login(client, "crcl", PASSWORD).status_code == 303


def test_twenty_failures_from_one_address_throttle_that_address(app: FastAPI) -> None:
    with (
        TestClient(app, client=("192.0.2.50", 1)) as attacker,
        TestClient(app, client=("192.0.2.51", 1)) as other,
    ):
        for n in range(20):
            post_login(attacker, f"guess-{n}", "guess")
        assert post_login(attacker, "admin", PASSWORD).status_code == 429
        assert post_login(other, "admin", PASSWORD).status_code == 303


def test_a_signed_in_user_visiting_login_goes_home(signed_in: Callable[[str], TestClient]) -> None:
    client = signed_in(f"ero-{MINE_AOR}")
    answer = client.get("/login", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == f"/ero/{MINE_AOR}"
