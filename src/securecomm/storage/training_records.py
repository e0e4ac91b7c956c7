"""The training completion repository on SQLAlchemy (implements `training.CompletionRepository`).

Each call is its own short transaction: a completion is written once, and summaries read a consistent
snapshot of one agency's records.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from securecomm.storage.db import Database
from securecomm.storage.training_tables import TrainingCompletionRow
from securecomm.training import Agency, AgencyKind, Audience, CompletionRecord

__all__ = ["SqlTrainingRecords"]


def _record(row: TrainingCompletionRow) -> CompletionRecord:
    return CompletionRecord(
        user_id=row.user_id,
        agency=Agency(AgencyKind(row.agency_kind), row.agency),
        module_id=row.module_id,
        audience=Audience(row.audience),
        completed_at=row.completed_at,
        correct=row.correct,
        total=row.total,
        content_digest=row.content_digest,
    )


class SqlTrainingRecords:
    """Completion records in the `training_completions` table."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def add(self, record: CompletionRecord) -> None:
        with self._db.transaction() as tx:
            tx.add(
                TrainingCompletionRow(
                    user_id=record.user_id,
                    agency_kind=record.agency.kind.value,
                    agency=record.agency.code,
                    module_id=record.module_id,
                    audience=record.audience.value,
                    completed_at=record.completed_at,
                    correct=record.correct,
                    total=record.total,
                    content_digest=record.content_digest,
                )
            )

    def for_officer(self, user_id: str) -> Sequence[CompletionRecord]:
        query = (
            select(TrainingCompletionRow)
            .where(TrainingCompletionRow.user_id == user_id)
            .order_by(TrainingCompletionRow.completed_at, TrainingCompletionRow.id)
        )
        with self._db.transaction() as tx:
            return [_record(row) for row in tx.scalars(query)]

    def for_agency(self, agency: Agency | None) -> Sequence[CompletionRecord]:
        query = select(TrainingCompletionRow).order_by(
            TrainingCompletionRow.completed_at, TrainingCompletionRow.id
        )
        if agency is not None:
            query = query.where(
                TrainingCompletionRow.agency_kind == agency.kind.value,
                TrainingCompletionRow.agency == agency.code,
            )
        with self._db.transaction() as tx:
            return [_record(row) for row in tx.scalars(query)]
