"""Server-side sessions: the cookie holds a random token, the database holds its SHA-256 and the times.

A session ends when it has been idle longer than `idle_timeout`, when it is older than
`session_lifetime`, when its account is disabled or its password is set, or at sign-out. Requests that
merely poll for updates (an open hold board) do not count as activity, so a board left open on an
unattended screen still signs out.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import delete

from securecomm.audit import AuditEvent, EventTag
from securecomm.storage.audit_log import SessionAuditLog
from securecomm.storage.db import Database
from securecomm.storage.web_tables import UserRow, WebSessionRow
from securecomm.web.accounts import principal_of
from securecomm.web.roles import Principal
from securecomm.web.settings import WebSettings

__all__ = ["Resolved", "SessionState", "SessionStore", "token_digest"]

# Writing last_seen_at on every request would turn each page view into a write; a minute's precision
# is plenty for a 30-minute idle limit.
_TOUCH_EVERY = timedelta(seconds=60)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class SessionState(StrEnum):
    ACTIVE = "active"
    NONE = "none"  # no cookie, or a token we do not know
    EXPIRED = "expired"  # idle too long or past its lifetime


@dataclass(frozen=True, slots=True)
class Resolved:
    state: SessionState
    principal: Principal | None = None


class SessionStore:
    def __init__(self, database: Database, settings: WebSettings) -> None:
        self._db = database
        self._settings = settings

    def start(self, principal: Principal, *, address: str, at: datetime, replacing: str | None = None) -> str:
        """A new session for `principal`; returns the token for the cookie (never stored in clear)."""
        token = secrets.token_urlsafe(32)
        with self._db.transaction() as tx:
            if replacing:
                tx.execute(delete(WebSessionRow).where(WebSessionRow.token_sha256 == token_digest(replacing)))
            # Housekeeping: sessions idle past the limit can never be used again.
            tx.execute(
                delete(WebSessionRow).where(WebSessionRow.last_seen_at < at - self._settings.idle_timeout)
            )
            tx.add(
                WebSessionRow(
                    token_sha256=token_digest(token),
                    username=principal.username,
                    created_at=at,
                    last_seen_at=at,
                    address=address[:64],
                )
            )
        return token

    def resolve(self, token: str | None, *, at: datetime, activity: bool) -> Resolved:
        """Who holds this token now; `activity` False for background polls (they do not extend the session)."""
        if not token or len(token) > 128:
            return Resolved(SessionState.NONE)
        with self._db.transaction() as tx:
            row = tx.get(WebSessionRow, token_digest(token))
            if row is None:
                return Resolved(SessionState.NONE)
            user = tx.get(UserRow, row.username)
            idle = at - row.last_seen_at
            if (
                user is None
                or user.disabled
                or idle > self._settings.idle_timeout
                or at - row.created_at > self._settings.session_lifetime
            ):
                tx.delete(row)
                return Resolved(SessionState.EXPIRED)
            if activity and idle >= _TOUCH_EVERY:
                row.last_seen_at = at
            return Resolved(SessionState.ACTIVE, principal_of(user))

    def end(self, token: str | None, *, at: datetime, address: str) -> None:
        """Sign out: the session row goes, and the sign-out is an audit event."""
        if not token:
            return
        with self._db.transaction() as tx:
            row = tx.get(WebSessionRow, token_digest(token))
            if row is None:
                return
            tx.delete(row)
            SessionAuditLog(tx).record(
                AuditEvent(
                    tag=EventTag.SIGNED_OUT,
                    at=at,
                    actor=f"user:{row.username}",
                    subject_type="account",
                    subject_id=row.username,
                    origin=address,
                )
            )
