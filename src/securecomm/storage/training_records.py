"""The training completion repository on SQLAlchemy (implements `training.CompletionRepository`).

Each call is its own short transaction: a completion is written once, with its audit event
(`training:completion:recorded`) in the same transaction, and summaries read a consistent snapshot of one
agency's records.

The repository's interface (`add(record)`) carries no request, so the web says where a completion came
from by recording it inside `recorded_via(...)`: the event then has the client's address and the route, as
every other event of a web act does.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from sqlalchemy import select

from securecomm.audit import AuditEvent, EventTag
from securecomm.storage.audit_log import SessionAuditLog
from securecomm.storage.db import Database
from securecomm.storage.training_tables import TrainingCompletionRow
from securecomm.training import Agency, AgencyKind, Audience, CompletionRecord

__all__ = ["RecordedVia", "SqlTrainingRecords", "completion_event", "recorded_via"]


@dataclass(frozen=True, slots=True)
class RecordedVia:
    """Where a completion was recorded from: the client's address and the route ("POST /training/x/check")."""

    origin: str
    route: str


_VIA: ContextVar[RecordedVia | None] = ContextVar("training_completion_via", default=None)


@contextmanager
def recorded_via(via: RecordedVia) -> Iterator[None]:
    """Completions recorded inside this block carry `via` in their audit events."""
    token = _VIA.set(via)
    try:
        yield
    finally:
        _VIA.reset(token)


def completion_event(record: CompletionRecord, completion_id: str, via: RecordedVia | None) -> AuditEvent:
    """The audit event of a passed knowledge check: who, which module and text, the score; never the answers."""
    data: dict[str, object] = {
        "module_id": record.module_id,
        "audience": record.audience.value,
        "agency_kind": record.agency.kind.value,
        "agency": record.agency.code,
        "correct": record.correct,
        "total": record.total,
        "content_digest": record.content_digest,
    }
    if via is not None:
        data["route"] = via.route
    return AuditEvent(
        tag=EventTag.TRAINING_COMPLETION_RECORDED,
        at=record.completed_at,
        actor=f"user:{record.user_id}",
        subject_type="training_completion",
        subject_id=completion_id,
        origin=via.origin if via is not None else None,
        data=data,
    )


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
        """Store the completion and its audit event together: neither exists without the other."""
        with self._db.transaction() as tx:
            row = TrainingCompletionRow(
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
            tx.add(row)
            tx.flush()  # the row's id names the event's subject
            SessionAuditLog(tx).record(completion_event(record, str(row.id), _VIA.get()))

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
