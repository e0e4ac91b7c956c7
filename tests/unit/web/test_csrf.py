"""CSRF: every state-changing request without a valid token gets 403 and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from securecomm.storage.db import Database
from securecomm.storage.tables import AuditEventRow, JurisdictionRow
from securecomm.storage.web_tables import LoginAttemptRow
from securecomm.web.csrf import CsrfTokens

from .conftest import TestClient, csrf_of, sign_in
from .world import MINE_FIPS, PASSWORD

CHANGE = {"activated_on": "2012-01-01", "receives_idr": "no", "has_287g": "no", "reason": "test change"}


def snapshot(db: Database) -> tuple[object, ...]:
    with db.transaction() as tx:
        row = tx.get(JurisdictionRow, MINE_FIPS)
        assert row is not None
        events = tx.scalar(select(func.count()).select_from(AuditEventRow))
        attempts = tx.scalar(select(func.count()).select_from(LoginAttemptRow))
        return row.activated_on, row.receives_idr, row.has_287g, events, attempts


@pytest.mark.parametrize(
    "token",
    [None, "", "0" * 64, "not-hex", "f" * 63],
    ids=["missing", "empty", "forged", "garbage", "short"],
)
def test_an_admin_change_without_a_valid_token_is_refused_and_changes_nothing(
    signed_in: Callable[[str], TestClient], db: Database, token: str | None
) -> None:
    admin = signed_in("admin")
    admin.get(f"/admin/jurisdictions/{MINE_FIPS}")
    before = snapshot(db)
    data = dict(CHANGE) if token is None else {**CHANGE, "csrf_token": token}
    answer = admin.post(f"/admin/jurisdictions/{MINE_FIPS}", data=data, follow_redirects=False)
    assert answer.status_code == 403
    assert "CSRF" in answer.text
    assert snapshot(db) == before


def test_the_same_change_with_the_pages_token_goes_through(
    signed_in: Callable[[str], TestClient], db: Database
) -> None:
    admin = signed_in("admin")
    token = csrf_of(admin.get(f"/admin/jurisdictions/{MINE_FIPS}").text)
    answer = admin.post(
        f"/admin/jurisdictions/{MINE_FIPS}", data={**CHANGE, "csrf_token": token}, follow_redirects=False
    )
    assert answer.status_code == 303
    assert snapshot(db)[:3] == (date(2012, 1, 1), False, False)


def test_a_token_from_another_browser_is_refused(app: FastAPI, db: Database) -> None:
    with TestClient(app) as victim, TestClient(app) as attacker:
        sign_in(victim, "admin")
        sign_in(attacker, "doj")
        attackers_token = csrf_of(attacker.get("/oversight").text)
        before = snapshot(db)
        answer = victim.post(
            f"/admin/jurisdictions/{MINE_FIPS}",
            data={**CHANGE, "csrf_token": attackers_token},
            follow_redirects=False,
        )
        assert answer.status_code == 403 and snapshot(db) == before


def test_a_token_from_before_sign_in_is_useless_after_it(app: FastAPI, db: Database) -> None:
    with TestClient(app) as client:
        stale = csrf_of(client.get("/login").text)
        sign_in(client, "admin")
        answer = client.post(
            f"/admin/jurisdictions/{MINE_FIPS}", data={**CHANGE, "csrf_token": stale}, follow_redirects=False
        )
        assert answer.status_code == 403


def test_the_header_form_of_the_token_is_accepted(signed_in: Callable[[str], TestClient]) -> None:
    admin = signed_in("admin")
    token = csrf_of(admin.get(f"/admin/jurisdictions/{MINE_FIPS}").text)
    answer = admin.post(
        f"/admin/jurisdictions/{MINE_FIPS}",
        data=CHANGE,
        headers={"X-CSRF-Token": token},
        follow_redirects=False,
    )
    assert answer.status_code == 303


def test_login_without_a_token_is_refused_before_the_password_is_checked(app: FastAPI, db: Database) -> None:
    with TestClient(app) as client:
        client.get("/login")
        before = snapshot(db)
        answer = client.post(
            "/login", data={"username": "admin", "password": PASSWORD}, follow_redirects=False
        )
        assert answer.status_code == 403 and "sc_session" not in client.cookies
        assert snapshot(db) == before  # not even a sign-in attempt was recorded


def test_logout_without_a_token_keeps_the_session(signed_in: Callable[[str], TestClient]) -> None:
    admin = signed_in("admin")
    assert admin.post("/logout", follow_redirects=False).status_code == 403
    assert admin.get("/admin", follow_redirects=False).status_code == 200


def test_a_post_without_any_csrf_cookie_is_refused(app: FastAPI) -> None:
    with TestClient(app) as client:
        answer = client.post(
            "/login", data={"username": "admin", "password": PASSWORD, "csrf_token": "a" * 64}
        )
        assert answer.status_code == 403


def test_tokens_depend_on_the_key_the_nonce_and_the_session() -> None:
    tokens = CsrfTokens(b"k" * 32)
    token = tokens.token("nonce", "session")
    assert tokens.valid("nonce", "session", token)
    assert not tokens.valid("other", "session", token)
    assert not tokens.valid("nonce", None, token)
    assert not CsrfTokens(b"x" * 32).valid("nonce", "session", token)
    assert not tokens.valid(None, "session", token)
    with pytest.raises(ValueError, match="32 bytes"):
        CsrfTokens(b"short")
