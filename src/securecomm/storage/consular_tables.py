"""The jail's consular-notification tasks (one per booked foreign national).

The columns follow the State Department's record-keeping guidance: the nationality and what the rules
made of it, when the person was told, by whom, in which language and their answer, when and how the
consulate was notified, which post, the confirmation kept, and exactly what was sent. A protected claim
(asylum, refugee, fear of return) has its own columns, which nothing sent to a consulate reads.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Float, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from securecomm.storage.tables import Base
from securecomm.storage.types import JsonText, UtcDateTime

__all__ = ["ConsularTaskRow"]


class ConsularTaskRow(Base):
    __tablename__ = "consular_tasks"
    task_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    booking_id: Mapped[str] = mapped_column(String(64), unique=True)
    fips: Mapped[str] = mapped_column(String(5), index=True)
    facility_tz: Mapped[str] = mapped_column(String(40))
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    nationality: Mapped[str] = mapped_column(String(8))
    language: Mapped[str] = mapped_column(String(8))
    lpr: Mapped[bool] = mapped_column(Boolean, default=False)
    passport: Mapped[str | None] = mapped_column(String(2), nullable=True)
    obligation: Mapped[str] = mapped_column(String(16))
    sending_state: Mapped[str | None] = mapped_column(String(2), nullable=True)
    reasons: Mapped[Any] = mapped_column(JsonText)
    target_at: Mapped[datetime] = mapped_column(UtcDateTime)
    outer_at: Mapped[datetime] = mapped_column(UtcDateTime)
    state: Mapped[str] = mapped_column(String(16), index=True)
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    told_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    told_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    told_language: Mapped[str | None] = mapped_column(String(8), nullable=True)
    answer: Mapped[str | None] = mapped_column(String(16), nullable=True)
    notified_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    notified_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
    channel: Mapped[str | None] = mapped_column(String(8), nullable=True)
    post: Mapped[Any] = mapped_column(JsonText, nullable=True)
    post_distance_km: Mapped[float | None] = mapped_column(Float, nullable=True)
    confirmation: Mapped[str | None] = mapped_column(Text, nullable=True)
    sent_record: Mapped[Any] = mapped_column(JsonText, nullable=True)
    protected_claim: Mapped[str | None] = mapped_column(String(16), nullable=True)
    protected_claim_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    protected_claim_by: Mapped[str | None] = mapped_column(String(64), nullable=True)
