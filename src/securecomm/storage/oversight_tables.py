"""The quarterly monitoring's records: delivered packages and the referral workflow with its acts.

A package row is the record that the quarterly package for a quarter was delivered to the DOJ liaison (who
delivered it, when, and what it said, as JSON and as the results CSV). A referral row is the current state of
one flag's review; its acts are append-only, one row per audited step, in the order they happened. The
audit trail (`audit_events`) holds the same acts as events, written in the same transaction.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from securecomm.storage.tables import Base
from securecomm.storage.types import JsonText, UtcDateTime

__all__ = ["OversightPackageRow", "OversightReferralActRow", "OversightReferralRow"]


class OversightPackageRow(Base):
    """One delivery of a quarter's package; a corrected package for the same quarter is a new version."""

    __tablename__ = "oversight_packages"
    package_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    quarter: Mapped[str] = mapped_column(String(6), index=True)
    version: Mapped[int] = mapped_column(Integer)
    recipient: Mapped[str] = mapped_column(String(16))  # the role it was delivered to ("doj")
    delivered_at: Mapped[datetime] = mapped_column(UtcDateTime)
    delivered_by: Mapped[str] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(Text)
    tested: Mapped[int] = mapped_column(Integer)
    flagged: Mapped[int] = mapped_column(Integer)
    summary: Mapped[Any] = mapped_column(JsonText)  # the package's JSON (the report's `--json` object)
    results_csv: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))  # of the summary's canonical JSON

    __table_args__ = (UniqueConstraint("quarter", "version", name="uq_oversight_package_version"),)


class OversightReferralRow(Base):
    """A flagged jurisdiction-quarter on its way through review: the state after its latest act."""

    __tablename__ = "oversight_referrals"
    referral_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    jurisdiction: Mapped[str] = mapped_column(String(64), index=True)
    quarter: Mapped[str] = mapped_column(String(6), index=True)
    measure: Mapped[str] = mapped_column(String(120))
    evidence: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(24), index=True)
    package_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)


class OversightReferralActRow(Base):
    """One audited step of a referral, append-only: who did what, when, why, and from which state."""

    __tablename__ = "oversight_referral_acts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    referral_id: Mapped[str] = mapped_column(ForeignKey("oversight_referrals.referral_id"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    reason: Mapped[str] = mapped_column(Text)
    from_state: Mapped[str | None] = mapped_column(String(24), nullable=True)
    to_state: Mapped[str] = mapped_column(String(24))
    details: Mapped[Any] = mapped_column(JsonText)

    __table_args__ = (UniqueConstraint("referral_id", "seq", name="uq_oversight_referral_act_seq"),)
