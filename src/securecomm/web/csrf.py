"""CSRF protection: a signed double-submit token, bound to the session.

The browser holds a random nonce in the `sc_csrf` cookie; every form carries
`HMAC(key, nonce | session token)` in a hidden input (htmx sends it as the `X-CSRF-Token` header). A
state-changing request is accepted only when the token it carries matches the cookies it came with.
Another site can make the browser send the cookies but cannot read them, so it cannot forge the token;
and because the token is bound to the session, a token from before sign-in is useless after it. The key
lives in the database (`web_secrets`), made once and shared by every worker process.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from securecomm.storage.db import Database
from securecomm.storage.web_tables import WebSecretRow

__all__ = ["CSRF_COOKIE", "CSRF_FIELD", "CSRF_HEADER", "CsrfTokens", "load_or_create_key"]

CSRF_COOKIE = "sc_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
_KEY_NAME = "csrf_hmac_key"


def load_or_create_key(database: Database, *, at: datetime) -> bytes:
    """The CSRF signing key, made on first use; concurrent first starts agree on one key."""
    with database.transaction() as tx:
        row = tx.get(WebSecretRow, _KEY_NAME)
        if row is not None:
            return bytes.fromhex(row.value)
    try:
        with database.transaction() as tx:
            tx.add(WebSecretRow(name=_KEY_NAME, value=secrets.token_hex(32), created_at=at))
    except IntegrityError:  # another process made it between our read and our write
        pass
    with database.transaction() as tx:
        made = tx.get(WebSecretRow, _KEY_NAME)
        assert made is not None
        return bytes.fromhex(made.value)


class CsrfTokens:
    def __init__(self, key: bytes) -> None:
        if len(key) < 32:
            raise ValueError("the CSRF key needs at least 32 bytes")
        self._key = key

    @staticmethod
    def new_nonce() -> str:
        return secrets.token_urlsafe(24)

    def token(self, nonce: str, session_token: str | None) -> str:
        message = f"{nonce}|{session_token or ''}".encode()
        return hmac.new(self._key, message, hashlib.sha256).hexdigest()

    def valid(self, nonce: str | None, session_token: str | None, presented: str | None) -> bool:
        """True only when a nonce cookie exists and the presented token was made from it (and the session)."""
        if not nonce or not presented or len(presented) != 64:
            return False
        return hmac.compare_digest(self.token(nonce, session_token), presented)
