"""Tables of the web application: accounts, server-side sessions, sign-in attempts and its secrets.

One account has one role and at most one scope (a county FIPS for a jail, an AOR for a field office):
a person who wears two hats gets two accounts, so every session acts with the least privilege its task
needs. Passwords are stored only as argon2 hashes; session tokens only as their SHA-256 (a stolen copy
of the database cannot be replayed as a cookie).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from securecomm.storage.tables import Base
from securecomm.storage.types import UtcDateTime

__all__ = ["LoginAttemptRow", "UserRow", "WebSecretRow", "WebSessionRow"]


class UserRow(Base):
    """An account: who may sign in, with which role, over which jurisdiction or AOR."""

    __tablename__ = "web_users"
    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    role: Mapped[str] = mapped_column(String(8), index=True)
    scope: Mapped[str | None] = mapped_column(String(5), nullable=True)  # FIPS (jail) or AOR (ero)
    password_hash: Mapped[str] = mapped_column(String(256))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    password_set_at: Mapped[datetime] = mapped_column(UtcDateTime)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)


class WebSessionRow(Base):
    """A signed-in session, found by the SHA-256 of the cookie's token; it ends after an idle period."""

    __tablename__ = "web_sessions"
    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    username: Mapped[str] = mapped_column(ForeignKey("web_users.username", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    address: Mapped[str | None] = mapped_column(String(64), nullable=True)


class LoginAttemptRow(Base):
    """One sign-in attempt: the throttle counts recent failures per username and per client address."""

    __tablename__ = "web_login_attempts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    username: Mapped[str] = mapped_column(String(64))
    address: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[str] = mapped_column(String(16))  # "succeeded", "failed" or "throttled"

    __table_args__ = (
        Index("ix_web_login_attempts_username_at", "username", "at"),
        Index("ix_web_login_attempts_address_at", "address", "at"),
    )


class WebSecretRow(Base):
    """A server-side secret (the CSRF signing key), made once and shared by every worker process."""

    __tablename__ = "web_secrets"
    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
