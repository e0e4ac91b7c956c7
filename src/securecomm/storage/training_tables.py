"""The table of training completions: one row per passed knowledge check.

The officer is kept as the web account's user id, a plain string with no foreign key: a completion is a
historical fact that must survive the account being renamed, disabled or removed. The agency is the
account's scope at the time (county FIPS, ERO AOR, or "national"), so per-agency summaries need no join.
`content_digest` names the exact text of the module the officer studied.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from securecomm.storage.tables import Base
from securecomm.storage.types import UtcDateTime

__all__ = ["TrainingCompletionRow"]


class TrainingCompletionRow(Base):
    """One officer passed one module's knowledge check after studying one audience's materials."""

    __tablename__ = "training_completions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = mapped_column(String(64))
    agency_kind: Mapped[str] = mapped_column(String(8))  # "fips", "aor" or "national"
    agency: Mapped[str] = mapped_column(String(8))  # the FIPS code, the AOR code, or "national"
    module_id: Mapped[str] = mapped_column(String(64))
    audience: Mapped[str] = mapped_column(String(16))  # "front-line" or "commander"
    completed_at: Mapped[datetime] = mapped_column(UtcDateTime)
    correct: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)
    content_digest: Mapped[str] = mapped_column(String(64))

    __table_args__ = (
        Index("ix_training_completions_user", "user_id", "completed_at"),
        Index("ix_training_completions_agency", "agency_kind", "agency", "module_id"),
    )
