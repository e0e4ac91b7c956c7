"""Accounts: creating them, setting passwords, and signing in with throttling.

Every change to an account is an audit event in the same transaction. Signing in is split around the
password check: argon2 takes most of a second by design, and holding a database transaction (on SQLite,
the write lock) that long would stall every other request. So the throttle is read in one short
transaction, the hash is checked outside any, and the attempt is recorded in a second one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from securecomm.audit import AuditEvent, EventTag
from securecomm.errors import BadInput
from securecomm.storage.audit_log import SessionAuditLog
from securecomm.storage.db import Database
from securecomm.storage.tables import JurisdictionRow
from securecomm.storage.web_tables import LoginAttemptRow, UserRow, WebSessionRow
from securecomm.web.passwords import Passwords
from securecomm.web.roles import Principal, Role, ScopeKind, normalise_scope, normalise_username
from securecomm.web.settings import WebSettings

__all__ = [
    "AccountError",
    "Accounts",
    "SignInOutcome",
    "SignInResult",
    "find_user",
    "principal_of",
    "require_scope_exists",
]


class AccountError(BadInput):
    """An account operation cannot be done as asked (unknown scope, duplicate or unknown username)."""


class SignInOutcome(StrEnum):
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    THROTTLED = "throttled"


@dataclass(frozen=True, slots=True)
class SignInResult:
    outcome: SignInOutcome
    principal: Principal | None = None
    retry_after: timedelta | None = None  # set when throttled


def find_user(tx: Session, username: str) -> UserRow | None:
    """The account whose name matches `username` ignoring case (names are unique ignoring case)."""
    return tx.scalars(select(UserRow).where(func.lower(UserRow.username) == username.strip().lower())).first()


def principal_of(row: UserRow) -> Principal:
    return Principal(username=row.username, role=Role(row.role), scope=row.scope)


def require_scope_exists(tx: Session, role: Role, scope: str | None, *, where: str) -> None:
    """A jail account needs a county in the jurisdictions table, a field-office account a known AOR."""
    if role.scope_kind is ScopeKind.FIPS and tx.get(JurisdictionRow, scope) is None:
        raise AccountError(
            f"no county {scope} in the jurisdictions table (load the world first, or check the code)",
            where=where,
        )
    if role.scope_kind is ScopeKind.AOR:
        found = tx.scalar(
            select(func.count()).select_from(JurisdictionRow).where(JurisdictionRow.aor == scope)
        )
        if not found:
            raise AccountError(f"no county in the jurisdictions table is in AOR {scope}", where=where)


def _event(
    tag: EventTag, *, at: datetime, actor: str, origin: str | None, username: str, **data: object
) -> AuditEvent:
    return AuditEvent(
        tag=tag,
        at=at,
        actor=actor,
        subject_type="account",
        subject_id=username,
        origin=origin,
        data=dict(data),
    )


class Accounts:
    """Account operations over one database; the caller passes the acting party and the time."""

    def __init__(self, database: Database, settings: WebSettings, passwords: Passwords) -> None:
        self._db = database
        self._settings = settings
        self.passwords = passwords

    # -- administration ------------------------------------------------------------------------------

    def add(
        self,
        *,
        username: str,
        role: Role,
        scope: str | None,
        password: str,
        at: datetime,
        actor: str,
        origin: str | None,
    ) -> Principal:
        """Create an account; the username must be new. Raises AccountError / PasswordPolicyError."""
        name = normalise_username(username)
        scope = normalise_scope(role, scope)
        self.passwords.check_new(password, where="password")
        hashed = self.passwords.hash(password)
        with self._db.transaction() as tx:
            if (clash := find_user(tx, name)) is not None:
                raise AccountError(f"an account named {clash.username!r} already exists", where="--name")
            require_scope_exists(tx, role, scope, where="--scope")
            tx.add(
                UserRow(
                    username=name,
                    role=role.value,
                    scope=scope,
                    password_hash=hashed,
                    created_at=at,
                    password_set_at=at,
                    disabled=False,
                )
            )
            SessionAuditLog(tx).record(
                _event(
                    EventTag.ACCOUNT_CREATED,
                    at=at,
                    actor=actor,
                    origin=origin,
                    username=name,
                    role=role.value,
                    scope=scope,
                )
            )
        return Principal(name, role, scope)

    def set_password(
        self, username: str, password: str, *, at: datetime, actor: str, origin: str | None
    ) -> None:
        """Replace an account's password and end all its sessions."""
        self.passwords.check_new(password, where="password")
        hashed = self.passwords.hash(password)
        with self._db.transaction() as tx:
            row = find_user(tx, username)
            if row is None:
                raise AccountError(f"no account named {username!r}", where="username")
            row.password_hash, row.password_set_at = hashed, at
            tx.execute(delete(WebSessionRow).where(WebSessionRow.username == row.username))
            SessionAuditLog(tx).record(
                _event(EventTag.ACCOUNT_PASSWORD_SET, at=at, actor=actor, origin=origin, username=username)
            )

    def set_disabled(
        self, username: str, disabled: bool, *, at: datetime, actor: str, origin: str | None
    ) -> None:
        """Disable (ending its sessions) or re-enable an account."""
        with self._db.transaction() as tx:
            row = find_user(tx, username)
            if row is None:
                raise AccountError(f"no account named {username!r}", where="username")
            if row.disabled == disabled:
                return
            row.disabled = disabled
            if disabled:
                tx.execute(delete(WebSessionRow).where(WebSessionRow.username == row.username))
            tag = EventTag.ACCOUNT_DISABLED if disabled else EventTag.ACCOUNT_ENABLED
            SessionAuditLog(tx).record(_event(tag, at=at, actor=actor, origin=origin, username=username))

    def list(self, *, role: Role | None = None) -> list[UserRow]:
        query = select(UserRow).order_by(UserRow.role, UserRow.scope, UserRow.username)
        if role is not None:
            query = query.where(UserRow.role == role.value)
        with self._db.transaction() as tx:
            return list(tx.scalars(query))

    # -- signing in ------------------------------------------------------------------------------------

    def _retry_after(self, tx: Session, by: str, value: str, limit: int, at: datetime) -> timedelta | None:
        """How long until another attempt is heard, when `limit` failures by this username/address are recent."""
        column = LoginAttemptRow.username if by == "username" else LoginAttemptRow.address
        recent = (
            select(LoginAttemptRow.at)
            .where(column == value, LoginAttemptRow.outcome == SignInOutcome.FAILED.value)
            .where(LoginAttemptRow.at >= at - self._settings.throttle_window)
            .order_by(LoginAttemptRow.at.desc())
            .limit(limit)
        )
        times = list(tx.scalars(recent))
        if len(times) < limit:
            return None
        # The limit-th most recent failure must leave the window before another attempt is heard.
        return max(times[-1] + self._settings.throttle_window - at, timedelta(seconds=1))

    def sign_in(self, username: str, password: str, *, address: str, at: datetime) -> SignInResult:
        """Check a username and password, throttled per username and per client address."""
        name = username.strip().lower()[:64]
        address = address[:64]
        with self._db.transaction() as tx:
            waits = [
                self._retry_after(tx, "username", name, self._settings.max_failures_per_username, at),
                self._retry_after(tx, "address", address, self._settings.max_failures_per_address, at),
            ]
            row = find_user(tx, name)
            stored = row.password_hash if row is not None and not row.disabled else None
        throttled = [w for w in waits if w is not None]
        if throttled:
            outcome, matched = SignInOutcome.THROTTLED, False
        else:
            matched = self.passwords.verify(stored, password)  # slow on purpose; outside any transaction
            outcome = SignInOutcome.SUCCEEDED if matched else SignInOutcome.FAILED
        with self._db.transaction() as tx:
            tx.add(LoginAttemptRow(at=at, username=name, address=address, outcome=outcome.value))
            log = SessionAuditLog(tx)
            if outcome is not SignInOutcome.SUCCEEDED:
                log.record(
                    _event(
                        EventTag.SIGN_IN_REFUSED,
                        at=at,
                        actor="public",
                        origin=address,
                        username=name,
                        outcome=outcome.value,
                    )
                )
                return SignInResult(outcome, retry_after=max(throttled) if throttled else None)
            row = find_user(tx, name)
            if row is None or row.disabled or row.password_hash != stored:  # changed while we were hashing
                return SignInResult(SignInOutcome.FAILED)
            row.last_sign_in_at = at
            if self.passwords.needs_rehash(row.password_hash):
                row.password_hash = self.passwords.hash(password)
            log.record(
                _event(
                    EventTag.SIGNED_IN,
                    at=at,
                    actor=f"user:{row.username}",
                    origin=address,
                    username=row.username,
                )
            )
            return SignInResult(outcome, principal=principal_of(row))
