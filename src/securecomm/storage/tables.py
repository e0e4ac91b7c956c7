"""Tables of the delivery machinery, the audit trail and the simulation's own bookkeeping.

The agencies' tables live in `agency_tables.py`; both share `Base.metadata`, which Alembic migrates.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from securecomm.storage.types import JsonText, UtcDateTime

__all__ = ["AuditEventRow", "AuditHead", "Base", "ConsumedRow", "JurisdictionRow", "OutboxRow", "SimStateRow"]


class Base(DeclarativeBase):
    pass


class OutboxRow(Base):
    """A message waiting for (or done with) delivery: written in the same transaction as its cause."""

    __tablename__ = "outbox"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    message_id: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(48))
    schema_version: Mapped[int] = mapped_column(Integer)
    sender: Mapped[str] = mapped_column(String(32))
    recipient: Mapped[str] = mapped_column(String(32))
    correlation_id: Mapped[str] = mapped_column(String(64), index=True)
    causation_id: Mapped[str | None] = mapped_column(String(40), nullable=True)
    sent_at: Mapped[datetime] = mapped_column(UtcDateTime)
    deliver_at: Mapped[datetime] = mapped_column(UtcDateTime)
    body: Mapped[Any] = mapped_column(JsonText)
    delivered_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    dead_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)  # gave up after retries

    __table_args__ = (Index("ix_outbox_pending", "delivered_at", "dead_at", "deliver_at", "seq"),)


class ConsumedRow(Base):
    """A message a consumer has handled: a redelivery finds it here and has no second effect."""

    __tablename__ = "consumed"
    consumer: Mapped[str] = mapped_column(String(32), primary_key=True)
    message_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    consumed_at: Mapped[datetime] = mapped_column(UtcDateTime)


class AuditEventRow(Base):
    """One append-only audit event; `hash` chains it to the previous event (tamper evidence)."""

    __tablename__ = "audit_events"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    actor: Mapped[str] = mapped_column(String(64))
    tag: Mapped[str] = mapped_column(String(64), index=True)
    subject_type: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[str] = mapped_column(String(64), index=True)
    correlation_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    origin: Mapped[str | None] = mapped_column(String(64), nullable=True)  # where from: message id, IP
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    data: Mapped[Any] = mapped_column(JsonText)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class AuditHead(Base):
    """The single row holding the chain's head; updating it serialises writers on every database."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


class SimStateRow(Base):
    """Simulation bookkeeping (seed, days generated), so a killed run resumes where it stopped."""

    __tablename__ = "sim_state"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JsonText)


class JurisdictionRow(Base):
    """A county as the program knows it: where it is, when it was activated, who covers it."""

    __tablename__ = "jurisdictions"
    fips: Mapped[str] = mapped_column(String(5), primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(2))
    tz: Mapped[str] = mapped_column(String(40))
    aor: Mapped[str] = mapped_column(String(3), index=True)
    activated_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    ori: Mapped[str] = mapped_column(String(9))
    size: Mapped[float] = mapped_column(default=0.0)
    receives_idr: Mapped[bool] = mapped_column(Boolean, default=True)
    has_287g: Mapped[bool] = mapped_column(Boolean, default=False)
    declines_detainers_on: Mapped[date | None] = mapped_column(Date, nullable=True)
